using CsCheck;

namespace CyclicalLR.Tests;

public sealed class TriangularTests
{
    [Fact]
    public void Constructor_DefaultStepSizeDown_EqualsStepSize()
    {
        var schedule = new Triangular(0.001, 0.006, 2000);

        schedule.BaseLearningRate.Should().Be(0.001);
        schedule.MaxLearningRate.Should().Be(0.006);
        schedule.StepSize.Should().Be(2000);
        schedule.StepSizeDown.Should().Be(2000);
        schedule.CycleLength.Should().Be(4000);
    }

    [Fact]
    public void Constructor_UnequalStepSizes_CycleLengthIsTheirSum()
    {
        var schedule = new Triangular(0.01, 0.1, 5, 3);

        schedule.StepSizeDown.Should().Be(3);
        schedule.CycleLength.Should().Be(8);
    }

    [Theory]
    [InlineData(0.001, 0.006, 4, 4)]
    [InlineData(0.001, 0.01, 3, 3)] // 0.001 + (0.01 - 0.001) is 0.010000000000000002 in doubles
    [InlineData(0.008932866154772234, 0.744796137814531, 5, 2)]
    [InlineData(0.0, 1e-300, 1, 1)]
    public void GetLearningRate_CycleStartAndPeak_AreExactlyBaseAndMax(double baseLr, double maxLr, long up, long down)
    {
        var schedule = new Triangular(baseLr, maxLr, up, down);

        schedule.GetLearningRate(0).Should().Be(baseLr);
        schedule.GetLearningRate(up).Should().Be(maxLr);
        schedule.GetLearningRate(up + down).Should().Be(baseLr);
        schedule.GetLearningRate((2 * (up + down)) + up).Should().Be(maxLr);
    }

    [Fact]
    public void GetLearningRate_HugeCycleIndex_CycleArithmeticIsExact()
    {
        var schedule = new Triangular(0.001, 0.01, 2000, 1000);
        var cycle = schedule.CycleLength;

        foreach (var k in new[] { 1_000_000L, 1_000_000_007L, 1L << 40, (long.MaxValue - 2000) / cycle })
        {
            schedule.GetLearningRate(k * cycle).Should().Be(0.001, $"cycle {k} starts at base");
            schedule.GetLearningRate((k * cycle) + 2000).Should().Be(0.01, $"cycle {k} peaks at max");
            schedule.GetLearningRate((k * cycle) + 1000).Should().Be(schedule.GetLearningRate(1000), $"cycle {k} repeats cycle 0");
            schedule.GetLearningRate((k * cycle) + 2500).Should().Be(schedule.GetLearningRate(2500), $"cycle {k} repeats cycle 0");
        }
    }

    [Fact]
    public void GetLearningRate_LongMaxValue_NoOverflow()
    {
        // long.MaxValue = 2^63 - 1 = 3 * 3074457345618258602 + 1.
        var schedule = new Triangular(0.25, 0.75, 1, 2);

        schedule.GetLearningRate(long.MaxValue).Should().Be(0.75);
        schedule.GetLearningRate(long.MaxValue - 1).Should().Be(0.25);
        schedule.GetLearningRate(long.MaxValue - 2).Should().Be(0.5);
        new Triangular(0.25, 0.75, long.MaxValue - 1, 1).GetLearningRate(long.MaxValue).Should().Be(0.25);
        new Triangular(0.25, 0.75, long.MaxValue - 1, 1).GetLearningRate(long.MaxValue - 1).Should().Be(0.75);
    }

    [Fact]
    public void GetLearningRate_UnequalStepSizes_RisesOverUpAndFallsOverDown()
    {
        var schedule = new Triangular(0.0, 1.0, 4, 2);

        new long[] { 0, 1, 2, 3, 4, 5, 6, 7 }.Select(schedule.GetLearningRate).Should().Equal(0.0, 0.25, 0.5, 0.75, 1.0, 0.5, 0.0, 0.25);
    }

    [Fact]
    public void GetLearningRate_Property_PeriodicInTheCycleLength()
    {
        var gen = Gen.Select(Gen.Long[1, 1_000_000], Gen.Long[1, 1_000_000], Gen.Long[0, long.MaxValue / 2], Gen.Double[0, 1], Gen.Double[0, 1]);

        Property.ForAll(gen, t =>
        {
            var (up, down, i, a, b) = t;
            var schedule = new Triangular(Math.Min(a, b), Math.Max(a, b), up, down);
            schedule.GetLearningRate(i + schedule.CycleLength).Should().Be(schedule.GetLearningRate(i));
        }, seed: 20261129);
    }

    [Fact]
    public void ToString_CommaDecimalCulture_ShowsParametersInvariantly()
    {
        var schedule = new Triangular(0.001, 1234.5, 2000, 1000);

        var text = TestValues.WithCulture(TestValues.CommaDecimalCulture(), schedule.ToString);

        text.Should().Be("Triangular(baseLearningRate: 0.001, maxLearningRate: 1234.5, stepSize: 2000, stepSizeDown: 1000)");
    }
}
