using System.Globalization;

namespace CyclicalLR;

/// <summary>The outcome of an LR range test: every recorded point, why the test stopped, and the suggested bounds.</summary>
/// <remarks>
/// <para>
/// The suggestions are computed once, from the points, by the rules on <see cref="LrBoundsRule"/>: for accuracy one
/// suggestion (<see cref="LrBoundsRule.AccuracyRise"/>); for loss two, steepest descent first (it is
/// <see cref="Suggestion"/>) and minimum / 10 second. When the curve gives no clear answer there is no suggestion
/// and <see cref="NoSuggestionReason"/> says why: fewer than 8 finite points (a NaN from the start, divergence at
/// once); a flat curve, or one that only gets worse (the rise of the zero-lag accuracy, or the drop of the zero-lag
/// loss, is not above 10 times that curve's noise: <c>1.4826 * MAD(successive raw differences) / sqrt(2)</c>, times the
/// zero-lag filter's noise gain); or a change within a single iteration.
/// </para>
/// <para>
/// <see cref="WriteCsv(TextWriter)"/> writes the configuration as two <c>#</c> comment lines, then a header and one row
/// per point, numbers in the invariant culture with round-trip ("R") formatting; <see cref="ReadCsv(TextReader)"/>
/// reads it back into an equal result (pandas: <c>read_csv(path, comment="#")</c>). The instance is immutable.
/// </para>
/// </remarks>
public sealed class LrRangeTestResult
{
    private const string Title = "# CyclicalLR LR range test";
    private const string Header = "iteration,learning_rate,metric,smoothed_metric";

    private readonly LrBoundsSuggestion[] _suggestions;

    internal LrRangeTestResult(LrRangeTest test, LrRangeTestPoint[] points, RangeTestStopReason stopReason)
    {
        Test = test;
        Points = Array.AsReadOnly(points);
        StopReason = stopReason;
        var zeroLag = RangeTestAnalysis.ZeroLag(points, test.Smoothing);
        ZeroLagMetric = Array.AsReadOnly(zeroLag);
        _suggestions = RangeTestAnalysis.Suggest(test, points, zeroLag, stopReason, out var reason);
        Suggestions = Array.AsReadOnly(_suggestions);
        NoSuggestionReason = reason;
    }

    /// <summary>Gets the configuration of the test.</summary>
    public LrRangeTest Test { get; }

    /// <summary>Gets every recorded point, in iteration order (a non-finite metric that stopped the test is not among them).</summary>
    public IReadOnlyList<LrRangeTestPoint> Points { get; }

    /// <summary>Gets the zero-lag smoothed metric, one value per point: the curve the bounds rules read.</summary>
    /// <remarks>
    /// The bias-corrected moving average (<see cref="LrRangeTestPoint.SmoothedMetric"/>) lags the raw metric by about
    /// <c>beta / (1 - beta)</c> iterations. This curve runs the same average once more backwards over it
    /// (<c>z(i) = b(i) / (1 - beta^(n - i))</c> with <c>b(i) = beta * b(i + 1) + (1 - beta) * smoothed(i)</c>,
    /// <c>b(n) = 0</c>), so the two lags cancel and a feature sits at the learning rate that caused it.
    /// </remarks>
    public IReadOnlyList<double> ZeroLagMetric { get; }

    /// <summary>Gets why the test stopped.</summary>
    public RangeTestStopReason StopReason { get; }

    /// <summary>Gets the suggested bounds (the first of <see cref="Suggestions"/>), or <see langword="null"/> when the curve gives no clear answer.</summary>
    public LrBoundsSuggestion? Suggestion => _suggestions.Length > 0 ? _suggestions[0] : null;

    /// <summary>Gets every suggestion, one per rule that gave an answer: for loss, steepest descent then minimum / 10.</summary>
    public IReadOnlyList<LrBoundsSuggestion> Suggestions { get; }

    /// <summary>Gets why there is no suggestion, or <see langword="null"/> when there is one.</summary>
    public string? NoSuggestionReason { get; }

    /// <summary>Creates Smith's triangular schedule between the suggested bounds.</summary>
    /// <param name="stepSize">Iterations in each half-cycle; at least 1. Smith: 2 to 8 epochs' worth (see <see cref="CyclePlan"/>).</param>
    /// <returns><c>new Triangular(Suggestion.BaseLearningRate, Suggestion.MaxLearningRate, stepSize)</c>.</returns>
    /// <exception cref="InvalidOperationException">There is no suggestion; the message gives <see cref="NoSuggestionReason"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="stepSize"/> is below 1.</exception>
    public Triangular ToTriangular(long stepSize)
    {
        var suggestion = Suggestion ?? throw new InvalidOperationException("The range test suggests no bounds: " + NoSuggestionReason);
        return suggestion.ToTriangular(stepSize);
    }

    /// <summary>Writes the configuration and the points as CSV.</summary>
    /// <param name="writer">Where to write; not closed.</param>
    /// <exception cref="ArgumentNullException"><paramref name="writer"/> is <see langword="null"/>.</exception>
    public void WriteCsv(TextWriter writer)
    {
        Guard.NotNull(writer);
        var t = Test;
        writer.Write(Title + "\n");
        writer.Write(Invariant($"# min_lr={t.MinLearningRate:R}; max_lr={t.MaxLearningRate:R}; iterations={t.Iterations}; sweep={t.Sweep}; metric={t.Metric}; smoothing={t.Smoothing:R}; divergence_threshold={t.DivergenceThreshold:R}; stop={StopReason}\n"));
        writer.Write(Header + "\n");
        foreach (var p in Points)
        {
            writer.Write(Invariant($"{p.Iteration},{p.LearningRate:R},{p.Metric:R},{p.SmoothedMetric:R}\n"));
        }
    }

    /// <summary>Reads a result written by <see cref="WriteCsv(TextWriter)"/>.</summary>
    /// <param name="reader">Where to read from; read to the end, not closed.</param>
    /// <returns>A result with the same configuration, points and stop reason, and so the same suggestions.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="reader"/> is <see langword="null"/>.</exception>
    /// <exception cref="FormatException">
    /// The text is not such a CSV (a missing or wrong line, a non-finite metric, a learning rate not above 0, iterations
    /// out of order or more than planned); the message names the line.
    /// </exception>
    public static LrRangeTestResult ReadCsv(TextReader reader)
    {
        Guard.NotNull(reader);
        var lineNumber = 0;
        string? Next()
        {
            lineNumber++;
            return reader.ReadLine();
        }

        if (Next() != Title)
        {
            throw Bad(lineNumber, "expected the title line '" + Title + "'");
        }

        var settings = ParseSettings(Next(), lineNumber);
        LrRangeTest test;
        try
        {
            test = new LrRangeTest(
                Number(settings, "min_lr", lineNumber),
                Number(settings, "max_lr", lineNumber),
                Integer(settings, "iterations", lineNumber),
                Parse<RangeTestSweep>(settings, "sweep", lineNumber),
                Parse<RangeTestMetric>(settings, "metric", lineNumber),
                Number(settings, "smoothing", lineNumber),
                Number(settings, "divergence_threshold", lineNumber));
        }
        catch (ArgumentException e)
        {
            throw Bad(lineNumber, "invalid settings: " + e.Message);
        }

        var stop = Parse<RangeTestStopReason>(settings, "stop", lineNumber);
        if (Next() != Header)
        {
            throw Bad(lineNumber, "expected the header '" + Header + "'");
        }

        var points = new List<LrRangeTestPoint>();
        while (Next() is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            var cells = line.Split(',');
            if (cells.Length != 4
                || !long.TryParse(cells[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var iteration)
                || !TryNumber(cells[1], out var lr)
                || !TryNumber(cells[2], out var metric)
                || !TryNumber(cells[3], out var smoothed))
            {
                throw Bad(lineNumber, "expected 'iteration,learning_rate,metric,smoothed_metric' with an integer and three numbers");
            }

            if (!(double.IsFinite(lr) && lr > 0 && double.IsFinite(metric) && double.IsFinite(smoothed)))
            {
                throw Bad(lineNumber, "expected a finite learning rate above 0 and finite metrics");
            }

            if (iteration != points.Count || points.Count >= test.Iterations)
            {
                throw Bad(lineNumber, Invariant($"expected iteration {points.Count} of at most {test.Iterations}, found {iteration}"));
            }

            points.Add(new LrRangeTestPoint(iteration, lr, metric, smoothed));
        }

        return new LrRangeTestResult(test, [.. points], stop);
    }

    /// <summary>Returns a one-line summary: the stop reason, the number of points and the suggestion or why there is none.</summary>
    /// <returns>For example <c>Completed after 100 points; AccuracyRise: base 0.001, max 0.006</c>.</returns>
    public override string ToString() => Invariant($"{StopReason} after {Points.Count} points; ") +
        (Suggestion?.ToString() ?? "no suggestion: " + NoSuggestionReason);

    private static Dictionary<string, string> ParseSettings(string? line, int lineNumber)
    {
        if (line is null || !line.StartsWith("# ", StringComparison.Ordinal))
        {
            throw Bad(lineNumber, "expected the settings line '# min_lr=...; ...'");
        }

        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in line[2..].Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw Bad(lineNumber, "expected 'key=value' pairs separated by ';'");
            }

            settings[part[..eq]] = part[(eq + 1)..];
        }

        return settings;
    }

    private static double Number(Dictionary<string, string> settings, string key, int lineNumber) =>
        settings.TryGetValue(key, out var text) && TryNumber(text, out var value)
            ? value
            : throw Bad(lineNumber, "expected a number for '" + key + "'");

    private static long Integer(Dictionary<string, string> settings, string key, int lineNumber) =>
        settings.TryGetValue(key, out var text) && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Bad(lineNumber, "expected an integer for '" + key + "'");

    private static TEnum Parse<TEnum>(Dictionary<string, string> settings, string key, int lineNumber)
        where TEnum : struct, Enum =>
        settings.TryGetValue(key, out var text) && Enum.TryParse<TEnum>(text, ignoreCase: false, out var value) && Enum.IsDefined(value)
            ? value
            : throw Bad(lineNumber, "expected one of " + string.Join(", ", Enum.GetNames<TEnum>()) + " for '" + key + "'");

    private static bool TryNumber(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    private static FormatException Bad(int lineNumber, string what) =>
        new(Invariant($"Not a CyclicalLR range-test CSV: line {lineNumber}: {what}."));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
