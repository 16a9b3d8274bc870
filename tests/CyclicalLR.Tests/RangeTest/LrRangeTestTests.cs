namespace CyclicalLR.Tests;

public sealed class LrRangeTestTests
{
    [Fact]
    public void GetLearningRate_LinearSweep_MatchesFormulaAndEndsExactlyAtMax()
    {
        var test = new LrRangeTest(0.001, 0.011, 11);
        for (long i = 0; i < 11; i++)
        {
            test.GetLearningRate(i).Should().BeApproximately(0.001 + (0.001 * i), 1e-15);
        }

        test.GetLearningRate(0).Should().Be(0.001);
        test.GetLearningRate(10).Should().Be(0.011);
        test.GetLearningRate(11).Should().Be(0.011);
        test.GetLearningRate(long.MaxValue).Should().Be(0.011);
    }

    [Fact]
    public void GetLearningRate_LinearSweep_IsRisingHalfOfTriangularWithRunLengthStep()
    {
        // One source for the straight line: the sweep is LinearRamp bit for bit, and Triangular's rising half (which
        // reads its position as one fraction of the cycle) to the last ulp.
        var test = new LrRangeTest(0.001, 0.02, 401);
        var triangular = new Triangular(0.001, 0.02, 400);
        var ramp = new LinearRamp(0.001, 0.02, 400);
        for (long i = 0; i <= 400; i++)
        {
            test.GetLearningRate(i).Should().BeApproximately(triangular.GetLearningRate(i), 1e-17, "iteration {0}", i);
            test.GetLearningRate(i).Should().Be(ramp.GetLearningRate(i), "iteration {0}", i);
        }
    }

    [Fact]
    public void GetLearningRate_ExponentialSweep_EqualRatios()
    {
        var test = new LrRangeTest(1e-6, 1, 61, RangeTestSweep.Exponential);
        test.GetLearningRate(0).Should().Be(1e-6);
        test.GetLearningRate(60).Should().Be(1);
        for (long i = 1; i < 61; i++)
        {
            (test.GetLearningRate(i) / test.GetLearningRate(i - 1)).Should().BeApproximately(Math.Pow(10, 0.1), 1e-12);
        }

        test.GetLearningRate(30).Should().BeApproximately(1e-3, 1e-15);
    }

    [Theory]
    [InlineData(RangeTestSweep.Linear)]
    [InlineData(RangeTestSweep.Exponential)]
    public void GetLearningRate_EveryIteration_WithinBoundsAndRising(RangeTestSweep sweep)
    {
        var test = new LrRangeTest(3e-7, 7.5, 1000, sweep);
        var previous = 0.0;
        for (long i = 0; i < 1100; i++)
        {
            var lr = test.GetLearningRate(i);
            lr.Should().BeInRange(3e-7, 7.5);
            lr.Should().BeGreaterThanOrEqualTo(previous);
            previous = lr;
        }
    }

    [Fact]
    public void GetLearningRate_NegativeIteration_Throws()
    {
        var act = () => new LrRangeTest(0.1, 1).GetLearningRate(-1);
        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("iteration");
    }

    [Fact]
    public void GetLearningRate_ConcurrentCalls_SameValues()
    {
        var test = new LrRangeTest(1e-5, 1, 5000, RangeTestSweep.Exponential);
        var expected = Enumerable.Range(0, 5000).Select(i => test.GetLearningRate(i)).ToArray();
        Parallel.For(0, 4, _ =>
        {
            for (var i = 0; i < 5000; i++)
            {
                test.GetLearningRate(i).Should().Be(expected[i]);
            }
        });
    }

    public static TheoryData<double, double, string> BadBounds => new()
    {
        { double.NaN, 1, "minLearningRate" },
        { double.PositiveInfinity, 1, "minLearningRate" },
        { double.NegativeInfinity, 1, "minLearningRate" },
        { 0, 1, "minLearningRate" },
        { -0.1, 1, "minLearningRate" },
        { 0.1, double.NaN, "maxLearningRate" },
        { 0.1, double.PositiveInfinity, "maxLearningRate" },
        { 0.1, 0.1, "maxLearningRate" },
        { 0.1, 0.05, "maxLearningRate" },
        { 0.1, -1, "maxLearningRate" },
    };

    [Theory]
    [MemberData(nameof(BadBounds))]
    public void Constructor_BadBounds_ThrowsNamingParameter(double min, double max, string name)
    {
        var act = () => new LrRangeTest(min, max);
        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be(name);
    }

    [Fact]
    public void Constructor_NaNOfEitherSign_Throws()
    {
        foreach (var nan in new[] { double.NaN, -double.NaN, BitConverter.Int64BitsToDouble(0x7FF0_0000_0000_0001) })
        {
            var min = () => new LrRangeTest(nan, 1);
            var max = () => new LrRangeTest(0.1, nan);
            var smoothing = () => new LrRangeTest(0.1, 1, smoothing: nan);
            var threshold = () => new LrRangeTest(0.1, 1, divergenceThreshold: nan);
            min.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("minLearningRate");
            max.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("maxLearningRate");
            smoothing.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("smoothing");
            threshold.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("divergenceThreshold");
        }
    }

    [Theory]
    [InlineData(9)]
    [InlineData(1)]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(long.MinValue)]
    [InlineData(100_000_001)]
    [InlineData(long.MaxValue)]
    public void Constructor_IterationsOutOfRange_Throws(long iterations)
    {
        var act = () => new LrRangeTest(0.1, 1, iterations);
        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("iterations");
    }

    [Fact]
    public void Constructor_IterationsAtTheLimits_Accepted()
    {
        new LrRangeTest(0.1, 1, LrRangeTest.MinimumIterations).Iterations.Should().Be(10);
        new LrRangeTest(0.1, 1, LrRangeTest.MaximumIterations).Iterations.Should().Be(100_000_000);
    }

    [Fact]
    public void Constructor_BadSettings_MessageSaysTheValidRange()
    {
        static string Message(Action act) => act.Should().Throw<ArgumentOutOfRangeException>().Which.Message;

        Message(() => _ = new LrRangeTest(0.1, 1, 100_000_001)).Should().Contain("iterations must be at most 100,000,000").And.Contain("It was 100000001.");
        Message(() => _ = new LrRangeTest(0.1, 1, smoothing: 1)).Should().Contain("smoothing must be at least 0 and less than 1.").And.Contain("It was 1.");
        Message(() => _ = new LrRangeTest(0.1, 1, divergenceThreshold: 0.5)).Should().Contain("divergenceThreshold must be greater than 1").And.Contain("It was 0.5.");
        Message(() => _ = new LrRangeTest(0.1, 1, accuracyDropFraction: 0)).Should().Contain("accuracyDropFraction must be greater than 0").And.Contain("It was 0.");
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(-0.01)]
    [InlineData(1)]
    [InlineData(1.5)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Constructor_BadSmoothing_Throws(double smoothing)
    {
        var act = () => new LrRangeTest(0.1, 1, smoothing: smoothing);
        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("smoothing");
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(1)]
    [InlineData(0.5)]
    [InlineData(-4)]
    [InlineData(double.NegativeInfinity)]
    public void Constructor_BadDivergenceThreshold_Throws(double threshold)
    {
        var act = () => new LrRangeTest(0.1, 1, divergenceThreshold: threshold);
        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("divergenceThreshold");
    }

    [Fact]
    public void Constructor_UndefinedEnums_Throw()
    {
        var sweep = () => new LrRangeTest(0.1, 1, sweep: (RangeTestSweep)7);
        var metric = () => new LrRangeTest(0.1, 1, metric: (RangeTestMetric)(-1));
        sweep.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("sweep");
        metric.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("metric");
    }

    [Fact]
    public void Constructor_InfiniteDivergenceThreshold_TurnsCheckOff()
    {
        var test = new LrRangeTest(0.1, 1, 10, metric: RangeTestMetric.Loss, divergenceThreshold: double.PositiveInfinity);
        var loss = 1.0;
        var result = test.Run(_ => loss *= 10);
        result.StopReason.Should().Be(RangeTestStopReason.Completed);
        result.Points.Should().HaveCount(10);
    }

    [Fact]
    public void Run_NullTrainStep_Throws()
    {
        var act = () => new LrRangeTest(0.1, 1).Run(null!);
        act.Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("trainStep");
    }

    [Fact]
    public void Run_CallsTrainStepOncePerIterationWithTheSweep()
    {
        var test = new LrRangeTest(1e-4, 1e-1, 40, RangeTestSweep.Exponential);
        var seen = new List<double>();
        var result = test.Run(lr =>
        {
            seen.Add(lr);
            return seen.Count;
        });

        seen.Should().Equal(Enumerable.Range(0, 40).Select(i => test.GetLearningRate(i)));
        result.Points.Select(p => p.LearningRate).Should().Equal(seen);
        result.Points.Select(p => p.Iteration).Should().Equal(Enumerable.Range(0, 40).Select(i => (long)i));
        result.StopReason.Should().Be(RangeTestStopReason.Completed);
    }

    [Theory]
    [InlineData(0, 7)]
    [InlineData(1, 11)]
    [InlineData(2, 12)]
    public void Run_CallbackAndPullStyles_IdenticalResults(int curve, int seed)
    {
        var test = curve == 0 ? SyntheticCurves.AccuracyTest() : SyntheticCurves.LossTest();
        Func<double, double> Make() => SyntheticCurves.WithNoise(
            curve == 0 ? SyntheticCurves.Accuracy : SyntheticCurves.Loss, curve == 2 ? 0.3 : 0.02, seed);

        var callback = test.Run(Make());

        var metric = Make();
        var recorder = test.Start();
        while (!recorder.IsComplete)
        {
            recorder.Record(metric(recorder.CurrentLearningRate));
        }

        var pulled = recorder.GetResult();
        pulled.Points.Should().Equal(callback.Points);
        pulled.StopReason.Should().Be(callback.StopReason);
        pulled.NoSuggestionReason.Should().Be(callback.NoSuggestionReason);
        pulled.Suggestions.Select(s => (s.BaseLearningRate, s.MaxLearningRate, s.Rule, s.Explanation))
            .Should().Equal(callback.Suggestions.Select(s => (s.BaseLearningRate, s.MaxLearningRate, s.Rule, s.Explanation)));
    }

    [Fact]
    public void GetLearningRate_ExponentialSweepBetweenTinyBounds_AccurateToAFewUlps()
    {
        // min 1e-300, max 2e-300: lr(i) = 1e-300 * 2^(i / 100) exactly. ln(max) and ln(min) are near -690, where one
        // ulp is 1e-13, so ln(max) - ln(min) would carry an error of ~1e-13 into every rate; ln(max / min) does not.
        var test = new LrRangeTest(1e-300, 2e-300, 101, RangeTestSweep.Exponential);
        for (long i = 0; i <= 100; i++)
        {
            var expected = 1e-300 * Math.Pow(2, i / 100.0);
            test.GetLearningRate(i).Should().BeApproximately(expected, 1e-15 * expected, "iteration {0}", i);
        }
    }

    public static TheoryData<string> ExtremeSweeps => ["epsilon..1", "1e-300..1", "subnormal..1e-300", "1e-300..MaxValue", "1..MaxValue", "epsilon..MaxValue"];

    private static (double Min, double Max) Extreme(string name) => name switch
    {
        "epsilon..1" => (double.Epsilon, 1),
        "1e-300..1" => (1e-300, 1),
        "subnormal..1e-300" => (1e-310, 1e-300),
        "1e-300..MaxValue" => (1e-300, double.MaxValue),
        "1..MaxValue" => (1, double.MaxValue),
        _ => (double.Epsilon, double.MaxValue),
    };

    [Theory]
    [MemberData(nameof(ExtremeSweeps))]
    public void GetLearningRate_ExtremeExponentialSweep_FiniteRisingAndEqualRatios(string name)
    {
        var (min, max) = Extreme(name);
        var test = new LrRangeTest(min, max, 101, RangeTestSweep.Exponential);
        test.GetLearningRate(0).Should().Be(min);
        test.GetLearningRate(100).Should().Be(max);
        var previous = 0.0;
        for (long i = 0; i <= 100; i++)
        {
            var lr = test.GetLearningRate(i);
            double.IsFinite(lr).Should().BeTrue($"iteration {i}");
            lr.Should().BeInRange(min, max).And.BeGreaterThanOrEqualTo(previous);
            previous = lr;
        }

        // Halfway is the geometric mean, in logarithms (subnormals carry fewer digits).
        Math.Log(test.GetLearningRate(50)).Should().BeApproximately((Math.Log(min) + Math.Log(max)) / 2, 1e-6 * Math.Abs(Math.Log(min) - Math.Log(max)));
    }

    [Theory]
    [MemberData(nameof(ExtremeSweeps))]
    public void Run_ExtremeExponentialSweep_CsvRoundTrips(string name)
    {
        var (min, max) = Extreme(name);
        var result = new LrRangeTest(min, max, 30, RangeTestSweep.Exponential, RangeTestMetric.Loss).Run(lr => 1 / (1 + Math.Log(lr / min)));
        result.Points.Should().OnlyContain(p => double.IsFinite(p.LearningRate) && p.LearningRate >= min);
        var writer = new StringWriter();
        result.WriteCsv(writer);
        LrRangeTestResult.ReadCsv(new StringReader(writer.ToString())).Points.Should().Equal(result.Points);
    }

    [Fact]
    public void Constructor_AccuracyDropSettings_CheckedAndKept()
    {
        var test = new LrRangeTest(0.1, 1, accuracyDropFraction: 0.3, accuracyDropPatience: 4);
        test.AccuracyDropFraction.Should().Be(0.3);
        test.AccuracyDropPatience.Should().Be(4);
        new LrRangeTest(0.1, 1).AccuracyDropFraction.Should().Be(0.5);
        new LrRangeTest(0.1, 1).AccuracyDropPatience.Should().Be(10);
        foreach (var bad in new[] { double.NaN, -double.NaN, 0, -0.5, double.NegativeInfinity })
        {
            var act = () => new LrRangeTest(0.1, 1, accuracyDropFraction: bad);
            act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("accuracyDropFraction");
        }

        foreach (var bad in new[] { 0L, -1L, long.MinValue })
        {
            var act = () => new LrRangeTest(0.1, 1, accuracyDropPatience: bad);
            act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("accuracyDropPatience");
        }
    }

    [Fact]
    public void ToString_ShowsParametersInvariantly()
    {
        new LrRangeTest(1e-5, 0.5, 300, RangeTestSweep.Exponential, RangeTestMetric.Loss, 0.98, 5).ToString()
            .Should().Be("LrRangeTest(minLearningRate: 1E-05, maxLearningRate: 0.5, iterations: 300, sweep: Exponential, metric: Loss, smoothing: 0.98, divergenceThreshold: 5, accuracyDropFraction: 0.5, accuracyDropPatience: 10)");
    }
}
