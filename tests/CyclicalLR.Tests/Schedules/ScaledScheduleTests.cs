namespace CyclicalLR.Tests;

public sealed class ScaledScheduleTests
{
    [Fact]
    public void GetLearningRate_FactorTimesSchedule()
    {
        var inner = new Triangular(0.001, 0.006, 4);
        var scaled = new ScaledSchedule(inner, 0.1);

        foreach (var i in new[] { 0L, 1L, 4L, 7L, 1L << 40, long.MaxValue })
        {
            scaled.GetLearningRate(i).Should().Be(0.1 * inner.GetLearningRate(i));
        }

        new ScaledSchedule(inner, 0).GetLearningRate(4).Should().Be(0);
    }

    [Fact]
    public void GetLearningRate_ProductOverflows_ThrowsInvalidOperation()
    {
        var scaled = new ScaledSchedule(new Triangular(0, 1e300, 2), 1e10);

        scaled.GetLearningRate(0).Should().Be(0);
        ((Action)(() => scaled.GetLearningRate(2))).Should().Throw<InvalidOperationException>().WithMessage("*overflows*");
    }

    [Fact]
    public void Constructor_BadArguments_ThrowNamingParameter()
    {
        var inner = new Triangular(0.001, 0.006, 4);
        ((Action)(() => _ = new ScaledSchedule(null!, 1))).Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("schedule");
        foreach (var value in TestValues.NotFiniteNonNegative.Values)
        {
            ((Action)(() => _ = new ScaledSchedule(inner, value))).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("factor");
        }

        ((Action)(() => new ScaledSchedule(inner, 1).GetLearningRate(-1))).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("iteration");
    }

    [Fact]
    public void ToString_ShowsFactorAndSchedule()
    {
        var inner = new Triangular(0.001, 0.006, 4);
        new ScaledSchedule(inner, 0.25).ToString().Should().Be($"ScaledSchedule(factor: 0.25, schedule: {inner})");
    }

    [Fact]
    public void GetLearningRate_NegativeIteration_ThrowsEvenWhenTheWrappedScheduleWouldAnswer()
    {
        // AnyIteration answers for any iteration, negative ones too: the rejection must be this schedule's own.
        var schedule = new ScaledSchedule(new AnyIteration(), 0.5);

        var act = () => schedule.GetLearningRate(-1);

        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("iteration");
    }

    /// <summary>A user's schedule that answers 0.1 for every iteration, negative ones included.</summary>
    private sealed class AnyIteration : ILearningRateSchedule
    {
        public double GetLearningRate(long iteration) => 0.1;
    }
}
