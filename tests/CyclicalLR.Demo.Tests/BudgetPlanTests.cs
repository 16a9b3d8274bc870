namespace CyclicalLR.Demo.Tests;

public sealed class BudgetPlanTests
{
    private static readonly IReadOnlyList<Policy> Policies = Policy.CreateComparison(0.01, 0.1, stepSize: 5, fixedLearningRate: 0.05, cyclicalMomentum: false);

    [Theory]
    [InlineData(1, new[] { 1 })]
    [InlineData(2, new[] { 1, 2 })]
    [InlineData(6, new[] { 1, 2, 4, 6 })]
    [InlineData(8, new[] { 1, 2, 4, 8 })]
    [InlineData(9, new[] { 1, 2, 4, 8, 9 })]
    public void BudgetsUpTo_PowersOfTwoThenTheLongest(int longest, int[] expected)
    {
        BudgetPlan.BudgetsUpTo(longest).Should().Equal(expected);
    }

    [Fact]
    public void Runs_BudgetIndependentPoliciesShareOneLongestRun_OthersRunPerBudget()
    {
        var plan = new BudgetPlan(Policies, longestCycles: 8, cycleLength: 10);

        plan.Budgets.Should().Equal(1, 2, 4, 8);
        plan.LongestIterations.Should().Be(80);
        foreach (var name in new[] { "fixed", "triangular", "triangular2" })
        {
            var runs = plan.Runs.Where(r => r.Policy.Name == name).ToArray();
            runs.Should().ContainSingle(name);
            runs[0].Iterations.Should().Be(80);
            runs[0].BudgetIndexes.Should().Equal(0, 1, 2, 3);
            runs[0].Shared.Should().BeTrue();
        }

        foreach (var name in new[] { "exp_range", "decay", "1cycle" })
        {
            var runs = plan.Runs.Where(r => r.Policy.Name == name).ToArray();
            runs.Select(r => r.Iterations).Should().Equal([10L, 20L, 40L, 80L], name);
            runs.Select(r => r.BudgetIndexes.Single()).Should().Equal(0, 1, 2, 3);
            runs.Should().OnlyContain(r => !r.Shared);
        }

        plan.IterationsPerSeed.Should().Be((3 * 80) + (3 * (10 + 20 + 40 + 80)));
        plan.RunsOf(Policies[0]).Should().Be("one 8-cycle run, read at each budget");
        plan.RunsOf(Policies[3]).Should().Be("a run per budget");
    }

    [Fact]
    public void Runs_OneBudget_EveryPolicyOneRun()
    {
        var plan = new BudgetPlan(Policies, longestCycles: 1, cycleLength: 10);

        plan.Runs.Should().HaveCount(Policies.Count).And.OnlyContain(r => r.Iterations == 10 && !r.Shared);
    }
}
