using System.Globalization;

namespace CyclicalLR;

/// <summary>Smith's <c>triangular</c> policy: the learning rate rises linearly from base to max over <c>stepSize</c> iterations, falls back over <c>stepSizeDown</c>, and repeats.</summary>
/// <remarks>
/// <para>
/// <c>lr(i) = base + (max - base) * p(i)</c>, where, with <c>c = i mod (up + down)</c>, <c>p = c / up</c> while
/// <c>c &lt;= up</c> and <c>p = (up + down - c) / down</c> after. The value stays in <c>[base, max]</c>: it is
/// <c>base</c> at iteration 0 and at every multiple of the cycle length, and <c>max</c> at <c>stepSize</c>,
/// <c>stepSize + cycle</c>, ... (exactly: the value is computed from the nearer bound). It equals PyTorch's <c>CyclicLR(mode="triangular")</c> at <c>last_epoch = i</c>.
/// </para>
/// <para>
/// Cycle arithmetic is done in 64-bit integers, so the value is exact (within a few ulps of the real-number formula)
/// at every iteration up to <see cref="long.MaxValue"/>; PyTorch's <c>CyclicLR</c> uses floating-point division
/// there and drifts at very large iterations (about 1e-11 relative near 10^9). The instance is immutable and
/// thread-safe, and <see cref="GetLearningRate(long)"/> is a pure, allocation-free function of the iteration.
/// </para>
/// <para>Leslie N. Smith, <i>Cyclical Learning Rates for Training Neural Networks</i>, arXiv 1506.01186, section 3.1.</para>
/// </remarks>
public sealed class Triangular : ICyclicalSchedule
{
    private readonly CycleGeometry _geometry;
    private readonly double _amplitude;

    /// <summary>Initializes a new instance of the <see cref="Triangular"/> class.</summary>
    /// <param name="baseLearningRate">The lower bound (the learning rate at iteration 0); finite and at least 0.</param>
    /// <param name="maxLearningRate">The upper bound; finite and at least <paramref name="baseLearningRate"/>.</param>
    /// <param name="stepSize">Iterations in the rising half-cycle (Smith's <i>stepsize</i>); at least 1.</param>
    /// <param name="stepSizeDown">
    /// Iterations in the falling half-cycle; at least 1, or <see langword="null"/> for the same as
    /// <paramref name="stepSize"/>.
    /// </param>
    /// <exception cref="ArgumentOutOfRangeException">
    /// A learning rate is NaN, infinite or negative; <paramref name="maxLearningRate"/> is below
    /// <paramref name="baseLearningRate"/>; a step size is below 1, or the cycle length overflows a <see cref="long"/>.
    /// </exception>
    public Triangular(double baseLearningRate, double maxLearningRate, long stepSize, long? stepSizeDown = null)
    {
        Guard.FiniteNonNegative(baseLearningRate);
        Guard.FiniteNonNegative(maxLearningRate);
        Guard.Ordered(baseLearningRate, maxLearningRate);
        _geometry = new CycleGeometry(stepSize, stepSizeDown);
        BaseLearningRate = baseLearningRate;
        MaxLearningRate = maxLearningRate;
        _amplitude = maxLearningRate - baseLearningRate;
    }

    /// <inheritdoc/>
    public double BaseLearningRate { get; }

    /// <inheritdoc/>
    public double MaxLearningRate { get; }

    /// <summary>Gets the number of iterations in the rising half-cycle.</summary>
    public long StepSize => _geometry.StepSizeUp;

    /// <summary>Gets the number of iterations in the falling half-cycle (equal to <see cref="StepSize"/> unless set).</summary>
    public long StepSizeDown => _geometry.StepSizeDown;

    /// <summary>Gets the number of iterations in one whole cycle, <c>StepSize + StepSizeDown</c>.</summary>
    public long CycleLength => _geometry.CycleLength;

    /// <inheritdoc/>
    public double GetLearningRate(long iteration) => Interpolation.Lerp(BaseLearningRate, MaxLearningRate, _amplitude, GetAmplitudeFraction(iteration));

    /// <inheritdoc/>
    public double GetAmplitudeFraction(long iteration)
    {
        Guard.Iteration(iteration);
        return _geometry.Position(iteration, out _);
    }

    /// <summary>Returns the schedule's name and parameters, formatted with the invariant culture.</summary>
    /// <returns>For example <c>Triangular(baseLearningRate: 0.001, maxLearningRate: 0.006, stepSize: 2000, ...)</c>.</returns>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"Triangular(baseLearningRate: {BaseLearningRate:R}, maxLearningRate: {MaxLearningRate:R}, stepSize: {StepSize}, stepSizeDown: {StepSizeDown})");
}
