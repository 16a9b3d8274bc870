namespace CyclicalLR.Demo.Tests;

public sealed class ComparisonTableTests
{
    private static readonly long[] Points = [0, 10, 20];

    private static PolicyResult Result(string name, params double[][] curves) =>
        new(
            new Policy(name, name, new ConstantSchedule(0.1)),
            curves.Select((c, i) => new TrainingCurve(i + 1, Points, c, Diverged: false)).ToArray());

    [Fact]
    public void PolicyResult_MeanCurveAndSampleStandardDeviation()
    {
        var result = Result("fixed", [0.1, 0.5, 0.8], [0.3, 0.7, 0.9]);

        result.MeanCurve.Should().Equal([0.2, 0.6, 0.85], (a, e) => Math.Abs(a - e) < 1e-15);
        result.FinalMean.Should().BeApproximately(0.85, 1e-15);
        result.FinalStandardDeviation.Should().BeApproximately(Math.Sqrt(0.005), 1e-15);
        result.TotalIterations.Should().Be(20);
    }

    [Fact]
    public void FirstReaching_FirstMeasuredIterationAtOrAboveLevel_NullWhenNever()
    {
        var result = Result("triangular", [0.1, 0.9, 0.8]);

        result.FirstReaching(0.85).Should().Be(10);
        result.FirstReaching(0.1).Should().Be(0);
        result.FirstReaching(0.95).Should().BeNull();
    }

    [Fact]
    public void ToMarkdown_ThresholdIsFixedFinalMean_DashWhenNeverReached()
    {
        var table = new ComparisonTable([Result("fixed", [0.1, 0.5, 0.8]), Result("slow", [0.1, 0.2, 0.7]), Result("fast", [0.1, 0.9, 0.9])]);

        table.Threshold.Should().Be(0.8);
        var lines = table.ToMarkdown().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].Should().Contain("iterations to reach fixed's final 80.00%");
        lines[2].Should().StartWith("| fixed |").And.EndWith("| 20 | 80.00% ± 0.00% | 20 |");
        lines[3].Should().StartWith("| slow |").And.EndWith("| 70.00% ± 0.00% | — |");
        lines[4].Should().StartWith("| fast |").And.EndWith("| 90.00% ± 0.00% | 10 |");
    }

    [Fact]
    public void ToCsv_OneRowPerPolicyWithEverySeed()
    {
        var table = new ComparisonTable([Result("fixed", [0.1, 0.5, 0.8], [0.1, 0.5, 0.6]), Result("slow", [0.1, 0.2, 0.7], [0.1, 0.2, 0.5])]);

        var lines = table.ToCsv().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        lines.Should().HaveCount(3);
        lines[1].Should().StartWith("fixed,20,0.7,").And.EndWith(",2,20,0.7,0.8;0.6");
        lines[2].Should().StartWith("slow,20,0.6,").And.EndWith(",2,,0.7,0.7;0.5");
    }

    [Fact]
    public void Summary_ReadsDifferencesInStandardErrorsAndReachRatios()
    {
        var table = new ComparisonTable(
        [
            Result("fixed", [0.1, 0.5, 0.80], [0.1, 0.6, 0.80]),
            Result("noisy", [0.1, 0.5, 0.79], [0.1, 0.5, 0.83]),
            Result("better", [0.1, 0.8, 0.90], [0.1, 0.9, 0.91]),
            Result("never", [0.1, 0.2, 0.30], [0.1, 0.2, 0.30]),
        ]);

        var lines = table.Summary();

        lines.Should().HaveCount(4);
        lines[0].Should().Be("fixed: final 80.00%; its mean curve first reached that level at iteration 20 of 20.");
        lines[1].Should().Be("noisy: final 81.00%, +1.00 points vs fixed (0.5 standard errors: within noise); reached fixed's final accuracy at iteration 20 (1.00 of the run, 1.00x fixed's 20).");
        lines[2].Should().Be("better: final 90.50%, +10.50 points vs fixed (21.0 standard errors: better); reached fixed's final accuracy at iteration 10 (0.50 of the run, 0.50x fixed's 20).");
        lines[3].Should().Be("never: final 30.00%, -50.00 points vs fixed (no spread: worse); never reached fixed's final accuracy.");
    }
}
