using System.Globalization;
using System.Text;
using static System.FormattableString;

namespace CyclicalLR.Demo;

/// <summary>
/// The paper's table (Smith, Table 1), as a budget comparison: per policy, the mean final test accuracy at each budget,
/// the smallest budget whose mean final accuracy reaches the fixed policy's mean accuracy at the longest budget, and
/// the accuracy there; every comparison with fixed is a paired difference (same seed: same initial weights and batches)
/// with its 95% Student t interval (<see cref="PairedDifference"/>), and the sentences are read off those intervals.
/// </summary>
internal sealed class ComparisonTable
{
    /// <summary>Initializes a new instance of the <see cref="ComparisonTable"/> class; the first result is the fixed policy.</summary>
    public ComparisonTable(IReadOnlyList<PolicyResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentOutOfRangeException.ThrowIfZero(results.Count);
        Results = results;
        Plan = results[0].Plan;
        Longest = Plan.Budgets.Length - 1;
        Threshold = results[0].Mean(Longest);
    }

    /// <summary>Gets the results, fixed first.</summary>
    public IReadOnlyList<PolicyResult> Results { get; }

    /// <summary>Gets the budgets.</summary>
    public BudgetPlan Plan { get; }

    /// <summary>Gets the index of the longest budget.</summary>
    public int Longest { get; }

    /// <summary>Gets the fixed policy's mean accuracy at the longest budget, the level a policy is asked to reach.</summary>
    public double Threshold { get; }

    /// <summary>Returns the smallest budget (index) whose mean final accuracy reaches <see cref="Threshold"/>, or <see langword="null"/>.</summary>
    public int? Reached(PolicyResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        for (var b = 0; b < Plan.Budgets.Length; b++)
        {
            if (result.Mean(b) >= Threshold)
            {
                return b;
            }
        }

        return null;
    }

    /// <summary>Returns the paired difference of <paramref name="result"/> at budget <paramref name="budgetIndex"/> minus fixed at the longest budget.</summary>
    public PairedDifference VersusFixedLongest(PolicyResult result, int budgetIndex) =>
        PairedDifference.Of(result.Finals(budgetIndex), Results[0].Finals(Longest));

    /// <summary>Returns the paired difference of <paramref name="result"/> minus fixed, both at budget <paramref name="budgetIndex"/>.</summary>
    public PairedDifference VersusFixedSameBudget(PolicyResult result, int budgetIndex) =>
        PairedDifference.Of(result.Finals(budgetIndex), Results[0].Finals(budgetIndex));

    /// <summary>Returns the two tables as Markdown (which also reads well on a console).</summary>
    public string ToMarkdown()
    {
        var seeds = Results[0].Runs.Count;
        var budgets = Plan.Budgets;
        var longestName = Cycles(budgets[Longest]);
        var text = new StringBuilder();
        text.Append("| policy | schedule (longest budget) | runs |");
        foreach (var b in budgets)
        {
            text.Append(Invariant($" {Cycles(b)} |"));
        }

        text.AppendLine(Invariant($" reaches fixed's {longestName} {Percent(Threshold)} at | accuracy there | there vs fixed at {longestName} (paired, 95%) |"));
        text.Append("| --- | --- | --- |");
        text.Append(string.Concat(budgets.Select(_ => " ---: |")));
        text.AppendLine(" ---: | ---: | ---: |");
        foreach (var result in Results)
        {
            text.Append(Invariant($"| {result.Policy.Name} | {result.Policy.ForBudget(Plan.LongestIterations).Describe()} | {Plan.RunsOf(result.Policy)} |"));
            for (var b = 0; b < budgets.Length; b++)
            {
                var diverged = result.DivergedCount(b);
                text.Append(Invariant($" {Percent(result.Mean(b))}{(diverged > 0 ? Invariant($" ({diverged} diverged)") : string.Empty)} |"));
            }

            var reached = Reached(result);
            var isReference = ReferenceEquals(result, Results[0]) && reached == Longest;
            text.AppendLine(reached is { } r
                ? Invariant($" {Cycles(budgets[r])} ({Plan.Iterations(r):N0} it.) | {Percent(result.Mean(r))} | {(isReference ? "the reference" : VersusFixedLongest(result, r).ToPoints())} |")
                : Invariant($" never | — | at {longestName}: {VersusFixedLongest(result, Longest).ToPoints()} |"));
        }

        text.AppendLine();
        text.AppendLine(Invariant($"Paired difference from fixed at the same budget, percentage points [95% interval], {seeds} seeds:"));
        text.AppendLine();
        text.Append("| policy |");
        text.Append(string.Concat(budgets.Select(b => Invariant($" {Cycles(b)} |"))));
        text.AppendLine();
        text.Append("| --- |");
        text.AppendLine(string.Concat(budgets.Select(_ => " ---: |")));
        foreach (var result in Results.Skip(1))
        {
            text.Append(Invariant($"| {result.Policy.Name} |"));
            for (var b = 0; b < budgets.Length; b++)
            {
                text.Append(Invariant($" {VersusFixedSameBudget(result, b).ToPoints()} |"));
            }

            text.AppendLine();
        }

        return text.ToString();
    }

    /// <summary>
    /// Returns one sentence per policy, each verdict read off a paired 95% interval (<see cref="PairedDifference.Verdict"/>):
    /// where the policy reaches fixed's longest-budget accuracy and how it compares there, and how it compares with fixed
    /// at the longest budget.
    /// </summary>
    public IReadOnlyList<string> Summary()
    {
        var fixedResult = Results[0];
        var longestName = Cycles(Plan.Budgets[Longest]);
        var lines = new List<string>
        {
            Invariant($"fixed: {Percent(Threshold)} at {longestName} ({Plan.LongestIterations:N0} iterations), mean of {fixedResult.Runs.Count} seeds; the level the other policies are asked to reach."),
        };
        foreach (var result in Results.Skip(1))
        {
            var reached = Reached(result);
            var same = VersusFixedSameBudget(result, Longest);
            string where;
            if (reached is { } r)
            {
                var there = VersusFixedLongest(result, r);
                where = Invariant($"reaches it at {Cycles(Plan.Budgets[r])} ({Plan.Iterations(r):N0} iterations, {(r == Longest ? "the same budget as fixed" : Invariant($"{(double)Plan.Iterations(r) / Plan.LongestIterations:0.###} of fixed's budget"))}) with {Percent(result.Mean(r))}; paired with fixed at {longestName}: {there.ToPoints()}, {there.Verdict}");
            }
            else
            {
                var at = VersusFixedLongest(result, Longest);
                where = Invariant($"does not reach it at any budget ({Percent(result.Mean(Longest))} at {longestName}; {at.ToPoints()}, {at.Verdict})");
            }

            // At the longest budget (or never) the sentence above already is the same-budget comparison.
            lines.Add(reached is { } earlier && earlier != Longest
                ? Invariant($"{result.Policy.Name}: {where}. Against fixed at the same {longestName}: {same.ToPoints()}, {same.Verdict}.")
                : Invariant($"{result.Policy.Name}: {where}."));
        }

        return lines;
    }

    /// <summary>
    /// Writes the table as CSV, one row per policy and budget: iterations, whether the budget was read from a shared
    /// run, mean and standard deviation, the paired differences from fixed (same budget, and fixed's longest budget)
    /// with their 95% intervals (empty for one seed), and every seed's final accuracy.
    /// </summary>
    public string ToCsv()
    {
        var text = new StringBuilder();
        text.AppendLine("policy,budget_cycles,iterations,shared_run,seeds,test_accuracy_mean,test_accuracy_std,diverged,diff_vs_fixed_same_budget,diff_lower,diff_upper,diff_vs_fixed_longest,longest_lower,longest_upper,final_accuracy_per_seed");
        foreach (var result in Results)
        {
            for (var b = 0; b < Plan.Budgets.Length; b++)
            {
                var same = VersusFixedSameBudget(result, b);
                var longest = VersusFixedLongest(result, b);
                var perSeed = string.Join(';', result.Finals(b).Select(a => a.ToString("R", CultureInfo.InvariantCulture)));
                text.AppendLine(Invariant($"{result.Policy.Name},{Plan.Budgets[b]},{Plan.Iterations(b)},{(result.Policy.BudgetIndependent ? "yes" : "no")},{result.Finals(b).Count},{result.Mean(b):R},{result.StandardDeviation(b):R},{result.DivergedCount(b)},{same.Mean:R},{Bound(same.Lower)},{Bound(same.Upper)},{longest.Mean:R},{Bound(longest.Lower)},{Bound(longest.Upper)},{perSeed}"));
            }
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
        OneCycle o => Invariant($"{o.InitialLearningRate:G3} → {o.MaxLearningRate:G3} → {o.FinalLearningRate:G3} over {o.TotalSteps}"),
        _ => schedule.ToString() ?? string.Empty,
    };

    private static string Bound(double value) => double.IsNaN(value) ? string.Empty : value.ToString("R", CultureInfo.InvariantCulture);

    private static string Cycles(int cycles) => cycles == 1 ? "1 cycle" : Invariant($"{cycles} cycles");

    private static string Percent(double fraction) => Invariant($"{fraction * 100:F2}%");
}
