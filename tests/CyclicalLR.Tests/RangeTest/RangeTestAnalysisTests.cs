using System.Globalization;

namespace CyclicalLR.Tests;

/// <summary>The branches of the bounds rules: outliers, jumps, abrupt falls, curves still moving at an end, the noise floor.</summary>
public sealed class RangeTestAnalysisTests
{
    [Fact]
    public void Accuracy_SingleOutlierBatchInFlatCurve_NoSuggestion()
    {
        var test = new LrRangeTest(1e-3, 1, 200);
        var result = test.Run(lr => lr == test.GetLearningRate(100) ? 0.9 : 0.1);
        result.Suggestion.Should().BeNull(result.ToString());
        result.NoSuggestionReason.Should().Contain("outlying batches");
    }

    [Fact]
    public void Accuracy_TwoOutlierBatches_NoSuggestion()
    {
        var test = new LrRangeTest(1e-3, 1, 200);
        var result = test.Run(lr => lr == test.GetLearningRate(60) || lr == test.GetLearningRate(61) ? 0.9 : 0.1);
        result.Suggestion.Should().BeNull(result.ToString());
        result.NoSuggestionReason.Should().Contain("outlying batches");
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.9)]
    [InlineData(0.98)]
    public void Accuracy_StepWithinOneIteration_NoSuggestionAtAnySmoothing(double smoothing)
    {
        var result = new LrRangeTest(0.1, 1, 200, smoothing: smoothing).Run(lr => lr < 0.5 ? 0.1 : 0.9);
        result.Suggestion.Should().BeNull(result.ToString());
        result.NoSuggestionReason.Should().Contain("within one iteration");
    }

    [Fact]
    public void Loss_SingleOutlierBatchInFlatCurve_NoSuggestion()
    {
        var test = new LrRangeTest(1e-4, 1, 200, RangeTestSweep.Exponential, RangeTestMetric.Loss);
        var result = test.Run(lr => lr == test.GetLearningRate(120) ? 0.2 : 2.3);
        result.Suggestions.Should().BeEmpty(result.ToString());
        result.NoSuggestionReason.Should().Contain("outlying batches");
    }

    [Fact]
    public void Loss_StepWithinOneIteration_NoSuggestion()
    {
        var result = new LrRangeTest(1e-4, 1, 200, RangeTestSweep.Exponential, RangeTestMetric.Loss).Run(lr => lr < 1e-2 ? 2.3 : 0.4);
        result.Suggestions.Should().BeEmpty(result.ToString());
        result.NoSuggestionReason.Should().Contain("within one iteration");
    }

    [Fact]
    public void Loss_HighestPointRightBeforeTheMinimum_FallsTooAbruptly()
    {
        // smoothing 0: the curve is the raw loss. The highest point (3, at 7) is one iteration before the lowest (8).
        double[] losses = [1, 1, 1, 1, 1, 1, 1, 3, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1, 1, 1, 1];
        var i = 0;
        var result = new LrRangeTest(0.1, 2, 20, metric: RangeTestMetric.Loss, smoothing: 0, divergenceThreshold: double.PositiveInfinity).Run(_ => losses[i++]);
        result.Suggestions.Should().BeEmpty();
        result.NoSuggestionReason.Should().StartWith("The smoothed loss falls by 2.8 within 1 iteration(s) at lr 0.8, too abruptly");
    }

    [Fact]
    public void Loss_StillFallingAtTheEnd_BothOfOurRulesSaySo()
    {
        var result = new LrRangeTest(1e-4, 1, 100, RangeTestSweep.Exponential, RangeTestMetric.Loss).Run(lr => 2 - (0.2 * Math.Log10(lr)) - 0.8);
        var ours = result.Suggestions.Where(s => s.Rule is LrBoundsRule.LossSteepestDescent or LrBoundsRule.LossMinimumOverTen).ToArray();
        ours.Should().HaveCount(2);
        ours.Should().OnlyContain(s => s.Explanation.EndsWith(" The loss was still falling at the end of the sweep: rerun with a higher max learning rate to see its minimum.", StringComparison.Ordinal));
        ours[0].MaxLearningRate.Should().Be(0.1, "the minimum is the last point, lr 1");
    }

    [Fact]
    public void Loss_FallingValley_NotSaidToBeStillFalling()
    {
        var result = SyntheticCurves.LossTest().Run(SyntheticCurves.Loss);
        result.Suggestions.Should().OnlyContain(s => !s.Explanation.Contains("still falling", StringComparison.Ordinal));
    }

    [Fact]
    public void Loss_BaseIsExactlyAQuarterOfMax_ForEveryRule()
    {
        var result = SyntheticCurves.LossTest(300).Run(SyntheticCurves.WithNoise(SyntheticCurves.Loss, 0.05, 8));
        result.Suggestions.Should().HaveCount(6);
        foreach (var s in result.Suggestions)
        {
            s.BaseLearningRate.Should().Be(s.MaxLearningRate / 4, s.Rule.ToString());
            s.Explanation.Should().Contain("base = max / 4 = " + (s.MaxLearningRate / 4).ToString("G4", CultureInfo.InvariantCulture));
        }

        var steepest = result.Suggestions[1];
        steepest.Explanation.Should().StartWith("The smoothed loss falls fastest against log(lr) at lr " + steepest.MaxLearningRate.ToString("G4", CultureInfo.InvariantCulture));
    }

    // A loss ramp 1 - c i with an alternating wiggle +-a, 21 points, smoothing 0 (so the zero-lag curve is the raw one):
    // the 20 successive differences are -c - 2a and -c + 2a, ten each, so their MAD is 2a, the noise 1.4826 * 2a / sqrt 2
    // and the floor ten times that, 20.97 a. The drop (highest 1 + a at 0, lowest 1 - 19c - a at 19) is 19c + 2a:
    // with c = 0.01 it is above the floor for a < 0.010017 and below it from there.
    [Theory]
    [InlineData(0.0099, true)]
    [InlineData(0.0102, false)]
    public void Loss_NoiseFloor_IsTenRobustStandardDeviations(double a, bool suggests)
    {
        const double c = 0.01;
        var i = 0;
        var result = new LrRangeTest(0.1, 2.1, 21, metric: RangeTestMetric.Loss, smoothing: 0).Run(_ =>
        {
            var loss = 1 - (c * i) + (i % 2 == 0 ? a : -a);
            i++;
            return loss;
        });

        var floor = 10 * 1.4826 * 2 * a / Math.Sqrt(2);
        if (suggests)
        {
            result.Suggestions.Should().NotBeEmpty(result.NoSuggestionReason);
        }
        else
        {
            result.Suggestions.Should().BeEmpty();
            result.NoSuggestionReason.Should().Contain("not above the noise floor " + floor.ToString("G4", CultureInfo.InvariantCulture));
        }
    }

    [Theory]
    [InlineData(0.0099, true)]
    [InlineData(0.0102, false)]
    public void Accuracy_NoiseFloor_IsTenRobustStandardDeviations(double a, bool suggests)
    {
        const double c = 0.01;
        var i = 0;
        var result = new LrRangeTest(0.1, 2.1, 21, smoothing: 0).Run(_ =>
        {
            var accuracy = (c * i) - (i % 2 == 0 ? a : -a);
            i++;
            return accuracy;
        });

        (result.Suggestion is not null).Should().Be(suggests, result.ToString());
    }

    [Fact]
    public void Accuracy_AlreadyRisingAtTheFirstPoint_ExplanationSaysSoAndSuggestsLowerMin()
    {
        var result = new LrRangeTest(0.01, 1, 100).Run(lr => Math.Min(lr, 0.5));
        var s = result.Suggestion!;
        s.Should().NotBeNull(result.NoSuggestionReason);
        s.Explanation.Should().Contain("The accuracy is already rising at the first point (lr 0.01)")
            .And.Contain("base is not known")
            .And.Contain("Rerun with a lower minLearningRate (for example 0.001)");
    }

    [Fact]
    public void Accuracy_FlatStartThenRise_ExplanationDoesNotSayRisingAtFirstPoint()
    {
        var result = SyntheticCurves.AccuracyTest().Run(SyntheticCurves.Accuracy);
        result.Suggestion!.Explanation.Should().NotContain("already rising");
        new LrRangeTest(0.01, 1, 100).Run(lr => Math.Clamp(lr - 0.1, 0, 0.4)).Suggestion!.Explanation.Should().NotContain("already rising");
    }

    [Fact]
    public void Accuracy_NoisyRampsFromTheStart_FlaggedAtEverySeed()
    {
        for (var seed = 40; seed < 45; seed++)
        {
            var result = new LrRangeTest(0.01, 1, 300).Run(SyntheticCurves.WithNoise(lr => Math.Min(lr, 0.6), 0.02, seed));
            result.Suggestion!.Explanation.Should().Contain("already rising at the first point", $"seed {seed}");
        }
    }

    [Fact]
    public void RunningMedian_RemovesSingleAndDoubleSpikesAndKeepsSteps()
    {
        RangeTestAnalysis.RunningMedian([1, 1, 1, 9, 1, 1, 1]).Should().Equal(1, 1, 1, 1, 1, 1, 1);
        RangeTestAnalysis.RunningMedian([1, 1, 1, 9, 9, 1, 1, 1]).Should().Equal(1, 1, 1, 1, 1, 1, 1, 1);
        RangeTestAnalysis.RunningMedian([0, 0, 0, 5, 5, 5, 5]).Should().Equal(0, 0, 0, 5, 5, 5, 5);
        RangeTestAnalysis.RunningMedian([3, 1]).Should().Equal(2, 2);
    }

    [Fact]
    public void Loss_SubnormalLearningRates_EverySuggestionValidAndUnderflowingOnesLeftOut()
    {
        // Learning rates of a few double.Epsilon: some rules' base (max / 4) underflows to 0.
        var i = 0;
        var result = new LrRangeTest(double.Epsilon, 64 * double.Epsilon, 40, RangeTestSweep.Exponential, RangeTestMetric.Loss, smoothing: 0).Run(_ => 2 - (0.05 * i++));
        result.Suggestions.Should().NotBeEmpty(result.NoSuggestionReason);
        result.Suggestions.Should().OnlyContain(s => s.BaseLearningRate > 0 && s.BaseLearningRate < s.MaxLearningRate);
        result.Suggestions.Should().HaveCountLessThan(6, "the rules whose max is a few eps have base = max / 4 = 0");
    }
    [Fact]
    public void Loss_EveryLearningRateTooSmallForAQuarter_NoSuggestionSaysRaiseTheMin()
    {
        // Every learning rate is eps or 2 eps: a quarter of either rounds to 0 (ties to even), so no rule has a base above 0.
        var i = 0;
        var result = new LrRangeTest(double.Epsilon, 2 * double.Epsilon, 20, RangeTestSweep.Exponential, RangeTestMetric.Loss, smoothing: 0).Run(_ => 2 - (0.05 * i++));
        result.Suggestions.Should().BeEmpty();
        result.NoSuggestionReason.Should().Be("The learning rates the loss rules read (down to 4.941E-324) are too small for base = max / 4 to be above 0. Raise the min learning rate.");
    }

    // A noise-free curve has a robust noise of (almost) 0, so the floor is one billionth of the curve's scale, 1e-6 for a
    // loss of 1000 (1 - s i): with s = 1e-12 it falls by 1.9e-8 over 20 points and counts as flat; with 1e-9, 1.9e-5, not.
    [Theory]
    [InlineData(1e-12, false)]
    [InlineData(1e-9, true)]
    public void Loss_NoiseFreeCurve_FloorIsOneBillionthOfItsScale(double slope, bool suggests)
    {
        var i = 0;
        var result = new LrRangeTest(0.1, 2, 20, metric: RangeTestMetric.Loss, smoothing: 0).Run(_ => 1000 * (1 - (slope * i++)));
        if (suggests)
        {
            result.Suggestions.Should().NotBeEmpty(result.NoSuggestionReason);
        }
        else
        {
            result.Suggestions.Should().BeEmpty();
            result.NoSuggestionReason.Should().Contain("which is not above the noise floor 1E-06.");
        }
    }
    // Hand-worked curves below: smoothing 0 (the zero-lag curve is the raw metric) on the linear sweep 0.1..2 over 20
    // iterations, lr(i) = 0.1 + 0.1 i.
    private static LrRangeTestResult Run20(RangeTestMetric metric, Func<int, double> raw, double divergenceThreshold = 4)
    {
        var i = 0;
        return new LrRangeTest(0.1, 2, 20, RangeTestSweep.Linear, metric, smoothing: 0, divergenceThreshold: divergenceThreshold).Run(_ => raw(i++));
    }

    [Fact]
    public void Suggest_ConstantZeroMetric_FlatNotAJump()
    {
        // The floor of an all-zero curve is 0 and so is its change: "not above" the floor, hence flat.
        Run20(RangeTestMetric.Loss, _ => 0).NoSuggestionReason.Should().StartWith("The loss curve is flat or only rises: the smoothed loss falls by 0 at most, which is not above the noise floor 0.");
        Run20(RangeTestMetric.Accuracy, _ => 0).NoSuggestionReason.Should().StartWith("The accuracy curve is flat or only falls: the smoothed accuracy rises by 0 at most, which is not above the noise floor 0.");
    }

    [Fact]
    public void Loss_RisingCurveOfOddlyManyDifferences_FloorFromTheMiddleDifference()
    {
        // 8 points (7 differences, odd): differences 0.01 * [1, 1, 1, 2, 4, 4, 4]; their median is the middle one, 0.02,
        // the absolute deviations from it 0.01 * [1, 1, 1, 0, 2, 2, 2], whose median is 0.01: floor 10 * 1.4826 * 0.01 / sqrt 2.
        double[] steps = [0.01, 0.01, 0.01, 0.02, 0.04, 0.04, 0.04];
        var recorder = new LrRangeTest(0.1, 1, 10, metric: RangeTestMetric.Loss, smoothing: 0).Start();
        var loss = 1.0;
        recorder.Record(loss);
        foreach (var step in steps)
        {
            recorder.Record(loss += step);
        }

        var floor = 10 * 1.4826 * 0.01 / Math.Sqrt(2);
        recorder.GetResult().NoSuggestionReason.Should().StartWith("The loss curve is flat or only rises: the smoothed loss falls by 0 at most, which is not above the noise floor " + floor.ToString("G4", CultureInfo.InvariantCulture) + ".");
    }

    [Fact]
    public void Suggest_EightPoints_Enough_SevenTooFew()
    {
        // A loss falling by 0.125 per point, stopped by the caller after 8 of 10 planned points (fastai reads 10 / 10 = 1
        // up to 8 - 5 = 3, two points), and after 7; and after 8 of 100 planned (fastai's part, 10 up to 3, is empty).
        static LrRangeTestResult Stopped(long planned, int points)
        {
            var recorder = new LrRangeTest(0.1, 1, planned, metric: RangeTestMetric.Loss, smoothing: 0).Start();
            for (var i = 0; i < points; i++)
            {
                recorder.Record(2 - (0.125 * i));
            }

            return recorder.GetResult();
        }

        Stopped(10, 8).Suggestions.Select(s => s.Rule).Should().Equal(
            LrBoundsRule.LossMinimumOverTen, LrBoundsRule.LossSteepestDescent, LrBoundsRule.FastaiValley, LrBoundsRule.FastaiMinimum, LrBoundsRule.FastaiSteep);
        Stopped(10, 7).NoSuggestionReason.Should().StartWith("The test was stopped after 7 points. At least 8 finite points are needed");
        Stopped(100, 8).Suggestions.Select(s => s.Rule).Should().Equal(LrBoundsRule.LossMinimumOverTen, LrBoundsRule.LossSteepestDescent);
    }

    [Fact]
    public void Accuracy_RiseWithinOneIterationOfTheSmoothedCurve_SaysWhere()
    {
        // 0.1 below lr 0.5, 0.9 from there: lr(i) = 0.1 + 0.9 i / 199 first reaches 0.5 at i = 89, lr 0.50251.
        var result = new LrRangeTest(0.1, 1, 200, smoothing: 0).Run(lr => lr < 0.5 ? 0.1 : 0.9);
        result.NoSuggestionReason.Should().StartWith("The smoothed accuracy jumps by 0.8 within one iteration at lr 0.5025, so where it starts and stops rising cannot be told apart.");
    }

    [Fact]
    public void Loss_FallOverExactlyTwoIterations_NotTooAbruptButTheMedianDoesNotFollow()
    {
        // Highest 3 at 7, lowest 0.2 at 9: two iterations apart, so the abrupt-fall rule lets it through; the running
        // median at 7, 8, 9 is 1, 1, 0.4 (windows [1, 1, 3, 1.6, 0.2], [1, 3, 1.6, 0.2, 0.3], [3, 1.6, 0.2, 0.3, 0.4]):
        // a fall of 0.6, less than half of 2.8.
        double[] losses = [1, 1, 1, 1, 1, 1, 1, 3, 1.6, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1, 1, 1];
        var result = Run20(RangeTestMetric.Loss, i => losses[i], double.PositiveInfinity);
        result.Suggestions.Should().BeEmpty();
        result.NoSuggestionReason.Should().StartWith("The smoothed loss falls by 2.8, but the median of each 5 neighbouring raw points falls by 0.6 at most");
    }

    [Fact]
    public void Loss_StepAtTheLowestPoint_FallsWithinOneIteration()
    {
        // 0.5 up to 14, 0.1 from 15: the lowest point is 15; the running median steps from 0.5 at 14 (window
        // [0.5, 0.5, 0.5, 0.5, 0.1]) to 0.1 at 15 ([0.5, 0.5, 0.1, 0.1, 0.1]): one step of 0.4 at lr(14) = 1.5, all of it.
        var result = Run20(RangeTestMetric.Loss, i => i < 15 ? 0.5 : 0.1);
        result.Suggestions.Should().BeEmpty();
        result.NoSuggestionReason.Should().StartWith("The loss falls by 0.4 within one iteration at lr 1.5 (the median of each 5 neighbouring raw points falls by 0.4 in all), too abruptly");
    }

    [Fact]
    public void Accuracy_MedianRisesUpToThePeak_Suggests()
    {
        // 0.1 up to 13, 0.5 at 14, 0.9 from 15: 10% of the rise (0.18) is first reached at 14, 90% (0.82) at 15, the
        // peak. The running median at 13, 14, 15 is 0.1, 0.5, 0.9: a rise of 0.8 in two steps of 0.4, no jump.
        var result = Run20(RangeTestMetric.Accuracy, i => i < 14 ? 0.1 : i == 14 ? 0.5 : 0.9);
        var s = result.Suggestion;
        s.Should().NotBeNull(result.NoSuggestionReason);
        s!.BaseLearningRate.Should().BeApproximately(1.5, 1e-12);
        s.MaxLearningRate.Should().BeApproximately(1.6, 1e-12);
    }

    [Fact]
    public void Accuracy_CurveExactlyAtTheTenAndNinetyPercentLevels_ReadThere()
    {
        // 0 up to 4, then 0.1, 0.5, 0.9 and 1 from 8: the rise is 1, so the levels are exactly 0.1 and 0.9, met at 5 and 7.
        double[] head = [0, 0, 0, 0, 0, 0.1, 0.5, 0.9];
        var result = Run20(RangeTestMetric.Accuracy, i => i < head.Length ? head[i] : 1);
        var s = result.Suggestion;
        s.Should().NotBeNull(result.NoSuggestionReason);
        s!.BaseLearningRate.Should().BeApproximately(0.6, 1e-12);
        s.MaxLearningRate.Should().BeApproximately(0.8, 1e-12);
        s.Explanation.Should().NotContain("already rising");
    }

    [Fact]
    public void Loss_FlatMinimum_ReadAtItsFirstPoint()
    {
        // 2 - 0.125 i down to 1 at 8, then 1 to the end: the lowest value is first reached at 8 (lr 0.9), so minimum / 10
        // gives max 0.09, base 0.0225; the curve is not still falling at the end.
        var result = Run20(RangeTestMetric.Loss, i => i <= 8 ? 2 - (0.125 * i) : 1);
        var minimum = result.Suggestions[0];
        minimum.Rule.Should().Be(LrBoundsRule.LossMinimumOverTen);
        minimum.MaxLearningRate.Should().BeApproximately(0.09, 1e-12);
        minimum.Explanation.Should().StartWith("The smoothed loss is lowest (1) at lr 0.9: max = that / 10 = 0.09, base = max / 4 = 0.0225.")
            .And.EndWith("base = max / 4 = 0.0225.");
    }

    [Fact]
    public void Loss_LinearInLrOnALinearSweep_SteepestAgainstLogLrAtTheLargestLr()
    {
        // d(3 - lr) / d ln(lr) = -lr: steepest at the largest lr, 2, the last point (one-sided slope there).
        var result = new LrRangeTest(0.1, 2, 20, RangeTestSweep.Linear, RangeTestMetric.Loss, smoothing: 0).Run(lr => 3 - lr);
        var steepest = result.Suggestions.Single(s => s.Rule == LrBoundsRule.LossSteepestDescent);
        steepest.MaxLearningRate.Should().Be(2);
        steepest.BaseLearningRate.Should().Be(0.5);
    }
    [Fact]
    public void Loss_MedianFallsExactlyHalfAndOneStepExactlyEightyPercent_ThresholdsInclusive()
    {
        // Half: 2 up to 7, a two-point dip to 0 at 8 and 9, then 1. The lowest point is 8 (drop 2); the running median at
        // 6, 7, 8 is 2, 2, 1: it falls by exactly half the drop, which is enough, and in one step of 1 at lr(7) = 0.8.
        var half = Run20(RangeTestMetric.Loss, i => i < 8 ? 2 : i < 10 ? 0 : 1, double.PositiveInfinity);
        half.NoSuggestionReason.Should().StartWith("The loss falls by 1 within one iteration at lr 0.8 (the median of each 5 neighbouring raw points falls by 1 in all)");

        // 80%: 2 up to 7, 1.75 from 8 to 11, 0.75 from 12: the median falls by 1.25 in all, 1 of it (exactly 80%) in one step.
        var eighty = Run20(RangeTestMetric.Loss, i => i < 8 ? 2 : i < 12 ? 1.75 : 0.75);
        eighty.NoSuggestionReason.Should().StartWith("The loss falls by 1 within one iteration at lr 1.2 (the median of each 5 neighbouring raw points falls by 1.25 in all)");
    }

    [Fact]
    public void Accuracy_MedianRisesExactlyHalfAndOneStepExactlyEightyPercent_ThresholdsInclusive()
    {
        // Half: 0 up to 5, 1 at 6, 2 at 7 and 8, then 1. The peak is 7 (rise 2, 10% first met at 6, 90% at 7); the running
        // median at 5, 6, 7 is 0, 1, 1: a rise of exactly half, in one step of 1 at lr(5) = 0.6.
        var half = Run20(RangeTestMetric.Accuracy, i => i < 6 ? 0 : i == 6 ? 1 : i < 9 ? 2 : 1);
        half.NoSuggestionReason.Should().StartWith("The accuracy jumps by 1 within one iteration at lr 0.6 (the median of each 5 neighbouring raw points rises by 1 in all)");

        // 80%: 0 up to 7, 0.25 from 8 to 11, 1.25 from 12: the median rises by 1.25 in all, 1 of it (exactly 80%) in one step.
        var eighty = Run20(RangeTestMetric.Accuracy, i => i < 8 ? 0 : i < 12 ? 0.25 : 1.25);
        eighty.NoSuggestionReason.Should().StartWith("The accuracy jumps by 1 within one iteration at lr 1.2 (the median of each 5 neighbouring raw points rises by 1.25 in all)");
    }
    [Fact]
    public void Accuracy_RiseWhoseLastStepIsTheLargest_NotRisingFromTheStart()
    {
        // 0, 0, 0.1, 0.2, 0.3, then 1 from 5 (the peak). The raw curve is monotone, so the running median is 0, 0.05, 0.1,
        // 0.2, 0.3, 1 up to the peak: from 0 to 1 it first reaches 25% at 4 and 75% at 5, so the rise starts at about
        // 4 - 1/2 = 3.5, later than 2 + 1/10: a flat start. (Leaving the peak's own median out would put it at 1, rising.)
        double[] head = [0, 0, 0.1, 0.2, 0.3];
        var result = Run20(RangeTestMetric.Accuracy, i => i < head.Length ? head[i] : 1);
        var s = result.Suggestion;
        s.Should().NotBeNull(result.NoSuggestionReason);
        s!.BaseLearningRate.Should().BeApproximately(0.3, 1e-12);
        s.MaxLearningRate.Should().BeApproximately(0.6, 1e-12);
        s.Explanation.Should().NotContain("already rising");
    }
    [Fact]
    public void Accuracy_RiseExtrapolatedToStartExactlyAtTheLimit_CountsAsRisingFromTheStart()
    {
        // 0 up to 4, then 0.3, 0.4, ..., 0.9 and 1 from 12. Monotone, so the running median follows it: 25% of the rise is
        // first reached at 5, 75% at 10 (width 5), so it extrapolates to a start at 5 - 5/2 = 2.5, exactly the limit
        // 2 + 5/10: "no later than" includes it.
        double[] head = [0, 0, 0, 0, 0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];
        var result = Run20(RangeTestMetric.Accuracy, i => i < head.Length ? head[i] : 1);
        result.Suggestion.Should().NotBeNull(result.NoSuggestionReason);
        result.Suggestion!.Explanation.Should().Contain("The accuracy is already rising at the first point (lr 0.1)");
    }
    [Fact]
    public void Loss_JumpFollowedByASmallFall_JumpIsTheLargestStepNotTheLast()
    {
        // 2 up to 7, 1 from 8 to 11, 0.9 from 12 (the lowest): the median falls by 1 at 7 -> 8 and by 0.1 at 11 -> 12;
        // the largest step, 1 of 1.1, is at lr(7) = 0.8.
        var result = Run20(RangeTestMetric.Loss, i => i < 8 ? 2 : i < 12 ? 1 : 0.9);
        result.NoSuggestionReason.Should().StartWith("The loss falls by 1 within one iteration at lr 0.8 (the median of each 5 neighbouring raw points falls by 1.1 in all)");
    }
}
