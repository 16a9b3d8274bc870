using System.Globalization;

namespace CyclicalLR;

/// <summary>Smith's <c>exp_range</c> policy: the triangular cycle with its amplitude scaled by <c>gamma^iteration</c>.</summary>
/// <remarks>
/// <para>
/// <c>lr(i) = base + (max - base) * p(i) * gamma^i</c>, with <c>p</c> the triangle position of <see cref="Triangular"/>
/// and <c>i</c> the total iteration (not the cycle), as in PyTorch's <c>CyclicLR(mode="exp_range")</c> and Smith's
/// original code. (TorchSharp scales by the cycle number instead; this class does not.) The value stays in
/// <c>[base, max]</c> and approaches <c>base</c> as <c>i</c> grows; with <c>gamma = 1</c> it is <see cref="Triangular"/>.
/// </para>
/// <para>
/// Cycle arithmetic is done in 64-bit integers, so the value is exact (within a few ulps of the real-number formula)
/// at every iteration up to <see cref="long.MaxValue"/>; PyTorch's <c>CyclicLR</c> uses floating-point division
/// there and drifts at very large iterations (about 1e-11 relative near 10^9). The instance is immutable and
/// thread-safe, and <see cref="GetLearningRate(long)"/> is a pure, allocation-free function of the iteration.
/// </para>
/// <para>Leslie N. Smith, <i>Cyclical Learning Rates for Training Neural Networks</i>, arXiv 1506.01186, section 3.1.</para>
/// </remarks>
public sealed class ExpRange : ICyclicalSchedule
{
    private readonly CycleGeometry _geometry;
    private readonly double _amplitude;

    /// <summary>Initializes a new instance of the <see cref="ExpRange"/> class.</summary>
    /// <param name="baseLearningRate">The lower bound (the learning rate at iteration 0); finite and at least 0.</param>
    /// <param name="maxLearningRate">The upper bound; finite and at least <paramref name="baseLearningRate"/>.</param>
    /// <param name="stepSize">Iterations in the rising half-cycle (Smith's <i>stepsize</i>); at least 1.</param>
    /// <param name="gamma">The per-iteration decay of the amplitude; in (0, 1], for example 0.99994.</param>
    /// <param name="stepSizeDown">
    /// Iterations in the falling half-cycle; at least 1, or <see langword="null"/> for the same as
    /// <paramref name="stepSize"/>.
    /// </param>
    /// <exception cref="ArgumentOutOfRangeException">
    /// A learning rate is NaN, infinite or negative; <paramref name="maxLearningRate"/> is below
    /// <paramref name="baseLearningRate"/>; a step size is below 1, or the cycle length overflows a <see cref="long"/>, or <paramref name="gamma"/> is not in (0, 1].
    /// </exception>
    public ExpRange(double baseLearningRate, double maxLearningRate, long stepSize, double gamma, long? stepSizeDown = null)
    {
        Guard.FiniteNonNegative(baseLearningRate);
        Guard.FiniteNonNegative(maxLearningRate);
        Guard.Ordered(baseLearningRate, maxLearningRate);
        _geometry = new CycleGeometry(stepSize, stepSizeDown);
        Guard.DecayFactor(gamma);
        BaseLearningRate = baseLearningRate;
        MaxLearningRate = maxLearningRate;
        _amplitude = maxLearningRate - baseLearningRate;
        Gamma = gamma;
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

    /// <summary>Gets the per-iteration decay factor of the amplitude, in (0, 1].</summary>
    public double Gamma { get; }

    /// <inheritdoc/>
    public double GetLearningRate(long iteration) => Interpolation.Lerp(BaseLearningRate, MaxLearningRate, _amplitude, GetAmplitudeFraction(iteration));

    /// <inheritdoc/>
    public double GetAmplitudeFraction(long iteration)
    {
        Guard.Iteration(iteration);
        var position = _geometry.Position(iteration, out _);
        return position * Math.Pow(Gamma, iteration);
    }

    /// <summary>Returns the schedule's name and parameters, formatted with the invariant culture.</summary>
    /// <returns>For example <c>ExpRange(baseLearningRate: 0.001, maxLearningRate: 0.006, stepSize: 2000, ...)</c>.</returns>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"ExpRange(baseLearningRate: {BaseLearningRate:R}, maxLearningRate: {MaxLearningRate:R}, stepSize: {StepSize}, stepSizeDown: {StepSizeDown}, gamma: {Gamma:R})");
}
