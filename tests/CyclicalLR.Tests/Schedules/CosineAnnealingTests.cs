namespace CyclicalLR.Tests;

public sealed class CosineAnnealingTests
{
    [Fact]
    public void GetLearningRate_PastPeriod_FollowsTheCosineBackUp()
    {
        var schedule = new CosineAnnealing(0.1, 0.001, 50);

        schedule.GetLearningRate(0).Should().Be(0.1);
        schedule.GetLearningRate(25).Should().BeApproximately(0.0505, 1e-16);
        schedule.GetLearningRate(50).Should().Be(0.001);
        schedule.GetLearningRate(100).Should().Be(0.1);
        schedule.GetLearningRate(150).Should().Be(0.001);
        for (long k = 0; k <= 50; k++)
        {
            // Symmetric about the period, bit for bit except at the quarter points, where the two halves meet from opposite ends.
            schedule.GetLearningRate(50 + k).Should().BeApproximately(schedule.GetLearningRate(50 - k), k == 25 ? 1e-16 : 0, $"k = {k}");
            schedule.GetLearningRate(100 + k).Should().Be(schedule.GetLearningRate(k), "and periodic with twice the period");
        }
    }

    [Fact]
    public void GetLearningRate_FirstHalfPeriod_IsMonotoneDown()
    {
        var schedule = new CosineAnnealing(1.0, 0.0, 1_000);

        Enumerable.Range(0, 1_001).Select(i => schedule.GetLearningRate(i)).Should().BeInDescendingOrder();
    }

    [Fact]
    public void Constructor_MinAboveMax_ThrowsNamingMaxWithBothValues()
    {
        var act = () => new CosineAnnealing(0.001, 0.1, 50);

        var e = act.Should().Throw<ArgumentOutOfRangeException>().Which;
        e.ParamName.Should().Be("maxLearningRate");
        e.Message.Should().Contain("0.001").And.Contain("0.1");
    }

    [Theory]
    [InlineData((long.MaxValue / 2) + 1)]
    [InlineData(long.MaxValue)]
    public void Constructor_TwicePeriodOverflows_ThrowsNamingPeriod(long period)
    {
        var act = () => new CosineAnnealing(0.1, 0.0, period);

        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("period");
    }

    [Fact]
    public void Constructor_LongestPeriod_EvaluatesToLongMaxValue()
    {
        var schedule = new CosineAnnealing(0.1, 0.0, long.MaxValue / 2);

        schedule.GetLearningRate(long.MaxValue / 2).Should().Be(0.0);
        schedule.GetLearningRate(long.MaxValue - 1).Should().Be(0.1, "2 * period = long.MaxValue - 1 is the first return to max");
        schedule.GetLearningRate(long.MaxValue).Should().Be(0.1, "one iteration past max in a 2^62 half-period is max to the last bit (0.1 - 1e-38)");
    }
}
