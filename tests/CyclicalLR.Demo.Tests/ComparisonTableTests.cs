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
}
