using System.Globalization;

namespace CyclicalLR.Demo;

/// <summary>
/// The mean of per-seed differences <c>a[s] - b[s]</c> (a policy's final accuracy minus fixed's, same seed, so the same
/// initial weights and batches) with its 95% Student t interval <c>mean +/- t(0.975, n-1) * sd / sqrt(n)</c>.
/// </summary>
/// <param name="Mean">The mean difference (a fraction: 0.01 is one percentage point).</param>
/// <param name="Lower">The interval's lower end; NaN for one seed.</param>
/// <param name="Upper">The interval's upper end; NaN for one seed.</param>
/// <param name="Count">The number of seeds (pairs).</param>
internal sealed record PairedDifference(double Mean, double Lower, double Upper, int Count)
{
    /// <summary>The confidence of the interval.</summary>
    public const double Confidence = 0.95;

    /// <summary>Gets a value indicating whether there is an interval (at least two seeds).</summary>
    public bool HasInterval => Count >= 2;

    /// <summary>
    /// Gets the reading of the interval, the only place the report's verdicts come from: above 0 is better than the
    /// baseline, below 0 worse, an interval containing 0 is within noise.
    /// </summary>
    public string Verdict =>
        !HasInterval ? "one seed: no interval"
        : Lower > 0 ? "better: interval above 0"
        : Upper < 0 ? "worse: interval below 0"
        : "within noise: interval contains 0";

    /// <summary>Returns the paired difference of <paramref name="a"/> and <paramref name="b"/>, element by element (one element per seed).</summary>
    /// <exception cref="ArgumentException">The lists are empty or differ in length.</exception>
    public static PairedDifference Of(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Count == 0 || a.Count != b.Count)
        {
            throw new ArgumentException($"Paired values need the same, non-zero count; got {a.Count} and {b.Count}.", nameof(b));
        }

        var differences = a.Select((value, i) => value - b[i]).ToArray();
        var mean = Statistics.Mean(differences);
        if (differences.Length < 2)
        {
            return new PairedDifference(mean, double.NaN, double.NaN, 1);
        }

        var halfWidth = Statistics.StudentTQuantile(Confidence, differences.Length - 1) * Statistics.SampleStandardDeviation(differences) / Math.Sqrt(differences.Length);
        return new PairedDifference(mean, mean - halfWidth, mean + halfWidth, differences.Length);
    }

    /// <summary>Formats the difference in percentage points with its interval, for example <c>+0.25 points [-0.10, +0.60]</c>.</summary>
    public string ToPoints() =>
        HasInterval
            ? string.Create(CultureInfo.InvariantCulture, $"{Points(Mean)} points [{Points(Lower)}, {Points(Upper)}]")
            : string.Create(CultureInfo.InvariantCulture, $"{Points(Mean)} points (one seed)");

    private static string Points(double fraction) => (fraction * 100).ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture);
}
