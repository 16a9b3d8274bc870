namespace CyclicalLR.Tests;

public sealed class CosineWarmRestartsTests
{
    [Fact]
    public void GetLearningRate_MultiplierOne_RestartsEveryCycle()
    {
        var schedule = new CosineWarmRestarts(0.05, 4);

        schedule.CycleLengthMultiplier.Should().Be(1);
        schedule.MinLearningRate.Should().Be(0);
        for (long i = 0; i < 40; i++)
        {
            schedule.GetLearningRate(i).Should().Be(schedule.GetLearningRate(i % 4));
        }

        schedule.GetLearningRate(2).Should().BeApproximately(0.025, 1e-17);
        schedule.GetLearningRate(long.MaxValue - (long.MaxValue % 4)).Should().Be(0.05);
    }

    [Fact]
    public void GetLearningRate_MultiplierTwo_CyclesDouble()
    {
        var schedule = new CosineWarmRestarts(0.1, 5, 2, 0.001);

        new long[] { 0, 5, 15, 35, 75 }.Select(schedule.GetLearningRate).Should().AllBeEquivalentTo(0.1);
        new long?[] { 0, 5, 15, 35, 75 }.Should().Equal(Enumerable.Range(0, 5).Select(k => schedule.GetCycleStart(k)));
        schedule.GetLearningRate(10).Should().BeApproximately(0.0505, 1e-16, "halfway through the 10-iteration second cycle");
    }

    [Fact]
    public void GetCycleStart_MultiplierOneFarOut_IsNullPastLongMaxValue()
    {
        var schedule = new CosineWarmRestarts(0.1, 10);

        schedule.GetCycleStart(long.MaxValue / 10).Should().Be(long.MaxValue / 10 * 10);
        schedule.GetCycleStart((long.MaxValue / 10) + 1).Should().BeNull();
    }

    [Fact]
    public void Constructor_MinAboveMax_ThrowsNamingMax()
    {
        var act = () => new CosineWarmRestarts(0.001, 10, 1, 0.1);

        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("maxLearningRate");
    }
}
