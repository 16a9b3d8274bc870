using System.Globalization;

namespace CyclicalLR;

/// <summary>
/// A linear warm-up in front of any schedule: the learning rate rises (or falls) linearly from a start value to the
/// schedule's first value over <c>warmupIterations</c>, then the schedule runs from its own iteration 0.
/// </summary>
/// <remarks>
/// <para>
/// With <c>W = warmupIterations</c>, <c>s = startLearningRate</c> and <c>t = schedule(0)</c>:
/// <c>lr(i) = s + (t - s) * i / W</c> for <c>i &lt; W</c>, and <c>lr(i) = schedule(i - W)</c> from <c>W</c> on. It is
/// <c>s</c> exactly at 0 and <c>t</c> exactly at <c>W</c>, and the ramp stays between the two. It equals PyTorch's
/// <c>SequentialLR([LinearLR(start_factor=s/t, end_factor=1, total_iters=W), scheduler], milestones=[W])</c> (and
/// Optax's <c>join_schedules([linear_schedule(s, t, W), schedule], [W])</c>).
/// </para>
/// <para>
/// The wrapped schedule's momentum (a <see cref="CyclicalMomentum"/>, or the momentum of <see cref="OneCycle"/>) must be
/// shifted the same way or it runs <c>W</c> iterations ahead of its learning rate: <see cref="FollowMomentum"/> gives
/// that shifted momentum, held at its first value during the warm-up.
/// </para>
/// <para>
/// Iteration arithmetic is in 64-bit integers, exact up to <see cref="long.MaxValue"/>. The instance is immutable and
/// thread-safe when the wrapped schedule is (every built-in schedule is); <see cref="GetLearningRate(long)"/> allocates
/// nothing. The wrapped schedule's first value is read once, by the constructor.
/// </para>
/// </remarks>
public sealed class LinearWarmup : ILearningRateSchedule
{
    /// <summary>Initializes a new instance of the <see cref="LinearWarmup"/> class.</summary>
    /// <param name="schedule">The schedule that runs after the warm-up, from its own iteration 0.</param>
    /// <param name="warmupIterations">Iterations of the warm-up ramp; at least 1.</param>
    /// <param name="startLearningRate">The learning rate at iteration 0; finite and at least 0.</param>
    /// <exception cref="ArgumentNullException"><paramref name="schedule"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="warmupIterations"/> is below 1; <paramref name="startLearningRate"/> is NaN, infinite or negative.
    /// </exception>
    /// <exception cref="InvalidOperationException"><paramref name="schedule"/>'s value at iteration 0 throws it (a custom scale function's bad factor).</exception>
    public LinearWarmup(ILearningRateSchedule schedule, long warmupIterations, double startLearningRate)
    {
        Guard.NotNull(schedule);
        Guard.Positive(warmupIterations);
        Guard.FiniteNonNegative(startLearningRate);
        Schedule = schedule;
        WarmupIterations = warmupIterations;
        StartLearningRate = startLearningRate;
        TargetLearningRate = schedule.GetLearningRate(0);
    }

    /// <summary>Gets the schedule that runs after the warm-up.</summary>
    public ILearningRateSchedule Schedule { get; }

    /// <summary>Gets the number of iterations of the warm-up ramp.</summary>
    public long WarmupIterations { get; }

    /// <summary>Gets the learning rate at iteration 0.</summary>
    public double StartLearningRate { get; }

    /// <summary>Gets the learning rate the ramp reaches at <see cref="WarmupIterations"/>: the wrapped schedule's value at its iteration 0.</summary>
    public double TargetLearningRate { get; }

    /// <inheritdoc/>
    public double GetLearningRate(long iteration)
    {
        Guard.Iteration(iteration);
        return iteration < WarmupIterations
            ? Ramp.Linear(StartLearningRate, TargetLearningRate, TargetLearningRate - StartLearningRate, iteration, WarmupIterations)
            : Schedule.GetLearningRate(iteration - WarmupIterations);
    }

    /// <summary>
    /// Returns the momentum that goes with this warm-up: <paramref name="momentum"/> (the wrapped schedule's momentum)
    /// held at its iteration-0 value during the warm-up and shifted by <see cref="WarmupIterations"/> after it, so it
    /// stays in step with the learning rate.
    /// </summary>
    /// <param name="momentum">The momentum of the wrapped schedule, for example a <see cref="CyclicalMomentum"/> over it.</param>
    /// <returns><c>new MomentumWarmup(momentum, WarmupIterations)</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="momentum"/> is <see langword="null"/>.</exception>
    public MomentumWarmup FollowMomentum(IMomentumSchedule momentum) => new(momentum, WarmupIterations);

    /// <summary>Returns the warm-up's parameters and the wrapped schedule, formatted with the invariant culture.</summary>
    /// <returns>For example <c>LinearWarmup(warmupIterations: 5, startLearningRate: 0.01, schedule: CosineAnnealing(...))</c>.</returns>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"LinearWarmup(warmupIterations: {WarmupIterations}, startLearningRate: {StartLearningRate:R}, schedule: {Schedule})");
}
