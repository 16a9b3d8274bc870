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

        // The schedules of the longest budget, one learning rate per iteration; streamed, as a run may have millions of iterations.
        var total = result.Policies[0].TotalIterations;
        var schedules = result.Policies.Select(p => p.Policy.ForBudget(total)).ToArray();
        using (var csv = new StreamWriter(PathOf("schedules.csv")))
        {
            csv.Write("iteration");
            foreach (var policy in result.Policies)
            {
                csv.Write(',');
                csv.Write(policy.Policy.FileName);
            }

            for (var p = 0; p < schedules.Length; p++)
            {
                if (schedules[p].Momentum is not null)
                {
                    csv.Write(Invariant($",{result.Policies[p].Policy.FileName}_momentum"));
                }
            }

            csv.WriteLine();
            for (long i = 0; i < total; i++)
            {
                csv.Write(i.ToString(CultureInfo.InvariantCulture));
                foreach (var schedule in schedules)
                {
                    csv.Write(',');
                    csv.Write(schedule.Rate.GetLearningRate(i).ToString("R", CultureInfo.InvariantCulture));
                }

                foreach (var schedule in schedules)
                {
                    if (schedule.Momentum is not null)
                    {
                        csv.Write(',');
                        csv.Write(schedule.Momentum.GetMomentum(i).ToString("R", CultureInfo.InvariantCulture));
                    }
                }

                csv.WriteLine();
            }
        }

        for (var p = 0; p < schedules.Length; p++)
        {
            var policy = result.Policies[p];
            SchedulePlot.SavePng(
                schedules[p].Rate,
                0,
                total,
                PathOf($"schedule-{policy.Policy.FileName}.png"),
                title: Invariant($"{policy.Policy.Name}: {ComparisonTable.Describe(schedules[p].Rate)}"));
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
            Invariant($"Test accuracy of the {result.Table.Plan.Budgets[^1]}-cycle runs, mean of {result.Policies[0].Runs.Count} seeds"),
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
        text.AppendLine(Invariant($"- Network: an MLP with {o.Hidden} hidden ReLU units, softmax cross-entropy, batch {o.BatchSize}, SGD with momentum {(o.CyclicalMomentum ? "cycled 0.95-0.85 for the cyclical policies (--cyclical-momentum), 0.9 for fixed and decay" : "0.9")}, no weight decay."));
        text.AppendLine(Invariant($"- Seeds: {string.Join(", ", result.Policies[0].Runs.Select(r => r.Seed))} (each seed fixes the initial weights and the batch order; every policy sees the same ones). Quick mode: {(o.Quick ? "yes" : "no")}."));
        text.AppendLine();
        text.AppendLine("## Step 1: LR range test");
        text.AppendLine();
        text.AppendLine(Invariant($"{range.Description}. Suggested bounds: **base {range.BaseLearningRate:G4}, max {range.MaxLearningRate:G4}**. Rule {range.Suggestion.Rule}: {range.Suggestion.Explanation}"));
        text.AppendLine();
        text.AppendLine("![range test](range-test.png)");
        text.AppendLine();
        text.AppendLine("## Step 2: the policies compared at budgets of whole cycles");
        text.AppendLine();
        var plan = result.Table.Plan;
        text.AppendLine(Invariant($"Step size {result.StepSize} iterations ({o.EpochsPerStep} epochs of {result.IterationsPerEpoch} iterations), so a cycle is {plan.CycleLength} iterations. As in Smith's Table 1, every policy is trained to budgets of {string.Join(", ", plan.Budgets)} cycles, each stopped at a cycle's end, and the table asks at which budget a policy's mean final test accuracy reaches the fixed policy's at the longest budget. The fixed policy uses {result.FixedLearningRate:G4} ({(o.FixedLearningRate is null ? "the midpoint of the suggested bounds, the triangular policy's mean rate" : "set with --fixed-lr")}); exp_range's gamma makes gamma^budget = 0.1; decay falls linearly from max to base over the budget; 1cycle is `OneCycle` with the suggested max over the budget (PyTorch's defaults: pct_start 0.3, cosine, div 25, final div 1e4). Momentum: {(o.CyclicalMomentum ? "cycled 0.95-0.85 against the learning rate (`CyclicalMomentum`) for triangular, triangular2 and exp_range, 1cycle's own for 1cycle, 0.9 for fixed and decay" : "0.9 for every policy (--cyclical-momentum cycles it)")}."));
        text.AppendLine();
        text.AppendLine(Invariant($"Runs: fixed, triangular and triangular2 do not depend on the budget, so one {plan.Budgets[^1]}-cycle run per seed is read at each budget's last iteration; a shorter run with the same seed (same initial weights, same batches, same learning rate and momentum at every iteration) would be its prefix, bit for bit. exp_range, decay and 1cycle change shape with the budget, so each budget is its own run."));
        text.AppendLine();
        text.AppendLine(Invariant($"Statistics: every comparison with fixed is paired by seed (same initial weights and batches); the intervals are 95% Student t intervals of the mean per-seed difference, and every verdict below is read off them: above 0 is better, below 0 worse, containing 0 within noise."));
        text.AppendLine();
        text.Append(result.Table.ToMarkdown());
        text.AppendLine();
        text.AppendLine("What the numbers say (computed from the intervals):");
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
        text.AppendLine("- `schedules.csv`: the learning rate (and cycled momentum, if any) of every policy at every iteration of the longest budget.");
        text.AppendLine("- `accuracy.csv`: test accuracy at each measured iteration of the longest-budget runs, mean and per seed, for every policy.");
        text.AppendLine("- `table.csv`: one row per policy and budget: mean, std, the paired differences from fixed with their 95% intervals, every seed's final accuracy.");
        return text.ToString();
    }
}
