namespace CyclicalLR.Tests;

public sealed class LinearWarmupTests
{
    [Fact]
    public void GetLearningRate_RampThenScheduleFromItsIterationZero()
    {
        var inner = new Triangular(0.001, 0.006, 4);
        var warmup = new LinearWarmup(inner, 10, 0.0);

        warmup.TargetLearningRate.Should().Be(0.001);
        for (long i = 0; i < 10; i++)
        {
            warmup.GetLearningRate(i).Should().BeApproximately(0.001 * i / 10, 1e-18);
        }

        warmup.GetLearningRate(0).Should().Be(0.0);
        foreach (var i in new[] { 10L, 11L, 14L, 18L, 1L << 40, long.MaxValue })
        {
            warmup.GetLearningRate(i).Should().Be(inner.GetLearningRate(i - 10));
        }
    }

    [Fact]
    public void GetLearningRate_RampDownward_StaysBetweenEnds()
    {
        var inner = new FixedDecay(0.001, 0.01, 5);
        var warmup = new LinearWarmup(inner, 7, 0.5);

        var ramp = Enumerable.Range(0, 8).Select(i => warmup.GetLearningRate(i)).ToArray();
        ramp[0].Should().Be(0.5);
        ramp[7].Should().Be(0.01);
        ramp.Should().BeInDescendingOrder().And.OnlyContain(v => v >= 0.01 && v <= 0.5);
    }

    [Fact]
    public void GetLearningRate_LongestWarmup_ExactEndsNoOverflow()
    {
        var inner = new Triangular(0.25, 0.75, 3);
        var warmup = new LinearWarmup(inner, long.MaxValue, 0.0);

        warmup.GetLearningRate(long.MaxValue - 1).Should().BeInRange(0.0, 0.25);
        warmup.GetLearningRate(long.MaxValue).Should().Be(0.25);
        warmup.GetLearningRate(long.MaxValue / 2).Should().BeApproximately(0.125, 1e-15);
    }

    [Fact]
    public void FollowMomentum_CyclicalMomentum_HeldDuringWarmupThenInStepWithTheLearningRate()
    {
        var inner = new Triangular(0.001, 0.006, 4);
        var warmup = new LinearWarmup(inner, 6, 0.0);
        var cyclical = new CyclicalMomentum(inner, 0.85, 0.95);
        var momentum = warmup.FollowMomentum(cyclical);

        for (long i = 0; i < 6; i++)
        {
            momentum.GetMomentum(i).Should().Be(0.95);
        }

        for (long i = 6; i < 40; i++)
        {
            momentum.GetMomentum(i).Should().Be(cyclical.GetMomentum(i - 6));
        }

        // In step: the learning-rate peak (warm-up + stepSize) is the momentum trough.
        warmup.GetLearningRate(10).Should().Be(0.006);
        momentum.GetMomentum(10).Should().Be(0.85);
    }

    [Fact]
    public void Constructor_BadArguments_ThrowNamingParameter()
    {
        var inner = new Triangular(0.001, 0.006, 4);
        ((Action)(() => _ = new LinearWarmup(null!, 5, 0))).Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("schedule");
        foreach (var w in new[] { 0L, -1L, long.MinValue })
        {
            ((Action)(() => _ = new LinearWarmup(inner, w, 0))).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("warmupIterations");
        }

        foreach (var value in TestValues.NotFiniteNonNegative.Values)
        {
            ((Action)(() => _ = new LinearWarmup(inner, 5, value))).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("startLearningRate");
        }

        ((Action)(() => new LinearWarmup(inner, 5, 0).FollowMomentum(null!))).Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("momentum");
    }

    [Fact]
    public void ToString_ShowsParametersAndSchedule()
    {
        var inner = new Triangular(0.001, 0.006, 4);
        new LinearWarmup(inner, 5, 0.0001).ToString().Should().Be($"LinearWarmup(warmupIterations: 5, startLearningRate: 0.0001, schedule: {inner})");
    }
}
