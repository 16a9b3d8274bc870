using System.Globalization;

namespace CyclicalLR;

/// <summary>
/// The momentum counterpart of <see cref="LinearWarmup"/>: a momentum schedule delayed by the warm-up, with a linear
/// ramp (or, by default, a hold at its first value) in front of it.
/// </summary>
/// <remarks>
/// <para>
/// With <c>W = warmupIterations</c>, <c>s = startMomentum</c> and <c>t = momentum(0)</c>: <c>m(i) = s + (t - s) * i / W</c>
/// for <c>i &lt; W</c>, and <c>m(i) = momentum(i - W)</c> from <c>W</c> on. Without <c>startMomentum</c>, <c>s = t</c>: the
/// momentum holds its first value through the warm-up (for a <see cref="CyclicalMomentum"/>, its maximum, which goes
/// with the low learning rate at the start of a cycle) and then cycles in step with the learning rate of the
/// <see cref="LinearWarmup"/> over the same schedule. <see cref="LinearWarmup.FollowMomentum"/> builds it.
/// </para>
/// <para>
/// Iteration arithmetic is in 64-bit integers, exact up to <see cref="long.MaxValue"/>. Immutable and thread-safe when
/// the wrapped momentum schedule is; <see cref="GetMomentum(long)"/> allocates nothing. The wrapped schedule's first
/// value is read once, by the constructor.
/// </para>
/// </remarks>
public sealed class MomentumWarmup : IMomentumSchedule
{
    /// <summary>Initializes a new instance of the <see cref="MomentumWarmup"/> class.</summary>
    /// <param name="momentum">The momentum schedule that runs after the warm-up, from its own iteration 0.</param>
    /// <param name="warmupIterations">Iterations of the warm-up; at least 1 (the same as the learning rate's warm-up).</param>
    /// <param name="startMomentum">
    /// The momentum at iteration 0, finite and at least 0; or <see langword="null"/> to hold <paramref name="momentum"/>'s
    /// first value through the warm-up.
    /// </param>
    /// <exception cref="ArgumentNullException"><paramref name="momentum"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="warmupIterations"/> is below 1; <paramref name="startMomentum"/> is NaN, infinite or negative.
    /// </exception>
    public MomentumWarmup(IMomentumSchedule momentum, long warmupIterations, double? startMomentum = null)
    {
        Guard.NotNull(momentum);
        Guard.Positive(warmupIterations);
        if (startMomentum is { } start)
        {
            Guard.FiniteNonNegative(start, nameof(startMomentum));
        }

        Momentum = momentum;
        WarmupIterations = warmupIterations;
        TargetMomentum = momentum.GetMomentum(0);
        StartMomentum = startMomentum ?? TargetMomentum;
    }

    /// <summary>Gets the momentum schedule that runs after the warm-up.</summary>
    public IMomentumSchedule Momentum { get; }

    /// <summary>Gets the number of iterations of the warm-up.</summary>
    public long WarmupIterations { get; }

    /// <summary>Gets the momentum at iteration 0 (the wrapped schedule's first value unless set).</summary>
    public double StartMomentum { get; }

    /// <summary>Gets the momentum reached at <see cref="WarmupIterations"/>: the wrapped schedule's value at its iteration 0.</summary>
    public double TargetMomentum { get; }

    /// <inheritdoc/>
    public double GetMomentum(long iteration)
    {
        Guard.Iteration(iteration);
        // Stryker disable once Equality : equivalent: at iteration == WarmupIterations both branches give TargetMomentum (the ramp's end, and the inner schedule's momentum at 0).
        return iteration < WarmupIterations
            ? Ramp.Linear(StartMomentum, TargetMomentum, TargetMomentum - StartMomentum, iteration, WarmupIterations)
            : Momentum.GetMomentum(iteration - WarmupIterations);
    }

    /// <summary>Returns the warm-up's parameters and the wrapped momentum schedule, formatted with the invariant culture.</summary>
    /// <returns>For example <c>MomentumWarmup(warmupIterations: 500, startMomentum: 0.95, momentum: CyclicalMomentum(...))</c>.</returns>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"MomentumWarmup(warmupIterations: {WarmupIterations}, startMomentum: {StartMomentum:R}, momentum: {Momentum})");
}
