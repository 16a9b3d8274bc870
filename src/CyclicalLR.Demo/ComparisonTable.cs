using System.Globalization;
using System.Text;

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
        text.AppendLine(I($"| policy | learning rate | iterations | test accuracy (mean ± std, {seeds} seeds) | iterations to reach fixed's final {Percent(Threshold)} |"));
        text.AppendLine("| --- | --- | ---: | ---: | ---: |");
        foreach (var result in Results)
        {
            var reached = result.FirstReaching(Threshold);
            var diverged = result.Runs.Count(r => r.Diverged);
            var note = diverged > 0 ? I($" ({diverged} diverged)") : string.Empty;
            text.AppendLine(I($"| {result.Policy.Name} | {Describe(result.Policy.Schedule)} | {result.TotalIterations:N0} | {Percent(result.FinalMean)} ± {Percent(result.FinalStandardDeviation)}{note} | {(reached is { } r ? r.ToString("N0", CultureInfo.InvariantCulture) : "—")} |"));
        }

        return text.ToString();
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
            text.AppendLine(I($"{result.Policy.Name},{result.TotalIterations},{result.FinalMean:R},{result.FinalStandardDeviation:R},{result.Runs.Count},{reached},{Threshold:R},{perSeed}"));
        }

        return text.ToString();
    }

    /// <summary>Describes a schedule in a few words for the table.</summary>
    public static string Describe(ILearningRateSchedule schedule) => schedule switch
    {
        ConstantSchedule c => I($"{c.LearningRate:G3}"),
        Triangular t => I($"{t.BaseLearningRate:G3}–{t.MaxLearningRate:G3}, step {t.StepSize}"),
        Triangular2 t => I($"{t.BaseLearningRate:G3}–{t.MaxLearningRate:G3}, step {t.StepSize}"),
        ExpRange e => I($"{e.BaseLearningRate:G3}–{e.MaxLearningRate:G3}, step {e.StepSize}, γ {e.Gamma:G6}"),
        FixedDecay f => I($"{f.MaxLearningRate:G3} → {f.BaseLearningRate:G3} over {f.StepSize}"),
        _ => schedule.ToString() ?? string.Empty,
    };

    private static string Percent(double fraction) => I($"{fraction * 100:F2}%");

    private static string I(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
