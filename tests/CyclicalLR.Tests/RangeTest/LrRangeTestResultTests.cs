using CsCheck;

namespace CyclicalLR.Tests;

public sealed class LrRangeTestResultTests
{
    // Linear sweep of 1e-4..0.02: "near" is within 5% of the sweep's width.
    private const double LinearTolerance = 0.05 * 0.02;

    [Fact]
    public void Suggestion_CleanAccuracyRamp_LandsNearTrueBounds()
    {
        var result = SyntheticCurves.AccuracyTest().Run(SyntheticCurves.Accuracy);

        result.StopReason.Should().Be(RangeTestStopReason.Diverged, "the accuracy falls to 0.25, below half its peak 0.7");
        result.Points.Should().HaveCountLessThan(200);
        var s = result.Suggestion!;
        s.Should().NotBeNull(result.NoSuggestionReason);
        s.Rule.Should().Be(LrBoundsRule.AccuracyRise);
        s.BaseLearningRate.Should().BeApproximately(SyntheticCurves.AccuracyOnset, LinearTolerance);
        s.MaxLearningRate.Should().BeApproximately(SyntheticCurves.AccuracyTop, LinearTolerance);
        s.Explanation.Should().Contain("starts to rise").And.Contain("stops rising");
        result.Suggestions.Should().ContainSingle();
        result.NoSuggestionReason.Should().BeNull();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Suggestion_NoisyAccuracyRamp_LandsNearTrueBounds(int seed)
    {
        var result = SyntheticCurves.AccuracyTest(400).Run(SyntheticCurves.WithNoise(SyntheticCurves.Accuracy, 0.03, seed));

        var s = result.Suggestion;
        s.Should().NotBeNull(result.NoSuggestionReason);
        s!.BaseLearningRate.Should().BeApproximately(SyntheticCurves.AccuracyOnset, LinearTolerance, $"seed {seed}");
        s.MaxLearningRate.Should().BeApproximately(SyntheticCurves.AccuracyTop, LinearTolerance, $"seed {seed}");
        s.Explanation.Should().NotContain("already rising", $"seed {seed}: the curve is flat up to lr 0.001");
    }

    [Fact]
    public void Suggestion_AnyCleanAccuracyRamp_ReadsTenAndNinetyPercentOfTheRise()
    {
        // A ramp from `a` to `b` (at least a tenth of the sweep apart), with a plateau and a fall after: base and max
        // land within 3% of the sweep's width of a + 0.1 (b - a) and a + 0.9 (b - a).
        // CsCheck's seed pins only the first iteration, so one iteration draws all 300 cases: the same ones every run.
        Gen.Select(Gen.Double[0.05, 0.6], Gen.Double[0.1, 0.35], Gen.Double[0.05, 0.6], Gen.Double[0.01, 0.5]).Array[300]
            .Sample(
                cases => cases.All(c =>
                {
                    var (a, b, rise, floor) = (c.Item1, c.Item1 + c.Item2, c.Item3, c.Item4);
                    var test = new LrRangeTest(1e-3, 1, 300);
                    var result = test.Run(lr => floor + (rise * Math.Clamp((lr - a) / (b - a), 0, 1)) - (0.5 * rise * Math.Clamp((lr - b - 0.05) / 0.3, 0, 1)));
                    var s = result.Suggestion;
                    return s is not null
                        && Math.Abs(s.BaseLearningRate - (a + (0.1 * (b - a)))) < 0.03
                        && Math.Abs(s.MaxLearningRate - (a + (0.9 * (b - a)))) < 0.03;
                }),
                seed: "3Uv7kW0yZ9Ab",
                iter: 1,
                threads: 1);
    }

    [Fact]
    public void Suggestion_CleanLossValley_BothRulesLandNearTrueLandmarks()
    {
        var (steepest, minimum) = SyntheticCurves.LossLandmarks();
        var result = SyntheticCurves.LossTest().Run(SyntheticCurves.Loss);

        result.StopReason.Should().Be(RangeTestStopReason.Diverged, "the synthetic loss blows up past 0.1");
        result.Suggestions.Select(s => s.Rule).Should().Equal(
            LrBoundsRule.LossMinimumOverTen, LrBoundsRule.LossSteepestDescent, LrBoundsRule.FastaiValley, LrBoundsRule.FastaiSlide, LrBoundsRule.FastaiMinimum, LrBoundsRule.FastaiSteep);
        result.Suggestion.Should().BeSameAs(result.Suggestions[0]);

        var steep = result.Suggestions[1];
        steep.MaxLearningRate.Should().BeInRange(steepest / 1.5, steepest * 1.5);
        steep.BaseLearningRate.Should().BeApproximately(steep.MaxLearningRate / 4, 1e-18);

        var tenth = result.Suggestions[0];
        tenth.MaxLearningRate.Should().BeInRange(minimum / 10 / 1.5, minimum / 10 * 1.5);
        tenth.BaseLearningRate.Should().BeApproximately(tenth.MaxLearningRate / 4, 1e-18);
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    [InlineData(14)]
    [InlineData(15)]
    public void Suggestion_NoisyLossValley_LandsNearTrueLandmarks(int seed)
    {
        var (steepest, minimum) = SyntheticCurves.LossLandmarks();
        var result = SyntheticCurves.LossTest(200).Run(SyntheticCurves.WithNoise(SyntheticCurves.Loss, 0.05, seed));

        result.Suggestions.Should().HaveCount(6, result.NoSuggestionReason);
        result.Suggestions[1].MaxLearningRate.Should().BeInRange(steepest / 2, steepest * 2, $"seed {seed}");
        result.Suggestions[0].MaxLearningRate.Should().BeInRange(minimum / 10 / 2, minimum / 10 * 2, $"seed {seed}");
    }

    [Theory]
    [InlineData(RangeTestMetric.Accuracy, 0.0)]
    [InlineData(RangeTestMetric.Loss, 0.0)]
    [InlineData(RangeTestMetric.Accuracy, 0.02)]
    [InlineData(RangeTestMetric.Loss, 0.05)]
    public void Suggestion_FlatCurve_NoneWithReason(RangeTestMetric metric, double noise)
    {
        for (var seed = 21; seed < 31; seed++)
        {
            var test = new LrRangeTest(1e-4, 1, 200, RangeTestSweep.Exponential, metric);
            var result = test.Run(SyntheticCurves.WithNoise(_ => 0.5, noise, seed));

            result.Suggestion.Should().BeNull($"seed {seed}: {result}");
            result.Suggestions.Should().BeEmpty();
            result.NoSuggestionReason.Should().Contain("flat");
            var act = () => result.ToTriangular(100);
            act.Should().Throw<InvalidOperationException>().WithMessage("*no bounds*flat*");
        }
    }

    [Theory]
    [InlineData(RangeTestMetric.Accuracy)]
    [InlineData(RangeTestMetric.Loss)]
    public void Suggestion_CurveOnlyGetsWorse_NoneWithReason(RangeTestMetric metric)
    {
        var sign = metric == RangeTestMetric.Accuracy ? -1 : 1;
        var result = new LrRangeTest(0.1, 1, 100, metric: metric, divergenceThreshold: double.PositiveInfinity).Run(lr => 1 + (sign * lr));
        result.Suggestion.Should().BeNull();
        result.NoSuggestionReason.Should().Contain(metric == RangeTestMetric.Accuracy ? "only falls" : "only rises").And.Contain("lower its min");
    }

    [Fact]
    public void Suggestion_NaNFromTheStart_NoneWithReason()
    {
        var result = new LrRangeTest(1, 10, 20).Run(_ => double.NaN);
        result.StopReason.Should().Be(RangeTestStopReason.NotFinite);
        result.Points.Should().BeEmpty();
        result.Suggestion.Should().BeNull();
        result.NoSuggestionReason.Should().Contain("first metric").And.Contain("from the start");
    }

    [Fact]
    public void Suggestion_DivergedAfterFewPoints_TooShort()
    {
        var loss = 1.0;
        var result = new LrRangeTest(0.1, 10, 100, metric: RangeTestMetric.Loss, smoothing: 0).Run(_ => loss *= 1.6);
        result.StopReason.Should().Be(RangeTestStopReason.Diverged);
        result.Points.Should().HaveCount(4);
        result.Suggestion.Should().BeNull();
        result.NoSuggestionReason.Should().Contain("diverged after 4 points").And.Contain("At least 8");
    }

    [Fact]
    public void Suggestion_AccuracyStillRisingAtEnd_SaysMaxMayBeHigher()
    {
        var result = new LrRangeTest(0.01, 1, 50).Run(lr => lr);
        result.Suggestion.Should().NotBeNull();
        result.Suggestion!.Explanation.Should().Contain("still rising at the end");
    }

    [Fact]
    public void Suggestion_AccuracyStepInOneIteration_NoneWithReason()
    {
        var result = new LrRangeTest(0.1, 1, 50, smoothing: 0).Run(lr => lr < 0.5 ? 0.1 : 0.9);
        result.Suggestion.Should().BeNull();
        result.NoSuggestionReason.Should().Contain("within one iteration");
    }

    [Fact]
    public void ZeroLagMetric_LinearRamp_NoLagWhereSmoothedLagsByBetaOverOneMinusBeta()
    {
        var result = new LrRangeTest(1, 400, 400, smoothing: 0.9).Run(lr => lr);
        result.ZeroLagMetric.Should().HaveCount(400);
        for (var i = 150; i < 250; i++)
        {
            result.ZeroLagMetric[i].Should().BeApproximately(result.Points[i].Metric, 1e-3);
            (result.Points[i].Metric - result.Points[i].SmoothedMetric).Should().BeApproximately(9, 1e-3);
        }
    }

    [Fact]
    public void ZeroLagMetric_NoSmoothing_IsRawMetric()
    {
        var result = new LrRangeTest(1, 10, 10, smoothing: 0).Run(lr => lr * lr);
        result.ZeroLagMetric.Should().Equal(result.Points.Select(p => p.Metric));
    }

    [Fact]
    public void ToTriangular_WithSuggestion_UsesBoundsAndStepSize()
    {
        var result = SyntheticCurves.AccuracyTest().Run(SyntheticCurves.Accuracy);
        var schedule = result.ToTriangular(2000);
        schedule.BaseLearningRate.Should().Be(result.Suggestion!.BaseLearningRate);
        schedule.MaxLearningRate.Should().Be(result.Suggestion.MaxLearningRate);
        schedule.StepSize.Should().Be(2000);
        var bad = () => result.ToTriangular(0);
        bad.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("stepSize");
    }

    [Fact]
    public void WriteCsv_Format_IsDocumentedLayout()
    {
        var result = new LrRangeTest(0.5, 5, 10, smoothing: 0).Run(lr => lr / 10);
        var writer = new StringWriter();
        result.WriteCsv(writer);
        var lines = writer.ToString().Split('\n');
        lines[0].Should().Be("# CyclicalLR LR range test");
        lines[1].Should().Be("# min_lr=0.5; max_lr=5; iterations=10; sweep=Linear; metric=Accuracy; smoothing=0; divergence_threshold=4; accuracy_drop_fraction=0.5; accuracy_drop_patience=10; stop=Completed");
        lines[2].Should().Be("iteration,learning_rate,metric,smoothed_metric");
        lines[3].Should().Be("0,0.5,0.05,0.05");
        lines[12].Should().Be("9,5,0.5,0.5");
        lines.Should().HaveCount(14).And.EndWith(string.Empty);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void ReadCsv_WrittenResult_RoundTrips(int which)
    {
        var result = which switch
        {
            0 => SyntheticCurves.AccuracyTest().Run(SyntheticCurves.WithNoise(SyntheticCurves.Accuracy, 0.03, 3)),
            1 => SyntheticCurves.LossTest().Run(SyntheticCurves.WithNoise(SyntheticCurves.Loss, 0.05, 4)),
            _ => new LrRangeTest(1, 10, 20).Run(_ => double.NaN),
        };

        var copy = RoundTrip(result);

        copy.Test.ToString().Should().Be(result.Test.ToString());
        copy.Points.Should().Equal(result.Points);
        copy.StopReason.Should().Be(result.StopReason);
        copy.NoSuggestionReason.Should().Be(result.NoSuggestionReason);
        copy.Suggestions.Select(s => s.ToString() + s.Explanation).Should().Equal(result.Suggestions.Select(s => s.ToString() + s.Explanation));
    }

    [Fact]
    public void ReadCsv_AnyFiniteMetrics_RoundTripBitForBit()
    {
        // CsCheck's seed pins only the first iteration, so one iteration draws all 200 cases: the same ones every run.
        Gen.Select(Gen.Double[-1e300, 1e300].Array[10, 60], Gen.Double[0, 0.999], Gen.Bool).Array[200]
            .Sample(
                cases => cases.All(c =>
                {
                    var (metrics, smoothing, exponential) = c;
                    var test = new LrRangeTest(1e-7, 3.3, metrics.Length, exponential ? RangeTestSweep.Exponential : RangeTestSweep.Linear, RangeTestMetric.Accuracy, smoothing);
                    var recorder = test.Start();
                    foreach (var m in metrics.TakeWhile(_ => !recorder.IsComplete))
                    {
                        recorder.Record(m);
                    }

                    var result = recorder.GetResult();
                    var copy = RoundTrip(result);
                    return copy.Points.SequenceEqual(result.Points) && copy.Test.Smoothing == smoothing && copy.StopReason == result.StopReason;
                }),
                seed: "0N0XIzNsQ0O2",
                iter: 1,
                threads: 1);
    }

    [Fact]
    public void CsvMethods_NullArguments_Throw()
    {
        var result = new LrRangeTest(0.1, 1, 10).Run(lr => lr);
        var write = () => result.WriteCsv(null!);
        var read = () => LrRangeTestResult.ReadCsv(null!);
        write.Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("writer");
        read.Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("reader");
    }

    [Fact]
    public void ToString_SummarisesStopAndSuggestion()
    {
        new LrRangeTest(1, 10, 20).Run(_ => double.NaN).ToString().Should().StartWith("NotFinite after 0 points; no suggestion: The first metric");
        new LrRangeTest(1e-4, 0.02, 200, accuracyDropFraction: double.PositiveInfinity).Run(SyntheticCurves.Accuracy).ToString().Should().StartWith("Completed after 200 points; AccuracyRise: base ");
    }

    private static LrRangeTestResult RoundTrip(LrRangeTestResult result)
    {
        var writer = new StringWriter();
        result.WriteCsv(writer);
        return LrRangeTestResult.ReadCsv(new StringReader(writer.ToString()));
    }
}
