namespace CyclicalLR.Tests;

public sealed class LrRangeTestRecorderTests
{
    [Fact]
    public void Start_NewRecorder_AtIterationZeroWithMinLearningRate()
    {
        var test = new LrRangeTest(0.002, 0.2, 20);
        var recorder = test.Start();
        recorder.Test.Should().BeSameAs(test);
        recorder.Iteration.Should().Be(0);
        recorder.IsComplete.Should().BeFalse();
        recorder.StopReason.Should().BeNull();
        recorder.CurrentLearningRate.Should().Be(0.002);
    }

    [Fact]
    public void Record_SmoothedMetric_IsBiasCorrectedMovingAverage()
    {
        var test = new LrRangeTest(0.1, 1, 10, smoothing: 0.8);
        double[] metrics = [0.5, 0.7, 0.2, 0.9, 0.4, 0.4, 0.6, 0.1, 0.3, 0.8];
        var result = test.Run(lr => metrics[(int)Math.Round((lr - 0.1) / 0.1)]);

        // Reference: weighted mean with weights 0.8^(i-j), j <= i (what bias correction amounts to).
        for (var i = 0; i < metrics.Length; i++)
        {
            double sum = 0, weights = 0;
            for (var j = 0; j <= i; j++)
            {
                var w = Math.Pow(0.8, i - j);
                sum += w * metrics[j];
                weights += w;
            }

            result.Points[i].Metric.Should().Be(metrics[i]);
            result.Points[i].SmoothedMetric.Should().BeApproximately(sum / weights, 1e-12);
        }
    }

    [Fact]
    public void Record_ZeroSmoothing_KeepsRawMetric()
    {
        var result = new LrRangeTest(0.1, 1, 10, smoothing: 0).Run(lr => lr * lr);
        result.Points.Should().OnlyContain(p => p.SmoothedMetric == p.Metric);
    }

    [Fact]
    public void Record_ThousandsOfPoints_AllocatesNothing()
    {
        var test = new LrRangeTest(1e-5, 1, 5000, RangeTestSweep.Exponential, RangeTestMetric.Loss);
        var recorder = test.Start();
        recorder.Record(1); // warm up (JIT)
        var before = GC.GetAllocatedBytesForCurrentThread();
        while (!recorder.IsComplete)
        {
            recorder.Record(1 / (1 + recorder.CurrentLearningRate));
        }

        (GC.GetAllocatedBytesForCurrentThread() - before).Should().Be(0);
        recorder.Iteration.Should().Be(5000);
    }

    [Fact]
    public void Start_PlanLongerThanTwoToThe20_ReservesTwoToThe20Points()
    {
        // A point is 32 bytes (an iteration and three doubles); a 4M-iteration plan reserves 2^20 of them, not 4M.
        _ = new LrRangeTest(0.1, 1, 10).Start(); // warm up (JIT)
        var test = new LrRangeTest(0.1, 1, 4 << 20);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var recorder = test.Start();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        allocated.Should().BeInRange(32L << 20, (32L << 20) + 4096);
        recorder.Record(0.5);
        recorder.Iteration.Should().Be(1);
    }

    [Fact]
    public void Record_AfterComplete_ThrowsInvalidOperation()
    {
        var recorder = new LrRangeTest(0.1, 1, 10).Start();
        for (var i = 0; i < 10; i++)
        {
            recorder.Record(0.5);
        }

        recorder.IsComplete.Should().BeTrue();
        recorder.StopReason.Should().Be(RangeTestStopReason.Completed);
        recorder.Iteration.Should().Be(10);
        var record = () => recorder.Record(0.5);
        var lr = () => recorder.CurrentLearningRate;
        record.Should().Throw<InvalidOperationException>().WithMessage("*complete*10*10 planned*");
        lr.Should().Throw<InvalidOperationException>();
        recorder.GetResult().Points.Should().HaveCount(10);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Record_NonFiniteMetric_EndsTestAsNotFiniteWithoutAddingIt(double bad)
    {
        var recorder = new LrRangeTest(0.1, 1, 20).Start();
        recorder.Record(0.1);
        recorder.Record(0.2);
        recorder.Record(bad);

        recorder.IsComplete.Should().BeTrue();
        recorder.StopReason.Should().Be(RangeTestStopReason.NotFinite);
        var result = recorder.GetResult();
        result.StopReason.Should().Be(RangeTestStopReason.NotFinite);
        result.Points.Should().HaveCount(2);
        result.Suggestion.Should().BeNull();
        result.NoSuggestionReason.Should().Contain("NaN or infinite after 2 points");
        var again = () => recorder.Record(0.3);
        again.Should().Throw<InvalidOperationException>();
    }

    [Fact]
    public void Record_LossAboveThresholdTimesBest_EndsTestAsDiverged()
    {
        var recorder = new LrRangeTest(0.1, 1, 50, metric: RangeTestMetric.Loss, smoothing: 0, divergenceThreshold: 4).Start();
        recorder.Record(2);
        recorder.Record(1);
        recorder.Record(4); // exactly 4x the best: not above
        recorder.IsComplete.Should().BeFalse();
        recorder.Record(4.0001);
        recorder.IsComplete.Should().BeTrue();
        recorder.StopReason.Should().Be(RangeTestStopReason.Diverged);
        recorder.GetResult().Points.Should().HaveCount(4, "the diverging point is kept");
    }

    [Fact]
    public void Record_AccuracyRisingTenfold_DoesNotCountAsDivergence()
    {
        var result = new LrRangeTest(0.1, 1, 10, smoothing: 0).Run(lr => lr * 100);
        result.StopReason.Should().Be(RangeTestStopReason.Completed);
    }

    [Fact]
    public void Record_NonPositiveBestLoss_SkipsRatioCheck()
    {
        // A loss that can be negative (a log-likelihood) has no meaningful ratio to its best.
        var result = new LrRangeTest(0.1, 1, 10, metric: RangeTestMetric.Loss, smoothing: 0).Run(lr => lr < 0.5 ? -1 : 100);
        result.StopReason.Should().Be(RangeTestStopReason.Completed);
    }

    [Fact]
    public void Record_ZeroBestLoss_SkipsRatioCheck()
    {
        // A best loss of exactly 0 has no ratio either: any positive loss is "infinitely" worse, which says nothing.
        var result = new LrRangeTest(0.1, 1, 10, metric: RangeTestMetric.Loss, smoothing: 0).Run(lr => lr < 0.5 ? 0 : 100);
        result.StopReason.Should().Be(RangeTestStopReason.Completed);
        result.Points.Should().HaveCount(10);
    }

    [Fact]
    public void GetResult_BeforeComplete_StoppedEarlyAndRecorderGoesOn()
    {
        var recorder = new LrRangeTest(0.1, 1, 10).Start();
        recorder.Record(0.3);
        recorder.Record(0.4);
        var early = recorder.GetResult();
        early.StopReason.Should().Be(RangeTestStopReason.StoppedEarly);
        early.Points.Should().HaveCount(2);
        early.NoSuggestionReason.Should().Contain("stopped after 2 points");

        recorder.Iteration.Should().Be(2);
        recorder.Record(0.5);
        recorder.GetResult().Points.Should().HaveCount(3);
        early.Points.Should().HaveCount(2, "a result is a snapshot");
    }

    [Theory]
    [InlineData(double.MaxValue)]
    [InlineData(-double.MaxValue)]
    public void Record_HugeFiniteMetric_SmoothedStaysFiniteAndCsvRoundTrips(double huge)
    {
        foreach (var smoothing in new[] { 0.0, 0.5, 0.9, 0.98 })
        {
            var recorder = new LrRangeTest(0.1, 1, 12, smoothing: smoothing, accuracyDropFraction: double.PositiveInfinity).Start();
            foreach (var m in new[] { huge, huge, huge, -huge, huge, huge, 0, huge, 1, huge, huge, huge })
            {
                recorder.Record(m);
            }

            var result = recorder.GetResult();
            result.Points.Should().OnlyContain(p => double.IsFinite(p.SmoothedMetric), $"smoothing {smoothing}");
            result.Points[0].SmoothedMetric.Should().Be(huge, "the mean of one value is that value");
            result.Points[1].SmoothedMetric.Should().Be(huge);
            result.ZeroLagMetric.Should().OnlyContain(z => double.IsFinite(z));
            var writer = new StringWriter();
            result.WriteCsv(writer);
            LrRangeTestResult.ReadCsv(new StringReader(writer.ToString())).Points.Should().Equal(result.Points);
        }
    }

    [Fact]
    public void Record_SmoothedMetric_StaysWithinTheMetricsSoFar()
    {
        var random = new Random(17);
        var recorder = new LrRangeTest(0.1, 1, 500, smoothing: 0.97, accuracyDropFraction: double.PositiveInfinity).Start();
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        while (!recorder.IsComplete)
        {
            var m = random.NextDouble() < 0.5 ? 0.3 : 0.3 + (random.NextDouble() * 1e-12);
            lo = Math.Min(lo, m);
            hi = Math.Max(hi, m);
            recorder.Record(m);
            var p = recorder.GetResult().Points[^1];
            p.SmoothedMetric.Should().BeInRange(lo, hi);
        }
    }

    [Fact]
    public void Record_AccuracyCollapsingToChance_StopsAsDiverged()
    {
        // Rises from chance (0.1) to 0.85, holds, then collapses back to chance at iteration 120 (a dead model).
        var test = new LrRangeTest(1e-3, 1, 400, metric: RangeTestMetric.Accuracy);
        var recorder = test.Start();
        while (!recorder.IsComplete)
        {
            var i = recorder.Iteration;
            recorder.Record(i < 40 ? 0.1 : i < 80 ? 0.1 + (0.75 * (i - 40) / 40.0) : i < 120 ? 0.85 : 0.1);
        }

        recorder.StopReason.Should().Be(RangeTestStopReason.Diverged);
        var result = recorder.GetResult();
        result.StopReason.Should().Be(RangeTestStopReason.Diverged);

        // Reference: the smoothed accuracy first falls below 0.425 (half its best) at iteration k, and the test stops
        // after ten such iterations in a row, so at k + 9.
        var k = result.Points.First(p => p.Iteration >= 120 && p.SmoothedMetric < 0.5 * 0.85).Iteration;
        result.Points.Should().HaveCount((int)(k + 10));
        result.Points.Skip((int)k).Should().OnlyContain(p => p.SmoothedMetric < 0.425);
        result.Points.Count.Should().BeLessThan(140, "the test ends within about twenty iterations of the collapse, not after 400");
        result.Suggestion.Should().NotBeNull(result.NoSuggestionReason);
    }

    [Fact]
    public void Record_AccuracyDippingBrieflyAndRecovering_DoesNotStop()
    {
        // A dip to chance for 8 batches pulls the smoothed accuracy below half its best for fewer than 10 iterations.
        var result = new LrRangeTest(1e-3, 1, 200).Run(lr =>
        {
            var i = (int)Math.Round((lr - 1e-3) / ((1 - 1e-3) / 199));
            return i < 50 ? 0.1 + (0.75 * i / 50.0) : i is >= 100 and < 108 ? 0.1 : 0.85;
        });

        result.StopReason.Should().Be(RangeTestStopReason.Completed);
        var below = result.Points.Count(p => p.Iteration >= 100 && p.SmoothedMetric < 0.425);
        below.Should().BeInRange(1, 9, "the dip does cross the drop level, only not for long enough");
    }

    [Fact]
    public void Record_AccuracyDropPatienceAndFraction_AreHonoured()
    {
        // smoothing 0: the smoothed accuracy is the raw one. Best 0.8; 0.8 * (1 - 0.5) = 0.4.
        var recorder = new LrRangeTest(0.1, 1, 50, smoothing: 0, accuracyDropFraction: 0.5, accuracyDropPatience: 3).Start();
        foreach (var m in new[] { 0.5, 0.8, 0.4, 0.39, 0.39, 0.7, 0.39, 0.39 })
        {
            recorder.Record(m);
        }

        recorder.IsComplete.Should().BeFalse("0.4 is not below 0.4, and the run of two was broken by 0.7");
        recorder.Record(0.39);
        recorder.StopReason.Should().Be(RangeTestStopReason.Diverged);
        recorder.GetResult().Points.Should().HaveCount(9);

        var quick = new LrRangeTest(0.1, 1, 50, smoothing: 0, accuracyDropPatience: 1).Start();
        quick.Record(0.8);
        quick.Record(0.1);
        quick.StopReason.Should().Be(RangeTestStopReason.Diverged);
        quick.GetResult().NoSuggestionReason.Should().StartWith("The accuracy collapsed (diverged) after 2 points.");
    }

    [Fact]
    public void Record_AccuracyNonPositiveBest_SkipsDropCheck()
    {
        var result = new LrRangeTest(0.1, 1, 20, smoothing: 0, accuracyDropPatience: 1).Run(lr => lr < 0.5 ? 0 : -5);
        result.StopReason.Should().Be(RangeTestStopReason.Completed);
    }

    [Fact]
    public void Record_AccuracyNaN_EndsAsNotFiniteAsBefore()
    {
        var result = new LrRangeTest(0.1, 1, 20).Run(lr => lr < 0.5 ? 0.5 : double.NaN);
        result.StopReason.Should().Be(RangeTestStopReason.NotFinite);
    }

    [Fact]
    public void Record_LossDivergingOnTheLastIteration_IsDivergedNotCompleted()
    {
        var recorder = new LrRangeTest(0.1, 1, 10, metric: RangeTestMetric.Loss, smoothing: 0).Start();
        for (var i = 0; i < 9; i++)
        {
            recorder.Record(1);
        }

        recorder.IsComplete.Should().BeFalse();
        recorder.Record(5);
        recorder.StopReason.Should().Be(RangeTestStopReason.Diverged);
        recorder.Iteration.Should().Be(10);
        recorder.GetResult().Points.Should().HaveCount(10);
    }

    [Fact]
    public void Record_AccuracyCollapsingOnTheLastIteration_IsDivergedNotCompleted()
    {
        var recorder = new LrRangeTest(0.1, 1, 10, smoothing: 0, accuracyDropPatience: 1).Start();
        for (var i = 0; i < 9; i++)
        {
            recorder.Record(0.8);
        }

        recorder.Record(0.1);
        recorder.StopReason.Should().Be(RangeTestStopReason.Diverged);
    }

    [Fact]
    public void CurrentLearningRate_FollowsTheSweepToTheLastIteration()
    {
        var test = new LrRangeTest(0.01, 0.1, 10, RangeTestSweep.Exponential);
        var recorder = test.Start();
        for (long i = 0; i < 10; i++)
        {
            recorder.Iteration.Should().Be(i);
            recorder.CurrentLearningRate.Should().Be(test.GetLearningRate(i));
            recorder.Record(0.5);
        }

        test.GetLearningRate(9).Should().Be(0.1);
        recorder.GetResult().Points[^1].LearningRate.Should().Be(0.1);
    }

    [Fact]
    public void GetResult_NothingRecorded_EmptyStoppedEarly()
    {
        var result = new LrRangeTest(0.1, 1, 10).Start().GetResult();
        result.Points.Should().BeEmpty();
        result.ZeroLagMetric.Should().BeEmpty();
        result.StopReason.Should().Be(RangeTestStopReason.StoppedEarly);
        result.NoSuggestionReason.Should().Be("The test was stopped after 0 points. At least 8 finite points are needed to read bounds off the curve; lower the min learning rate or record more iterations.");
    }
}
