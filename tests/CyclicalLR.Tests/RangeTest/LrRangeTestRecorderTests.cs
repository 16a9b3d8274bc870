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
}
