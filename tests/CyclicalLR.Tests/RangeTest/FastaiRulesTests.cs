namespace CyclicalLR.Tests;

/// <summary>fastai's suggestion functions, on small curves worked out by hand, and through a range-test result.</summary>
public sealed class FastaiRulesTests
{
    [Fact]
    public void Valley_SmallCurve_HalfwayAlongTheLongestDecreasingRun()
    {
        // Longest strictly decreasing runs ending at each point: 1 2 1 3 4 1 5 1 (5, 4, 3, 2, 1 ends at index 6).
        // start = 6 - 5 = 1, s = 5 / 3, index = 1 + floor(1.67) + floor(0.83) = 2.
        FastaiRules.Valley([5, 4, 6, 3, 2, 7, 1, 8]).Should().Be(2);
    }

    [Fact]
    public void Valley_StrictlyDecreasing_StartIsBeforeTheFirstPointAsInFastai()
    {
        // Run of 8 ending at 7: start = -1, s = 8 / 3, index = -1 + 2 + 1 = 2.
        FastaiRules.Valley([8, 7, 6, 5, 4, 3, 2, 1]).Should().Be(2);
    }

    [Fact]
    public void Valley_NeverDecreasing_FirstPoint()
    {
        FastaiRules.Valley([1, 1, 2, 3, 3, 4]).Should().Be(0);
    }

    [Fact]
    public void Valley_RunOfTwoAtTheStart_FirstPointWhereFastaiWouldWrap()
    {
        // Run of 2 ending at 1: start = -1, s = 2 / 3, index = -1; fastai's lrs[-1] would be the last point.
        FastaiRules.Valley([2, 1, 3, 4, 5, 6, 7, 8]).Should().Be(0);
    }

    [Fact]
    public void Valley_TiesGoToTheFirstLongestRun()
    {
        // Two runs of 3: (3, 2, 1) ending at 2 and (9, 8, 7) ending at 5; the first wins: start -1, s = 1, index 0.
        FastaiRules.Valley([3, 2, 1, 9, 8, 7]).Should().Be(0);
    }

    [Fact]
    public void Valley_RandomCurves_MatchFastaisDoubleLoop()
    {
        var random = new Random(2024);
        for (var trial = 0; trial < 500; trial++)
        {
            var losses = Enumerable.Range(0, random.Next(2, 60)).Select(_ => (double)random.Next(0, 12)).ToArray();
            FastaiRules.Valley(losses).Should().Be(Math.Max(0, FastaiValleyReference(losses)), string.Join(",", losses));
        }
    }

    [Fact]
    public void Slide_ConstantGradient_StopsAtOnce()
    {
        // Gradient -0.01 everywhere: the first pair (19, 4) already agrees, so the answer is left = n - 1 - 15.
        var losses = Enumerable.Range(0, 20).Select(i => 1 - (0.01 * i)).ToArray();
        FastaiRules.Slide(losses).Should().Be(4);
    }

    [Fact]
    public void Slide_SlopeThenFlat_WalksLeftUntilTheGradientsAgree()
    {
        // Loss 3 - 0.1 i up to i = 20, flat at 1 after; n = 30. Gradients: -0.1 up to 19, -0.05 at 20, 0 from 21.
        // Pairs (29, 14) ... (21, 6) differ by 0.1, (20, 5) by 0.05, (19, 4) agree: the last left point that differed is 5.
        var losses = Enumerable.Range(0, 30).Select(i => i <= 20 ? 3 - (0.1 * i) : 1.0).ToArray();
        FastaiRules.Slide(losses).Should().Be(5);
    }

    [Fact]
    public void Slide_NeverAgreeing_FirstPoint()
    {
        // Flat for 5 points, then a straight fall: the right point is always on the fall, the left one reaches the flat.
        var losses = Enumerable.Range(0, 20).Select(i => i <= 4 ? 1.0 : 1 - (0.1 * (i - 4))).ToArray();
        FastaiRules.Slide(losses).Should().Be(0);
    }

    [Fact]
    public void Slide_RandomCurves_MatchNumPyGradientAndFastaisLoop()
    {
        // Losses on a grid of 0.0025 (half the threshold), so gradient differences land on, near and off 0.005.
        var random = new Random(2025);
        for (var trial = 0; trial < 500; trial++)
        {
            var losses = Enumerable.Range(0, random.Next(16, 40)).Select(_ => random.Next(0, 9) * 0.0025).ToArray();
            FastaiRules.Slide(losses).Should().Be(FastaiSlideReference(losses), string.Join(",", losses));
        }
    }

    // fastai's slide, written from its source: np.gradient(losses) (edge_order 1), then the walk from the right.
    private static int FastaiSlideReference(double[] losses)
    {
        var n = losses.Length;
        var gradient = new double[n];
        gradient[0] = losses[1] - losses[0];
        gradient[n - 1] = losses[n - 1] - losses[n - 2];
        for (var i = 1; i < n - 1; i++)
        {
            gradient[i] = (losses[i + 1] - losses[i - 1]) / 2.0;
        }

        int r = n - 1, l = r - 15, local = l;
        while (l >= 0 && Math.Abs(gradient[r] - gradient[l]) > 0.005)
        {
            local = l;
            r--;
            l--;
        }

        return local;
    }

    [Fact]
    public void Slide_FifteenPointsOrFewer_NoAnswer()
    {
        foreach (var n in new[] { 0, 1, 2, 10, 14, 15 })
        {
            FastaiRules.Slide(new double[n]).Should().Be(-1, "{0} points", n);
        }

        FastaiRules.Slide(new double[16]).Should().Be(0);
    }

    [Fact]
    public void Minimum_FirstLowestPoint()
    {
        FastaiRules.Minimum([3, 2, 1, 1, 2]).Should().Be(2);
    }

    [Fact]
    public void Steep_SlopeIsAgainstLogLearningRate()
    {
        // Equal drops of 1.5 from lr 1 to 2 and from 2 to 3: against ln(lr) the second is steeper (ln 1.5 < ln 2).
        FastaiRules.Steep([1, 2, 3, 4, 5], [10, 8.5, 7, 6.1, 6]).Should().Be(1);
        FastaiRules.Steep([1, 2, 4, 8, 16], [10, 9, 5, 4, 4.5]).Should().Be(1);
    }

    [Fact]
    public void Steep_EqualSlopes_FirstSegment()
    {
        // Against ln(lr) with lr doubling, drops of 1, 1, 0: the first two segments are equally steep (ln 4 - ln 2 is
        // exactly ln 2), and the first one wins.
        FastaiRules.Steep([1, 2, 4, 8], [8, 7, 6, 6]).Should().Be(0);
    }

    [Fact]
    public void Steep_EqualLearningRates_Skipped()
    {
        FastaiRules.Steep([1, 1, 2], [5, 0, 4]).Should().Be(1);
        FastaiRules.Steep([1, 1], [5, 0]).Should().Be(-1);
    }

    [Fact]
    public void Suggestions_LossCurve_FastaiRulesReadFastaisPartOfTheCurve()
    {
        // smoothing 0: the smoothed loss is the raw one. 30 iterations of a linear sweep; the loss falls by 0.05 per
        // iteration to its lowest at 27, then rises. fastai reads iterations 30 / 10 = 3 up to 30 - 5 - 1 = 24.
        var test = new LrRangeTest(0.1, 3, 30, RangeTestSweep.Linear, RangeTestMetric.Loss, smoothing: 0);
        var result = test.Run(lr => Loss((int)Math.Round((lr - 0.1) / 0.1)));

        result.StopReason.Should().Be(RangeTestStopReason.Completed);
        var byRule = result.Suggestions.ToDictionary(s => s.Rule, s => s.MaxLearningRate);
        byRule.Keys.Should().Equal(
            LrBoundsRule.LossMinimumOverTen, LrBoundsRule.LossSteepestDescent, LrBoundsRule.FastaiValley, LrBoundsRule.FastaiSlide, LrBoundsRule.FastaiMinimum, LrBoundsRule.FastaiSteep);

        // Ours: the minimum over every point is at 27.
        byRule[LrBoundsRule.LossMinimumOverTen].Should().Be(test.GetLearningRate(27) / 10);

        // valley: points 3..24 fall throughout, a run of 22 ending at local 21: start -1, s = 22 / 3, index -1 + 7 + 3 = 9.
        byRule[LrBoundsRule.FastaiValley].Should().Be(test.GetLearningRate(3 + 9));

        // slide: constant gradient, so the first pair agrees: local 21 - 15 = 6.
        byRule[LrBoundsRule.FastaiSlide].Should().Be(test.GetLearningRate(3 + 6));

        // minimum: the lowest point fastai sees is its last, 24 (27 is among the five it drops).
        byRule[LrBoundsRule.FastaiMinimum].Should().Be(test.GetLearningRate(24) / 10);

        // steep: equal drops, so the steepest against ln(lr) is the segment with the smallest ratio: the last, 23 -> 24.
        byRule[LrBoundsRule.FastaiSteep].Should().Be(test.GetLearningRate(23));

        foreach (var s in result.Suggestions)
        {
            s.BaseLearningRate.Should().Be(s.MaxLearningRate / 4, s.Rule.ToString());
            s.Explanation.Should().Contain("base = max / 4 = " + (s.MaxLearningRate / 4).ToString("G4", System.Globalization.CultureInfo.InvariantCulture));
        }

        result.Suggestions.Skip(2).Should().OnlyContain(s => s.Explanation.StartsWith("fastai's lr_find reads the smoothed loss at iterations 3 to 24; ", StringComparison.Ordinal));

        // Each explanation names the iteration of the whole curve (fastai's index plus its start, 3).
        var explanations = result.Suggestions.ToDictionary(s => s.Rule, s => s.Explanation);
        explanations[LrBoundsRule.FastaiValley].Should().Contain("(iteration 12)");
        explanations[LrBoundsRule.FastaiSlide].Should().Contain("(iteration 9)");
        explanations[LrBoundsRule.FastaiMinimum].Should().Contain("(iteration 24)");
        explanations[LrBoundsRule.FastaiSteep].Should().Contain("(iteration 23)");
    }

    [Fact]
    public void Suggestions_StoppedByNaN_FastaiCountsTheNaNAmongTheDroppedPoints()
    {
        // The NaN at 28 is recorded by fastai and is one of the five points it drops: it reads 3 to 28 - 5 = 23.
        var test = new LrRangeTest(0.1, 3, 30, RangeTestSweep.Linear, RangeTestMetric.Loss, smoothing: 0);
        var result = test.Run(lr =>
        {
            var i = (int)Math.Round((lr - 0.1) / 0.1);
            return i == 28 ? double.NaN : Loss(i);
        });

        result.StopReason.Should().Be(RangeTestStopReason.NotFinite);
        result.Points.Should().HaveCount(28);
        result.Suggestions.Single(s => s.Rule == LrBoundsRule.FastaiMinimum).MaxLearningRate.Should().Be(test.GetLearningRate(23) / 10);
    }

    [Fact]
    public void Suggestions_ShortCurve_SlideLeftOut()
    {
        // 20 iterations: fastai reads 2 to 14, 13 points, too few for slide's pair 15 apart.
        var test = new LrRangeTest(0.1, 2, 20, RangeTestSweep.Linear, RangeTestMetric.Loss, smoothing: 0);
        var result = test.Run(lr => 3 - lr);
        result.Suggestions.Select(s => s.Rule).Should().Equal(
            LrBoundsRule.LossMinimumOverTen, LrBoundsRule.LossSteepestDescent, LrBoundsRule.FastaiValley, LrBoundsRule.FastaiMinimum, LrBoundsRule.FastaiSteep);
    }

    [Fact]
    public void Suggestions_SixteenPoints_SlideAtTheFirstOfThem()
    {
        // 23 iterations: fastai reads 2 to 17, 16 points, so slide's first pair (15 apart) starts at its first point,
        // iteration 2 (lr 0.3), and a constant gradient stops the walk there.
        var test = new LrRangeTest(0.1, 2.3, 23, RangeTestSweep.Linear, RangeTestMetric.Loss, smoothing: 0);
        var slide = test.Run(lr => 3 - lr).Suggestions.Single(s => s.Rule == LrBoundsRule.FastaiSlide);
        slide.MaxLearningRate.Should().BeApproximately(0.3, 1e-12);
        slide.Explanation.Should().Contain("(iteration 2)");
    }

    [Fact]
    public void Suggestions_NoClearAnswer_NoFastaiRuleEither()
    {
        var result = new LrRangeTest(1e-4, 1, 200, RangeTestSweep.Exponential, RangeTestMetric.Loss).Run(SyntheticCurves.WithNoise(_ => 0.5, 0.05, 3));
        result.Suggestions.Should().BeEmpty();
        result.NoSuggestionReason.Should().Contain("flat");
    }

    private static double Loss(int i) => i <= 27 ? 2 - (0.05 * i) : 0.65 + (0.2 * (i - 27));

    /// <summary>fastai's valley, transcribed loop for loop (including its -1 for a run of 2 at the start).</summary>
    private static int FastaiValleyReference(double[] losses)
    {
        var n = losses.Length;
        int maxStart = 0, maxEnd = 0;
        var lds = Enumerable.Repeat(1, n).ToArray();
        for (var i = 1; i < n; i++)
        {
            for (var j = 0; j < i; j++)
            {
                if (losses[i] < losses[j] && lds[i] < lds[j] + 1)
                {
                    lds[i] = lds[j] + 1;
                }

                if (lds[maxEnd] < lds[i])
                {
                    maxEnd = i;
                    maxStart = maxEnd - lds[maxEnd];
                }
            }
        }

        var sections = (maxEnd - maxStart) / 3.0;
        return maxStart + (int)sections + (int)(sections / 2);
    }
}
