using System.Globalization;

namespace CyclicalLR;

/// <summary>The outcome of an LR range test: every recorded point, why the test stopped, and the suggested bounds.</summary>
/// <remarks>
/// <para>
/// The suggestions are computed once, from the points, by the rules on <see cref="LrBoundsRule"/>: for accuracy one
/// suggestion (<see cref="LrBoundsRule.AccuracyRise"/>); for loss up to six: minimum / 10 first (it is
/// <see cref="Suggestion"/>; on the demo's Fashion-MNIST setting its bounds trained better than every other loss rule's
/// at smoothing 0.9, see the README), steepest descent, then fastai's valley, slide, minimum and steep (a fastai rule that cannot
/// answer on the curve, such as slide with 15 points or fewer, is left out). When the curve gives no clear answer there
/// is no suggestion from any rule and <see cref="NoSuggestionReason"/> says why: fewer than 8 finite points (a NaN from
/// the start, divergence at once); a flat curve, or one that only gets worse (the rise of the zero-lag accuracy, or the
/// drop of the zero-lag loss, is not above 10 times that curve's noise:
/// <c>1.4826 * MAD(successive raw differences) / sqrt(2)</c>, times the zero-lag filter's noise gain); a change that
/// the running median of 5 raw points does not show at least half of (one or two outlying batches); or a change within
/// a single iteration (one step of that median makes 80% of it, or the 10% and 90% points coincide).
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

    private static readonly string[] SettingKeys =
        ["min_lr", "max_lr", "iterations", "sweep", "metric", "smoothing", "divergence_threshold", "accuracy_drop_fraction", "accuracy_drop_patience", "stop"];

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

    /// <summary>
    /// Gets every suggestion, one per rule that gave an answer, the default first: for accuracy
    /// <see cref="LrBoundsRule.AccuracyRise"/>; for loss <see cref="LrBoundsRule.LossMinimumOverTen"/>,
    /// <see cref="LrBoundsRule.LossSteepestDescent"/>, then fastai's <see cref="LrBoundsRule.FastaiValley"/>,
    /// <see cref="LrBoundsRule.FastaiSlide"/>, <see cref="LrBoundsRule.FastaiMinimum"/> and <see cref="LrBoundsRule.FastaiSteep"/>.
    /// </summary>
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
        writer.Write(Invariant($"# min_lr={t.MinLearningRate:R}; max_lr={t.MaxLearningRate:R}; iterations={t.Iterations}; sweep={t.Sweep}; metric={t.Metric}; smoothing={t.Smoothing:R}; divergence_threshold={t.DivergenceThreshold:R}; accuracy_drop_fraction={t.AccuracyDropFraction:R}; accuracy_drop_patience={t.AccuracyDropPatience}; stop={StopReason}\n"));
        writer.Write(Header + "\n");
        foreach (var p in Points)
        {
            writer.Write(Invariant($"{p.Iteration},{p.LearningRate:R},{p.Metric:R},{p.SmoothedMetric:R}\n"));
        }
    }

    /// <summary>Reads a result written by <see cref="WriteCsv(TextWriter)"/>, checking it against its own settings.</summary>
    /// <param name="reader">Where to read from; read up to the end of the text or the first error, not closed.</param>
    /// <returns>A result with the same configuration, points and stop reason, and so the same suggestions.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="reader"/> is <see langword="null"/>.</exception>
    /// <exception cref="FormatException">
    /// The text is not such a CSV; the message names the line. Checked: the title, settings and header lines; every
    /// setting present once, by name (no numbers for enum values, no flags), valid for <see cref="LrRangeTest"/>; numbers
    /// in the invariant culture with no spaces; printable ASCII only, lines of at most 1,024 characters, no blank lines;
    /// iterations 0, 1, 2, ... in order; each learning rate the declared sweep's own (within 1e-12 relative); each
    /// metric finite and each smoothed metric the moving average of the metrics so far (within 1e-12 of their scale);
    /// no row after the rows would have stopped the test (all planned iterations, or a divergence); and a stop reason
    /// the rows bear out (<c>Completed</c> with every planned row, <c>Diverged</c> with a last row that diverges).
    /// </exception>
    /// <remarks>
    /// The cost is bounded by what the file declares: at most 1,024 characters per line are read before a line is
    /// rejected, and at most <c>iterations</c> rows are accepted, so a hostile text costs at most that much memory and time.
    /// </remarks>
    public static LrRangeTestResult ReadCsv(TextReader reader)
    {
        Guard.NotNull(reader);
        var lines = new BoundedLineReader(reader, Bad);
        if (lines.Next() != Title)
        {
            throw Bad(lines.LineNumber, "expected the title line '" + Title + "'");
        }

        var settingsLine = lines.Next();
        var at = lines.LineNumber;
        var settings = ParseSettings(settingsLine, at);
        LrRangeTest test;
        try
        {
            test = new LrRangeTest(
                Number(settings, "min_lr", at),
                Number(settings, "max_lr", at),
                Integer(settings, "iterations", at),
                Parse<RangeTestSweep>(settings, "sweep", at),
                Parse<RangeTestMetric>(settings, "metric", at),
                Number(settings, "smoothing", at),
                Number(settings, "divergence_threshold", at),
                Number(settings, "accuracy_drop_fraction", at),
                Integer(settings, "accuracy_drop_patience", at));
        }
        catch (ArgumentException e)
        {
            throw Bad(at, "invalid settings: " + e.Message);
        }

        var stop = Parse<RangeTestStopReason>(settings, "stop", at);
        if (lines.Next() != Header)
        {
            throw Bad(lines.LineNumber, "expected the header '" + Header + "'");
        }

        var points = new List<LrRangeTestPoint>();
        var progress = new RangeTestProgress(test);
        RangeTestStopReason? ended = null;
        while (lines.Next() is { } line)
        {
            at = lines.LineNumber;
            if (ended is { } reason)
            {
                throw Bad(at, Invariant($"a row after the test ended ({reason} at iteration {points.Count - 1})"));
            }

            points.Add(ParseRow(line, at, test, progress, points.Count));
            if (progress.Diverged(points[^1].SmoothedMetric))
            {
                ended = RangeTestStopReason.Diverged;
            }
            else if (points.Count == test.Iterations)
            {
                ended = RangeTestStopReason.Completed;
            }
        }

        at = lines.LineNumber;
        if (ended is { } end && end != stop)
        {
            throw Bad(at, Invariant($"the file says stop={stop} but its rows end the test as {end} after {points.Count} rows"));
        }

        if (ended is null && stop is RangeTestStopReason.Completed or RangeTestStopReason.Diverged)
        {
            throw Bad(at, Invariant($"the file says stop={stop} but ends after {points.Count} rows of {test.Iterations} planned, and they do not diverge"));
        }

        return new LrRangeTestResult(test, [.. points], stop);
    }

    /// <summary>Returns a one-line summary: the stop reason, the number of points and the suggestion or why there is none.</summary>
    /// <returns>For example <c>Completed after 100 points; AccuracyRise: base 0.001, max 0.006</c>.</returns>
    public override string ToString() => Invariant($"{StopReason} after {Points.Count} points; ") +
        (Suggestion?.ToString() ?? "no suggestion: " + NoSuggestionReason);

    private static LrRangeTestPoint ParseRow(string line, int at, LrRangeTest test, RangeTestProgress progress, int expectedIteration)
    {
        var cells = line.Split(',');
        if (cells.Length != 4
            || !long.TryParse(cells[0], NumberStyles.None, CultureInfo.InvariantCulture, out var iteration)
            || !TryNumber(cells[1], out var lr)
            || !TryNumber(cells[2], out var metric)
            || !TryNumber(cells[3], out var smoothed))
        {
            throw Bad(at, "expected 'iteration,learning_rate,metric,smoothed_metric': an integer and three numbers, no spaces");
        }

        if (iteration != expectedIteration)
        {
            throw Bad(at, Invariant($"expected iteration {expectedIteration}, found {iteration}"));
        }

        if (!(double.IsFinite(lr) && double.IsFinite(metric) && double.IsFinite(smoothed)))
        {
            throw Bad(at, "expected a finite learning rate and finite metrics");
        }

        if (!(lr >= test.MinLearningRate && lr <= test.MaxLearningRate))
        {
            throw Bad(at, Invariant($"learning rate {lr:R} is outside the file's [min_lr, max_lr] = [{test.MinLearningRate:R}, {test.MaxLearningRate:R}]"));
        }

        var sweepLr = test.GetLearningRate(iteration);
        if (!Close(lr, sweepLr, sweepLr))
        {
            throw Bad(at, Invariant($"learning rate {lr:R} does not follow the file's {test.Sweep} sweep, which gives {sweepLr:R} at iteration {iteration}"));
        }

        var expected = progress.Smooth(metric);
        if (!Close(smoothed, expected, Math.Max(Math.Abs(expected), Math.Abs(metric))))
        {
            throw Bad(at, Invariant($"smoothed_metric {smoothed:R} is not the moving average of the metric column (smoothing {test.Smoothing:R}), which gives {expected:R}"));
        }

        return new LrRangeTestPoint(iteration, lr, metric, smoothed);
    }

    /// <summary>Within 1e-12 of <paramref name="scale"/>, equal included (the last bits of exp and of sums may differ between platforms).</summary>
    private static bool Close(double actual, double expected, double scale) =>
        Math.Abs(actual - expected) <= 1e-12 * scale;

    private static Dictionary<string, string> ParseSettings(string? line, int lineNumber)
    {
        if (line is null || !line.StartsWith("# ", StringComparison.Ordinal))
        {
            throw Bad(lineNumber, "expected the settings line '# min_lr=...; ...'");
        }

        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in line[2..].Split("; "))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw Bad(lineNumber, "expected 'key=value' pairs separated by '; '");
            }

            var key = part[..eq];
            if (Array.IndexOf(SettingKeys, key) < 0)
            {
                throw Bad(lineNumber, "unknown setting '" + key + "'; expected " + string.Join(", ", SettingKeys));
            }

            if (!settings.TryAdd(key, part[(eq + 1)..]))
            {
                throw Bad(lineNumber, "setting '" + key + "' appears more than once");
            }
        }

        return settings;
    }

    private static string Value(Dictionary<string, string> settings, string key, int lineNumber) =>
        settings.TryGetValue(key, out var text) ? text : throw Bad(lineNumber, "missing setting '" + key + "'");

    private static double Number(Dictionary<string, string> settings, string key, int lineNumber) =>
        TryNumber(Value(settings, key, lineNumber), out var value)
            ? value
            : throw Bad(lineNumber, "expected a number for '" + key + "'");

    private static long Integer(Dictionary<string, string> settings, string key, int lineNumber) =>
        long.TryParse(Value(settings, key, lineNumber), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Bad(lineNumber, "expected an integer for '" + key + "'");

    /// <summary>An enum value by its exact name: no numbers, no flags lists, no case or space differences.</summary>
    private static TEnum Parse<TEnum>(Dictionary<string, string> settings, string key, int lineNumber)
        where TEnum : struct, Enum
    {
        var text = Value(settings, key, lineNumber);
        var names = Enum.GetNames<TEnum>();
        return Array.IndexOf(names, text) >= 0
            ? Enum.Parse<TEnum>(text)
            : throw Bad(lineNumber, "expected one of " + string.Join(", ", names) + " for '" + key + "'");
    }

    /// <summary>A number as <c>"R"</c> writes it: optional sign, digits, point, exponent; no spaces or group separators.</summary>
    private static bool TryNumber(string text, out double value) =>
        double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out value);

    private static FormatException Bad(int lineNumber, string what) =>
        new(Invariant($"Not a CyclicalLR range-test CSV: line {lineNumber}: {what}."));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
