using System.Globalization;
using System.Numerics;

namespace CyclicalLR;

/// <summary>
/// Adam and AdamW over a whole model, with <c>torch.optim.Adam</c>'s and <c>torch.optim.AdamW</c>'s semantics: betas,
/// epsilon, L2 or decoupled weight decay, AMSGrad, parameter groups, bias correction per buffer, and a <c>beta1</c> that
/// may change every iteration (cyclical momentum, OneCycle's momentum).
/// </summary>
/// <typeparam name="T">The element type of the weights (<see cref="float"/> and <see cref="double"/> run vectorized).</typeparam>
/// <remarks>
/// <para>
/// Register each weight buffer with its gradient buffer once; then call <see cref="Optimizer{T}.Step(double)"/> (or
/// <see cref="Step(double, double)"/> with a cyclical <c>beta1</c>) once per iteration, after the gradients are written.
/// AdamW is <c>decoupledWeightDecay: true</c> (PyTorch 2's spelling), or <see cref="AdamW.Create{T}"/>.
/// At a buffer's <c>t</c>-th step (its own count, from 1), with <c>lr</c> the step's learning rate times the group's
/// multiplier and <c>wd</c> the group's weight decay, these scalars are computed in <see cref="double"/>, as PyTorch
/// computes them in Python:
/// </para>
/// <code>
/// stepSize = lr / (1 - beta1^t)          bc2Sqrt = sqrt(1 - beta2^t)          decayFactor = 1 - lr * wd
/// </code>
/// <para>
/// and each is rounded once to <typeparamref name="T"/>, with <c>beta1</c>, <c>1 - beta1</c>, <c>beta2</c>,
/// <c>1 - beta2</c>, <c>wd</c> and <c>eps</c>. Then for each weight <c>w</c> with gradient <c>g</c>, first moment
/// <c>m</c>, second moment <c>v</c> (all starting at 0), in <typeparamref name="T"/>, each operation rounded on its own
/// (never fused), in this order:
/// </para>
/// <code>
/// d = g + wd * w                        Adam with weight decay; d = g for AdamW or wd = 0
/// w = w * decayFactor                   AdamW only (skipped when wd = 0)
/// m = (m * beta1) + ((1 - beta1) * d)
/// v = (v * beta2) + (((1 - beta2) * d) * d)
/// s = v; with AMSGrad: maxV = max(maxV, v) (NaN propagates), s = maxV
/// denom = (sqrt(s) / bc2Sqrt) + eps
/// w = w + ((-stepSize * m) / denom)
/// </code>
/// <para>
/// This is PyTorch 1.13's single-tensor rule (<c>foreach=False</c>) operation for operation, including the order of
/// <c>addcmul_</c> (<c>(value * g) * g</c>) and <c>addcdiv_</c> (<c>(value * m) / denom</c>). In <see cref="double"/>
/// it reproduces PyTorch's golden trajectories bit for bit on Adam; on AdamW a few elements differ by 1 ulp, where
/// PyTorch's vectorized CPU kernel fuses a multiply-add (never done here, so results are the same on every machine).
/// In <see cref="float"/> every operation is in <see cref="float"/> with the scalars rounded once, as PyTorch's CPU
/// kernels do for a float32 tensor. PyTorch 1.13 counts steps in a float32 tensor, which stops counting at
/// 2^24 = 16,777,216 steps; here the count is a 64-bit integer, exact.
/// </para>
/// <para>
/// State arrays are allocated at registration (two per buffer, three with AMSGrad); a step allocates nothing. A step
/// whose buffers together touch at least 2 MiB (28 bytes per float element, 36 with AMSGrad: about 75,000 floats in
/// all) is split across the cores by buffers and chunks, with the same bits as on one. Not thread-safe: use an instance from one thread at a time, and don't
/// change a registered buffer during a step.
/// </para>
/// <para>
/// <see cref="Optimizer{T}.SaveState(Stream)"/>, <see cref="Optimizer{T}.LoadState(Stream)"/> and
/// <see cref="Optimizer{T}.ResetState"/> checkpoint, resume (bit for bit) and reset the optimizer's state (optimizer code 2
/// in the format, with the moments and each buffer's own step count, its bias correction).
/// </para>
/// <para>
/// Diederik P. Kingma, Jimmy Ba, <i>Adam: A Method for Stochastic Optimization</i>, arXiv 1412.6980; Ilya Loshchilov,
/// Frank Hutter, <i>Decoupled Weight Decay Regularization</i>, arXiv 1711.05101; Sashank J. Reddi et al., <i>On the
/// Convergence of Adam and Beyond</i> (AMSGrad), ICLR 2018.
/// </para>
/// </remarks>
public sealed class AdamOptimizer<T> : Optimizer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private static readonly string[] SettingNames = ["beta1", "beta2", "epsilon", "weightDecay", "decoupledWeightDecay", "amsgrad", "skipNonFiniteSteps"];
    private static readonly string[] MomentArrays = ["exp_avg", "exp_avg_sq"];
    private static readonly string[] AmsGradArrays = ["exp_avg", "exp_avg_sq", "max_exp_avg_sq"];

    private readonly List<AdamParameterGroup<T>> _groups = [];
    private readonly WholeStep<AdamBufferUpdate<T>> _whole = new();

    /// <summary>Initializes a new instance of the <see cref="AdamOptimizer{T}"/> class, with no buffers registered yet.</summary>
    /// <param name="beta1">The decay of the first moment used by <see cref="Optimizer{T}.Step(double)"/>; finite, in <c>[0, 1)</c>.</param>
    /// <param name="beta2">The decay of the second moment; finite, in <c>[0, 1)</c>.</param>
    /// <param name="epsilon">The term added to the denominator; finite, above 0, and above 0 in <typeparamref name="T"/>.</param>
    /// <param name="weightDecay">
    /// The default group's weight decay; finite and at least 0: added to the gradient (L2) for Adam, applied to the
    /// weights as <c>w *= 1 - lr * weightDecay</c> for AdamW.
    /// </param>
    /// <param name="decoupledWeightDecay">Whether the weight decay is decoupled: <see langword="true"/> is AdamW (<c>torch.optim.AdamW</c>).</param>
    /// <param name="amsgrad">Whether to use AMSGrad: the denominator uses the largest second moment seen so far.</param>
    /// <param name="skipNonFiniteSteps">
    /// Whether a step first checks every gradient and, when one is NaN or infinite, changes nothing (weights, moments and
    /// step counts) and returns <see langword="false"/>. The check reads the gradients once more.
    /// </param>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="beta1"/> or <paramref name="beta2"/> is NaN, infinite or outside <c>[0, 1)</c>;
    /// <paramref name="epsilon"/> is NaN, infinite, 0, negative, or 0 or infinite in <typeparamref name="T"/>;
    /// <paramref name="weightDecay"/> is NaN, infinite, negative, or too large for <typeparamref name="T"/>.
    /// </exception>
    public AdamOptimizer(double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8, double weightDecay = 0, bool decoupledWeightDecay = false, bool amsgrad = false, bool skipNonFiniteSteps = false)
        : base(weightDecay, skipNonFiniteSteps, stateArrayCount: amsgrad ? 3 : 2)
    {
        CheckBeta(beta1, nameof(beta1));
        CheckBeta(beta2, nameof(beta2));
        var epsilonInT = T.CreateTruncating(epsilon);
        if (!(epsilonInT > T.Zero) || !T.IsFinite(epsilonInT))
        {
            Guard.ThrowOutOfRange(nameof(epsilon), epsilon, string.Create(CultureInfo.InvariantCulture, $"must be above 0 and finite in {typeof(T).Name}."));
        }

        CheckFiniteInT(weightDecay, nameof(weightDecay));
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
        DecoupledWeightDecay = decoupledWeightDecay;
        AmsGrad = amsgrad;
        DefaultGroup = new AdamParameterGroup<T>(Registry, 1, weightDecay);
        _groups.Add(DefaultGroup);
    }

    /// <summary>Gets the decay of the first moment used by <see cref="Optimizer{T}.Step(double)"/>.</summary>
    public double Beta1 { get; }

    /// <summary>Gets the decay of the second moment.</summary>
    public double Beta2 { get; }

    /// <summary>Gets the term added to the denominator.</summary>
    public double Epsilon { get; }

    /// <summary>Gets a value indicating whether the weight decay is decoupled (AdamW).</summary>
    public bool DecoupledWeightDecay { get; }

    /// <summary>Gets a value indicating whether AMSGrad is used.</summary>
    public bool AmsGrad { get; }

    /// <inheritdoc/>
    public override AdamParameterGroup<T> DefaultGroup { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<AdamParameterGroup<T>> Groups => _groups;

    /// <inheritdoc/>
    /// <param name="learningRateMultiplier">The factor applied to each step's learning rate for this group; finite and at least 0.</param>
    /// <param name="weightDecay">
    /// The group's weight decay (L2 for Adam, decoupled for AdamW), finite and at least 0, or <see langword="null"/> for the
    /// optimizer's <see cref="Optimizer{T}.WeightDecay"/>.
    /// </param>
    public override AdamParameterGroup<T> AddGroup(double learningRateMultiplier, double? weightDecay = null)
    {
        var group = new AdamParameterGroup<T>(Registry, learningRateMultiplier, CheckGroupSettings(learningRateMultiplier, weightDecay));
        _groups.Add(group);
        return group;
    }

    /// <summary>Applies one step to every registered buffer with this iteration's <c>beta1</c> (for example a cyclical momentum).</summary>
    /// <param name="learningRate">This iteration's learning rate (for example from a schedule); finite and at least 0.</param>
    /// <param name="beta1">
    /// This iteration's decay of the first moment, for example <see cref="CyclicalMomentum.GetMomentum(long)"/>; finite, in
    /// <c>[0, 1)</c>. As in PyTorch when a scheduler sets <c>betas[0]</c>, it is used for the moment and for this step's
    /// bias correction <c>1 - beta1^t</c>.
    /// </param>
    /// <returns>
    /// <see langword="true"/> when the step was applied; <see langword="false"/> when <see cref="Optimizer{T}.SkipNonFiniteSteps"/> is
    /// set and a gradient was NaN or infinite, in which case nothing changed.
    /// </returns>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="learningRate"/> is NaN, infinite or negative, or, times a group's multiplier, gives a learning rate,
    /// first step size (<c>lr / (1 - beta1)</c>) or AdamW factor that is not finite in <typeparamref name="T"/>;
    /// <paramref name="beta1"/> is NaN, infinite or outside <c>[0, 1)</c>.
    /// </exception>
    /// <remarks>Every argument is checked against every group before any buffer changes. Allocates nothing.</remarks>
    public bool Step(double learningRate, double beta1) => RunStep(learningRate, beta1);

    /// <summary>Returns the optimizer's settings and size, formatted with the invariant culture.</summary>
    /// <returns>For example <c>AdamOptimizer&lt;Single&gt;(beta1: 0.9, beta2: 0.999, epsilon: 1E-08, weightDecay: 0.01, decoupledWeightDecay: True, ...)</c>.</returns>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"AdamOptimizer<{typeof(T).Name}>(beta1: {Beta1:R}, beta2: {Beta2:R}, epsilon: {Epsilon:R}, weightDecay: {WeightDecay:R}, decoupledWeightDecay: {DecoupledWeightDecay}, amsgrad: {AmsGrad}, skipNonFiniteSteps: {SkipNonFiniteSteps}, groups: {_groups.Count}, steps: {StepCount})");

    /// <inheritdoc/>
    private protected override double StepMomentum => Beta1;

    /// <inheritdoc/>
    private protected override void CheckStep(double learningRate, double beta1)
    {
        CheckBeta(beta1, nameof(beta1));
        foreach (var group in _groups)
        {
            CheckRepresentable(learningRate, beta1, group);
        }
    }

    /// <inheritdoc/>
    private protected override void ApplyStep(double learningRate, double beta1)
    {
        var b1 = T.CreateTruncating(beta1);
        var oneMinusB1 = T.CreateTruncating(1 - beta1);
        var b2 = T.CreateTruncating(Beta2);
        var oneMinusB2 = T.CreateTruncating(1 - Beta2);
        var eps = T.CreateTruncating(Epsilon);
        var split = WholeStep<AdamBufferUpdate<T>>.Splits(TrafficBytes());
        foreach (var group in _groups)
        {
            var lr = learningRate * group.LearningRateMultiplier;
            var rule = (AmsGrad ? AdamRule.AmsGrad : AdamRule.None)
                | (group.WeightDecay == 0 ? AdamRule.None : DecoupledWeightDecay ? AdamRule.DecoupledWeightDecay : AdamRule.WeightDecay);
            var wd = T.CreateTruncating(group.WeightDecay); // read only by Adam's L2 rule; AdamW's rule uses decayFactor
            var decayFactor = T.CreateTruncating(DecayFactor(lr, group.WeightDecay));
            // Buffers registered together share a step count: their bias corrections are computed once.
            var coefficientsSteps = -1L;
            var coefficients = default(AdamCoefficients<T>);
            var bufferRule = rule;
            foreach (ref var buffer in group.Buffers)
            {
                if (buffer.Steps != coefficientsSteps)
                {
                    coefficientsSteps = buffer.Steps;
                    var t = (double)(buffer.Steps + 1);
                    var stepSize = lr / (1 - Math.Pow(beta1, t));
                    var bc2Sqrt = Math.Sqrt(1 - Math.Pow(Beta2, t));
                    coefficients = new AdamCoefficients<T>(b1, oneMinusB1, b2, oneMinusB2, wd, decayFactor, T.CreateTruncating(-stepSize), T.CreateTruncating(bc2Sqrt), eps);

                    // Stryker disable once Conditional : equivalent by design (x / 1 == x): the flag only skips a division, same bits; tested against the scalar rule across the crossover.
                    // Late in a run sqrt(1 - beta2^t) rounds to exactly 1 in T: the kernel then skips the division by it (same bits).
                    bufferRule = coefficients.BiasCorrection2Sqrt == T.One ? rule | AdamRule.UnitBiasCorrection : rule;
                }

                if (split)
                {
                    AddToWholeStep(bufferRule, buffer, coefficients);
                }
                else
                {
                    AdamKernel.Update(bufferRule, buffer.WeightsSpan, buffer.GradientsSpan, buffer.StateArrays[0], buffer.StateArrays[1], AmsGrad ? buffer.StateArrays[2] : [], coefficients);
                }

                buffer.Steps++;
            }
        }

        if (split)
        {
            _whole.Run();
        }
    }

    /// <inheritdoc/>
    private protected override void ReserveStep(int buffers) => _whole.Reserve(buffers, pinsPerBuffer: 5);

    /// <inheritdoc/>
    private protected override OptimizerStateLayout DescribeState() => Layout(
        OptimizerStateFormat.AdamKind,
        "AdamOptimizer",
        SettingNames,
        [Beta1, Beta2, Epsilon, WeightDecay, DecoupledWeightDecay ? 1 : 0, AmsGrad ? 1 : 0, SkipNonFiniteSteps ? 1 : 0],
        AmsGrad ? AmsGradArrays : MomentArrays,
        maxBufferSteps: long.MaxValue);

    /// <summary>Pins one buffer and adds its update to the step that runs across the cores.</summary>
    private unsafe void AddToWholeStep(AdamRule rule, in RegisteredBuffer<T> buffer, in AdamCoefficients<T> coefficients)
    {
        var w = _whole.Pin(buffer.Weights);
        var g = _whole.Pin(buffer.Gradients);
        var m = _whole.Pin<T>(buffer.StateArrays[0]);
        var v = _whole.Pin<T>(buffer.StateArrays[1]);
        var maxV = AmsGrad ? _whole.Pin<T>(buffer.StateArrays[2]) : null;
        _whole.Add(new AdamBufferUpdate<T>(rule, w, g, m, v, maxV, (nuint)buffer.Length, coefficients));
    }

    /// <summary>Returns the bytes a step reads and writes over every buffer.</summary>
    private unsafe long TrafficBytes()
    {
        var bytesPerElement = AdamKernel.BytesPerElement(AmsGrad ? AdamRule.AmsGrad : AdamRule.None, sizeof(T));
        return ElementCount() * bytesPerElement;
    }

    /// <summary>AdamW's factor on the weights, <c>1 - lr * weightDecay</c>, computed in double: one source for the step and its check.</summary>
    private static double DecayFactor(double learningRate, double weightDecay) => 1 - (learningRate * weightDecay);

    private static void CheckBeta(double value, string paramName)
    {
        if (!double.IsFinite(value) || !(value >= 0 && value < 1))
        {
            Guard.ThrowOutOfRange(paramName, value, "must be a finite number in [0, 1).");
        }
    }

    /// <summary>Throws when a group's learning rate, its largest step size or its AdamW factor is not finite in <typeparamref name="T"/>.</summary>
    private void CheckRepresentable(double learningRate, double beta1, AdamParameterGroup<T> group)
    {
        var lr = learningRate * group.LearningRateMultiplier;
        var decayFactor = DecayFactor(lr, group.WeightDecay);
        if (!T.IsFinite(T.CreateTruncating(lr)) || !T.IsFinite(T.CreateTruncating(lr / (1 - beta1)))
            || (DecoupledWeightDecay && !T.IsFinite(T.CreateTruncating(decayFactor))))
        {
            Guard.ThrowOutOfRange(nameof(learningRate), learningRate, string.Create(CultureInfo.InvariantCulture, $"times the group's multiplier {group.LearningRateMultiplier:R} must give a learning rate, a first step size lr / (1 - beta1) (beta1 {beta1:R}) and an AdamW factor 1 - lr * weightDecay that are finite in {typeof(T).Name}."));
        }
    }
}
