namespace CyclicalLR;

/// <summary>A momentum schedule: a pure function from the iteration index to the momentum coefficient.</summary>
public interface IMomentumSchedule
{
    /// <summary>Gets the momentum for the given iteration.</summary>
    /// <param name="iteration">The number of optimizer steps already taken; at least 0.</param>
    /// <returns>The momentum coefficient for this iteration; finite and non-negative.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="iteration"/> is negative.</exception>
    double GetMomentum(long iteration);
}
