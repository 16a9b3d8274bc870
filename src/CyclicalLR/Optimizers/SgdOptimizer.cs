using System.Globalization;
using System.Numerics;

namespace CyclicalLR;

/// <summary>
/// Stochastic gradient descent over a whole model, with <c>torch.optim.SGD</c>'s semantics: weight decay, momentum with
/// dampening, Nesterov momentum, parameter groups, and a momentum that may change every iteration (cyclical momentum).
/// </summary>
/// <typeparam name="T">The element type of the weights (<see cref="float"/> and <see cref="double"/> run vectorized).</typeparam>
/// <remarks>
/// <para>
/// Register each weight buffer with its gradient buffer once; then call <see cref="Optimizer{T}.Step(double)"/> (or
/// <see cref="Step(double, double)"/> with a cyclical momentum) once per iteration, after the gradients are written.
/// For each weight <c>w</c> with gradient <c>g</c>, in <typeparamref name="T"/>, each operation rounded on its own:
/// </para>
/// <code>
/// d = g + weightDecay * w                      (d = g when the group's weight decay is 0)
/// if momentum != 0:
///     b = d                                    on the buffer's first step with momentum,
///     b = momentum * b + (1 - dampening) * d   after
///     d = nesterov ? d + momentum * b : b
/// w = w - (learningRate * multiplier) * d
/// </code>
/// <para>
/// This is PyTorch's documented rule, with the learning rate times the group's multiplier, the momentum, the weight
/// decay and <c>1 - dampening</c> computed in <see cref="double"/> and rounded once to <typeparamref name="T"/> per step.
/// As in PyTorch, a step whose momentum is 0 skips the momentum branch and leaves the momentum buffers as they are.
/// </para>
/// <para>
/// Momentum buffers are allocated at registration when the optimizer has a momentum; a step allocates nothing.
/// A step whose buffers together touch at least 2 MiB (20 bytes per element with momentum, 12 without: about 105,000 or
/// 175,000 floats in all) is split across the cores by buffers and chunks, with the same bits as on one. Not thread-safe:
/// use an instance from one thread at a time, and don't change a registered buffer during a step.
/// </para>
/// <para>
/// <see cref="Optimizer{T}.SaveState(Stream)"/>, <see cref="Optimizer{T}.LoadState(Stream)"/> and
/// <see cref="Optimizer{T}.ResetState"/> checkpoint, resume (bit for bit) and reset the optimizer's state (optimizer
/// code 1 in the format); the weights are the model's, or are written too with <see cref="Optimizer{T}.SaveState(Stream, bool)"/>.
/// </para>
/// <para>Leslie N. Smith, <i>Cyclical Learning Rates for Training Neural Networks</i>, arXiv 1506.01186.</para>
/// </remarks>
public sealed class SgdOptimizer<T> : Optimizer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private static readonly string[] SettingNames = ["momentum", "dampening", "weightDecay", "nesterov", "skipNonFiniteSteps"];
    private static readonly string[] MomentumArrays = ["momentum"];

    private readonly List<SgdParameterGroup<T>> _groups = [];
    private readonly WholeStep<SgdBufferUpdate<T>> _whole = new();
    private readonly T _oneMinusDampening;

    /// <summary>Initializes a new instance of the <see cref="SgdOptimizer{T}"/> class, with no buffers registered yet.</summary>
    /// <param name="momentum">
    /// The momentum used by <see cref="Optimizer{T}.Step(double)"/>; finite and at least 0 (0 means plain SGD, with no momentum
    /// buffers, and then every step's momentum must be 0). Give a non-zero value to use
    /// <see cref="Step(double, double)"/> with a cyclical momentum.
    /// </param>
    /// <param name="dampening">The dampening of the gradient in the momentum buffer; finite, in <c>[0, 1]</c>.</param>
    /// <param name="weightDecay">The default group's L2 weight decay; finite and at least 0.</param>
    /// <param name="nesterov">Whether to use Nesterov momentum; needs <paramref name="momentum"/> above 0 and <paramref name="dampening"/> 0.</param>
    /// <param name="skipNonFiniteSteps">
    /// Whether a step first checks every gradient and, when one is NaN or infinite, changes nothing and returns
    /// <see langword="false"/> (like PyTorch's <c>GradScaler</c> skipping a step). The check reads the gradients once more.
    /// </param>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="momentum"/> or <paramref name="weightDecay"/> is NaN, infinite or negative, or too large for
    /// <typeparamref name="T"/>; <paramref name="dampening"/> is NaN or outside <c>[0, 1]</c>.
    /// </exception>
    /// <exception cref="ArgumentException"><paramref name="nesterov"/> is set without a positive momentum and zero dampening.</exception>
    public SgdOptimizer(double momentum = 0, double dampening = 0, double weightDecay = 0, bool nesterov = false, bool skipNonFiniteSteps = false)
        : base(weightDecay, skipNonFiniteSteps, stateArrayCount: momentum != 0 ? 1 : 0)
    {
        CheckFiniteInT(momentum, nameof(momentum));
        Guard.FiniteFraction(dampening);
        CheckFiniteInT(weightDecay, nameof(weightDecay));
        if (nesterov && !(momentum > 0 && dampening == 0))
        {
            Guard.ThrowArgument(nameof(nesterov), string.Create(CultureInfo.InvariantCulture, $"Nesterov momentum requires a momentum above 0 and zero dampening (momentum: {momentum:R}, dampening: {dampening:R})."));
        }

        Momentum = momentum;
        Dampening = dampening;
        Nesterov = nesterov;
        _oneMinusDampening = T.CreateTruncating(1 - dampening);
        DefaultGroup = new SgdParameterGroup<T>(Registry, 1, weightDecay);
        _groups.Add(DefaultGroup);
    }

    /// <summary>Gets the momentum used by <see cref="Optimizer{T}.Step(double)"/>.</summary>
    public double Momentum { get; }

    /// <summary>Gets the dampening of the gradient in the momentum buffer.</summary>
    public double Dampening { get; }

    /// <summary>Gets a value indicating whether Nesterov momentum is used.</summary>
    public bool Nesterov { get; }

    /// <inheritdoc/>
    public override SgdParameterGroup<T> DefaultGroup { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<SgdParameterGroup<T>> Groups => _groups;

    internal bool HasMomentumBuffers => Momentum != 0;

    /// <inheritdoc/>
    /// <param name="learningRateMultiplier">The factor applied to each step's learning rate for this group; finite and at least 0.</param>
    /// <param name="weightDecay">The group's L2 weight decay, finite and at least 0, or <see langword="null"/> for the optimizer's <see cref="Optimizer{T}.WeightDecay"/>.</param>
    public override SgdParameterGroup<T> AddGroup(double learningRateMultiplier, double? weightDecay = null)
    {
        var group = new SgdParameterGroup<T>(Registry, learningRateMultiplier, CheckGroupSettings(learningRateMultiplier, weightDecay));
        _groups.Add(group);
        return group;
    }

    /// <summary>Applies one step to every registered buffer with this iteration's momentum (for example a cyclical momentum).</summary>
    /// <param name="learningRate">This iteration's learning rate (for example from a schedule); finite and at least 0.</param>
    /// <param name="momentum">
    /// This iteration's momentum, for example <see cref="CyclicalMomentum.GetMomentum(long)"/>; finite and at least 0, and 0
    /// when the optimizer was created with a momentum of 0. A step with momentum 0 skips the momentum branch (as PyTorch).
    /// </param>
    /// <returns>
    /// <see langword="true"/> when the step was applied; <see langword="false"/> when <see cref="Optimizer{T}.SkipNonFiniteSteps"/> is
    /// set and a gradient was NaN or infinite, in which case no weight and no momentum buffer changed.
    /// </returns>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="learningRate"/> is NaN, infinite or negative, or not finite in <typeparamref name="T"/> once
    /// multiplied by a group's multiplier; <paramref name="momentum"/> is NaN, infinite, negative or too large for
    /// <typeparamref name="T"/>, or not 0 for an optimizer created without momentum (it has no momentum buffers).
    /// </exception>
    /// <remarks>Every argument is checked against every group before any buffer changes. Allocates nothing.</remarks>
    public bool Step(double learningRate, double momentum) => RunStep(learningRate, momentum);

    /// <summary>Returns the optimizer's settings and size, formatted with the invariant culture.</summary>
    /// <returns>For example <c>SgdOptimizer&lt;Single&gt;(momentum: 0.9, dampening: 0, weightDecay: 0.0005, nesterov: False, groups: 1, ...)</c>.</returns>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"SgdOptimizer<{typeof(T).Name}>(momentum: {Momentum:R}, dampening: {Dampening:R}, weightDecay: {WeightDecay:R}, nesterov: {Nesterov}, skipNonFiniteSteps: {SkipNonFiniteSteps}, groups: {_groups.Count}, steps: {StepCount})");

    /// <inheritdoc/>
    private protected override double StepMomentum => Momentum;

    /// <inheritdoc/>
    private protected override void CheckStep(double learningRate, double momentum)
    {
        CheckFiniteInT(momentum, nameof(momentum));
        if (momentum != 0 && !HasMomentumBuffers)
        {
            Guard.ThrowOutOfRange(nameof(momentum), momentum, "must be 0 for an optimizer created with momentum 0 (it has no momentum buffers); create it with the momentum of the first step.");
        }

        foreach (var group in _groups)
        {
            group.CheckRepresentable(learningRate, nameof(learningRate));
        }
    }

    /// <inheritdoc/>
    private protected override void ApplyStep(double learningRate, double momentum)
    {
        var m = T.CreateTruncating(momentum);
        var whole = WholeStep<SgdBufferUpdate<T>>.Splits(TrafficBytes(momentum != 0)) ? _whole : null;
        foreach (var group in _groups)
        {
            group.Step(T.CreateTruncating(learningRate * group.LearningRateMultiplier), m, _oneMinusDampening, Nesterov, whole);
        }

        whole?.Run();
    }

    /// <inheritdoc/>
    private protected override void ReserveStep(int buffers) => _whole.Reserve(buffers, pinsPerBuffer: 3);

    /// <inheritdoc/>
    private protected override OptimizerStateLayout DescribeState() => Layout(
        OptimizerStateFormat.SgdKind,
        "SgdOptimizer",
        SettingNames,
        [Momentum, Dampening, WeightDecay, Nesterov ? 1 : 0, SkipNonFiniteSteps ? 1 : 0],
        HasMomentumBuffers ? MomentumArrays : [],
        maxBufferSteps: 1);

    /// <summary>Returns the bytes a step reads and writes over every buffer (20 per float element with momentum, 12 without).</summary>
    private unsafe long TrafficBytes(bool momentum) => ElementCount() * sizeof(T) * (momentum ? 5 : 3);
}
