namespace CyclicalLR.Tests;

public sealed class SequentialMomentumTests
{
    [Fact]
    public void GetMomentum_FollowsSequentialScheduleAtTheSameMilestones()
    {
        var ramp = new FixedDecay(0.001, 0.006, 5);
        var cyclical = new Triangular(0.001, 0.006, 4);
        var lr = new SequentialSchedule([ramp, cyclical], [5]);
        var first = new MomentumWarmup(new CyclicalMomentum(cyclical, 0.85, 0.95), 1, 0.9);
        var second = new CyclicalMomentum(cyclical, 0.85, 0.95);
        var momentum = new SequentialMomentum([first, second], [5]);

        momentum.GetMomentum(0).Should().Be(0.9);
        momentum.GetMomentum(4).Should().Be(first.GetMomentum(4));
        for (long i = 5; i < 30; i++)
        {
            momentum.GetMomentum(i).Should().Be(second.GetMomentum(i - 5));
        }

        lr.GetLearningRate(9).Should().Be(0.006);
        momentum.GetMomentum(9).Should().Be(0.85);
        momentum.Schedules.Should().Equal(first, second);
        momentum.Milestones.Should().Equal(5L);
    }

    [Fact]
    public void Constructor_BadLists_ThrowNamingThem()
    {
        var m = new CyclicalMomentum(new Triangular(0.001, 0.006, 4));
        ((Action)(() => _ = new SequentialMomentum(null!, []))).Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("schedules");
        ((Action)(() => _ = new SequentialMomentum([m, m], [0]))).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("milestones");
        ((Action)(() => _ = new SequentialMomentum([m, null!], [3]))).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("schedules");
        ((Action)(() => new SequentialMomentum([m], []).GetMomentum(-1))).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("iteration");
        var lenient = new LenientMomentum();
        ((Action)(() => new SequentialMomentum([lenient, lenient], [3]).GetMomentum(-1))).Should().Throw<ArgumentOutOfRangeException>()
            .Which.ParamName.Should().Be("iteration", "the joined schedule checks the iteration itself, whatever its parts do");
    }

    /// <summary>A momentum schedule that does not check its iteration.</summary>
    private sealed class LenientMomentum : IMomentumSchedule
    {
        public double GetMomentum(long iteration) => 0.9;
    }
}
