using System.Collections.ObjectModel;
using System.Globalization;

namespace CyclicalLR;

/// <summary>
/// The parts of a join and the milestones between them, as <see cref="SequentialSchedule"/> and
/// <see cref="SequentialMomentum"/> share them: checked once, copied defensively, and located in integer arithmetic.
/// </summary>
/// <typeparam name="T">The kind of part (a learning-rate or a momentum schedule).</typeparam>
internal sealed class Segments<T>
    where T : class
{
    private readonly T[] _parts;
    private readonly long[] _milestones;

    /// <summary>Copies and checks the parts and milestones; the names are the caller's parameter names.</summary>
    public Segments(IReadOnlyList<T>? parts, IReadOnlyList<long>? milestones, string partsName, string milestonesName)
    {
        Guard.NotNull(parts, partsName);
        Guard.NotNull(milestones, milestonesName);

        // Copy first and check the copies, so a list changed by another thread cannot slip past the checks.
        _parts = [.. parts];
        _milestones = [.. milestones];
        if (_parts.Length == 0)
        {
            Guard.ThrowArgument(partsName, $"{partsName} must hold at least one schedule.");
        }

        for (var k = 0; k < _parts.Length; k++)
        {
            if (_parts[k] is null)
            {
                Guard.ThrowArgument(partsName, string.Create(CultureInfo.InvariantCulture, $"{partsName}[{k}] is null."));
            }
        }

        if (_milestones.Length != _parts.Length - 1)
        {
            Guard.ThrowArgument(milestonesName, string.Create(CultureInfo.InvariantCulture, $"{milestonesName} has {_milestones.Length} elements but {partsName} has {_parts.Length}; there must be one milestone fewer than schedules."));
        }

        for (var k = 0; k < _milestones.Length; k++)
        {
            if (_milestones[k] < 1)
            {
                Guard.ThrowOutOfRange(milestonesName, _milestones[k], string.Create(CultureInfo.InvariantCulture, $"(element {k}) must be at least 1."));
            }

            if (k > 0 && _milestones[k] <= _milestones[k - 1])
            {
                Guard.ThrowOutOfRange(milestonesName, _milestones[k], string.Create(CultureInfo.InvariantCulture, $"(element {k}) must be greater than {milestonesName}[{k - 1}] ({_milestones[k - 1]}): milestones are strictly increasing."));
            }
        }

        Parts = Array.AsReadOnly(_parts);
        Milestones = Array.AsReadOnly(_milestones);
    }

    /// <summary>Gets the parts, read-only.</summary>
    public ReadOnlyCollection<T> Parts { get; }

    /// <summary>Gets the milestones, read-only.</summary>
    public ReadOnlyCollection<long> Milestones { get; }

    /// <summary>
    /// Returns the part that runs at <paramref name="iteration"/> (part k from milestone k-1 on, the milestone itself
    /// included) and the iteration counted from that part's start.
    /// </summary>
    /// <param name="iteration">A checked, non-negative iteration.</param>
    /// <param name="local">The iteration less the part's start milestone; never negative.</param>
    /// <returns>The part.</returns>
    public T Locate(long iteration, out long local)
    {
        // The number of milestones at or below the iteration is the index of the running part.
        var found = Array.BinarySearch(_milestones, iteration);
        var index = found >= 0 ? found + 1 : ~found;
        local = index == 0 ? iteration : iteration - _milestones[index - 1];
        return _parts[index];
    }

    /// <summary>Formats the parts and milestones for a <c>ToString()</c>.</summary>
    public string Describe() => string.Create(
        CultureInfo.InvariantCulture,
        $"milestones: [{string.Join(", ", _milestones)}], schedules: [{string.Join(", ", _parts.Select(p => p.ToString()))}]");
}
