namespace CyclicalLR.Tests;

public sealed class PolynomialDecayTests
{
    [Fact]
    public void GetLearningRate_PowerOne_IsAStraightLineToZero()
    {
        var schedule = new PolynomialDecay(2.0, 8);

        Enumerable.Range(0, 10).Select(i => schedule.GetLearningRate(i)).Should().Equal(2.0, 1.75, 1.5, 1.25, 1.0, 0.75, 0.5, 0.25, 0.0, 0.0);
        schedule.GetLearningRate(long.MaxValue).Should().Be(0.0);
        schedule.Power.Should().Be(1);
    }

    [Fact]
    public void GetLearningRate_PowerTwo_IsTheSquareOfTheFractionLeft()
    {
        var schedule = new PolynomialDecay(1.0, 4, 2);

        new long[] { 0, 1, 2, 3, 4, 5 }.Select(schedule.GetLearningRate).Should().Equal(1.0, 0.5625, 0.25, 0.0625, 0.0, 0.0);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.5)]
    public void Constructor_PowerNotPositive_ThrowsNamingPower(double power)
    {
        var act = () => new PolynomialDecay(0.1, 10, power);

        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("power");
    }
}
