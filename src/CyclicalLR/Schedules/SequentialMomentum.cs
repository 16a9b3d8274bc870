using System.Globalization;

namespace CyclicalLR;

/// <summary>
/// Runs momentum schedules one after another at milestones, each seeing the iterations counted from its own start:
/// the momentum counterpart of <see cref="SequentialSchedule"/>.
/// </summary>
/// <remarks>
/// <para>
/// With milestones <c>m_1 &lt; ... &lt; m_n</c> and <c>m_0 = 0</c>: <c>momentum(i) = s_k(i - m_k)</c> for
/// <c>m_k &lt;= i &lt; m_(k+1)</c>. Give it the same milestones as the <see cref="SequentialSchedule"/> it follows and
/// each momentum schedule stays in step with its learning-rate schedule (for example a
/// <see cref="CyclicalMomentum"/> over the cyclical part).
/// </para>
/// <para>
/// The lists are copied when the instance is built; milestones are found in 64-bit integers, exact up to
/// <see cref="long.MaxValue"/>. Immutable and thread-safe when its schedules are; <see cref="GetMomentum(long)"/>
/// allocates nothing.
/// </para>
/// </remarks>
public sealed class SequentialMomentum : IMomentumSchedule
{
    private readonly Segments<IMomentumSchedule> _segments;

    /// <summary>Initializes a new instance of the <see cref="SequentialMomentum"/> class.</summary>
    /// <param name="schedules">The momentum schedules in the order they run; at least one, none <see langword="null"/>.</param>
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
    public SequentialMomentum(IReadOnlyList<IMomentumSchedule> schedules, IReadOnlyList<long> milestones) =>
        _segments = new Segments<IMomentumSchedule>(schedules, milestones, nameof(schedules), nameof(milestones));

    /// <summary>Gets the momentum schedules in the order they run (a read-only copy of the constructor's list).</summary>
    public IReadOnlyList<IMomentumSchedule> Schedules => _segments.Parts;

    /// <summary>Gets the iterations at which each schedule after the first starts (a read-only copy).</summary>
    public IReadOnlyList<long> Milestones => _segments.Milestones;

    /// <inheritdoc/>
    public double GetMomentum(long iteration)
    {
        Guard.Iteration(iteration);
        return _segments.Locate(iteration, out var local).GetMomentum(local);
    }

    /// <summary>Returns the milestones and the schedules, formatted with the invariant culture.</summary>
    /// <returns>For example <c>SequentialMomentum(milestones: [500], schedules: [...])</c>.</returns>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"SequentialMomentum({_segments.Describe()})");
}
