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

    /// <summary>Pi to 100 decimal digits (about 332 bits, beyond the 256-bit mantissa).</summary>
    public static readonly BigFloat Pi = BigFloat.FromInteger(BigInteger.Parse(
        "31415926535897932384626433832795028841971693993751058209749445923078164062862089986280348253421170679",
        System.Globalization.CultureInfo.InvariantCulture)) / BigFloat.FromInteger(BigInteger.Pow(10, 100));

    /// <summary>CosineAnnealing (PyTorch's closed form): <c>min + (max - min) * (1 + cos(pi * i / period)) / 2</c>, with <c>i</c> reduced mod <c>2 * period</c>.</summary>
    public static double CosineAnnealing(double maxLr, double minLr, long period, long i)
    {
        var twice = 2 * (BigInteger)period;
        return Cosine(maxLr, minLr, (BigInteger)i % twice, period).ToDouble();
    }

    /// <summary>
    /// SGDR: walks the cycles one by one in unbounded integers (<c>T_k = T0 * m^k</c>) to the one holding <c>i</c>, then
    /// <c>min + (max - min) * (1 + cos(pi * (i - S_k) / T_k)) / 2</c>. For <c>m = 1</c> the cycle is <c>i / T0</c>.
    /// </summary>
    public static double CosineWarmRestarts(double maxLr, double minLr, long firstCycleLength, long multiplier, long i)
    {
        var (start, length) = WarmRestartCycle(firstCycleLength, multiplier, i);
        return Cosine(maxLr, minLr, i - start, length).ToDouble();
    }

    /// <summary>The start and length of the SGDR cycle holding iteration <c>i</c>, in unbounded integers.</summary>
    public static (BigInteger Start, BigInteger Length) WarmRestartCycle(long firstCycleLength, long multiplier, long i)
    {
        if (multiplier == 1)
        {
            return ((BigInteger)i / firstCycleLength * firstCycleLength, firstCycleLength);
        }

        BigInteger start = 0, length = firstCycleLength;
        while (start + length <= i)
        {
            start += length;
            length *= multiplier;
        }

        return (start, length);
    }

    /// <summary><c>min + (max - min) * (1 + cos(pi * n / d)) / 2</c> for <c>0 &lt;= n / d &lt; 2</c>, by a Taylor series of the sine.</summary>
    public static BigFloat Cosine(double maxLr, double minLr, BigInteger n, BigInteger d)
    {
        // cos(pi * n / d) = sin(pi / 2 - pi * n / d) = sin(pi * (d - 2n) / (2d)); the argument lies in (-3pi/2, pi/2].
        var argument = Pi * BigFloat.FromInteger(d - (2 * n)) / BigFloat.FromInteger(2 * d);
        var half = (BigFloat.One + Sin(argument)).ScaleByPowerOfTwo(-1);
        var min = BigFloat.FromDouble(minLr);
        return min + ((BigFloat.FromDouble(maxLr) - min) * half);
    }

    /// <summary><c>sin(x)</c> for <c>|x| &lt;= 5</c>: the Taylor series to 120 terms (the last term is below 2^-400).</summary>
    public static BigFloat Sin(BigFloat x)
    {
        var square = x * x;
        var term = x;
        var sum = x;
        for (var k = 1; k <= 120; k++)
        {
            term = BigFloat.Zero - (term * square / BigFloat.FromInteger((2 * k) * ((2 * k) + 1)));
            sum += term;
        }

        return sum;
    }

    /// <summary>The geometric decays: <c>lr * gamma^k</c>, the power taken exactly.</summary>
    /// <remarks>Where <c>gamma^k</c> is below <c>2^-1200</c> (far under the smallest subnormal) the result is 0 without
    /// forming the power, whose binary exponent would overflow a <see cref="long"/> near <c>k = long.MaxValue</c>.</remarks>
    public static double Geometric(double lr, double gamma, long k) =>
        k * Math.Log2(gamma) < -1200 ? 0.0 : (BigFloat.FromDouble(lr) * BigFloat.FromDouble(gamma).Pow(k)).ToDouble();

    /// <summary>LinearRamp: <c>start + (end - start) * min(i, n) / n</c>.</summary>
    public static double LinearRamp(double start, double end, long n, long i)
    {
        var s = BigFloat.FromDouble(start);
        var t = BigFloat.FromInteger(Math.Min(i, n)) / BigFloat.FromInteger(n);
        return (s + ((BigFloat.FromDouble(end) - s) * t)).ToDouble();
    }

    /// <summary>PolynomialDecay with an integer power: <c>lr * ((n - min(i, n)) / n)^power</c>.</summary>
    public static double Polynomial(double lr, long n, int power, long i) =>
        (BigFloat.FromDouble(lr) * (BigFloat.FromInteger(n - Math.Min(i, n)) / BigFloat.FromInteger(n)).Pow(power)).ToDouble();

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
