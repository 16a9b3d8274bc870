using System.Text.RegularExpressions;

namespace CyclicalLR.Plotting.Tests;

/// <summary>
/// Runs README's range-test walk-through (the code between the <c>readme:</c> markers below, which must appear verbatim,
/// dedented, in README.md) on a synthetic CIFAR-10-like accuracy curve. docs/images/range-test.png is this test's PNG.
/// </summary>
public sealed partial class ReadmeExampleTests
{
    private readonly Random _random = new(2017);

    [Fact]
    public void RangeTestWalkThrough_RunsAndFindsPaperBounds()
    {
        // readme: range test
        // 1. The test: the learning rate rises linearly from 0.0001 to 0.02 over 400 batches (Smith's recipe).
        var rangeTest = new LrRangeTest(minLearningRate: 1e-4, maxLearningRate: 0.02, iterations: 400,
            sweep: RangeTestSweep.Linear, metric: RangeTestMetric.Accuracy);

        // 2. Run it: your callback trains one batch with the learning rate it is given and returns a metric.
        LrRangeTestResult result = rangeTest.Run(lr => TrainOneBatch(lr));

        // ... or drive it from your own loop (pull style); both give the same result.
        LrRangeTestRecorder recorder = rangeTest.Start();
        while (!recorder.IsComplete)
        {
            double accuracy = TrainOneBatch(recorder.CurrentLearningRate);
            recorder.Record(accuracy); // a NaN ends the test (StopReason.NotFinite) instead of throwing
        }

        // 3. Read the suggestion, or why there is none.
        Console.WriteLine(result);
        Console.WriteLine(result.Suggestion?.Explanation ?? result.NoSuggestionReason);

        // 4. Keep the curve (CSV) and look at it (package CyclicalLR.Plotting).
        using (var csv = File.CreateText("range-test.csv"))
        {
            result.WriteCsv(csv);
        }

        RangeTestPlot.SavePng(result, "range-test.png");

        // 5. Plan whole cycles (CIFAR-10: 50,000 images, batch 100) and build the schedule.
        var plan = CyclePlan.Create(datasetSize: 50_000, batchSize: 100); // 500 iterations/epoch, step 2000
        Triangular schedule = plan.ToTriangular(result.Suggestion!);
        for (long iteration = 0; iteration < plan.TotalIterations; iteration++) // 16,000: ends at a cycle's end
        {
            double lr = schedule.GetLearningRate(iteration);
            // optimizer.Step(lr) ...
        }
        // readme: end

        result.ToString().Should().Be("Completed after 400 points; AccuracyRise: base 0.001447, max 0.005686", "README quotes it");
        recorder.GetResult().Points.Should().HaveCount(400);
        result.Suggestion!.BaseLearningRate.Should().BeApproximately(0.001, 0.001);
        result.Suggestion.MaxLearningRate.Should().BeApproximately(0.006, 0.001);
        LrRangeTestResult.ReadCsv(File.OpenText("range-test.csv")).Points.Should().Equal(result.Points);
        PlotAssertions.ShouldBeRenderedPng("range-test.png", 800, 500);
        schedule.StepSize.Should().Be(2000);
    }

    [Fact]
    public void Readme_ContainsWalkThroughVerbatim()
    {
        var source = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "ReadmeExampleTests.cs"));
        var match = Region().Match(source);
        match.Success.Should().BeTrue();
        var lines = match.Groups[1].Value.Split('\n');
        var snippet = string.Join('\n', lines.Select(l => l.Length >= 8 ? l[8..] : l.TrimStart())).Trim();

        var readme = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "README.md")).Replace("\r\n", "\n", StringComparison.Ordinal);
        readme.Should().Contain(snippet);
    }

    // The synthetic model: CIFAR-10-like batch accuracy against the learning rate (flat, rising from 0.001 to 0.006,
    // then falling as training turns unstable), with noise from a fixed seed.
    private double TrainOneBatch(double lr)
    {
        var clean = 0.1 + (0.6 * Math.Clamp((lr - 0.001) / 0.005, 0, 1)) - (0.35 * Math.Clamp((lr - 0.009) / 0.011, 0, 1));
        return clean + (0.04 * (_random.NextDouble() - 0.5));
    }

    [GeneratedRegex(@"// readme: range test\n(.*?)\n\s*// readme: end", RegexOptions.Singleline)]
    private static partial Regex Region();
}
