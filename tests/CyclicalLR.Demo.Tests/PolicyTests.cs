namespace CyclicalLR.Demo.Tests;

public sealed class PolicyTests
{
    [Fact]
    public void CreateComparison_FivePoliciesOfThePaper()
    {
        var policies = Policy.CreateComparison(0.01, 0.1, stepSize: 50, totalIterations: 400, fixedLearningRate: 0.05);

        policies.Select(p => p.Name).Should().Equal("fixed", "triangular", "triangular2", "exp_range", "decay");
        policies.Should().HaveCount(Policy.ComparisonCount);
        policies.Select(p => p.FileName).Should().OnlyHaveUniqueItems();
        var byName = policies.ToDictionary(p => p.Name, p => p.Schedule);
        byName["fixed"].GetLearningRate(0).Should().Be(0.05);
        byName["fixed"].GetLearningRate(399).Should().Be(0.05);
        byName["triangular"].GetLearningRate(50).Should().BeApproximately(0.1, 1e-15);
        byName["triangular2"].GetLearningRate(150).Should().BeApproximately(0.055, 1e-15);
        byName["decay"].GetLearningRate(0).Should().Be(0.1);
        byName["decay"].GetLearningRate(400).Should().Be(0.01);
        byName["exp_range"].GetLearningRate(0).Should().Be(0.01);
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

    [Fact]
    public void ConstantSchedule_BadRate_Throws()
    {
        var act = () => new ConstantSchedule(double.NaN);

        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("learningRate");
    }
}
