namespace CyclicalLR;

/// <summary>A learning-rate schedule: a pure function from the iteration index to the learning rate.</summary>
/// <remarks>
/// <para>
/// An implementation holds no counter and has no side effects: the same iteration always gives the same value, from
/// any thread, so a training run can resume at any iteration. Call <see cref="GetLearningRate(long)"/> once per
/// optimizer step with the number of steps already taken.
/// </para>
/// <para>See Leslie N. Smith, <i>Cyclical Learning Rates for Training Neural Networks</i>, arXiv 1506.01186.</para>
/// </remarks>
public interface ILearningRateSchedule
{
    /// <summary>Gets the learning rate for the given iteration.</summary>
    /// <param name="iteration">
    /// The number of optimizer steps already taken (zero-based: 0 is the first batch). Must be at least 0.
    /// </param>
    /// <returns>The learning rate to use for this iteration; finite and non-negative.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="iteration"/> is negative.</exception>
    double GetLearningRate(long iteration);
}
