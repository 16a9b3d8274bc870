using System.Runtime.CompilerServices;

namespace CyclicalLR;

/// <summary>
/// The two shapes every schedule is built from, a straight line and a half cosine from one value to another, each
/// computed from the nearer end so that it is exact at both ends and never leaves them.
/// </summary>
/// <remarks>
/// A shape is evaluated from <c>t</c>, the fraction of the way done, and <c>u = 1 - t</c>, the fraction left, both
/// computed by the caller from integers (one rounded division each) so that neither loses precision near its end.
/// For <c>t &lt;= u</c> the value is <c>from + (to - from) * s(t)</c>, else <c>to - (to - from) * s'(u)</c>, where for
/// the cosine <c>s(t) = sin^2(pi t / 2) = (1 - cos(pi t)) / 2</c> and <c>s'(u) = sin^2(pi u / 2) = (1 + cos(pi t)) / 2</c>:
/// the cosine of <c>pi * t</c> near <c>-1</c> (where <c>1 + cos</c> cancels) is never formed.
/// </remarks>
internal static class Ramp
{
    private const double HalfPi = Math.PI / 2;

    // fdlibm's __kernel_sin coefficients (s_sin.c, k_sin.c): a minimax polynomial for sin on [-pi/4, pi/4], error
    // below 1 ulp (0.71 ulp measured against 200-bit arithmetic; Math.Sin: 0.51). Notice, as its licence asks:
    // Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved. Developed at SunSoft, a Sun Microsystems, Inc.
    // business. Permission to use, copy, modify, and distribute this software is freely granted, provided that this
    // notice is preserved.
    private const double S1 = -1.66666666666666324348e-01;
    private const double S2 = 8.33333333332248946124e-03;
    private const double S3 = -1.98412698298579493134e-04;
    private const double S4 = 2.75573137070700676789e-06;
    private const double S5 = -2.50507602534068634195e-08;
    private const double S6 = 1.58969099521155010221e-10;

    /// <summary>Returns the straight line from <paramref name="from"/> at offset 0 to <paramref name="to"/> at <paramref name="length"/>, held at <paramref name="to"/> after.</summary>
    /// <param name="from">The value at offset 0.</param>
    /// <param name="to">The value at offset <paramref name="length"/> and after.</param>
    /// <param name="amplitude"><c>to - from</c>, precomputed.</param>
    /// <param name="offset">Iterations done; at least 0.</param>
    /// <param name="length">Iterations in the ramp; at least 1.</param>
    /// <returns>A value between <paramref name="from"/> and <paramref name="to"/>.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Linear(double from, double to, double amplitude, long offset, long length)
    {
        if (offset >= length)
        {
            return to;
        }

        var remaining = length - offset;
        return offset <= remaining
            ? from + (amplitude * ((double)offset / length))
            : to - (amplitude * ((double)remaining / length));
    }

    /// <summary>Returns the straight line from <paramref name="from"/> to <paramref name="to"/> at fraction <paramref name="t"/>, computed from the nearer end.</summary>
    /// <remarks>
    /// <c>from + (to - from)</c> is not always <c>to</c> in floating point (for example 0.001 and 0.01: the rounded
    /// difference added back gives 0.010000000000000002, above 0.01), so a single formula can miss the far end or step
    /// past it. Working from the nearer end gives exactly <paramref name="from"/> at <c>t = 0</c>, exactly
    /// <paramref name="to"/> at <c>t = 1</c>, and a value between the two for every <c>t</c> in [0, 1]; <c>1 - t</c> is
    /// exact for <c>t</c> in [0.5, 2] (Sterbenz), so each branch has the accuracy of the plain formula. A <c>t</c> above 1
    /// (a custom scale above 1) continues the line past <paramref name="to"/>.
    /// </remarks>
    /// <param name="from">The value at <c>t = 0</c>.</param>
    /// <param name="to">The value at <c>t = 1</c>.</param>
    /// <param name="amplitude"><c>to - from</c>, precomputed.</param>
    /// <param name="t">The fraction of the way from <paramref name="from"/> to <paramref name="to"/>; finite.</param>
    /// <returns>The interpolated value.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Linear(double from, double to, double amplitude, double t) => Linear(from, to, amplitude, t, 1.0 - t);

    /// <summary>Returns the straight line from <paramref name="from"/> to <paramref name="to"/> at fraction <paramref name="t"/> (with <paramref name="u"/> = 1 - t).</summary>
    /// <param name="from">The value at <c>t = 0</c>.</param>
    /// <param name="to">The value at <c>t = 1</c>.</param>
    /// <param name="amplitude"><c>to - from</c>, precomputed.</param>
    /// <param name="t">The fraction done, in [0, 1].</param>
    /// <param name="u">The fraction left, <c>1 - t</c>, computed separately; in [0, 1].</param>
    /// <returns>A value between <paramref name="from"/> and <paramref name="to"/>.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Linear(double from, double to, double amplitude, double t, double u) =>
        t <= u ? from + (amplitude * t) : to - (amplitude * u);

    /// <summary>Returns the half cosine from <paramref name="from"/> at offset 0 to <paramref name="to"/> at <paramref name="length"/>, held at <paramref name="to"/> after.</summary>
    /// <param name="from">The value at offset 0.</param>
    /// <param name="to">The value at offset <paramref name="length"/> and after.</param>
    /// <param name="amplitude"><c>to - from</c>, precomputed.</param>
    /// <param name="offset">Iterations done; at least 0.</param>
    /// <param name="length">Iterations in the ramp; at least 1.</param>
    /// <returns><c>to + (from - to) * (1 + cos(pi * offset / length)) / 2</c>, between <paramref name="from"/> and <paramref name="to"/>.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Cosine(double from, double to, double amplitude, long offset, long length)
    {
        if (offset >= length)
        {
            return to;
        }

        return Cosine(from, to, amplitude, (double)offset / length, (double)(length - offset) / length);
    }

    /// <summary>Returns the half cosine from <paramref name="from"/> to <paramref name="to"/> at fraction <paramref name="t"/> (with <paramref name="u"/> = 1 - t).</summary>
    /// <param name="from">The value at <c>t = 0</c>.</param>
    /// <param name="to">The value at <c>t = 1</c>.</param>
    /// <param name="amplitude"><c>to - from</c>, precomputed.</param>
    /// <param name="t">The fraction done, in [0, 1].</param>
    /// <param name="u">The fraction left, <c>1 - t</c>, computed separately; in [0, 1].</param>
    /// <returns><c>to + (from - to) * (1 + cos(pi * t)) / 2</c>, between <paramref name="from"/> and <paramref name="to"/>.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Cosine(double from, double to, double amplitude, double t, double u)
    {
        if (t <= u)
        {
            var s = SinQuarter(HalfPi * t);
            return from + (amplitude * (s * s));
        }

        var r = SinQuarter(HalfPi * u);
        return to - (amplitude * (r * r));
    }

    /// <summary>Returns <c>sin(x)</c> for <c>0 &lt;= x &lt;= pi/4</c> (fdlibm's kernel: no argument reduction needed, about 3x faster than <see cref="Math.Sin"/>).</summary>
    /// <param name="x">The angle in radians, in <c>[0, pi/4]</c>.</param>
    /// <returns><c>sin(x)</c>, within 1 ulp.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static double SinQuarter(double x)
    {
        var z = x * x;
        var v = z * x;
        var r = S2 + (z * (S3 + (z * (S4 + (z * (S5 + (z * S6)))))));
        return x + (v * (S1 + (z * r)));
    }
}
