using System.Globalization;
using System.Numerics;

namespace CyclicalLR;

/// <summary>
/// What every optimizer of this library shares: its registered weight buffers in parameter groups, the non-finite
/// guard, the step counts, and saving, loading and resetting its state. <see cref="SgdOptimizer{T}"/> and
/// <see cref="AdamOptimizer{T}"/> add their settings and their update rule.
/// </summary>
/// <typeparam name="T">The element type of the weights (<see cref="float"/> and <see cref="double"/> run vectorized).</typeparam>
/// <remarks>
/// <para>
/// Take an <see cref="Optimizer{T}"/> where code does not care which rule runs: registering a model's buffers,
/// stepping with a schedule's learning rate, checkpointing and resuming, or an
/// <see cref="LrRangeTestOptimizerExtensions.Run{T}(LrRangeTest, Optimizer{T}, Func{double, double})">LR range test</see>
/// that puts the optimizer back as it found it. Only this library derives from it.
/// </para>
/// <para>
/// Not thread-safe: use an instance from one thread at a time, and don't change a registered buffer during a step.
/// </para>
/// </remarks>
public abstract class Optimizer<T> : IOptimizerStateOwner<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private static readonly string[] GroupSettingNames = ["learningRateMultiplier", "weightDecay"];

    /// <summary>Initializes a new instance of the <see cref="Optimizer{T}"/> class, with an empty registry.</summary>
    /// <param name="weightDecay">The default group's weight decay (checked by the derived constructor).</param>
    /// <param name="skipNonFiniteSteps">Whether steps with a NaN or infinite gradient are skipped.</param>
    /// <param name="stateArrayCount">How many state arrays, each as long as its weights, every registered buffer carries.</param>
    private protected Optimizer(double weightDecay, bool skipNonFiniteSteps, int stateArrayCount)
    {
        WeightDecay = weightDecay;
        SkipNonFiniteSteps = skipNonFiniteSteps;
        Registry = new ParameterRegistry<T>(stateArrayCount, ReserveStep);
    }

    /// <summary>
    /// Gets the default group's weight decay, also used by the groups added without one: L2 (added to the gradient) for
    /// <see cref="SgdOptimizer{T}"/> and Adam, decoupled for AdamW.
    /// </summary>
    public double WeightDecay { get; }

    /// <summary>Gets a value indicating whether steps with a NaN or infinite gradient are skipped.</summary>
    public bool SkipNonFiniteSteps { get; }

    /// <summary>Gets the group that <see cref="Register(Memory{T}, Memory{T})"/> adds to (learning-rate multiplier 1).</summary>
    public abstract ParameterGroup<T> DefaultGroup { get; }

    /// <summary>Gets the parameter groups, the default group first.</summary>
    public abstract IReadOnlyList<ParameterGroup<T>> Groups { get; }

    /// <summary>Gets the number of steps applied so far.</summary>
    public long StepCount { get; private set; }

    /// <summary>Gets the number of steps skipped because a gradient was NaN or infinite.</summary>
    public long SkippedStepCount { get; private set; }

    /// <summary>Gets the momentum <see cref="Step(double)"/> uses: SGD's momentum, Adam's <c>beta1</c>.</summary>
    private protected abstract double StepMomentum { get; }

    /// <summary>Gets the optimizer's registered buffers, group by group.</summary>
    private protected ParameterRegistry<T> Registry { get; }

    /// <summary>Adds a parameter group with its own learning-rate multiplier and weight decay.</summary>
    /// <param name="learningRateMultiplier">The factor applied to each step's learning rate for this group; finite and at least 0.</param>
    /// <param name="weightDecay">The group's weight decay, finite and at least 0, or <see langword="null"/> for the optimizer's <see cref="WeightDecay"/>.</param>
    /// <returns>The new group, to <see cref="ParameterGroup{T}.Register(Memory{T}, Memory{T})"/> buffers into.</returns>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="learningRateMultiplier"/> or <paramref name="weightDecay"/> is NaN, infinite or negative, or
    /// <paramref name="weightDecay"/> is too large for <typeparamref name="T"/>.
    /// </exception>
    public abstract ParameterGroup<T> AddGroup(double learningRateMultiplier, double? weightDecay = null);

    /// <summary>Registers a weight buffer and its gradient buffer in the <see cref="DefaultGroup"/>.</summary>
    /// <param name="weights">The weights, updated in place by each step; arrays convert implicitly.</param>
    /// <param name="gradients">The gradients: the same length, separate memory or exactly the weights buffer itself.</param>
    /// <exception cref="ArgumentException">
    /// <paramref name="gradients"/> is not the same length as <paramref name="weights"/> or partially overlaps them, or a
    /// buffer overlaps one already registered (including the same weights registered twice). See
    /// <see cref="ParameterGroup{T}.Register(Memory{T}, Memory{T})"/>.
    /// </exception>
    public void Register(Memory<T> weights, Memory<T> gradients) => DefaultGroup.Register(weights, gradients);

    /// <summary>
    /// Applies one step to every registered buffer with the optimizer's own momentum: <see cref="SgdOptimizer{T}.Momentum"/>
    /// for SGD, <see cref="AdamOptimizer{T}.Beta1"/> for Adam (their <c>Step(double, double)</c> takes this iteration's).
    /// </summary>
    /// <param name="learningRate">This iteration's learning rate (for example from a schedule); finite and at least 0.</param>
    /// <returns>
    /// <see langword="true"/> when the step was applied; <see langword="false"/> when <see cref="SkipNonFiniteSteps"/> is
    /// set and a gradient was NaN or infinite, in which case nothing changed (weights, state arrays and step counts).
    /// </returns>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="learningRate"/> is NaN, infinite or negative, or, times a group's multiplier, gives a step that is
    /// not finite in <typeparamref name="T"/>: for SGD the learning rate itself; for Adam the learning rate, the first step
    /// size <c>lr / (1 - beta1)</c> or the AdamW factor <c>1 - lr * weightDecay</c>.
    /// </exception>
    /// <remarks>Every argument is checked against every group before any buffer changes. Allocates nothing.</remarks>
    public bool Step(double learningRate) => RunStep(learningRate, StepMomentum);

    /// <summary>Writes the optimizer's whole state (not the weights) to a stream, in the documented binary format.</summary>
    /// <param name="destination">A writable stream, written from its current position and left open; it may already hold other data.</param>
    /// <exception cref="ArgumentNullException"><paramref name="destination"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is not writable.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is not <see cref="Half"/>, <see cref="float"/> or <see cref="double"/>.</exception>
    /// <remarks>
    /// <para>
    /// The state is everything a step depends on besides the weights and gradients: the optimizer's settings, every
    /// group's multiplier, weight decay and buffer count, every registered buffer's length, state arrays and step count,
    /// and <see cref="StepCount"/> and <see cref="SkippedStepCount"/>.
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
    ///   6   1  u8  optimizer: 1 = SgdOptimizer, 2 = AdamOptimizer
    ///   7   1  u8  element type: 1 = Half, 2 = Single, 3 = Double
    ///   8   1  u8  flags: bit 0 = weights included, other bits 0
    ///   9   1  u8  K = state arrays per buffer (below)
    ///  10   2  u16 S = optimizer settings (below)
    ///  12   2  u16 P = 2 settings per group
    ///  14   2  reserved, 0
    ///  16   4  u32 G = parameter groups (group 0 is the default group)
    ///  20   4  u32 B = registered buffers
    ///  24   4  u32 CRC-32 of bytes 0 to 23
    /// Header, 8 S + 16 + 20 G + 16 B + 4 bytes
    ///   f64 per optimizer setting (booleans as 0 or 1)
    ///   i64 StepCount, i64 SkippedStepCount
    ///   per group: f64 learningRateMultiplier, f64 weightDecay, u32 buffer count
    ///   per buffer (group by group, in registration order): i64 length, i64 step count
    ///   u32 CRC-32 of the header
    /// Payload: per buffer, [weights when flag bit 0] then its K state arrays, length elements each,
    ///   IEEE 754 little-endian; then u32 CRC-32 of the payload
    ///
    /// SgdOptimizer (1): S = 5: momentum, dampening, weightDecay, nesterov, skipNonFiniteSteps;
    ///   K = 1 (momentum) when created with momentum, else 0; a buffer's step count is 1 once its momentum has started, else 0
    /// AdamOptimizer (2): S = 7: beta1, beta2, epsilon, weightDecay, decoupledWeightDecay, amsgrad, skipNonFiniteSteps;
    ///   K = 2 (exp_avg, exp_avg_sq), 3 with AMSGrad (then max_exp_avg_sq); a buffer's step count is its own number of
    ///   steps (its bias correction)
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
    /// <remarks>The format is <see cref="SaveState(Stream)"/>'s with flag bit 0 set and each buffer's weights before its state arrays.</remarks>
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
    /// before any weight, state array or counter changes. When the state includes weights
    /// (<see cref="SaveState(Stream, bool)"/>), the registered weight buffers are restored too.
    /// </remarks>
    public void LoadState(Stream source) => OptimizerStateFormat.Load(this, source);

    /// <summary>
    /// Returns the optimizer to its state just after registration: every state array (momentum, moments) zero, every
    /// buffer's step count (momentum started, bias correction) and the optimizer's step counts 0.
    /// </summary>
    /// <remarks>The weights, the groups and the registered buffers stay as they are; the next step behaves as a fresh optimizer's first.</remarks>
    public void ResetState()
    {
        Registry.ResetState();
        StepCount = 0;
        SkippedStepCount = 0;
    }

    /// <inheritdoc/>
    OptimizerStateLayout IOptimizerStateOwner<T>.DescribeState() => DescribeState();

    /// <inheritdoc/>
    long IOptimizerStateOwner<T>.GetBufferSteps(int buffer) => Registry.Locate(buffer).Steps;

    /// <inheritdoc/>
    Span<T> IOptimizerStateOwner<T>.GetWeights(int buffer) => Registry.Locate(buffer).WeightsSpan;

    /// <inheritdoc/>
    Span<T> IOptimizerStateOwner<T>.GetStateArray(int buffer, int index) => Registry.Locate(buffer).StateArrays[index];

    /// <inheritdoc/>
    void IOptimizerStateOwner<T>.CommitState(OptimizerStateImage<T> image)
    {
        Registry.Commit(image);
        StepCount = image.StepCount;
        SkippedStepCount = image.SkippedStepCount;
    }

    /// <summary>
    /// Runs one step: checks the learning rate, lets the optimizer check the rest against every group, skips the step
    /// when <see cref="SkipNonFiniteSteps"/> is set and a gradient is not finite, else applies it and counts it.
    /// </summary>
    /// <param name="learningRate">This iteration's learning rate.</param>
    /// <param name="momentum">This iteration's momentum (SGD's momentum, Adam's <c>beta1</c>).</param>
    /// <returns>Whether the step was applied.</returns>
    private protected bool RunStep(double learningRate, double momentum)
    {
        Guard.FiniteNonNegative(learningRate);
        CheckStep(learningRate, momentum);
        if (SkipNonFiniteSteps && !Registry.GradientsAreFinite())
        {
            SkippedStepCount++;
            return false;
        }

        ApplyStep(learningRate, momentum);
        StepCount++;
        return true;
    }

    /// <summary>Throws, before anything changes, when the momentum or the learning rate does not fit this optimizer or one of its groups.</summary>
    /// <param name="learningRate">This iteration's learning rate, already finite and at least 0.</param>
    /// <param name="momentum">This iteration's momentum, not yet checked.</param>
    private protected abstract void CheckStep(double learningRate, double momentum);

    /// <summary>Applies a checked step to every registered buffer; cannot fail.</summary>
    /// <param name="learningRate">This iteration's learning rate.</param>
    /// <param name="momentum">This iteration's momentum.</param>
    private protected abstract void ApplyStep(double learningRate, double momentum);

    /// <summary>Makes room in the step's scratch for <paramref name="buffers"/> buffers (called at registration, never during a step).</summary>
    /// <param name="buffers">The number of registered buffers.</param>
    private protected abstract void ReserveStep(int buffers);

    /// <summary>Describes the optimizer's configuration and registered buffers as they are now, with <see cref="Layout"/>.</summary>
    /// <returns>A new layout.</returns>
    private protected abstract OptimizerStateLayout DescribeState();

    /// <summary>Builds the state layout from the optimizer's own part and every group's settings and buffers.</summary>
    /// <param name="kind">The optimizer's code in the format.</param>
    /// <param name="optimizerName">The optimizer's name in the format's messages.</param>
    /// <param name="settingNames">The names of the optimizer-wide settings, in file order.</param>
    /// <param name="settings">The optimizer-wide settings (booleans as 0 or 1).</param>
    /// <param name="stateArrayNames">The names of the state arrays every buffer carries.</param>
    /// <param name="maxBufferSteps">The largest per-buffer step count the optimizer can hold.</param>
    /// <returns>A new layout.</returns>
    private protected OptimizerStateLayout Layout(byte kind, string optimizerName, string[] settingNames, double[] settings, string[] stateArrayNames, long maxBufferSteps)
    {
        var groups = Groups;
        var groupSettings = new double[groups.Count][];
        for (var g = 0; g < groupSettings.Length; g++)
        {
            groupSettings[g] = [groups[g].LearningRateMultiplier, groups[g].WeightDecay];
        }

        return new OptimizerStateLayout(
            kind,
            optimizerName,
            settingNames,
            settings,
            GroupSettingNames,
            groupSettings,
            Registry.GroupBufferCounts(),
            Registry.BufferLengths(),
            stateArrayNames,
            maxBufferSteps);
    }

    /// <summary>Checks a new group's settings, before the group is created.</summary>
    /// <param name="learningRateMultiplier">The group's multiplier.</param>
    /// <param name="weightDecay">The group's weight decay, or <see langword="null"/> for <see cref="WeightDecay"/>.</param>
    /// <returns>The group's weight decay.</returns>
    private protected double CheckGroupSettings(double learningRateMultiplier, double? weightDecay)
    {
        Guard.FiniteNonNegative(learningRateMultiplier);
        var decay = weightDecay ?? WeightDecay;
        CheckFiniteInT(decay, nameof(weightDecay));
        return decay;
    }

    /// <summary>Returns the number of weights over every group.</summary>
    /// <returns>The sum of the groups' <see cref="ParameterGroup{T}.ElementCount"/>.</returns>
    private protected long ElementCount()
    {
        var groups = Groups;
        long elements = 0;
        for (var g = 0; g < groups.Count; g++)
        {
            elements += groups[g].ElementCount;
        }

        return elements;
    }

    /// <summary>Throws naming <paramref name="paramName"/> unless <paramref name="value"/> is finite, at least 0, and finite in <typeparamref name="T"/>.</summary>
    /// <param name="value">The value.</param>
    /// <param name="paramName">The parameter's name.</param>
    private protected static void CheckFiniteInT(double value, string paramName)
    {
        Guard.FiniteNonNegative(value, paramName);
        if (!T.IsFinite(T.CreateTruncating(value)))
        {
            Guard.ThrowOutOfRange(paramName, value, string.Create(CultureInfo.InvariantCulture, $"must be finite in {typeof(T).Name}."));
        }
    }
}
