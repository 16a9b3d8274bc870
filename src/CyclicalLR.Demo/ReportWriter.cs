using System.Globalization;
using System.Text;
using static System.FormattableString;

namespace CyclicalLR.Demo;

/// <summary>
/// Step 3: writes the report folder: PNG plots (range test, each schedule, accuracy against iteration for every
/// policy), a CSV of every curve, and <c>report.md</c>, which shows the table and the plots together.
/// </summary>
internal static class ReportWriter
{
    /// <summary>The report page's file name.</summary>
    public const string ReportFileName = "report.md";

    /// <summary>Writes every file into <paramref name="directory"/> (created if needed) and returns their paths.</summary>
    public static IReadOnlyList<string> Write(string directory, DemoResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        Directory.CreateDirectory(directory);
        var files = new List<string>();
        string PathOf(string name)
        {
            var path = Path.Combine(directory, name);
            files.Add(path);
            return path;
        }

        // Step 1: the range test.
        var range = result.RangeTest;
        using (var writer = new StreamWriter(PathOf("range-test.csv")))
        {
            range.Result.WriteCsv(writer);
        }

        RangeTestPlot.SavePng(range.Result, PathOf("range-test.png"));

        // The schedules, one learning rate per iteration; streamed, as a run may have millions of iterations.
        var total = result.Policies[0].TotalIterations;
        using (var csv = new StreamWriter(PathOf("schedules.csv")))
        {
            csv.Write("iteration");
            foreach (var policy in result.Policies)
            {
                csv.Write(',');
                csv.Write(policy.Policy.FileName);
            }

            csv.WriteLine();
            for (long i = 0; i < total; i++)
            {
                csv.Write(i.ToString(CultureInfo.InvariantCulture));
                foreach (var policy in result.Policies)
                {
                    csv.Write(',');
                    csv.Write(policy.Policy.Schedule.GetLearningRate(i).ToString("R", CultureInfo.InvariantCulture));
                }

                csv.WriteLine();
            }
        }

        foreach (var policy in result.Policies)
        {
            SchedulePlot.SavePng(
                policy.Policy.Schedule,
                0,
                total,
                PathOf($"schedule-{policy.Policy.FileName}.png"),
                title: Invariant($"{policy.Policy.Name}: {ComparisonTable.Describe(policy.Policy.Schedule)}"));
        }

        // Step 2: accuracy against iteration.
        var evaluated = result.Policies[0].Iterations.Select(i => (double)i).ToArray();
        using (var csv = new StreamWriter(PathOf("accuracy.csv")))
        {
            csv.Write("iteration");
            foreach (var policy in result.Policies)
            {
                csv.Write(Invariant($",{policy.Policy.FileName}_mean"));
                foreach (var run in policy.Runs)
                {
                    csv.Write(Invariant($",{policy.Policy.FileName}_seed{run.Seed}"));
                }
            }

            csv.WriteLine();
            for (var i = 0; i < evaluated.Length; i++)
            {
                csv.Write(Invariant($"{evaluated[i]}"));
                foreach (var policy in result.Policies)
                {
                    csv.Write(Invariant($",{policy.MeanCurve[i]:R}"));
                    foreach (var run in policy.Runs)
                    {
                        csv.Write(Invariant($",{run.Accuracy[i]:R}"));
                    }
                }

                csv.WriteLine();
            }
        }

        SaveAccuracyPlot(PathOf("accuracy.png"), result, evaluated);

        File.WriteAllText(PathOf("table.csv"), result.Table.ToCsv());
        File.WriteAllText(PathOf(ReportFileName), Page(result));
        return files;
    }

    /// <summary>
    /// Plots every policy's mean test accuracy against iteration, the y axis zoomed on the part after the first tenth
    /// of the run (the first measurements, near chance, would squash the differences that matter into a thin band).
    /// </summary>
    private static void SaveAccuracyPlot(string path, DemoResult result, double[] evaluated)
    {
        var series = result.Policies.Select(p => new CurveSeries(p.Policy.Name, evaluated, p.MeanCurve)).ToArray();
        using var plot = CurvePlot.CreatePlot(
            series,
            Invariant($"Test accuracy, mean of {result.Policies[0].Runs.Count} seeds"),
            "iteration",
            "test accuracy");
        var late = result.Policies
            .SelectMany(p => p.MeanCurve.Where((_, i) => evaluated[i] >= evaluated[^1] / 10))
            .ToArray();
        var low = Math.Floor((late.Min() - 0.005) * 100) / 100;
        var high = Math.Min(1, Math.Ceiling((late.Max() + 0.005) * 100) / 100);
        plot.Axes.SetLimitsY(Math.Max(0, low), high);
        plot.SavePng(path, 800, 500);
    }

    private static string Page(DemoResult result)
    {
        var o = result.Options;
        var range = result.RangeTest;
        var text = new StringBuilder();
        text.AppendLine("# CyclicalLR demo report");
        text.AppendLine();
        text.AppendLine("Smith, *Cyclical Learning Rates for Training Neural Networks* (arXiv 1506.01186), reproduced on a small MLP.");
        text.AppendLine();
        text.AppendLine(Invariant($"- Data: {result.Data}."));
        text.AppendLine(Invariant($"- Network: an MLP with {o.Hidden} hidden ReLU units, softmax cross-entropy, batch {o.BatchSize}, SGD with momentum 0.9, no weight decay."));
        text.AppendLine(Invariant($"- Seeds: {string.Join(", ", result.Policies[0].Runs.Select(r => r.Seed))} (each seed fixes the initial weights and the batch order; every policy sees the same ones). Quick mode: {(o.Quick ? "yes" : "no")}."));
        text.AppendLine();
        text.AppendLine("## Step 1: LR range test");
        text.AppendLine();
        text.AppendLine(Invariant($"{range.Description}. Suggested bounds: **base {range.BaseLearningRate:G4}, max {range.MaxLearningRate:G4}**. Rule {range.Suggestion.Rule}: {range.Suggestion.Explanation}"));
        text.AppendLine();
        text.AppendLine("![range test](range-test.png)");
        text.AppendLine();
        text.AppendLine("## Step 2: the policies compared");
        text.AppendLine();
        text.AppendLine(Invariant($"Step size {result.StepSize} iterations ({o.EpochsPerStep} epochs of {result.IterationsPerEpoch} iterations); every policy trains {result.Policies[0].TotalIterations} iterations ({o.Cycles} whole cycles). The fixed policy uses {result.FixedLearningRate:G4} ({(o.FixedLearningRate is null ? "the midpoint of the suggested bounds, the triangular policy's mean rate" : "set with --fixed-lr")}). exp_range's gamma makes gamma^total = 0.1; decay falls linearly from max to base over the whole run. Test accuracy is measured every {result.Policies[0].Iterations[1]} iterations; the last column is the first such point where the policy's mean accuracy reached the fixed policy's final mean accuracy (— when it never did)."));
        text.AppendLine();
        text.Append(result.Table.ToMarkdown());
        text.AppendLine();
        text.AppendLine("What the numbers say (computed from the table; differences within 2 standard errors are read as noise):");
        text.AppendLine();
        foreach (var line in result.Table.Summary())
        {
            text.AppendLine("- " + line);
        }

        text.AppendLine();
        text.AppendLine("![test accuracy against iteration](accuracy.png)");
        text.AppendLine();
        text.AppendLine("## The schedules");
        text.AppendLine();
        foreach (var policy in result.Policies)
        {
            text.AppendLine(Invariant($"![{policy.Policy.Name}](schedule-{policy.Policy.FileName}.png)"));
            text.AppendLine();
        }

        text.AppendLine("## Files");
        text.AppendLine();
        text.AppendLine("- `range-test.csv`: the library's `LrRangeTestResult.WriteCsv`: iteration, learning rate, held-out accuracy, smoothed accuracy.");
        text.AppendLine("- `schedules.csv`: the learning rate of every policy at every iteration.");
        text.AppendLine("- `accuracy.csv`: test accuracy at each measured iteration, mean and per seed, for every policy.");
        text.AppendLine("- `table.csv`: the table above, with every seed's final accuracy.");
        return text.ToString();
    }
}
