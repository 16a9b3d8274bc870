namespace CyclicalLR.Tests;

public sealed class StepDecayTests
{
    [Fact]
    public void GetLearningRate_AtEachStep_MultipliesByGamma()
    {
        var schedule = new StepDecay(0.1, 30, 0.5);

        schedule.GetLearningRate(0).Should().Be(0.1);
        schedule.GetLearningRate(29).Should().Be(0.1);
        schedule.GetLearningRate(30).Should().Be(0.05);
        schedule.GetLearningRate(59).Should().Be(0.05);
        schedule.GetLearningRate(60).Should().Be(0.025);
        schedule.GetLearningRate(30 * 1100).Should().Be(0.0, "0.1 * 0.5^1100 underflows");
        schedule.GetLearningRate(long.MaxValue).Should().Be(0.0);
    }

    [Fact]
    public void GetLearningRate_GammaOne_IsConstant()
    {
        var schedule = new StepDecay(0.1, 1, 1.0);

        new[] { 0L, 1L, 1000L, long.MaxValue }.Select(schedule.GetLearningRate).Should().AllBeEquivalentTo(0.1);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0000000000000002)]
    [InlineData(10.0)]
    public void Constructor_GammaOutsideZeroToOne_ThrowsNamingGamma(double gamma)
    {
        var act = () => new StepDecay(0.1, 30, gamma);

        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("gamma");
    }
}
