using System.Globalization;
using System.Text.RegularExpressions;

namespace CyclicalLR;

/// <summary>The short form of a schedule's <c>ToString()</c> that plot titles use.</summary>
internal static partial class PlotTitle
{
    /// <summary>Titles longer than this drop the parameter names too.</summary>
    public const int MaxLength = 100;

    /// <summary>
    /// Returns <paramref name="schedule"/>'s <c>ToString()</c> with every non-integer number written with 4 significant
    /// digits (<c>0.0010000000000000002</c> becomes <c>0.001</c>; integers such as step sizes are kept whole); if that is
    /// still longer than <see cref="MaxLength"/>, the parameter names (<c>name: </c>) are dropped as well.
    /// </summary>
    public static string For(object schedule)
    {
        var text = schedule.ToString() ?? string.Empty;
        var shortened = Decimal().Replace(text, m => double.Parse(m.Value, NumberStyles.Float, CultureInfo.InvariantCulture).ToString("G4", CultureInfo.InvariantCulture));
        return shortened.Length <= MaxLength ? shortened : ParameterName().Replace(shortened, string.Empty);
    }

    // A number with a fraction or an exponent (as "R" formatting writes doubles), not part of a word.
    [GeneratedRegex(@"(?<![\w.])-?\d+(?:\.\d+(?:[eE][+-]?\d+)?|[eE][+-]?\d+)(?![\w.])")]
    private static partial Regex Decimal();

    [GeneratedRegex(@"\b[A-Za-z]\w*: ")]
    private static partial Regex ParameterName();
}
