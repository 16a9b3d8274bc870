namespace CyclicalLR.Tests;

public sealed class MultiStepDecayTests
{
    [Fact]
    public void GetLearningRate_UnsortedMilestones_AppliesGammaAtEach()
    {
        var schedule = new MultiStepDecay(0.05, [80, 30], 0.5);

        schedule.GetLearningRate(29).Should().Be(0.05);
        schedule.GetLearningRate(30).Should().Be(0.025);
        schedule.GetLearningRate(79).Should().Be(0.025);
        schedule.GetLearningRate(80).Should().Be(0.0125);
        schedule.GetLearningRate(long.MaxValue).Should().Be(0.0125);
        schedule.Milestones.Should().Equal(30, 80);
    }

    [Fact]
    public void GetLearningRate_RepeatedMilestone_AppliesGammaOncePerRepetition()
    {
        var schedule = new MultiStepDecay(1.0, [30, 10, 30], 0.5);

        schedule.GetLearningRate(10).Should().Be(0.5);
        schedule.GetLearningRate(29).Should().Be(0.5);
        schedule.GetLearningRate(30).Should().Be(0.125, "PyTorch's Counter applies gamma twice for a milestone given twice");
        schedule.Milestones.Should().Equal(10, 30, 30);
    }

    [Fact]
    public void GetLearningRate_MilestoneZeroAndNone_BehaveAsPyTorch()
    {
        new MultiStepDecay(1.0, [0], 0.5).GetLearningRate(0).Should().Be(0.5);
        new MultiStepDecay(1.0, [], 0.5).GetLearningRate(long.MaxValue).Should().Be(1.0);
    }

    [Fact]
    public void Constructor_CallerChangesItsArray_ScheduleDoesNotChange()
    {
        long[] milestones = [5, 10];
        var schedule = new MultiStepDecay(1.0, milestones, 0.5);

        milestones[0] = 1_000;

        schedule.GetLearningRate(5).Should().Be(0.5);
        schedule.Milestones.Should().Equal(5, 10);
        var asList = (IList<long>)schedule.Milestones;
        var act = () => asList[0] = 7;
        act.Should().Throw<NotSupportedException>();
    }

    [Theory]
    [InlineData(-1L)]
    [InlineData(long.MinValue)]
    public void Constructor_NegativeMilestone_ThrowsNamingMilestonesAndIndex(long bad)
    {
        var act = () => new MultiStepDecay(1.0, [3, bad], 0.5);

        act.Should().Throw<ArgumentOutOfRangeException>().Which.Should().Match<ArgumentOutOfRangeException>(e => e.ParamName == "milestones" && e.Message.Contains("index 1", StringComparison.Ordinal));
    }

    [Fact]
    public void ToString_ShowsSortedMilestones()
    {
        new MultiStepDecay(0.05, [80, 30], 0.1).ToString().Should().Be("MultiStepDecay(learningRate: 0.05, milestones: [30, 80], gamma: 0.1)");
    }
}
