using System.Globalization;

namespace CyclicalLR;

/// <summary>Smith's <c>triangular2</c> policy: the triangular cycle with its amplitude halved at the end of each cycle.</summary>
/// <remarks>
/// <para>
/// <c>lr(i) = base + (max - base) * p(i) / 2^k</c>, where <c>k = floor(i / (up + down))</c> is the zero-based cycle
/// index and <c>p</c> the triangle position of <see cref="Triangular"/>. The value stays in <c>[base, max]</c> and its
/// peaks halve their height above base each cycle. It equals PyTorch's <c>CyclicLR(mode="triangular2")</c>; where
/// PyTorch raises Python's <c>OverflowError</c> (<c>2.0 ** k</c> overflows after about 1,024 cycles),
/// this class returns the exact limit: the scaled amplitude underflows to 0 and the value is exactly <c>base</c>.
/// </para>
/// <para>
/// Cycle arithmetic is done in 64-bit integers, so the value is exact (within a few ulps of the real-number formula)
/// at every iteration up to <see cref="long.MaxValue"/>; PyTorch's <c>CyclicLR</c> uses floating-point division
/// there and drifts at very large iterations (about 1e-11 relative near 10^9). The instance is immutable and
/// thread-safe, and <see cref="GetLearningRate(long)"/> is a pure, allocation-free function of the iteration.
/// </para>
/// <para>Leslie N. Smith, <i>Cyclical Learning Rates for Training Neural Networks</i>, arXiv 1506.01186, section 3.1.</para>
/// </remarks>
public sealed class Triangular2 : ICyclicalSchedule
{
    private readonly CycleGeometry _geometry;
    private readonly double _amplitude;

    /// <summary>Initializes a new instance of the <see cref="Triangular2"/> class.</summary>
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
    public Triangular2(double baseLearningRate, double maxLearningRate, long stepSize, long? stepSizeDown = null)
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
        var position = _geometry.Position(iteration, out var cycleIndex);

        // ScaleB multiplies by 2^-k exactly (rounding only in the subnormal range). From k = 1075 on, position * 2^-k
        // <= 2^-1075 rounds to 0, so return that directly: ScaleB's underflow path is several times slower.
        return cycleIndex < 1075 ? Math.ScaleB(position, -(int)cycleIndex) : 0.0;
    }

    /// <summary>Returns the schedule's name and parameters, formatted with the invariant culture.</summary>
    /// <returns>For example <c>Triangular2(baseLearningRate: 0.001, maxLearningRate: 0.006, stepSize: 2000, ...)</c>.</returns>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"Triangular2(baseLearningRate: {BaseLearningRate:R}, maxLearningRate: {MaxLearningRate:R}, stepSize: {StepSize}, stepSizeDown: {StepSizeDown})");
}
