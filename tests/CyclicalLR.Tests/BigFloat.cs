using System.Numerics;

namespace CyclicalLR.Tests;

/// <summary>
/// A binary floating-point number <c>Mantissa * 2^Exponent</c> with a mantissa of at most <see cref="Precision"/> bits
/// (truncated, not rounded) and a 64-bit exponent: enough range for <c>gamma^(long.MaxValue)</c> and enough precision
/// that the single rounding in <see cref="ToDouble"/> dominates every other error. Test-only; shares nothing with the
/// library.
/// </summary>
internal readonly record struct BigFloat(BigInteger Mantissa, long Exponent)
{
    public const int Precision = 256;

    public static BigFloat Zero => new(BigInteger.Zero, 0);

    public static BigFloat One => new(BigInteger.One, 0);

    public bool IsZero => Mantissa.IsZero;

    public static BigFloat FromInteger(BigInteger value) => Normalize(value, 0);

    /// <summary>The exact value of a finite double.</summary>
    public static BigFloat FromDouble(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "must be finite");
        }

        var bits = BitConverter.DoubleToInt64Bits(value);
        var negative = bits < 0;
        var exponentBits = (int)((bits >> 52) & 0x7FF);
        var fraction = bits & 0xF_FFFF_FFFF_FFFFL;
        BigInteger mantissa = exponentBits == 0 ? fraction : fraction | (1L << 52);
        var exponent = exponentBits == 0 ? -1074 : exponentBits - 1075;
        return Normalize(negative ? -mantissa : mantissa, exponent);
    }

    public static BigFloat operator +(BigFloat a, BigFloat b)
    {
        if (a.IsZero)
        {
            return b;
        }

        if (b.IsZero)
        {
            return a;
        }

        var (hi, lo) = a.Exponent >= b.Exponent ? (a, b) : (b, a);
        var gap = hi.Exponent - lo.Exponent;
        var top = hi.Exponent + (long)hi.Mantissa.GetBitLength();
        var loTop = lo.Exponent + (long)lo.Mantissa.GetBitLength();
        if (top - loTop > (2 * Precision) + 2)
        {
            // lo is below 2^-(2P) of hi: negligible at this precision.
            return hi;
        }

        return Normalize((hi.Mantissa << (int)gap) + lo.Mantissa, lo.Exponent);
    }

    public static BigFloat operator -(BigFloat a, BigFloat b) => a + new BigFloat(-b.Mantissa, b.Exponent);

    public static BigFloat operator *(BigFloat a, BigFloat b) =>
        a.IsZero || b.IsZero ? Zero : Normalize(a.Mantissa * b.Mantissa, checked(a.Exponent + b.Exponent));

    public static BigFloat operator /(BigFloat a, BigFloat b)
    {
        if (b.IsZero)
        {
            throw new DivideByZeroException();
        }

        const int Extra = Precision + 64;
        return Normalize((a.Mantissa << Extra) / b.Mantissa, a.Exponent - b.Exponent - Extra);
    }

    /// <summary>Multiplies by <c>2^power</c> exactly.</summary>
    public BigFloat ScaleByPowerOfTwo(long power) => IsZero ? this : new BigFloat(Mantissa, checked(Exponent + power));

    /// <summary><c>this^n</c> for <c>n &gt;= 0</c>, by repeated squaring.</summary>
    public BigFloat Pow(long n)
    {
        var result = One;
        var square = this;
        for (var e = n; e > 0; e >>= 1)
        {
            if ((e & 1) != 0)
            {
                result *= square;
            }

            if (e > 1)
            {
                square *= square;
            }
        }

        return result;
    }

    /// <summary>The nearest double (the top 64 bits are rounded to 53; the truncated tail is far below an ulp).</summary>
    public double ToDouble()
    {
        if (IsZero)
        {
            return 0.0;
        }

        var magnitude = BigInteger.Abs(Mantissa);
        var length = (long)magnitude.GetBitLength();
        var top = length > 64 ? magnitude >> (int)(length - 64) : magnitude << (int)(64 - length);
        var exponent = Exponent + length - 64;
        double result;
        if (exponent + 64 < -1100)
        {
            result = 0.0;
        }
        else if (exponent > 1100)
        {
            result = double.PositiveInfinity;
        }
        else if (exponent < -1000)
        {
            // Scale in two steps so that only the final step can enter the subnormal range.
            result = Math.ScaleB(Math.ScaleB((double)(ulong)top, -1000), (int)exponent + 1000);
        }
        else
        {
            result = Math.ScaleB((double)(ulong)top, (int)exponent);
        }

        return Mantissa.Sign < 0 ? -result : result;
    }

    private static BigFloat Normalize(BigInteger mantissa, long exponent)
    {
        if (mantissa.IsZero)
        {
            return Zero;
        }

        var magnitude = BigInteger.Abs(mantissa);
        var excess = (long)magnitude.GetBitLength() - Precision;
        if (excess <= 0)
        {
            return new BigFloat(mantissa, exponent);
        }

        var truncated = magnitude >> (int)excess;
        return new BigFloat(mantissa.Sign < 0 ? -truncated : truncated, checked(exponent + excess));
    }
}
