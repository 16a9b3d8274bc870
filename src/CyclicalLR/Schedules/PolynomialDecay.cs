using System.Globalization;

namespace CyclicalLR;

/// <summary>The learning rate falling as a power of the iterations left, to 0 at <c>totalIterations</c> (PyTorch's <c>PolynomialLR</c>).</summary>
/// <remarks>
/// <para>
/// <c>lr(i) = learningRate * ((n - min(i, n)) / n)^power</c> with <c>n = totalIterations</c>: <c>learningRate</c> at
/// iteration 0, exactly 0 from <c>n</c> on, falling in between (a straight line for <c>power = 1</c>). The value stays
/// in <c>[0, learningRate]</c>. It equals PyTorch's closed form of <c>PolynomialLR(total_iters=n, power=power)</c> on an
/// optimizer whose rate is <c>learningRate</c>, with <c>last_epoch = i</c>.
/// </para>
/// <para>
/// The iterations left are an integer, so the base of the power is one correctly rounded division, exact near the
/// end. The instance is immutable and thread-safe; <see cref="GetLearningRate(long)"/> is a pure, allocation-free
/// function of the iteration.
/// </para>
/// </remarks>
public sealed class PolynomialDecay : ILearningRateSchedule
{
    /// <summary>Initializes a new instance of the <see cref="PolynomialDecay"/> class.</summary>
    /// <param name="learningRate">The learning rate at iteration 0; finite and at least 0.</param>
    /// <param name="totalIterations">The iteration from which the rate is 0; at least 1.</param>
    /// <param name="power">The exponent of the decay; finite and greater than 0 (1 is a straight line).</param>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="learningRate"/> is NaN, infinite or negative; <paramref name="totalIterations"/> is below 1;
    /// <paramref name="power"/> is NaN, infinite, 0 or negative.
    /// </exception>
    public PolynomialDecay(double learningRate, long totalIterations, double power = 1)
    {
        Guard.FiniteNonNegative(learningRate);
        Guard.Positive(totalIterations);
        Guard.FinitePositive(power);
        LearningRate = learningRate;
        TotalIterations = totalIterations;
        Power = power;
    }

    /// <summary>Gets the learning rate at iteration 0.</summary>
    public double LearningRate { get; }

    /// <summary>Gets the iteration from which the learning rate is 0.</summary>
    public long TotalIterations { get; }

    /// <summary>Gets the exponent of the decay.</summary>
    public double Power { get; }

    /// <inheritdoc/>
    public double GetLearningRate(long iteration)
    {
        Guard.Iteration(iteration);
        var left = (double)(TotalIterations - Math.Min(iteration, TotalIterations)) / TotalIterations;
        // Stryker disable once Conditional : equivalent by design: Math.Pow(x, 1) is x for every x, so the shortcut only saves the Pow call at PyTorch's default power.
        return LearningRate * (Power == 1 ? left : Math.Pow(left, Power));
    }

    /// <summary>Returns the schedule's parameters, formatted with the invariant culture.</summary>
    /// <returns>For example <c>PolynomialDecay(learningRate: 0.1, totalIterations: 50, power: 2)</c>.</returns>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"PolynomialDecay(learningRate: {LearningRate:R}, totalIterations: {TotalIterations}, power: {Power:R})");
}
