using CsCheck;

namespace CyclicalLR.Tests;

public sealed class Triangular2Tests
{
    [Fact]
    public void Constructor_Parameters_AreExposed()
    {
        var schedule = new Triangular2(0.1, 1.0, 2, 5);

        (schedule.BaseLearningRate, schedule.MaxLearningRate, schedule.StepSize, schedule.StepSizeDown, schedule.CycleLength)
            .Should().Be((0.1, 1.0, 2L, 5L, 7L));
        new Triangular2(0.1, 1.0, 2).StepSizeDown.Should().Be(2);
    }

    [Fact]
    public void GetLearningRate_Peaks_HalveEachCycle()
    {
        var schedule = new Triangular2(0.0, 1.0, 2, 5);

        new long[] { 2, 9, 16, 23, 2 + (7 * 10) }.Select(schedule.GetLearningRate).Should().Equal(1.0, 0.5, 0.25, 0.125, 1.0 / 1024);
        new long[] { 0, 7, 14, 1 }.Select(schedule.GetLearningRate).Should().Equal(0.0, 0.0, 0.0, 0.5);
    }

    [Fact]
    public void GetLearningRate_Property_PeakHeightAboveBaseHalvesExactly()
    {
        // base and max on a 2^-20 grid below 1, so every peak (amplitude / 2^k, k <= 20) is exactly representable.
        var gen = Gen.Select(Gen.Long[0, 1 << 20], Gen.Long[1, 1 << 20], Gen.Long[1, 100_000], Gen.Long[1, 100_000], Gen.Int[0, 19]);

        Property.ForAll(gen, t =>
        {
            var (b, a, up, down, k) = t;
            var baseLr = Math.ScaleB(b, -20);
            var schedule = new Triangular2(baseLr, baseLr + Math.ScaleB(a, -20), up, down);
            var peak = schedule.GetLearningRate((k * schedule.CycleLength) + up);
            var nextPeak = schedule.GetLearningRate(((k + 1) * schedule.CycleLength) + up);
            (nextPeak - baseLr).Should().Be((peak - baseLr) / 2);
        }, seed: 2);
    }

    [Fact]
    public void GetLearningRate_Property_ZeroBasePeaksHalveExactlyForAThousandCycles()
    {
        var gen = Gen.Select(Gen.Double[1e-6, 10], Gen.Long[1, 1_000_000], Gen.Long[1, 1_000_000], Gen.Int[0, 999]);

        Property.ForAll(gen, t =>
        {
            var (maxLr, up, down, k) = t;
            var schedule = new Triangular2(0.0, maxLr, up, down);
            var peak = schedule.GetLearningRate((k * schedule.CycleLength) + up);
            schedule.GetLearningRate(((k + 1) * schedule.CycleLength) + up).Should().Be(peak / 2);
        }, seed: 3);
    }

    [Theory]
    [InlineData(0.001, 0.006)]
    [InlineData(0.0, 0.006)]
    [InlineData(1e-300, 1e300)]
    public void GetLearningRate_AfterThousandsOfCycles_IsExactlyBase(double baseLr, double maxLr)
    {
        var schedule = new Triangular2(baseLr, maxLr, 3, 2);

        foreach (var k in new[] { 1_100L, 2_000L, 5_000L, 1_000_000L, (long.MaxValue / 5) - 1 })
        {
            for (var offset = 0; offset < 5; offset++)
            {
                schedule.GetLearningRate((k * 5) + offset).Should().Be(baseLr, $"cycle {k}, offset {offset}");
            }
        }

        schedule.GetLearningRate(long.MaxValue - 1).Should().Be(baseLr);
        schedule.GetLearningRate(long.MaxValue).Should().Be(baseLr);
    }

    [Fact]
    public void GetLearningRate_PeaksNearUnderflow_AreExactPowersOfTwoThenZero()
    {
        var schedule = new Triangular2(0.0, 1.0, 1, 1);

        // The peak of zero-based cycle k is at iteration 2k + 1 and equals 2^-k exactly until it underflows.
        schedule.GetLearningRate((2 * 1022) + 1).Should().Be(Math.ScaleB(1.0, -1022));
        schedule.GetLearningRate((2 * 1073) + 1).Should().Be(2 * double.Epsilon);
        schedule.GetLearningRate((2 * 1074) + 1).Should().Be(double.Epsilon);
        schedule.GetLearningRate((2 * 1075) + 1).Should().Be(0.0);
        schedule.GetAmplitudeFraction((2 * 1075) + 1).Should().Be(0.0);
    }

    [Fact]
    public void ToString_CommaDecimalCulture_ShowsParametersInvariantly()
    {
        var text = TestValues.WithCulture(TestValues.CommaDecimalCulture(), new Triangular2(0.5, 2.25, 3, 2).ToString);

        text.Should().Be("Triangular2(baseLearningRate: 0.5, maxLearningRate: 2.25, stepSize: 3, stepSizeDown: 2)");
    }
}
