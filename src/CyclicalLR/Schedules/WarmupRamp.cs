using System.Runtime.CompilerServices;

namespace CyclicalLR;

/// <summary>The linear warm-up ramp that <see cref="LinearWarmup"/> and <see cref="MomentumWarmup"/> share.</summary>
internal static class WarmupRamp
{
    /// <summary>
    /// Returns <c>start + (target - start) * iteration / length</c> for <c>0 &lt;= iteration &lt; length</c>, computed from
    /// the nearer end with the fraction from integers: exactly <paramref name="start"/> at 0, never outside the two ends.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double At(long iteration, long length, double start, double target)
    {
        var remaining = length - iteration;
        var amplitude = target - start;
        return iteration <= remaining
            ? start + (amplitude * ((double)iteration / length))
            : target - (amplitude * ((double)remaining / length));
    }
}
