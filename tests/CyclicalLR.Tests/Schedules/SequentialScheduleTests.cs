using CsCheck;

namespace CyclicalLR.Tests;

public sealed class SequentialScheduleTests
{
    private static readonly FixedDecay First = new(0.01, 0.1, 4);
    private static readonly Triangular Second = new(0.001, 0.006, 3);
    private static readonly Triangular2 Third = new(0.002, 0.004, 2);

    [Fact]
    public void GetLearningRate_EachScheduleFromItsOwnStart_MilestoneBelongsToTheNext()
    {
        var schedule = new SequentialSchedule([First, Second, Third], [5, 12]);

        for (long i = 0; i < 5; i++)
        {
            schedule.GetLearningRate(i).Should().Be(First.GetLearningRate(i));
        }

        for (long i = 5; i < 12; i++)
        {
            schedule.GetLearningRate(i).Should().Be(Second.GetLearningRate(i - 5));
        }

        foreach (var i in new[] { 12L, 13L, 20L, 1L << 40, long.MaxValue })
        {
            schedule.GetLearningRate(i).Should().Be(Third.GetLearningRate(i - 12));
        }
    }

    [Fact]
    public void GetLearningRate_MilestonesNearLongMaxValue_ExactWithoutOverflow()
    {
        var schedule = new SequentialSchedule([First, Second, Third], [long.MaxValue - 1, long.MaxValue]);

        schedule.GetLearningRate(long.MaxValue - 2).Should().Be(First.GetLearningRate(long.MaxValue - 2));
        schedule.GetLearningRate(long.MaxValue - 1).Should().Be(Second.GetLearningRate(0));
        schedule.GetLearningRate(long.MaxValue).Should().Be(Third.GetLearningRate(0));
    }

    [Fact]
    public void GetLearningRate_OneScheduleNoMilestone_IsThatSchedule()
    {
        var schedule = new SequentialSchedule([Second], []);

        new[] { 0L, 3L, 7L, long.MaxValue }.Select(schedule.GetLearningRate).Should().Equal(new[] { 0L, 3L, 7L, long.MaxValue }.Select(Second.GetLearningRate));
    }

    [Fact]
    public void Constructor_ListsChangedAfterwards_ScheduleUnchanged()
    {
        var schedules = new List<ILearningRateSchedule> { First, Second };
        var milestones = new List<long> { 5 };
        var schedule = new SequentialSchedule(schedules, milestones);
        schedules[1] = Third;
        milestones[0] = 1;

        schedule.Schedules.Should().Equal(First, Second);
        schedule.Milestones.Should().Equal(5L);
        schedule.GetLearningRate(5).Should().Be(Second.GetLearningRate(0));
        ((IList<long>)schedule.Milestones).IsReadOnly.Should().BeTrue();
    }

    [Fact]
    public void Constructor_Nulls_ThrowNamingTheList()
    {
        ((Action)(() => _ = new SequentialSchedule(null!, []))).Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("schedules");
        ((Action)(() => _ = new SequentialSchedule([First], null!))).Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("milestones");
        var inner = ((Action)(() => _ = new SequentialSchedule([First, null!], [3]))).Should().Throw<ArgumentException>().Which;
        inner.ParamName.Should().Be("schedules");
        inner.Message.Should().Contain("schedules[1]");
    }

    [Fact]
    public void Constructor_EmptyOrCountMismatch_ThrowsArgumentException()
    {
        ((Action)(() => _ = new SequentialSchedule([], []))).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("schedules");
        ((Action)(() => _ = new SequentialSchedule([First, Second], []))).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("milestones");
        ((Action)(() => _ = new SequentialSchedule([First, Second], [3, 4]))).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("milestones");
    }

    [Theory]
    [InlineData(new long[] { 0, 5 })]
    [InlineData(new long[] { -1, 5 })]
    [InlineData(new long[] { long.MinValue, 5 })]
    [InlineData(new long[] { 5, 5 })]
    [InlineData(new long[] { 6, 5 })]
    [InlineData(new long[] { long.MaxValue, 1 })]
    public void Constructor_MilestonesNotPositiveOrNotStrictlyIncreasing_ThrowsNamingMilestones(long[] milestones)
    {
        var act = () => new SequentialSchedule([First, Second, Third], milestones);

        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("milestones");
    }

    [Fact]
    public void GetLearningRate_Property_MatchesALinearScanOfTheMilestones()
    {
        var gen = Gen.Select(Gen.Long[1, long.MaxValue].Array[1, 8], Gen.Long[0, long.MaxValue], Gen.Int[0, 7]);

        Property.ForAll(gen, t =>
        {
            var (raw, far, pick) = t;
            var milestones = raw.Distinct().Order().ToArray();
            var parts = Enumerable.Range(0, milestones.Length + 1).Select(k => (ILearningRateSchedule)new Probe(k)).ToArray();
            var schedule = new SequentialSchedule(parts, milestones);

            // A far iteration, and each milestone with its neighbours.
            var near = milestones[pick % milestones.Length];
            foreach (var i in new[] { far, 0, near - 1, near, near == long.MaxValue ? near : near + 1 })
            {
                var k = 0;
                while (k < milestones.Length && milestones[k] <= i)
                {
                    k++;
                }

                var local = k == 0 ? i : i - milestones[k - 1];
                schedule.GetLearningRate(i).Should().Be(new Probe(k).GetLearningRate(local), $"iteration {i}");
            }
        }, seed: 20261130);
    }

    [Fact]
    public void ToString_ShowsMilestonesAndSchedules()
    {
        new SequentialSchedule([First, Second], [5]).ToString().Should().Be($"SequentialSchedule(milestones: [5], schedules: [{First}, {Second}])");
    }

    [Fact]
    public void GetLearningRate_NegativeIteration_ThrowsEvenWhenTheFirstScheduleWouldAnswer()
    {
        // Probe answers for any iteration, negative ones too: the rejection must be SequentialSchedule's own.
        var schedule = new SequentialSchedule([new Probe(0), new Probe(1)], [5]);

        var act = () => schedule.GetLearningRate(-1);

        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("iteration");
    }

    /// <summary>A test schedule whose value tells which part ran and at which local iteration (mod a prime).</summary>
    private sealed class Probe(int index) : ILearningRateSchedule
    {
        public double GetLearningRate(long iteration) => index + ((iteration % 1_000_003) / 1e7);
    }
}
