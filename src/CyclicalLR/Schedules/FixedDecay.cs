using System.Globalization;

namespace CyclicalLR;

/// <summary>
/// Smith's fixed-decay baseline: the learning rate starts at max, falls linearly to base over <c>stepSize</c>
/// iterations, and then stays at base.
/// </summary>
/// <remarks>
/// <para>
/// <c>lr(i) = max - (max - base) * min(i, stepSize) / stepSize</c>: <c>max</c> at iteration 0, <c>base</c> from
/// iteration <c>stepSize</c> on, always in <c>[base, max]</c>. It equals PyTorch's
/// <c>LinearLR(start_factor=1, end_factor=base/max, total_iters=stepSize)</c> on an optimizer whose learning rate is
/// <c>max</c> (in closed form), except that this class returns <c>base</c> exactly once the decay is over. It is
/// <c>new LinearRamp(max, base, stepSize)</c> and shares its code (the same numbers, bit for bit).
/// </para>
/// <para>
/// The instance is immutable and thread-safe; <see cref="GetLearningRate(long)"/> is pure and allocation-free.
/// Leslie N. Smith, <i>Cyclical Learning Rates for Training Neural Networks</i>, arXiv 1506.01186, section 4.1.1
/// (the "decay" policy compared against the cyclical ones).
/// </para>
/// </remarks>
public sealed class FixedDecay : ILearningRateSchedule
{
    private readonly double _amplitude;

    /// <summary>Initializes a new instance of the <see cref="FixedDecay"/> class.</summary>
    /// <param name="baseLearningRate">The final learning rate, reached at <paramref name="stepSize"/>; finite and at least 0.</param>
    /// <param name="maxLearningRate">The learning rate at iteration 0; finite and at least <paramref name="baseLearningRate"/>.</param>
    /// <param name="stepSize">Iterations over which the learning rate falls from max to base; at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">
    /// A learning rate is NaN, infinite or negative; <paramref name="maxLearningRate"/> is below
    /// <paramref name="baseLearningRate"/>; <paramref name="stepSize"/> is below 1.
    /// </exception>
    public FixedDecay(double baseLearningRate, double maxLearningRate, long stepSize)
    {
        Guard.FiniteNonNegative(baseLearningRate);
        Guard.FiniteNonNegative(maxLearningRate);
        Guard.Ordered(baseLearningRate, maxLearningRate);
        Guard.Positive(stepSize);
        BaseLearningRate = baseLearningRate;
        MaxLearningRate = maxLearningRate;
        StepSize = stepSize;
        _amplitude = baseLearningRate - maxLearningRate;
    }

    /// <summary>Gets the final learning rate, reached at iteration <see cref="StepSize"/>.</summary>
    public double BaseLearningRate { get; }

    /// <summary>Gets the starting learning rate, at iteration 0.</summary>
    public double MaxLearningRate { get; }

    /// <summary>Gets the number of iterations over which the learning rate decays.</summary>
    public long StepSize { get; }

    /// <inheritdoc/>
    public double GetLearningRate(long iteration)
    {
        Guard.Iteration(iteration);
        return Ramp.Linear(MaxLearningRate, BaseLearningRate, _amplitude, iteration, StepSize);
    }

    /// <summary>Returns the schedule's parameters, formatted with the invariant culture.</summary>
    /// <returns>For example <c>FixedDecay(baseLearningRate: 0.001, maxLearningRate: 0.006, stepSize: 8)</c>.</returns>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"FixedDecay(baseLearningRate: {BaseLearningRate:R}, maxLearningRate: {MaxLearningRate:R}, stepSize: {StepSize})");
}
