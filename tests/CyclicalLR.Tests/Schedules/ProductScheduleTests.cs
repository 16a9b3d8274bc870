namespace CyclicalLR.Tests;

public sealed class ProductScheduleTests
{
    [Fact]
    public void GetLearningRate_ProductLeftToRight()
    {
        var rate = new Triangular(0.001, 0.006, 4);
        var factor = new SequentialSchedule([new FixedDecay(0.1, 0.1, 1), new FixedDecay(1, 1, 1)], [3]);
        var product = new ProductSchedule([rate, factor]);

        for (long i = 0; i < 3; i++)
        {
            product.GetLearningRate(i).Should().Be(rate.GetLearningRate(i) * 0.1);
        }

        foreach (var i in new[] { 3L, 4L, 9L, long.MaxValue })
        {
            product.GetLearningRate(i).Should().Be(rate.GetLearningRate(i));
        }

        new ProductSchedule([rate]).GetLearningRate(4).Should().Be(0.006);
    }

    [Fact]
    public void GetLearningRate_Overflow_ThrowsInvalidOperation()
    {
        var big = new FixedDecay(1e200, 1e200, 1);
        ((Action)(() => new ProductSchedule([big, big]).GetLearningRate(0))).Should().Throw<InvalidOperationException>().WithMessage("*overflows*");
    }

    [Fact]
    public void Constructor_BadLists_ThrowNamingSchedules()
    {
        var rate = new Triangular(0.001, 0.006, 4);
        ((Action)(() => _ = new ProductSchedule(null!))).Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("schedules");
        ((Action)(() => _ = new ProductSchedule([]))).Should().Throw<ArgumentException>().WithMessage("schedules must hold at least one schedule.*")
            .Which.ParamName.Should().Be("schedules");
        ((Action)(() => _ = new ProductSchedule([rate, null!]))).Should().Throw<ArgumentException>().WithMessage("schedules[1] is null.*")
            .Which.ParamName.Should().Be("schedules");
        var list = new List<ILearningRateSchedule> { rate };
        var product = new ProductSchedule(list);
        list.Add(rate);
        product.Schedules.Should().HaveCount(1);
    }

    [Fact]
    public void ToString_ShowsSchedules()
    {
        var rate = new Triangular(0.001, 0.006, 4);
        new ProductSchedule([rate, rate]).ToString().Should().Be($"ProductSchedule(schedules: [{rate}, {rate}])");
    }

    [Fact]
    public void GetLearningRate_NegativeIteration_ThrowsEvenWhenTheWrappedScheduleWouldAnswer()
    {
        // AnyIteration answers for any iteration, negative ones too: the rejection must be this schedule's own.
        var schedule = new ProductSchedule([new AnyIteration(), new AnyIteration()]);

        var act = () => schedule.GetLearningRate(-1);

        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("iteration");
    }

    /// <summary>A user's schedule that answers 0.1 for every iteration, negative ones included.</summary>
    private sealed class AnyIteration : ILearningRateSchedule
    {
        public double GetLearningRate(long iteration) => 0.1;
    }
}
