using System.Globalization;

namespace CyclicalLR;

/// <summary>A straight line from one learning rate to another over a number of iterations, then held (PyTorch's <c>LinearLR</c> in absolute rates).</summary>
/// <remarks>
/// <para>
/// <c>lr(i) = start + (end - start) * min(i, n) / n</c> with <c>n = iterations</c>: exactly <c>start</c> at 0, exactly
/// <c>end</c> from <c>n</c> on, always between the two. It rises or falls (<c>start</c> may be above or below
/// <c>end</c>). PyTorch's <c>LinearLR(start_factor, end_factor, total_iters)</c> on an optimizer whose rate is
/// <c>lr</c> is <c>LinearRamp(lr * start_factor, lr * end_factor, total_iters)</c>, in its closed form (PyTorch's chained
/// form multiplies step by step and drifts by a few ulps). <see cref="FixedDecay"/> is
/// <c>LinearRamp(max, base, stepSize)</c> and computes the same numbers.
/// </para>
/// <para>
/// The fraction is computed from the nearer end with integer offsets, so the ends are exact. The instance is immutable
/// and thread-safe; <see cref="GetLearningRate(long)"/> is a pure, allocation-free function of the iteration.
/// </para>
/// </remarks>
public sealed class LinearRamp : ILearningRateSchedule
{
    private readonly double _amplitude;

    /// <summary>Initializes a new instance of the <see cref="LinearRamp"/> class.</summary>
    /// <param name="startLearningRate">The learning rate at iteration 0; finite and at least 0.</param>
    /// <param name="endLearningRate">The learning rate from <paramref name="iterations"/> on; finite and at least 0.</param>
    /// <param name="iterations">Iterations the ramp takes; at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">
    /// A learning rate is NaN, infinite or negative; <paramref name="iterations"/> is below 1.
    /// </exception>
    public LinearRamp(double startLearningRate, double endLearningRate, long iterations)
    {
        Guard.FiniteNonNegative(startLearningRate);
        Guard.FiniteNonNegative(endLearningRate);
        Guard.Positive(iterations);
        StartLearningRate = startLearningRate;
        EndLearningRate = endLearningRate;
        Iterations = iterations;
        _amplitude = endLearningRate - startLearningRate;
    }

    /// <summary>Gets the learning rate at iteration 0.</summary>
    public double StartLearningRate { get; }

    /// <summary>Gets the learning rate from iteration <see cref="Iterations"/> on.</summary>
    public double EndLearningRate { get; }

    /// <summary>Gets the number of iterations the ramp takes.</summary>
    public long Iterations { get; }

    /// <inheritdoc/>
    public double GetLearningRate(long iteration)
    {
        Guard.Iteration(iteration);
        return Ramp.Linear(StartLearningRate, EndLearningRate, _amplitude, iteration, Iterations);
    }

    /// <summary>Returns the schedule's parameters, formatted with the invariant culture.</summary>
    /// <returns>For example <c>LinearRamp(startLearningRate: 0.001, endLearningRate: 0.1, iterations: 10)</c>.</returns>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"LinearRamp(startLearningRate: {StartLearningRate:R}, endLearningRate: {EndLearningRate:R}, iterations: {Iterations})");
}
