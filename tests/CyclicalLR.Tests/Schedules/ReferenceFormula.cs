using System.Numerics;

namespace CyclicalLR.Tests;

/// <summary>
/// An independent reference for every schedule, written from the formulas in Smith's paper and PyTorch's
/// <c>CyclicLR</c> documentation and sharing no code with the library: numbers are binary floating point with a
/// 256-bit <see cref="BigInteger"/> mantissa and a 64-bit exponent, so cycle arithmetic, positions, powers and sums carry
/// about 77 significant digits and are rounded to <see cref="double"/> only once, at the end.
/// </summary>
internal static class ReferenceFormula
{
    /// <summary>Triangular: <c>base + (max - base) * p</c>.</summary>
    public static double Triangular(double baseLr, double maxLr, long up, long down, long i) =>
        Lr(baseLr, maxLr, Position(up, down, i)).ToDouble();

    /// <summary>Triangular2: <c>base + (max - base) * p / 2^k</c>, <c>k</c> the zero-based cycle.</summary>
    public static double Triangular2(double baseLr, double maxLr, long up, long down, long i) =>
        Lr(baseLr, maxLr, Position(up, down, i).ScaleByPowerOfTwo(-CycleIndex(up, down, i))).ToDouble();

    /// <summary>ExpRange: <c>base + (max - base) * p * gamma^i</c>.</summary>
    public static double ExpRange(double baseLr, double maxLr, long up, long down, double gamma, long i) =>
        Lr(baseLr, maxLr, Position(up, down, i) * BigFloat.FromDouble(gamma).Pow(i)).ToDouble();

    /// <summary>Custom scale: <c>base + (max - base) * p * scale</c>, with the scale given exactly.</summary>
    public static double Custom(double baseLr, double maxLr, long up, long down, BigFloat scale, long i) =>
        Lr(baseLr, maxLr, Position(up, down, i) * scale).ToDouble();

    /// <summary>FixedDecay: <c>max - (max - base) * min(i, s) / s</c>.</summary>
    public static double FixedDecay(double baseLr, double maxLr, long stepSize, long i)
    {
        var b = BigFloat.FromDouble(baseLr);
        var m = BigFloat.FromDouble(maxLr);
        var t = BigFloat.FromInteger(Math.Min(i, stepSize)) / BigFloat.FromInteger(stepSize);
        return (m - ((m - b) * t)).ToDouble();
    }

    /// <summary>Cyclical momentum: <c>maxM - (maxM - baseM) * fraction</c>, the fraction given exactly.</summary>
    public static double Momentum(double baseM, double maxM, BigFloat fraction)
    {
        var b = BigFloat.FromDouble(baseM);
        var m = BigFloat.FromDouble(maxM);
        return (m - ((m - b) * fraction)).ToDouble();
    }

    /// <summary>The zero-based cycle index <c>floor(i / (up + down))</c>, in 128-bit integers.</summary>
    public static long CycleIndex(long up, long down, long i) => (long)((Int128)i / ((Int128)up + down));

    /// <summary>The triangle position: <c>c / up</c> for <c>c &lt;= up</c>, else <c>(up + down - c) / down</c>.</summary>
    public static BigFloat Position(long up, long down, long i)
    {
        var total = (Int128)up + down;
        var c = (Int128)i % total;
        return c <= up
            ? BigFloat.FromInteger((BigInteger)c) / BigFloat.FromInteger(up)
            : BigFloat.FromInteger((BigInteger)(total - c)) / BigFloat.FromInteger(down);
    }

    private static BigFloat Lr(double baseLr, double maxLr, BigFloat fraction)
    {
        var b = BigFloat.FromDouble(baseLr);
        return b + ((BigFloat.FromDouble(maxLr) - b) * fraction);
    }
}
