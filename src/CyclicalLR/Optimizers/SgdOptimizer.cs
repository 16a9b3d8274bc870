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
/// Register each weight buffer with its gradient buffer once; then call <see cref="Step(double)"/> (or
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
/// <see cref="SaveState(Stream)"/>, <see cref="LoadState(Stream)"/> and <see cref="ResetState"/> checkpoint, resume
/// (bit for bit) and reset the optimizer's state; the weights are the model's, or are written too with
/// <see cref="SaveState(Stream, bool)"/>.
/// </para>
/// <para>Leslie N. Smith, <i>Cyclical Learning Rates for Training Neural Networks</i>, arXiv 1506.01186.</para>
/// </remarks>
public sealed class SgdOptimizer<T> : IOptimizerStateOwner<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private static readonly string[] SettingNames = ["momentum", "dampening", "weightDecay", "nesterov", "skipNonFiniteSteps"];
    private static readonly string[] GroupSettingNames = ["learningRateMultiplier", "weightDecay"];
    private static readonly string[] MomentumArrays = ["momentum"];

    private readonly List<SgdParameterGroup<T>> _groups = [];
    private readonly ParameterRegistry<T> _registry;
    private readonly WholeStep<SgdBufferUpdate<T>> _whole = new();
    private readonly T _oneMinusDampening;

    /// <summary>Initializes a new instance of the <see cref="SgdOptimizer{T}"/> class, with no buffers registered yet.</summary>
    /// <param name="momentum">
    /// The momentum used by <see cref="Step(double)"/>; finite and at least 0 (0 means plain SGD, with no momentum
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
        WeightDecay = weightDecay;
        Nesterov = nesterov;
        SkipNonFiniteSteps = skipNonFiniteSteps;
        _oneMinusDampening = T.CreateTruncating(1 - dampening);
        _registry = new ParameterRegistry<T>(momentum != 0 ? 1 : 0, buffers => _whole.Reserve(buffers, pinsPerBuffer: 3));
        DefaultGroup = new SgdParameterGroup<T>(_registry, 1, weightDecay);
        _groups.Add(DefaultGroup);
    }

    /// <summary>Gets the momentum used by <see cref="Step(double)"/>.</summary>
    public double Momentum { get; }

    /// <summary>Gets the dampening of the gradient in the momentum buffer.</summary>
    public double Dampening { get; }

    /// <summary>Gets the default group's L2 weight decay.</summary>
    public double WeightDecay { get; }

    /// <summary>Gets a value indicating whether Nesterov momentum is used.</summary>
    public bool Nesterov { get; }

    /// <summary>Gets a value indicating whether steps with a NaN or infinite gradient are skipped.</summary>
    public bool SkipNonFiniteSteps { get; }

    /// <summary>Gets the group that <see cref="Register(Memory{T}, Memory{T})"/> adds to (learning-rate multiplier 1).</summary>
    public SgdParameterGroup<T> DefaultGroup { get; }

    /// <summary>Gets the parameter groups, the default group first.</summary>
    public IReadOnlyList<SgdParameterGroup<T>> Groups => _groups;

    /// <summary>Gets the number of steps applied so far.</summary>
    public long StepCount { get; private set; }

    /// <summary>Gets the number of steps skipped because a gradient was NaN or infinite.</summary>
    public long SkippedStepCount { get; private set; }

    internal bool HasMomentumBuffers => Momentum != 0;

    /// <summary>Adds a parameter group with its own learning-rate multiplier and weight decay.</summary>
    /// <param name="learningRateMultiplier">The factor applied to each step's learning rate for this group; finite and at least 0.</param>
    /// <param name="weightDecay">The group's L2 weight decay, finite and at least 0, or <see langword="null"/> for the optimizer's <see cref="WeightDecay"/>.</param>
    /// <returns>The new group, to <see cref="SgdParameterGroup{T}.Register(Memory{T}, Memory{T})"/> buffers into.</returns>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="learningRateMultiplier"/> or <paramref name="weightDecay"/> is NaN, infinite or negative, or
    /// <paramref name="weightDecay"/> is too large for <typeparamref name="T"/>.
    /// </exception>
    public SgdParameterGroup<T> AddGroup(double learningRateMultiplier, double? weightDecay = null)
    {
        Guard.FiniteNonNegative(learningRateMultiplier);
        var decay = weightDecay ?? WeightDecay;
        CheckFiniteInT(decay, nameof(weightDecay));
        var group = new SgdParameterGroup<T>(_registry, learningRateMultiplier, decay);
        _groups.Add(group);
        return group;
    }

    /// <summary>Registers a weight buffer and its gradient buffer in the <see cref="DefaultGroup"/>.</summary>
    /// <param name="weights">The weights, updated in place by each step; arrays convert implicitly.</param>
    /// <param name="gradients">The gradients: the same length, separate memory or exactly the weights buffer itself.</param>
    /// <exception cref="ArgumentException">
    /// <paramref name="gradients"/> is not the same length as <paramref name="weights"/> or partially overlaps them, or a
    /// buffer overlaps one already registered (including the same weights registered twice). See
    /// <see cref="SgdParameterGroup{T}.Register(Memory{T}, Memory{T})"/>.
    /// </exception>
    public void Register(Memory<T> weights, Memory<T> gradients) => DefaultGroup.Register(weights, gradients);

    /// <summary>Applies one step to every registered buffer with the optimizer's <see cref="Momentum"/>.</summary>
    /// <param name="learningRate">This iteration's learning rate (for example from a schedule); finite and at least 0.</param>
    /// <returns>
    /// <see langword="true"/> when the step was applied; <see langword="false"/> when <see cref="SkipNonFiniteSteps"/> is
    /// set and a gradient was NaN or infinite, in which case no weight and no momentum buffer changed.
    /// </returns>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="learningRate"/> is NaN, infinite or negative, or not finite in <typeparamref name="T"/> once multiplied by a group's multiplier.
    /// </exception>
    public bool Step(double learningRate) => Step(learningRate, Momentum);

    /// <summary>Applies one step to every registered buffer with this iteration's momentum (for example a cyclical momentum).</summary>
    /// <param name="learningRate">This iteration's learning rate (for example from a schedule); finite and at least 0.</param>
    /// <param name="momentum">
    /// This iteration's momentum, for example <see cref="CyclicalMomentum.GetMomentum(long)"/>; finite and at least 0, and 0
    /// when the optimizer was created with a momentum of 0. A step with momentum 0 skips the momentum branch (as PyTorch).
    /// </param>
    /// <returns>
    /// <see langword="true"/> when the step was applied; <see langword="false"/> when <see cref="SkipNonFiniteSteps"/> is
    /// set and a gradient was NaN or infinite, in which case no weight and no momentum buffer changed.
    /// </returns>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="learningRate"/> is NaN, infinite or negative, or not finite in <typeparamref name="T"/> once
    /// multiplied by a group's multiplier; <paramref name="momentum"/> is NaN, infinite, negative or too large for
    /// <typeparamref name="T"/>, or not 0 for an optimizer created without momentum (it has no momentum buffers).
    /// </exception>
    /// <remarks>Every argument is checked against every group before any buffer changes. Allocates nothing.</remarks>
    public bool Step(double learningRate, double momentum)
    {
        Guard.FiniteNonNegative(learningRate);
        CheckFiniteInT(momentum, nameof(momentum));
        if (momentum != 0 && !HasMomentumBuffers)
        {
            Guard.ThrowOutOfRange(nameof(momentum), momentum, "must be 0 for an optimizer created with momentum 0 (it has no momentum buffers); create it with the momentum of the first step.");
        }

        foreach (var group in _groups)
        {
            group.CheckRepresentable(learningRate, nameof(learningRate));
        }

        if (SkipNonFiniteSteps && !_registry.GradientsAreFinite())
        {
            SkippedStepCount++;
            return false;
        }

        var m = T.CreateTruncating(momentum);
        var whole = WholeStep<SgdBufferUpdate<T>>.Splits(TrafficBytes(momentum != 0)) ? _whole : null;
        foreach (var group in _groups)
        {
            group.Step(T.CreateTruncating(learningRate * group.LearningRateMultiplier), m, _oneMinusDampening, Nesterov, whole);
        }

        whole?.Run();

        StepCount++;
        return true;
    }

    /// <summary>Writes the optimizer's whole state (not the weights) to a stream, in the documented binary format.</summary>
    /// <param name="destination">A writable stream, written from its current position and left open; it may already hold other data.</param>
    /// <exception cref="ArgumentNullException"><paramref name="destination"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is not writable.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is not <see cref="Half"/>, <see cref="float"/> or <see cref="double"/>.</exception>
    /// <remarks>
    /// <para>
    /// The state is everything a step depends on besides the weights and gradients: the optimizer's settings, every
    /// group's multiplier, weight decay and buffer count, every registered buffer's length, momentum buffer and whether
    /// it has taken its first step, and <see cref="StepCount"/> and <see cref="SkippedStepCount"/>.
    /// <see cref="LoadState(Stream)"/> into an optimizer created with the same arguments and the same buffers registered
    /// in the same order continues with the same bits as if the run had not stopped. The weights belong to your model:
    /// save them with it, or use <see cref="SaveState(Stream, bool)"/> to write the registered weight buffers into the
    /// same state. Allocates the header (16 bytes per buffer); the buffers are written from where they are.
    /// </para>
    /// <para>Format version 1, little-endian; each section ends with the CRC-32 (zlib's) of its bytes:</para>
    /// <code>
    /// Preamble, 28 bytes
    ///   0   4  magic "CLRS" (43 4C 52 53)
    ///   4   2  u16 format version = 1
    ///   6   1  u8  optimizer: 1 = SgdOptimizer
    ///   7   1  u8  element type: 1 = Half, 2 = Single, 3 = Double
    ///   8   1  u8  flags: bit 0 = weights included, other bits 0
    ///   9   1  u8  K = state arrays per buffer: 1 (momentum) when created with momentum, else 0
    ///  10   2  u16 S = 5 optimizer settings
    ///  12   2  u16 P = 2 settings per group
    ///  14   2  reserved, 0
    ///  16   4  u32 G = parameter groups (group 0 is the default group)
    ///  20   4  u32 B = registered buffers
    ///  24   4  u32 CRC-32 of bytes 0 to 23
    /// Header, 40 + 20 G + 16 B + 4 bytes
    ///   f64 momentum, f64 dampening, f64 weightDecay, f64 nesterov (0 or 1), f64 skipNonFiniteSteps (0 or 1)
    ///   i64 StepCount, i64 SkippedStepCount
    ///   per group: f64 learningRateMultiplier, f64 weightDecay, u32 buffer count
    ///   per buffer (group by group, in registration order): i64 length, i64 1 if its momentum has started else 0
    ///   u32 CRC-32 of the header
    /// Payload: per buffer, [weights when flag bit 0] then [momentum when K = 1], length elements each,
    ///   IEEE 754 little-endian; then u32 CRC-32 of the payload
    /// </code>
    /// </remarks>
    public void SaveState(Stream destination) => OptimizerStateFormat.Save(this, destination, includeWeights: false);

    /// <summary>Writes the optimizer's whole state to a stream, with the registered weight buffers when asked: a checkpoint that restores all at once.</summary>
    /// <param name="destination">A writable stream, written from its current position and left open.</param>
    /// <param name="includeWeights">
    /// Whether to write every registered weight buffer too, so that <see cref="LoadState(Stream)"/> restores the weights
    /// together with the state, all or nothing.
    /// </param>
    /// <exception cref="ArgumentNullException"><paramref name="destination"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is not writable.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is not <see cref="Half"/>, <see cref="float"/> or <see cref="double"/>.</exception>
    /// <remarks>The format is <see cref="SaveState(Stream)"/>'s with flag bit 0 set and each buffer's weights before its momentum.</remarks>
    public void SaveState(Stream destination, bool includeWeights) => OptimizerStateFormat.Save(this, destination, includeWeights);

    /// <summary>Replaces the optimizer's whole state with one written by <see cref="SaveState(Stream)"/>, all or nothing.</summary>
    /// <param name="source">
    /// A readable stream positioned at the state's first byte. Exactly the state's bytes are read, so the stream is left
    /// just after it (a state can sit inside a larger checkpoint file); it is left open.
    /// </param>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="source"/> is not readable.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is not <see cref="Half"/>, <see cref="float"/> or <see cref="double"/>.</exception>
    /// <exception cref="InvalidDataException">
    /// The state is not a CyclicalLR optimizer state, has another format version, is truncated or corrupted (a checksum
    /// fails), or does not fit this optimizer: another optimizer or element type, other settings, another number of
    /// groups or buffers, or a buffer of another length. The message names the byte and the difference. Nothing changed.
    /// </exception>
    /// <remarks>
    /// Every byte is read and checked into a scratch copy (sized by this optimizer's own buffers, never by the file)
    /// before any weight, momentum buffer or counter changes. When the state includes weights
    /// (<see cref="SaveState(Stream, bool)"/>), the registered weight buffers are restored too.
    /// </remarks>
    public void LoadState(Stream source) => OptimizerStateFormat.Load(this, source);

    /// <summary>Returns the optimizer to its state just after registration: momentum buffers zero and not started, step counts 0.</summary>
    /// <remarks>The weights, the groups and the registered buffers stay as they are; the next step behaves as a fresh optimizer's first.</remarks>
    public void ResetState()
    {
        _registry.ResetState();
        StepCount = 0;
        SkippedStepCount = 0;
    }

    /// <inheritdoc/>
    OptimizerStateLayout IOptimizerStateOwner<T>.DescribeState()
    {
        var groupSettings = new double[_groups.Count][];
        for (var g = 0; g < _groups.Count; g++)
        {
            groupSettings[g] = [_groups[g].LearningRateMultiplier, _groups[g].WeightDecay];
        }

        return new OptimizerStateLayout(
            OptimizerStateFormat.SgdKind,
            "SgdOptimizer",
            SettingNames,
            [Momentum, Dampening, WeightDecay, Nesterov ? 1 : 0, SkipNonFiniteSteps ? 1 : 0],
            GroupSettingNames,
            groupSettings,
            _registry.GroupBufferCounts(),
            _registry.BufferLengths(),
            HasMomentumBuffers ? MomentumArrays : [],
            maxBufferSteps: 1);
    }

    /// <inheritdoc/>
    long IOptimizerStateOwner<T>.GetBufferSteps(int buffer) => _registry.Locate(buffer).Steps;

    /// <inheritdoc/>
    Span<T> IOptimizerStateOwner<T>.GetWeights(int buffer) => _registry.Locate(buffer).WeightsSpan;

    /// <inheritdoc/>
    Span<T> IOptimizerStateOwner<T>.GetStateArray(int buffer, int index) => _registry.Locate(buffer).StateArrays[index];

    /// <inheritdoc/>
    void IOptimizerStateOwner<T>.CommitState(OptimizerStateImage<T> image)
    {
        _registry.Commit(image);
        StepCount = image.StepCount;
        SkippedStepCount = image.SkippedStepCount;
    }

    /// <summary>Returns the optimizer's settings and size, formatted with the invariant culture.</summary>
    /// <returns>For example <c>SgdOptimizer&lt;Single&gt;(momentum: 0.9, dampening: 0, weightDecay: 0.0005, nesterov: False, groups: 1, ...)</c>.</returns>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"SgdOptimizer<{typeof(T).Name}>(momentum: {Momentum:R}, dampening: {Dampening:R}, weightDecay: {WeightDecay:R}, nesterov: {Nesterov}, skipNonFiniteSteps: {SkipNonFiniteSteps}, groups: {_groups.Count}, steps: {StepCount})");

    /// <summary>Returns the bytes a step reads and writes over every buffer (20 per float element with momentum, 12 without).</summary>
    private unsafe long TrafficBytes(bool momentum)
    {
        long elements = 0;
        foreach (var group in _groups)
        {
            elements += group.ElementCount;
        }

        return elements * sizeof(T) * (momentum ? 5 : 3);
    }

    /// <summary>Throws naming <paramref name="paramName"/> unless <paramref name="value"/> is finite, at least 0, and finite in <typeparamref name="T"/>.</summary>
    private static void CheckFiniteInT(double value, string paramName)
    {
        Guard.FiniteNonNegative(value, paramName);
        if (!T.IsFinite(T.CreateTruncating(value)))
        {
            Guard.ThrowOutOfRange(paramName, value, string.Create(CultureInfo.InvariantCulture, $"must be finite in {typeof(T).Name}."));
        }
    }
}
