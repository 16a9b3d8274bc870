using CyclicalLR.Tests;

namespace CyclicalLR.Plotting.Tests;

/// <summary>
/// The plotting package's readme (src/CyclicalLR.Plotting/PACKAGE.md, what nuget.org shows): its quick start is the
/// code between the <c>plotting-quickstart</c> markers below, run here on a synthetic accuracy curve.
/// </summary>
public sealed class PackageReadmeTests
{
    private readonly Random _random = new(1506);

    [Fact]
    public void QuickStart_Runs_WritesThreePlots()
    {
        string[] files = ["lr-schedule.png", "lr-range-test.png", "accuracy.png"];
        Array.ForEach(files, File.Delete); // so a file left by an earlier run cannot pass for this run's

        // <plotting-quickstart>
        // The learning rate over 4 cycles (16,000 iterations).
        var schedule = new Triangular(baseLearningRate: 0.001, maxLearningRate: 0.006, stepSize: 2000);
        SchedulePlot.SavePng(schedule, 0, 16_000, "lr-schedule.png");

        // An LR range test: your callback trains one batch at the learning rate it is given and returns the accuracy.
        var rangeTest = new LrRangeTest(minLearningRate: 1e-4, maxLearningRate: 0.02, iterations: 400);
        LrRangeTestResult result = rangeTest.Run(lr => TrainOneBatch(lr));
        RangeTestPlot.SavePng(result, "lr-range-test.png"); // the curve, its smoothed line and the suggested bounds

        // Several named curves on one plot.
        var accuracy = new CurveSeries("triangular", x: [0, 4000, 8000, 12000, 16000], y: [0.10, 0.62, 0.71, 0.75, 0.78]);
        CurvePlot.SavePng([accuracy], "accuracy.png", "Test accuracy", "iteration", "accuracy");
        // </plotting-quickstart>

        Array.ForEach(files, file => PlotAssertions.ShouldBeRenderedPng(file, 800, 500));
        result.Suggestion.Should().NotBeNull("the synthetic curve rises from 0.001 to 0.006");
    }

    [Fact]
    public void QuickStart_PackageReadme_EqualsTheCodeThisTestRuns() =>
        ReadmeSnippet.UnderHeadingShouldMatchTestSource("PACKAGE.md", "Quick start", "plotting-quickstart", "PackageReadmeTests.cs.txt");

    // CIFAR-10-like batch accuracy against the learning rate: flat, rising from 0.001 to 0.006, then falling.
    private double TrainOneBatch(double lr)
    {
        var clean = 0.1 + (0.6 * Math.Clamp((lr - 0.001) / 0.005, 0, 1)) - (0.35 * Math.Clamp((lr - 0.009) / 0.011, 0, 1));
        return clean + (0.04 * (_random.NextDouble() - 0.5));
    }
}
