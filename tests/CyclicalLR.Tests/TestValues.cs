using System.Globalization;

namespace CyclicalLR.Tests;

/// <summary>Shared argument values for the bad-argument theories, keyed by name so that theory rows stay readable
/// and a NaN keeps its sign bit (xunit's serialization of a double would not).</summary>
internal static class TestValues
{
    /// <summary>NaN with the sign bit set (the bit pattern of <see cref="double.NaN"/> on x64).</summary>
    public static readonly double NegativeNaN = BitConverter.Int64BitsToDouble(unchecked((long)0xFFF8000000000000));

    /// <summary>NaN with the sign bit clear.</summary>
    public static readonly double PositiveNaN = BitConverter.Int64BitsToDouble(0x7FF8000000000000);

    /// <summary>Every double that no rate, momentum or gamma may be: NaN of both signs and the infinities.</summary>
    public static readonly IReadOnlyDictionary<string, double> NonFinite = new Dictionary<string, double>
    {
        ["double.NaN"] = double.NaN,
        ["-double.NaN"] = -double.NaN,
        ["NaN 0xFFF8000000000000"] = NegativeNaN,
        ["NaN 0x7FF8000000000000"] = PositiveNaN,
        ["+Infinity"] = double.PositiveInfinity,
        ["-Infinity"] = double.NegativeInfinity,
    };

    /// <summary>The non-finite values and the negative ones: what no rate or momentum may be.</summary>
    public static readonly IReadOnlyDictionary<string, double> NotFiniteNonNegative = new Dictionary<string, double>(NonFinite)
    {
        ["-1"] = -1.0,
        ["-double.Epsilon"] = -double.Epsilon,
        ["double.MinValue"] = double.MinValue,
    };

    /// <summary>Step sizes below 1.</summary>
    public static readonly TheoryData<long> NonPositiveStepSizes = new(0L, -1L, long.MinValue);

    /// <summary>The keys of <see cref="NotFiniteNonNegative"/>, as theory rows.</summary>
    public static TheoryData<string> NotFiniteNonNegativeNames => new(NotFiniteNonNegative.Keys);

    /// <summary>The keys of <see cref="NonFinite"/>, as theory rows.</summary>
    public static TheoryData<string> NonFiniteNames => new(NonFinite.Keys);

    /// <summary><c>|actual - expected| / |expected|</c>; 0 only when both are equal, infinite if expected is 0 and actual is not.</summary>
    public static double RelativeError(double actual, double expected) =>
        actual == expected ? 0.0 : expected == 0.0 ? double.PositiveInfinity : Math.Abs(actual - expected) / Math.Abs(expected);

    /// <summary>A culture that writes numbers the German way (decimal comma, dot grouping, a Unicode minus), built by
    /// hand so the test does not depend on ICU data; the test project runs with invariant globalization.</summary>
    public static CultureInfo CommaDecimalCulture()
    {
        var culture = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        culture.NumberFormat.NumberDecimalSeparator = ",";
        culture.NumberFormat.NumberGroupSeparator = ".";
        culture.NumberFormat.NegativeSign = "\u2212";
        culture.NumberFormat.PositiveInfinitySymbol = "∞";
        culture.NumberFormat.NaNSymbol = "NaN?";
        return culture;
    }

    /// <summary>Runs <paramref name="action"/> with <see cref="CultureInfo.CurrentCulture"/> set to
    /// <paramref name="culture"/>, then restores the previous culture.</summary>
    public static T WithCulture<T>(CultureInfo culture, Func<T> action)
    {
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = culture;
        try
        {
            return action();
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }
}
