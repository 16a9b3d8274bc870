using System.Runtime.CompilerServices;

namespace CyclicalLR;

/// <summary>
/// The integer geometry of a cycle of <c>StepSizeUp + StepSizeDown</c> iterations: which cycle an iteration is in,
/// and where in the triangle it stands. All cycle arithmetic is in <see cref="long"/>; only the fraction within the
/// half-cycle becomes a <see cref="double"/>, so it is exact at every iteration up to <see cref="long.MaxValue"/>.
/// </summary>
internal readonly struct CycleGeometry
{
    public CycleGeometry(long stepSize, long? stepSizeDown, string stepSizeName = "stepSize", string stepSizeDownName = "stepSizeDown")
    {
        Guard.Positive(stepSize, stepSizeName);
        var down = stepSizeDown ?? stepSize;
        if (stepSizeDown is { } d)
        {
            Guard.Positive(d, stepSizeDownName);
        }

        if (down > long.MaxValue - stepSize)
        {
            Guard.ThrowOutOfRange(stepSizeDown is null ? stepSizeName : stepSizeDownName, down, "is so large that the cycle length (stepSize + stepSizeDown) overflows a 64-bit integer.");
        }

        StepSizeUp = stepSize;
        StepSizeDown = down;
        CycleLength = stepSize + down;
    }

    /// <summary>Iterations in the rising half-cycle.</summary>
    public long StepSizeUp { get; }

    /// <summary>Iterations in the falling half-cycle.</summary>
    public long StepSizeDown { get; }

    /// <summary>Iterations in a whole cycle.</summary>
    public long CycleLength { get; }

    /// <summary>Returns the offset of <paramref name="iteration"/> within its cycle, in <c>[0, CycleLength)</c>, and the zero-based cycle index.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long Offset(long iteration, out long cycleIndex)
    {
        var total = (ulong)CycleLength;
        var i = (ulong)iteration;
        // Stryker disable once Block : equivalent by design: without this first-cycle shortcut the division below gives q = 0 and the same offset; it saves a 64-bit division in the first cycle.
        if (i < total)
        {
            cycleIndex = 0;
            return iteration;
        }

        var q = i / total;
        cycleIndex = (long)q;
        return (long)(i - (q * total));
    }

    /// <summary>
    /// Returns the position in the triangle, from 0 at the start of a cycle to 1 at its peak (offset
    /// <see cref="StepSizeUp"/>) and back towards 0, and the zero-based cycle index.
    /// </summary>
    /// <remarks>
    /// PyTorch: <c>x = 1 + i / total - floor(1 + i / total)</c>; <c>x &lt;= up/total ? x/(up/total) : (x-1)/(up/total-1)</c>,
    /// which in exact arithmetic is <c>offset / up</c> on the way up and <c>(total - offset) / down</c> on the way down.
    /// Each is one correctly rounded division here.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Position(long iteration, out long cycleIndex)
    {
        var offset = Offset(iteration, out cycleIndex);
        // Stryker disable once Equality : equivalent: at offset == StepSizeUp both branches give exactly 1 (StepSizeUp / StepSizeUp and StepSizeDown / StepSizeDown).
        return offset <= StepSizeUp
            ? (double)offset / StepSizeUp
            : (double)(CycleLength - offset) / StepSizeDown;
    }
}
