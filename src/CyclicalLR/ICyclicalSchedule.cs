namespace CyclicalLR;

/// <summary>
/// A learning-rate schedule that moves between <see cref="BaseLearningRate"/> and <see cref="MaxLearningRate"/>,
/// so that other quantities (such as momentum) can be cycled in step with it.
/// </summary>
/// <remarks>
/// For every iteration, <c>GetLearningRate(i) == BaseLearningRate + (MaxLearningRate - BaseLearningRate) *
/// GetAmplitudeFraction(i)</c> (up to rounding). <see cref="CyclicalMomentum"/> uses the same fraction to cycle
/// momentum inversely, as PyTorch's <c>CyclicLR(cycle_momentum=True)</c> does.
/// </remarks>
public interface ICyclicalSchedule : ILearningRateSchedule
{
    /// <summary>Gets the lower learning-rate bound.</summary>
    double BaseLearningRate { get; }

    /// <summary>Gets the upper learning-rate bound.</summary>
    double MaxLearningRate { get; }

    /// <summary>Gets the number of iterations in one whole cycle (rising and falling); the schedule's shape repeats with this period.</summary>
    long CycleLength { get; }

    /// <summary>
    /// Gets the fraction of the amplitude <c>MaxLearningRate - BaseLearningRate</c> by which the learning rate of the
    /// given iteration stands above <see cref="BaseLearningRate"/>: the position in the triangle (0 at a cycle's
    /// start, 1 at its peak) times the amplitude scale of the policy.
    /// </summary>
    /// <param name="iteration">The number of optimizer steps already taken; at least 0.</param>
    /// <returns>A finite, non-negative fraction; at most 1 unless a custom scale function returns more than 1.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="iteration"/> is negative.</exception>
    double GetAmplitudeFraction(long iteration);
}
