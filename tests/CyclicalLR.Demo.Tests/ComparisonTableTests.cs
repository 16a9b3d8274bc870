namespace CyclicalLR.Demo.Tests;

public sealed class ComparisonTableTests
{
    private static Policy Constant(string name, bool shared = true) =>
        new(name, name, shared, _ => new PolicySchedule(new ConstantSchedule(0.1), null));

    private static readonly Policy[] Policies = [Constant("fixed"), Constant("fast"), Constant("slow", shared: false), Constant("never", shared: false)];

    private static readonly BudgetPlan Plan = new(Policies, longestCycles: 4, cycleLength: 10);

    /// <summary>A result whose longest curve ends at the longest budget's final accuracies; <paramref name="finals"/> per budget, per seed.</summary>
    private static PolicyResult Result(Policy policy, params double[][] finals) =>
        new(
            policy,
            Plan,
            finals,
            new int[finals.Length],
            finals[^1].Select((a, s) => new TrainingCurve(s + 1, [0, 10, 20, 40], [0.1, finals[0][s], finals[1][s], a], DivergedAt: null)).ToArray());

    private static ComparisonTable Table() => new(
    [
        Result(Policies[0], [0.70, 0.72, 0.74], [0.78, 0.80, 0.82], [0.80, 0.82, 0.84]),
        Result(Policies[1], [0.80, 0.83, 0.86], [0.85, 0.86, 0.87], [0.86, 0.87, 0.88]),
        Result(Policies[2], [0.60, 0.60, 0.60], [0.70, 0.70, 0.70], [0.81, 0.82, 0.86]),
        Result(Policies[3], [0.50, 0.50, 0.50], [0.60, 0.60, 0.60], [0.70, 0.71, 0.72]),
    ]);

    [Fact]
    public void Threshold_IsFixedsMeanAtTheLongestBudget_ReachedIsTheSmallestBudgetAtOrAboveIt()
    {
        var table = Table();

        table.Threshold.Should().BeApproximately(0.82, 1e-15);
        table.Reached(table.Results[0]).Should().Be(2);
        table.Reached(table.Results[1]).Should().Be(0, "fast's mean at 1 cycle, 83%, is above 82%");
        table.Reached(table.Results[2]).Should().Be(2);
        table.Reached(table.Results[3]).Should().BeNull();
    }

    [Fact]
    public void VersusFixed_PairsBySeed()
    {
        var table = Table();

        // fast at 1 cycle minus fixed at 4 cycles: 0.00, 0.01, 0.02 -> mean 0.01, sd 0.01, t(0.975, 2) = 4.302652729749464.
        var difference = table.VersusFixedLongest(table.Results[1], 0);
        difference.Mean.Should().BeApproximately(0.01, 1e-12);
        difference.Upper.Should().BeApproximately(0.01 + (4.302652729749464 * 0.01 / Math.Sqrt(3)), 1e-12);
        difference.Verdict.Should().Be("within noise: interval contains 0");

        // fast minus fixed at the same 1 cycle: 0.10, 0.11, 0.12.
        table.VersusFixedSameBudget(table.Results[1], 0).Mean.Should().BeApproximately(0.11, 1e-12);
        table.VersusFixedSameBudget(table.Results[1], 0).Verdict.Should().Be("better: interval above 0");
    }

    [Fact]
    public void ToMarkdown_PerBudgetAccuraciesAndWhereFixedsLongestAccuracyIsReached()
    {
        var lines = Table().ToMarkdown().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        lines[0].Should().Be("| policy | schedule (longest budget) | runs | 1 cycle | 2 cycles | 4 cycles | reaches fixed's 4 cycles 82.00% at | accuracy there | there vs fixed at 4 cycles (paired, 95%) |");
        lines[2].Should().Be("| fixed | 0.1 | one 4-cycle run, read at each budget | 72.00% | 80.00% | 82.00% | 4 cycles (40 it.) | 82.00% | the reference |");
        lines[3].Should().StartWith("| fast | 0.1 | one 4-cycle run, read at each budget | 83.00% | 86.00% | 87.00% | 1 cycle (10 it.) | 83.00% | +1.00 points [");
        lines[4].Should().StartWith("| slow | 0.1 | a run per budget | 60.00% | 70.00% | 83.00% | 4 cycles (40 it.) | 83.00% | +1.00 points [");
        lines[5].Should().StartWith("| never | 0.1 | a run per budget | 50.00% | 60.00% | 71.00% | never | — | at 4 cycles: -11.00 points [");
        lines[6].Should().Be("Paired difference from fixed at the same budget, percentage points [95% interval], 3 seeds:");
        lines[7].Should().Be("| policy | 1 cycle | 2 cycles | 4 cycles |");
        lines.Should().HaveCount(12);
        lines[9].Should().StartWith("| fast | +11.00 points [");
    }

    [Fact]
    public void Summary_VerdictsAreReadOffThePairedIntervals()
    {
        var lines = Table().Summary();

        lines.Should().HaveCount(4);
        lines[0].Should().Be("fixed: 82.00% at 4 cycles (40 iterations), mean of 3 seeds; the level the other policies are asked to reach.");
        lines[1].Should().StartWith("fast: reaches it at 1 cycle (10 iterations, 0.25 of fixed's budget) with 83.00%; paired with fixed at 4 cycles: +1.00 points [")
            .And.Contain("], within noise: interval contains 0. Against fixed at the same 4 cycles: +5.00 points [")
            .And.EndWith("], better: interval above 0.");
        lines[2].Should().StartWith("slow: reaches it at 4 cycles (40 iterations, the same budget as fixed) with 83.00%")
            .And.NotContain("Against fixed at the same", "at the longest budget the reaching comparison is the same-budget one");
        lines[3].Should().StartWith("never: does not reach it at any budget (71.00% at 4 cycles; -11.00 points [")
            .And.EndWith("worse: interval below 0).");
    }

    [Fact]
    public void ToCsv_OneRowPerPolicyAndBudget_WithEverySeedAndTheIntervals()
    {
        var lines = Table().ToCsv().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        lines.Should().HaveCount(1 + (4 * 3));
        lines[0].Should().StartWith("policy,budget_cycles,iterations,shared_run,seeds,");
        lines[4].Should().StartWith("fast,1,10,yes,3,").And.EndWith(",0.8;0.83;0.86");
        lines[7].Should().StartWith("slow,1,10,no,3,0.6,0,0,");
        var fields = lines[4].Split(',');
        double.Parse(fields[8], System.Globalization.CultureInfo.InvariantCulture).Should().BeApproximately(0.11, 1e-12);
        double.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture).Should().BeApproximately(0.01, 1e-12);
    }
}
