using System.Runtime.CompilerServices;

namespace CyclicalLR;

/// <summary>Linear interpolation between two bounds that is exact at both ends and never leaves them.</summary>
internal static class Interpolation
{
    /// <summary>
    /// Returns <c>from + (to - from) * t</c>, computed from the nearer end: <c>from + amplitude * t</c> for
    /// <c>t &lt;= 0.5</c>, else <c>to - amplitude * (1 - t)</c>.
    /// </summary>
    /// <remarks>
    /// <c>from + (to - from)</c> is not always <c>to</c> in floating point (for example 0.001 and 0.01: the rounded
    /// difference added back gives 0.010000000000000002, above 0.01), so a single formula can miss the far end or step past it. Working
    /// from the nearer end gives exactly <paramref name="from"/> at <c>t = 0</c>, exactly <paramref name="to"/> at
    /// <c>t = 1</c>, and a value between the two for every <c>t</c> in [0, 1]; <c>1 - t</c> is exact for
    /// <c>t</c> in [0.5, 2] (Sterbenz), so each branch has the accuracy of the plain formula.
    /// </remarks>
    /// <param name="from">The value at <c>t = 0</c>.</param>
    /// <param name="to">The value at <c>t = 1</c>.</param>
    /// <param name="amplitude"><c>to - from</c>, precomputed.</param>
    /// <param name="t">The fraction of the way from <paramref name="from"/> to <paramref name="to"/>; finite.</param>
    /// <returns>The interpolated value.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Lerp(double from, double to, double amplitude, double t) =>
        t <= 0.5 ? from + (amplitude * t) : to - (amplitude * (1.0 - t));
}
