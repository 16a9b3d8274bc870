namespace CyclicalLR.Tests;

public sealed class ExponentialDecayTests
{
    [Fact]
    public void GetLearningRate_EachIteration_MultipliesByGamma()
    {
        var schedule = new ExponentialDecay(1.0, 0.5);

        Enumerable.Range(0, 60).Select(i => schedule.GetLearningRate(i)).Should().Equal(Enumerable.Range(0, 60).Select(i => Math.ScaleB(1.0, -i)));
        schedule.GetLearningRate(2_000).Should().Be(0.0);
        schedule.GetLearningRate(long.MaxValue).Should().Be(0.0);
    }

    [Theory]
    [InlineData(1.5)]
    [InlineData(0.0)]
    public void Constructor_GammaOutsideZeroToOne_ThrowsNamingGamma(double gamma)
    {
        var act = () => new ExponentialDecay(0.1, gamma);

        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("gamma");
    }
}
