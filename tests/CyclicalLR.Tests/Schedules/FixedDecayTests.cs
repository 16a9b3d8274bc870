namespace CyclicalLR.Tests;

public sealed class FixedDecayTests
{
    [Fact]
    public void Constructor_Parameters_AreExposed()
    {
        var schedule = new FixedDecay(0.001, 0.006, 8);

        (schedule.BaseLearningRate, schedule.MaxLearningRate, schedule.StepSize).Should().Be((0.001, 0.006, 8L));
    }

    [Theory]
    [InlineData(0.001, 0.006, 8)]
    [InlineData(0.001, 0.01, 3)]
    [InlineData(0.008932866154772234, 0.744796137814531, 1)]
    public void GetLearningRate_StartAndEnd_AreExactlyMaxAndBase(double baseLr, double maxLr, long stepSize)
    {
        var schedule = new FixedDecay(baseLr, maxLr, stepSize);

        schedule.GetLearningRate(0).Should().Be(maxLr);
        schedule.GetLearningRate(stepSize).Should().Be(baseLr);
        schedule.GetLearningRate(stepSize + 1).Should().Be(baseLr);
        schedule.GetLearningRate(long.MaxValue).Should().Be(baseLr);
    }

    [Fact]
    public void GetLearningRate_DuringDecay_FallsLinearly()
    {
        var schedule = new FixedDecay(0.0, 1.0, 4);

        new long[] { 0, 1, 2, 3, 4, 5 }.Select(schedule.GetLearningRate).Should().Equal(1.0, 0.75, 0.5, 0.25, 0.0, 0.0);
    }

    [Fact]
    public void GetLearningRate_LongestDecay_NoOverflowAndAccurateNearItsEnd()
    {
        var schedule = new FixedDecay(1e-5, 3.0, long.MaxValue);

        schedule.GetLearningRate(long.MaxValue / 2).Should().BeApproximately(1.500005, 1e-15);
        // One step before the end: base + (max - base) / 2^63, with the small remainder computed from integers.
        schedule.GetLearningRate(long.MaxValue - 1).Should().BeApproximately(1e-5 + ((3.0 - 1e-5) * Math.ScaleB(1.0, -63)), 2e-21);
        schedule.GetLearningRate(long.MaxValue).Should().Be(1e-5);
    }

    [Fact]
    public void ToString_CommaDecimalCulture_ShowsParametersInvariantly()
    {
        var text = TestValues.WithCulture(TestValues.CommaDecimalCulture(), new FixedDecay(0.001, 0.006, 8).ToString);

        text.Should().Be("FixedDecay(baseLearningRate: 0.001, maxLearningRate: 0.006, stepSize: 8)");
    }
}
