namespace CyclicalLR.Demo.Tests;

public sealed class PolicyTests
{
    private static IReadOnlyList<Policy> Create(bool cyclicalMomentum = false) =>
        Policy.CreateComparison(0.01, 0.1, stepSize: 50, fixedLearningRate: 0.05, cyclicalMomentum);

    [Fact]
    public void CreateComparison_ThePapersPoliciesAnd1cycle()
    {
        var policies = Create();

        policies.Select(p => p.Name).Should().Equal("fixed", "triangular", "triangular2", "exp_range", "decay", "1cycle");
        policies.Should().HaveCount(Policy.ComparisonCount);
        policies.Select(p => p.FileName).Should().OnlyHaveUniqueItems();
        var byName = policies.ToDictionary(p => p.Name, p => p.ForBudget(400).Rate);
        byName["fixed"].GetLearningRate(0).Should().Be(0.05);
        byName["fixed"].GetLearningRate(399).Should().Be(0.05);
        byName["triangular"].GetLearningRate(50).Should().BeApproximately(0.1, 1e-15);
        byName["triangular2"].GetLearningRate(150).Should().BeApproximately(0.055, 1e-15);
        byName["decay"].GetLearningRate(0).Should().Be(0.1);
        byName["decay"].GetLearningRate(400).Should().Be(0.01);
        byName["exp_range"].GetLearningRate(0).Should().Be(0.01);
        byName["1cycle"].Should().BeOfType<OneCycle>().Which.MaxLearningRate.Should().Be(0.1, "1cycle's peak is the range test's max");
        ((OneCycle)byName["1cycle"]).TotalSteps.Should().Be(400);
        policies.Where(p => p.BudgetIndependent).Select(p => p.Name).Should().Equal("fixed", "triangular", "triangular2");
        policies.Count(p => p.BudgetIndependent).Should().Be(Policy.BudgetIndependentCount);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ForBudget_BudgetIndependentPolicies_ShorterBudgetIsThePrefixOfTheLonger(bool cyclicalMomentum)
    {
        foreach (var policy in Create(cyclicalMomentum).Where(p => p.BudgetIndependent))
        {
            var shorter = policy.ForBudget(100);
            var longer = policy.ForBudget(800);
            for (long i = 0; i < 100; i++)
            {
                shorter.Rate.GetLearningRate(i).Should().Be(longer.Rate.GetLearningRate(i), policy.Name);
                (shorter.Momentum?.GetMomentum(i)).Should().Be(longer.Momentum?.GetMomentum(i), policy.Name);
            }
        }
    }

    [Fact]
    public void ForBudget_BudgetDependentPolicies_ShapeChangesWithTheBudget()
    {
        foreach (var policy in Create().Where(p => !p.BudgetIndependent))
        {
            var shorter = policy.ForBudget(100);
            var longer = policy.ForBudget(800);
            Enumerable.Range(0, 100).Should().Contain(i => shorter.Rate.GetLearningRate(i) != longer.Rate.GetLearningRate(i), policy.Name);
        }
    }

    [Fact]
    public void CreateComparison_CyclicalMomentum_CyclicalPoliciesCycleItFixedAndDecayDoNot()
    {
        var plain = Create(cyclicalMomentum: false);
        var cycled = Create(cyclicalMomentum: true);

        plain.Should().OnlyContain(p => p.ForBudget(400).Momentum == null);
        cycled.Where(p => p.Name is "fixed" or "decay").Should().OnlyContain(p => p.ForBudget(400).Momentum == null);
        foreach (var name in new[] { "triangular", "triangular2", "exp_range" })
        {
            var momentum = cycled.Single(p => p.Name == name).ForBudget(400).Momentum.Should().BeOfType<CyclicalMomentum>().Subject;
            momentum.GetMomentum(0).Should().Be(Policy.MaxMomentum, "at the learning rate's base");
            if (name != "exp_range")
            {
                momentum.GetMomentum(50).Should().BeApproximately(Policy.BaseMomentum, 1e-15, "at its peak");
            }
            else
            {
                momentum.GetMomentum(50).Should().BeInRange(Policy.BaseMomentum, Policy.MaxMomentum, "exp_range's amplitude decays, and the momentum's with it");
            }
        }

        var oneCycle = cycled.Single(p => p.Name == "1cycle").ForBudget(400);
        oneCycle.Momentum.Should().BeSameAs(oneCycle.Rate, "1cycle cycles its own momentum");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(90)]
    [InlineData(1440)]
    [InlineData(100_000)]
    public void ExpRangeGamma_DecaysAmplitudeToATenthOverTheRun(long total)
    {
        Math.Pow(Policy.ExpRangeGamma(total), total).Should().BeApproximately(0.1, 1e-12);
    }
}
