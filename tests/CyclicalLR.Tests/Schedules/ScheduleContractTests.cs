namespace CyclicalLR.Tests;

/// <summary>
/// The contract every schedule keeps, checked over one list of instances: finite values within the schedule's bounds,
/// the same value on repeated and concurrent calls, and an <see cref="ArgumentOutOfRangeException"/> for a negative
/// iteration; and the constructor checks every schedule shares.
/// </summary>
public sealed class ScheduleContractTests
{
    private static readonly Dictionary<string, Subject> Subjects = BuildSubjects();

    /// <summary>Constructors of the learning-rate schedules, with the common parameters.</summary>
    private static readonly Dictionary<string, Func<double, double, long, long?, ILearningRateSchedule>> Constructors = new()
    {
        ["Triangular"] = (b, m, s, d) => new Triangular(b, m, s, d),
        ["Triangular2"] = (b, m, s, d) => new Triangular2(b, m, s, d),
        ["ExpRange"] = (b, m, s, d) => new ExpRange(b, m, s, 0.999, d),
        ["CyclicalSchedule"] = (b, m, s, d) => new CyclicalSchedule(b, m, s, static _ => 1.0, ScaleMode.Cycle, d),
        ["FixedDecay"] = (b, m, s, d) => d is null ? new FixedDecay(b, m, s) : throw new InvalidOperationException("FixedDecay has no stepSizeDown."),
    };

    private static readonly string[] CyclicalConstructors = ["Triangular", "Triangular2", "ExpRange", "CyclicalSchedule"];

    public static TheoryData<string> SubjectNames => new(Subjects.Keys);

    public static TheoryData<string> ConstructorNames => new(Constructors.Keys);

    public static TheoryData<string, string> ConstructorsAndBadRates
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var ctor in Constructors.Keys)
            {
                foreach (var value in TestValues.NotFiniteNonNegative.Keys)
                {
                    data.Add(ctor, value);
                }
            }

            return data;
        }
    }

    public static TheoryData<string, long> ConstructorsAndBadStepSizes
    {
        get
        {
            var data = new TheoryData<string, long>();
            foreach (var ctor in Constructors.Keys)
            {
                foreach (var value in TestValues.NonPositiveStepSizes)
                {
                    data.Add(ctor, value);
                }
            }

            return data;
        }
    }

    public static TheoryData<string, long> CyclicalConstructorsAndBadStepSizes
    {
        get
        {
            var data = new TheoryData<string, long>();
            foreach (var ctor in CyclicalConstructors)
            {
                foreach (var value in TestValues.NonPositiveStepSizes)
                {
                    data.Add(ctor, value);
                }
            }

            return data;
        }
    }

    public static TheoryData<string, long, long?, string> CyclicalConstructorsAndOverflowingCycles
    {
        get
        {
            var data = new TheoryData<string, long, long?, string>();
            foreach (var ctor in CyclicalConstructors)
            {
                data.Add(ctor, long.MaxValue, null, "stepSize");
                data.Add(ctor, (long.MaxValue / 2) + 1, null, "stepSize");
                data.Add(ctor, 1, long.MaxValue, "stepSizeDown");
                data.Add(ctor, long.MaxValue, 1, "stepSizeDown");
                data.Add(ctor, (long.MaxValue / 2) + 1, (long.MaxValue / 2) + 1, "stepSizeDown");
            }

            return data;
        }
    }

    [Fact]
    public void Subjects_CoverEveryScheduleType()
    {
        var types = Subjects.Values.Select(s => s.Type).Distinct().ToArray();
        var scheduleTypes = typeof(ILearningRateSchedule).Assembly.GetExportedTypes()
            .Where(t => t.IsClass && (typeof(ILearningRateSchedule).IsAssignableFrom(t) || typeof(IMomentumSchedule).IsAssignableFrom(t)));

        types.Should().BeEquivalentTo(scheduleTypes);

        // CyclicalMomentum wraps a schedule, and LrRangeTest's constructor takes (minLearningRate, maxLearningRate,
        // iterations, ...): their constructor checks are tested in CyclicalMomentumTests and LrRangeTestTests.
        Constructors.Keys.Should().BeEquivalentTo(scheduleTypes.Where(t => t.GetConstructors().Any(c => c.GetParameters() is [{ Name: "baseLearningRate" }, { Name: "maxLearningRate" }, { Name: "stepSize" }, ..])).Select(t => t.Name));
    }

    [Fact]
    public void TestValues_NaNs_CarryBothSignBits()
    {
        var nans = TestValues.NonFinite.Values.Where(double.IsNaN).ToArray();

        // -double.NaN alone is not enough: the compiler folds it to a NaN with the same sign bit as double.NaN here.
        nans.Should().Contain(v => double.IsNegative(v)).And.Contain(v => !double.IsNegative(v));
    }

    [Theory]
    [MemberData(nameof(SubjectNames))]
    public void Evaluate_FirstCyclesAndLandmarks_FiniteAndWithinBounds(string name)
    {
        var subject = Subjects[name];

        foreach (var i in Iterations(subject))
        {
            var value = subject.Evaluate(i);
            double.IsFinite(value).Should().BeTrue($"{subject.Description} at {i} gave {value:R}");
            value.Should().BeInRange(subject.Lower, subject.Upper, $"{subject.Description} at {i}");
        }
    }

    [Theory]
    [MemberData(nameof(SubjectNames))]
    public void Evaluate_SameIterationTwice_SameValue(string name)
    {
        var subject = Subjects[name];

        foreach (var i in Iterations(subject))
        {
            BitConverter.DoubleToInt64Bits(subject.Evaluate(i)).Should().Be(BitConverter.DoubleToInt64Bits(subject.Evaluate(i)));
        }
    }

    [Theory]
    [MemberData(nameof(SubjectNames))]
    public void Evaluate_FromManyThreads_EqualsSequentialPass(string name)
    {
        var subject = Subjects[name];
        var iterations = Iterations(subject).ToArray();
        var sequential = iterations.Select(subject.Evaluate).ToArray();
        var concurrent = new double[iterations.Length];

        for (var round = 0; round < 4; round++)
        {
            Parallel.For(0, iterations.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, k => concurrent[k] = subject.Evaluate(iterations[k]));

            concurrent.Should().Equal(sequential);
        }
    }

    [Theory]
    [MemberData(nameof(SubjectNames))]
    public void Evaluate_NegativeIteration_ThrowsArgumentOutOfRange(string name)
    {
        var subject = Subjects[name];

        foreach (var i in new[] { -1L, -2L, long.MinValue })
        {
            var act = () => subject.Evaluate(i);

            act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("iteration");
        }
    }

    [Theory]
    [MemberData(nameof(SubjectNames))]
    public void GetAmplitudeFraction_CyclicalSchedules_WithinZeroAndOneAndConsistentWithRate(string name)
    {
        if (Subjects[name].Schedule is not ICyclicalSchedule schedule)
        {
            return;
        }

        foreach (var i in Iterations(Subjects[name]))
        {
            var fraction = schedule.GetAmplitudeFraction(i);
            fraction.Should().BeInRange(0.0, 1.0);
            var rate = schedule.GetLearningRate(i);
            var reconstructed = schedule.BaseLearningRate + ((schedule.MaxLearningRate - schedule.BaseLearningRate) * fraction);
            rate.Should().BeApproximately(reconstructed, 4 * Math.Max(double.Epsilon, Math.BitIncrement(rate) - rate));
        }

        var act = () => schedule.GetAmplitudeFraction(-1);
        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("iteration");
    }

    [Theory]
    [MemberData(nameof(SubjectNames))]
    public void CycleLength_CyclicalSchedules_IsThePeriodOfTheCurve(string name)
    {
        if (Subjects[name].Schedule is not ICyclicalSchedule schedule)
        {
            return;
        }

        var cycle = schedule.CycleLength;
        cycle.Should().Be(Subjects[name].Cycle);
        for (long i = 0; i < 2 * cycle; i++)
        {
            // The position in the cycle repeats (the amplitude scale may not).
            var now = schedule.GetAmplitudeFraction(i) == 0;
            var later = schedule.GetAmplitudeFraction(i + cycle) == 0;
            later.Should().Be(now, $"{name}: a cycle starts at {i} exactly when one starts at {i + cycle}");
        }

        schedule.GetAmplitudeFraction(cycle).Should().Be(0);
    }

    [Theory]
    [MemberData(nameof(ConstructorsAndBadRates))]
    public void Constructor_BadBaseLearningRate_ThrowsNamingIt(string ctor, string value)
    {
        var act = () => Constructors[ctor](TestValues.NotFiniteNonNegative[value], 1.0, 10, null);

        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("baseLearningRate");
    }

    [Theory]
    [MemberData(nameof(ConstructorsAndBadRates))]
    public void Constructor_BadMaxLearningRate_ThrowsNamingIt(string ctor, string value)
    {
        var act = () => Constructors[ctor](0.0, TestValues.NotFiniteNonNegative[value], 10, null);

        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("maxLearningRate");
    }

    [Theory]
    [MemberData(nameof(ConstructorNames))]
    public void Constructor_MaxBelowBase_ThrowsNamingMaxWithBothValues(string ctor)
    {
        var act = () => Constructors[ctor](0.5, 0.25, 10, null);

        var exception = act.Should().Throw<ArgumentOutOfRangeException>().Which;
        exception.ParamName.Should().Be("maxLearningRate");
        exception.Message.Should().Contain("0.5").And.Contain("0.25");
    }

    [Theory]
    [MemberData(nameof(ConstructorNames))]
    public void Constructor_MaxEqualsBase_IsAFlatSchedule(string ctor)
    {
        var schedule = Constructors[ctor](0.125, 0.125, 3, null);

        new long[] { 0, 1, 3, 4, 6, 1_000_000 }.Select(schedule.GetLearningRate).Should().AllBeEquivalentTo(0.125);
    }

    [Theory]
    [MemberData(nameof(ConstructorsAndBadStepSizes))]
    public void Constructor_StepSizeBelowOne_ThrowsNamingIt(string ctor, long stepSize)
    {
        var act = () => Constructors[ctor](0.001, 0.006, stepSize, null);

        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("stepSize");
    }

    [Theory]
    [MemberData(nameof(CyclicalConstructorsAndBadStepSizes))]
    public void Constructor_StepSizeDownBelowOne_ThrowsNamingIt(string ctor, long stepSizeDown)
    {
        var act = () => Constructors[ctor](0.001, 0.006, 10, stepSizeDown);

        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("stepSizeDown");
    }

    [Theory]
    [MemberData(nameof(CyclicalConstructorsAndOverflowingCycles))]
    public void Constructor_CycleLengthOverflows_ThrowsNamingTheStepSize(string ctor, long stepSize, long? stepSizeDown, string paramName)
    {
        var act = () => Constructors[ctor](0.001, 0.006, stepSize, stepSizeDown);

        var thrown = act.Should().Throw<ArgumentOutOfRangeException>().Which;
        thrown.ParamName.Should().Be(paramName);
        thrown.Message.Should().Contain("cycle length").And.Contain("overflows a 64-bit integer");
    }

    [Theory]
    [MemberData(nameof(ConstructorNames))]
    public void Constructor_LongestCycle_EvaluatesToLongMaxValue(string ctor)
    {
        var stepSize = ctor == "FixedDecay" ? long.MaxValue : long.MaxValue - 1;
        long? stepSizeDown = ctor == "FixedDecay" ? null : 1;
        var schedule = Constructors[ctor](0.25, 0.75, stepSize, stepSizeDown);

        foreach (var i in new[] { 0L, 1L, long.MaxValue / 2, long.MaxValue - 2, long.MaxValue - 1, long.MaxValue })
        {
            schedule.GetLearningRate(i).Should().BeInRange(0.25, 0.75);
        }
    }

    private static IEnumerable<long> Iterations(Subject subject)
    {
        for (long i = 0; i <= 3 * subject.Cycle; i++)
        {
            yield return i;
        }

        foreach (var k in new[] { 1_000L, 1_000_000_007L, 1L << 40 })
        {
            var start = k * subject.Cycle;
            for (var i = start - 1; i <= start + subject.Cycle; i += Math.Max(1, subject.Cycle / 8))
            {
                yield return i;
            }
        }

        yield return long.MaxValue - 1;
        yield return long.MaxValue;
    }

    private static Dictionary<string, Subject> BuildSubjects()
    {
        var subjects = new List<Subject>();

        void Add(ILearningRateSchedule schedule, long cycle, double lower, double upper) =>
            subjects.Add(new(schedule.ToString()!, schedule.GetType(), schedule, schedule.GetLearningRate, cycle, lower, upper));

        Add(new Triangular(0.001, 0.006, 4), 8, 0.001, 0.006);
        Add(new Triangular(0.001, 0.01, 5, 3), 8, 0.001, 0.01);
        Add(new Triangular(0.0, 1e300, 1), 2, 0.0, 1e300);
        Add(new Triangular2(0.001, 0.01, 2, 5), 7, 0.001, 0.01);
        Add(new ExpRange(0.001, 0.01, 3, 0.99, 6), 9, 0.001, 0.01);
        Add(new ExpRange(0.001, 0.01, 4, 1.0), 8, 0.001, 0.01);
        Add(new CyclicalSchedule(0.001, 0.01, 3, static x => 1.0 / x, ScaleMode.Cycle), 6, 0.001, 0.01);
        Add(new CyclicalSchedule(0.001, 0.01, 3, static x => Math.Pow(0.9995, x), ScaleMode.Iterations, 2), 5, 0.001, 0.01);
        Add(new FixedDecay(0.001, 0.01, 10), 10, 0.001, 0.01);
        Add(new LrRangeTest(1e-4, 0.02, 50, RangeTestSweep.Linear), 50, 1e-4, 0.02);
        Add(new LrRangeTest(1e-6, 10.0, 37, RangeTestSweep.Exponential, RangeTestMetric.Loss), 37, 1e-6, 10.0);

        Add(new ConstantSchedule(0.01), 1, 0.01, 0.01);
        Add(new StepDecay(0.1, 30, 0.1), 30, 0.0, 0.1);
        Add(new MultiStepDecay(0.05, [80, 30, 30], 0.5), 100, 0.0, 0.05);
        Add(new ExponentialDecay(0.1, 0.95), 40, 0.0, 0.1);
        Add(new PolynomialDecay(0.1, 50, 2), 50, 0.0, 0.1);
        Add(new CosineAnnealing(0.1, 0.001, 50), 100, 0.001, 0.1);
        Add(new LinearRamp(0.001, 0.1, 10), 10, 0.001, 0.1);
        Add(new LinearRamp(0.1, 0.0, 7), 7, 0.0, 0.1);
        Add(new CosineWarmRestarts(0.1, 10), 10, 0.0, 0.1);
        Add(new CosineWarmRestarts(0.1, 5, 2, 0.001), 35, 0.001, 0.1);
        Add(new OneCycle(0.1, 100), 100, 0.1 / 25 / 1e4, 0.1);
        Add(new OneCycle(0.5, 77, 0.25, AnnealStrategy.Linear, 10, 100, threePhase: true), 77, 0.5 / 10 / 100, 0.5);
        var oneCycle = new OneCycle(0.1, 40, 0.3, AnnealStrategy.Cosine, 25, 1e4, false, 0.8, 0.9);
        subjects.Add(new("momentum of " + oneCycle, typeof(OneCycle), oneCycle, oneCycle.GetMomentum, 40, 0.8, 0.9));

        foreach (var lr in new ICyclicalSchedule[] { new Triangular(0.001, 0.01, 4), new Triangular2(0.1, 1.0, 3, 2), new ExpRange(0.001, 0.006, 3, 0.95, 6) })
        {
            var momentum = new CyclicalMomentum(lr, 0.85, 0.95);
            subjects.Add(new(momentum.ToString(), typeof(CyclicalMomentum), lr, momentum.GetMomentum, lr.CycleLength, 0.85, 0.95));
        }

        var tri = new Triangular(0.001, 0.006, 4);
        var warmup = new LinearWarmup(tri, 5, 0.0);
        Add(warmup, 8, 0.0, 0.006);
        Add(new SequentialSchedule([new FixedDecay(0.001, 0.01, 3), tri, new Triangular2(0.002, 0.004, 2)], [3, 11]), 8, 0.001, 0.01);
        Add(new ScaledSchedule(tri, 0.5), 8, 0.0005, 0.003);
        Add(new LinearWarmup(new CosineAnnealing(0.1, 0.001, 20), 5, 0.01), 20, 0.001, 0.1);
        var oneCycleLr = new OneCycle(0.1, 40, baseMomentum: 0.8, maxMomentum: 0.9);
        var oneCycleWarm = new LinearWarmup(oneCycleLr, 4, 0.0).FollowMomentum(oneCycleLr);
        subjects.Add(new(oneCycleWarm.ToString(), typeof(MomentumWarmup), oneCycleLr, oneCycleWarm.GetMomentum, 40, 0.8, 0.9));
        Add(new ProductSchedule([tri, new FixedDecay(0.5, 1.0, 6)]), 8, 0.0005, 0.006);
        var followed = warmup.FollowMomentum(new CyclicalMomentum(tri, 0.85, 0.95));
        subjects.Add(new(followed.ToString(), typeof(MomentumWarmup), warmup, followed.GetMomentum, 8, 0.85, 0.95));
        var ramped = new MomentumWarmup(new CyclicalMomentum(tri, 0.85, 0.95), 3, 0.5);
        subjects.Add(new(ramped.ToString(), typeof(MomentumWarmup), warmup, ramped.GetMomentum, 8, 0.5, 0.95));
        var joined = new SequentialMomentum([ramped, new CyclicalMomentum(tri, 0.8, 0.9)], [7]);
        subjects.Add(new(joined.ToString(), typeof(SequentialMomentum), warmup, joined.GetMomentum, 8, 0.5, 0.95));

        return subjects.ToDictionary(s => s.Description, StringComparer.Ordinal);
    }

    private sealed record Subject(string Description, Type Type, ILearningRateSchedule Schedule, Func<long, double> Evaluate, long Cycle, double Lower, double Upper);
}
