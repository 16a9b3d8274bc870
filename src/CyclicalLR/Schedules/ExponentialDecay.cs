using System.Globalization;

namespace CyclicalLR;

/// <summary>The learning rate multiplied by <c>gamma</c> every iteration (PyTorch's <c>ExponentialLR</c>).</summary>
/// <remarks>
/// <para>
/// <c>lr(i) = learningRate * gamma^i</c>. The value stays in <c>[0, learningRate]</c> and never rises; far out it
/// underflows to exactly 0. It equals PyTorch's closed form of <c>ExponentialLR(gamma=gamma)</c> on an optimizer whose
/// rate is <c>learningRate</c>, with <c>last_epoch = i</c> (PyTorch's chained form multiplies step by step and drifts
/// by an ulp per step; this class takes one power, <see cref="Math.Pow(double, double)"/>, within an ulp). PyTorch allows <c>gamma &gt; 1</c>; this class
/// does not.
/// </para>
/// <para>
/// The instance is immutable and thread-safe; <see cref="GetLearningRate(long)"/> is a pure, allocation-free function
/// of the iteration.
/// </para>
/// </remarks>
public sealed class ExponentialDecay : ILearningRateSchedule
{
    /// <summary>Initializes a new instance of the <see cref="ExponentialDecay"/> class.</summary>
    /// <param name="learningRate">The learning rate at iteration 0; finite and at least 0.</param>
    /// <param name="gamma">The factor applied per iteration; in (0, 1], for example 0.95.</param>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="learningRate"/> is NaN, infinite or negative; <paramref name="gamma"/> is not in (0, 1].
    /// </exception>
    public ExponentialDecay(double learningRate, double gamma)
    {
        Guard.FiniteNonNegative(learningRate);
        Guard.DecayFactor(gamma);
        LearningRate = learningRate;
        Gamma = gamma;
    }

    /// <summary>Gets the learning rate at iteration 0.</summary>
    public double LearningRate { get; }

    /// <summary>Gets the factor applied per iteration, in (0, 1].</summary>
    public double Gamma { get; }

    /// <inheritdoc/>
    public double GetLearningRate(long iteration)
    {
        Guard.Iteration(iteration);
        return Decay.Geometric(LearningRate, Gamma, iteration);
    }

    /// <summary>Returns the schedule's parameters, formatted with the invariant culture.</summary>
    /// <returns>For example <c>ExponentialDecay(learningRate: 0.1, gamma: 0.95)</c>.</returns>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"ExponentialDecay(learningRate: {LearningRate:R}, gamma: {Gamma:R})");
}
