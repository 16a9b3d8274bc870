using System.Globalization;

namespace CyclicalLR;

/// <summary>The learning rate multiplied by <c>gamma</c> every <c>stepSize</c> iterations (PyTorch's <c>StepLR</c>).</summary>
/// <remarks>
/// <para>
/// <c>lr(i) = learningRate * gamma^floor(i / stepSize)</c>: <c>learningRate</c> for the first <c>stepSize</c>
/// iterations, then <c>learningRate * gamma</c>, and so on. The value stays in <c>[0, learningRate]</c> and never
/// rises; far out it underflows to exactly 0. It equals PyTorch's closed form of
/// <c>StepLR(step_size=stepSize, gamma=gamma)</c> on an optimizer whose rate is <c>learningRate</c>, with
/// <c>last_epoch = i</c>; PyTorch allows <c>gamma &gt; 1</c> (a growing rate), this class does not.
/// </para>
/// <para>
/// The step count is an integer division, exact up to <see cref="long.MaxValue"/>. The instance is immutable and
/// thread-safe; <see cref="GetLearningRate(long)"/> is a pure, allocation-free function of the iteration.
/// </para>
/// </remarks>
public sealed class StepDecay : ILearningRateSchedule
{
    /// <summary>Initializes a new instance of the <see cref="StepDecay"/> class.</summary>
    /// <param name="learningRate">The learning rate of the first <paramref name="stepSize"/> iterations; finite and at least 0.</param>
    /// <param name="stepSize">Iterations between two decays; at least 1.</param>
    /// <param name="gamma">The factor applied at each decay; in (0, 1], for example 0.1.</param>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="learningRate"/> is NaN, infinite or negative; <paramref name="stepSize"/> is below 1;
    /// <paramref name="gamma"/> is not in (0, 1].
    /// </exception>
    public StepDecay(double learningRate, long stepSize, double gamma)
    {
        Guard.FiniteNonNegative(learningRate);
        Guard.Positive(stepSize);
        Guard.DecayFactor(gamma);
        LearningRate = learningRate;
        StepSize = stepSize;
        Gamma = gamma;
    }

    /// <summary>Gets the learning rate before the first decay.</summary>
    public double LearningRate { get; }

    /// <summary>Gets the number of iterations between two decays.</summary>
    public long StepSize { get; }

    /// <summary>Gets the factor applied at each decay, in (0, 1].</summary>
    public double Gamma { get; }

    /// <inheritdoc/>
    public double GetLearningRate(long iteration)
    {
        Guard.Iteration(iteration);
        return Decay.Geometric(LearningRate, Gamma, iteration / StepSize);
    }

    /// <summary>Returns the schedule's parameters, formatted with the invariant culture.</summary>
    /// <returns>For example <c>StepDecay(learningRate: 0.1, stepSize: 30, gamma: 0.1)</c>.</returns>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"StepDecay(learningRate: {LearningRate:R}, stepSize: {StepSize}, gamma: {Gamma:R})");
}
