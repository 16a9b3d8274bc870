using System.Globalization;
using System.Text;
using static System.FormattableString;

namespace CyclicalLR.Demo;

/// <summary>
/// The paper's table (Smith, Table 1): per policy, the iterations trained, the final test accuracy (mean and sample
/// standard deviation over the seeds), and the first measured iteration at which the policy's mean accuracy reached
/// the fixed policy's final mean accuracy.
/// </summary>
internal sealed class ComparisonTable
{
    /// <summary>Initializes a new instance of the <see cref="ComparisonTable"/> class; the first result is the fixed policy.</summary>
    public ComparisonTable(IReadOnlyList<PolicyResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentOutOfRangeException.ThrowIfZero(results.Count);
        Results = results;
        Threshold = results[0].FinalMean;
    }

    /// <summary>Gets the results, fixed first.</summary>
    public IReadOnlyList<PolicyResult> Results { get; }

    /// <summary>Gets the fixed policy's final mean accuracy, the level the last column asks about.</summary>
    public double Threshold { get; }

    /// <summary>Returns the table as Markdown (which also reads well on a console).</summary>
    public string ToMarkdown()
    {
        var seeds = Results[0].Runs.Count;
        var text = new StringBuilder();
        text.AppendLine(Invariant($"| policy | learning rate | iterations | test accuracy (mean ± std, {seeds} seeds) | iterations to reach fixed's final {Percent(Threshold)} |"));
        text.AppendLine("| --- | --- | ---: | ---: | ---: |");
        foreach (var result in Results)
        {
            var reached = result.FirstReaching(Threshold);
            var diverged = result.Runs.Count(r => r.Diverged);
            var note = diverged > 0 ? Invariant($" ({diverged} diverged)") : string.Empty;
            text.AppendLine(Invariant($"| {result.Policy.Name} | {Describe(result.Policy.Schedule)} | {result.TotalIterations:N0} | {Percent(result.FinalMean)} ± {Percent(result.FinalStandardDeviation)}{note} | {(reached is { } r ? r.ToString("N0", CultureInfo.InvariantCulture) : "—")} |"));
        }

        return text.ToString();
    }

    /// <summary>
    /// Returns one sentence per policy comparing it with the fixed policy: the difference of the final mean
    /// accuracies in percentage points and in standard errors of that difference (<c>sqrt(s1^2/n1 + s2^2/n2)</c>;
    /// within 2 is read as noise), and when the policy first reached the fixed policy's final accuracy.
    /// </summary>
    public IReadOnlyList<string> Summary()
    {
        var baseline = Results[0];
        var lines = new List<string>();
        var fixedReached = baseline.FirstReaching(Threshold);
        lines.Add(Invariant($"fixed: final {Percent(baseline.FinalMean)}; its mean curve first reached that level at iteration {fixedReached:N0} of {baseline.TotalIterations:N0}."));
        foreach (var result in Results.Skip(1))
        {
            var difference = result.FinalMean - baseline.FinalMean;
            var standardError = Math.Sqrt((Square(result.FinalStandardDeviation) / result.Runs.Count) + (Square(baseline.FinalStandardDeviation) / baseline.Runs.Count));
            var errors = standardError > 0 ? Math.Abs(difference) / standardError : double.PositiveInfinity;
            var verdict = difference == 0 ? "the same" : errors <= 2 ? "within noise" : difference > 0 ? "better" : "worse";
            var errorText = standardError > 0 ? Invariant($"{errors:F1} standard errors") : "no spread";
            var reached = result.FirstReaching(Threshold);
            var reachText = reached is { } r
                ? Invariant($"reached fixed's final accuracy at iteration {r:N0} ({(double)r / baseline.TotalIterations:F2} of the run{(fixedReached is { } f && f > 0 ? Invariant($", {(double)r / f:F2}x fixed's {f:N0}") : string.Empty)})")
                : "never reached fixed's final accuracy";
            lines.Add(Invariant($"{result.Policy.Name}: final {Percent(result.FinalMean)}, {difference * 100:+0.00;-0.00;0.00} points vs fixed ({errorText}: {verdict}); {reachText}."));
        }

        return lines;
    }

    /// <summary>Writes the table as CSV: policy, iterations, mean, std, iterations to reach (empty when never), per-seed finals.</summary>
    public string ToCsv()
    {
        var text = new StringBuilder();
        text.AppendLine("policy,iterations,test_accuracy_mean,test_accuracy_std,seeds,iterations_to_reach_fixed_final,fixed_final_mean,final_accuracy_per_seed");
        foreach (var result in Results)
        {
            var reached = result.FirstReaching(Threshold);
            var perSeed = string.Join(';', result.Runs.Select(r => r.FinalAccuracy.ToString("R", CultureInfo.InvariantCulture)));
            text.AppendLine(Invariant($"{result.Policy.Name},{result.TotalIterations},{result.FinalMean:R},{result.FinalStandardDeviation:R},{result.Runs.Count},{reached},{Threshold:R},{perSeed}"));
        }

        return text.ToString();
    }

    /// <summary>Describes a schedule in a few words for the table.</summary>
    public static string Describe(ILearningRateSchedule schedule) => schedule switch
    {
        ConstantSchedule c => Invariant($"{c.LearningRate:G3}"),
        Triangular t => Invariant($"{t.BaseLearningRate:G3}–{t.MaxLearningRate:G3}, step {t.StepSize}"),
        Triangular2 t => Invariant($"{t.BaseLearningRate:G3}–{t.MaxLearningRate:G3}, step {t.StepSize}"),
        ExpRange e => Invariant($"{e.BaseLearningRate:G3}–{e.MaxLearningRate:G3}, step {e.StepSize}, γ {e.Gamma:G6}"),
        FixedDecay f => Invariant($"{f.MaxLearningRate:G3} → {f.BaseLearningRate:G3} over {f.StepSize}"),
        _ => schedule.ToString() ?? string.Empty,
    };

    private static double Square(double value) => value * value;

    private static string Percent(double fraction) => Invariant($"{fraction * 100:F2}%");
}
