using System.Globalization;

namespace CyclicalLR;

/// <summary>
/// Momentum cycled inversely to a cyclical learning rate, as PyTorch's <c>CyclicLR(cycle_momentum=True)</c> does:
/// at the learning rate's base the momentum is at its max, at the learning rate's peak it is at its base.
/// </summary>
/// <remarks>
/// <para>
/// <c>m(i) = maxMomentum - (maxMomentum - baseMomentum) * f(i)</c>, where <c>f</c> is the schedule's
/// <see cref="ICyclicalSchedule.GetAmplitudeFraction(long)"/>, so the momentum carries the same amplitude scale as the
/// learning rate (halving with <see cref="Triangular2"/>, decaying with <see cref="ExpRange"/>). It always stays in
/// <c>[baseMomentum, maxMomentum]</c>: it is exactly <c>maxMomentum</c> where the fraction is 0 (the learning rate is at
/// base) and exactly <c>baseMomentum</c> where it is 1. A <see cref="CyclicalSchedule"/> whose scale function returns
/// more than 1 lifts the fraction above 1; the momentum then saturates at <c>baseMomentum</c> (the fraction is clamped
/// to 1) rather than fall below the bound you set, possibly below 0, where PyTorch would follow the formula out of range. One line gives it for any cyclical schedule:
/// <c>var momentum = new CyclicalMomentum(schedule, baseMomentum: 0.85, maxMomentum: 0.95);</c>
/// </para>
/// <para>
/// Behind a wrapper the momentum follows the wrapper's counterpart: for a <see cref="LinearWarmup"/> over the schedule,
/// <c>warmup.FollowMomentum(momentum)</c> (a <see cref="MomentumWarmup"/>: held at <c>maxMomentum</c> through the warm-up,
/// then in step with the shifted learning rate); for a <see cref="SequentialSchedule"/>, a <see cref="SequentialMomentum"/>
/// with the same milestones.
/// </para>
/// <para>Immutable and thread-safe; <see cref="GetMomentum(long)"/> is pure and allocation-free.</para>
/// </remarks>
public sealed class CyclicalMomentum : IMomentumSchedule
{
    private readonly double _amplitude;

    /// <summary>Initializes a new instance of the <see cref="CyclicalMomentum"/> class.</summary>
    /// <param name="schedule">The learning-rate schedule whose cycle the momentum follows inversely.</param>
    /// <param name="baseMomentum">The momentum at the learning rate's peak; finite and at least 0 (PyTorch's default 0.8).</param>
    /// <param name="maxMomentum">The momentum at a cycle's start; finite, at least <paramref name="baseMomentum"/> (PyTorch's default 0.9).</param>
    /// <exception cref="ArgumentNullException"><paramref name="schedule"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">
    /// A momentum is NaN, infinite or negative, or <paramref name="maxMomentum"/> is below <paramref name="baseMomentum"/>.
    /// </exception>
    public CyclicalMomentum(ICyclicalSchedule schedule, double baseMomentum = 0.8, double maxMomentum = 0.9)
    {
        Guard.NotNull(schedule);
        Guard.FiniteNonNegative(baseMomentum);
        Guard.FiniteNonNegative(maxMomentum);
        Guard.Ordered(baseMomentum, maxMomentum);
        Schedule = schedule;
        BaseMomentum = baseMomentum;
        MaxMomentum = maxMomentum;
        _amplitude = maxMomentum - baseMomentum;
    }

    /// <summary>Gets the learning-rate schedule the momentum follows.</summary>
    public ICyclicalSchedule Schedule { get; }

    /// <summary>Gets the momentum at the learning rate's peak.</summary>
    public double BaseMomentum { get; }

    /// <summary>Gets the momentum at the start of a cycle.</summary>
    public double MaxMomentum { get; }

    /// <inheritdoc/>
    public double GetMomentum(long iteration) =>
        Ramp.Linear(MaxMomentum, BaseMomentum, -_amplitude, Math.Min(Schedule.GetAmplitudeFraction(iteration), 1.0));

    /// <summary>Returns the momentum bounds and the schedule, formatted with the invariant culture.</summary>
    /// <returns>For example <c>CyclicalMomentum(baseMomentum: 0.85, maxMomentum: 0.95, schedule: Triangular(...))</c>.</returns>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"CyclicalMomentum(baseMomentum: {BaseMomentum:R}, maxMomentum: {MaxMomentum:R}, schedule: {Schedule})");
}
