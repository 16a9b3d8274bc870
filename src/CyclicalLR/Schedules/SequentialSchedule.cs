using System.Globalization;

namespace CyclicalLR;

/// <summary>
/// Runs schedules one after another: schedule 0 until the first milestone, schedule <c>k</c> from milestone <c>k-1</c>,
/// each seeing the iterations counted from its own start (PyTorch's <c>SequentialLR</c>, Optax's <c>join_schedules</c>).
/// </summary>
/// <remarks>
/// <para>
/// With milestones <c>m_1 &lt; m_2 &lt; ... &lt; m_n</c> and <c>m_0 = 0</c>: <c>lr(i) = s_k(i - m_k)</c> for
/// <c>m_k &lt;= i &lt; m_(k+1)</c> (the last schedule runs for ever). At a milestone the next schedule starts at its own
/// iteration 0, as PyTorch's <c>SequentialLR</c> steps it with <c>step(0)</c>. The value is one of the schedules' values,
/// so it stays within the union of their ranges.
/// </para>
/// <para>
/// The lists are copied when the instance is built. The milestone is found by binary search in 64-bit integers, so
/// the join is exact at every iteration up to <see cref="long.MaxValue"/>. The instance is immutable and thread-safe
/// when its schedules are (every built-in schedule is), and <see cref="GetLearningRate(long)"/> allocates nothing.
/// <see cref="SequentialMomentum"/> joins momentum schedules at the same milestones.
/// </para>
/// </remarks>
public sealed class SequentialSchedule : ILearningRateSchedule
{
    private readonly Segments<ILearningRateSchedule> _segments;

    /// <summary>Initializes a new instance of the <see cref="SequentialSchedule"/> class.</summary>
    /// <param name="schedules">The schedules in the order they run; at least one, none <see langword="null"/>.</param>
    /// <param name="milestones">
    /// The iterations at which the next schedule starts: one fewer than <paramref name="schedules"/>, each at least 1,
    /// strictly increasing.
    /// </param>
    /// <exception cref="ArgumentNullException"><paramref name="schedules"/> or <paramref name="milestones"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="schedules"/> is empty or holds a <see langword="null"/>; <paramref name="milestones"/> does not have
    /// one element fewer than <paramref name="schedules"/>.
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException">A milestone is below 1 or not greater than the one before it.</exception>
    public SequentialSchedule(IReadOnlyList<ILearningRateSchedule> schedules, IReadOnlyList<long> milestones) =>
        _segments = new Segments<ILearningRateSchedule>(schedules, milestones, nameof(schedules), nameof(milestones));

    /// <summary>Gets the schedules in the order they run (a read-only copy of the constructor's list).</summary>
    public IReadOnlyList<ILearningRateSchedule> Schedules => _segments.Parts;

    /// <summary>Gets the iterations at which each schedule after the first starts (a read-only copy).</summary>
    public IReadOnlyList<long> Milestones => _segments.Milestones;

    /// <inheritdoc/>
    public double GetLearningRate(long iteration)
    {
        Guard.Iteration(iteration);
        return _segments.Locate(iteration, out var local).GetLearningRate(local);
    }

    /// <summary>Returns the milestones and the schedules, formatted with the invariant culture.</summary>
    /// <returns>For example <c>SequentialSchedule(milestones: [5], schedules: [LinearRamp(...), CosineAnnealing(...)])</c>.</returns>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"SequentialSchedule({_segments.Describe()})");
}
