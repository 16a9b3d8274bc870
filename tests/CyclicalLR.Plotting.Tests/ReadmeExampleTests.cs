using System.Text.RegularExpressions;

namespace CyclicalLR.Plotting.Tests;

/// <summary>
/// Runs README's range-test walk-through (the code between the <c>readme:</c> markers below, which must appear verbatim,
/// dedented, in README.md) on a synthetic CIFAR-10-like accuracy curve. docs/images/range-test.png is this test's PNG.
/// </summary>
public sealed partial class ReadmeExampleTests
{
    private readonly Random _random = new(2017);
    private readonly float[] _initialWeights = [0.5f, -1.5f, 3f, 0f, 0.25f];
    private readonly float[] _gradients = new float[5];
    private Action<double> _train = _ => { };
    private int _stepsTaken;

    [Fact]
    public void RangeTestWalkThrough_RunsAndFindsPaperBounds()
    {
        var optimizer = new SgdOptimizer<float>(momentum: 0.9);
        var weights = (float[])_initialWeights.Clone();
        optimizer.Register(weights, _gradients);
        _train = lr =>
        {
            for (var i = 0; i < weights.Length; i++)
            {
                _gradients[i] = 2 * (weights[i] - 1);
            }

            optimizer.Step(lr);
            _stepsTaken++;
        };

        // readme: range test
        // 1. The test: the learning rate rises linearly from 0.0001 to 0.02 over 400 batches (Smith's recipe).
        var rangeTest = new LrRangeTest(minLearningRate: 1e-4, maxLearningRate: 0.02, iterations: 400,
            sweep: RangeTestSweep.Linear, metric: RangeTestMetric.Accuracy);

        // 2. Run it against your SgdOptimizer: the callback trains one batch with the learning rate it is given
        //    (forward, backward, optimizer.Step(lr)) and returns a metric. Afterwards every registered weight and
        //    momentum buffer and the step counts are back as they were, bit for bit, even if the test diverged or threw.
        LrRangeTestResult result = rangeTest.Run(optimizer, lr => TrainOneBatch(lr));

        // ... or drive it from your own loop (pull style); both give the same result. Restoring is then yours to do.
        var checkpoint = new MemoryStream();
        optimizer.SaveState(checkpoint, includeWeights: true);
        LrRangeTestRecorder recorder = rangeTest.Start();
        while (!recorder.IsComplete)
        {
            double accuracy = TrainOneBatch(recorder.CurrentLearningRate);
            recorder.Record(accuracy); // a NaN ends the test (StopReason.NotFinite) instead of throwing
        }

        checkpoint.Position = 0;
        optimizer.LoadState(checkpoint); // the weights, momentum and step counts from before the test

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

        weights.Should().Equal(_initialWeights, "both forms leave the model as they found it");
        optimizer.StepCount.Should().Be(0);
        _stepsTaken.Should().Be(800, "the model was trained during both tests");
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

    // The synthetic model: a few weights trained by the optimizer on (w - 1)^2, and a CIFAR-10-like batch accuracy
    // against the learning rate (flat, rising from 0.001 to 0.006, then falling as training turns unstable), with noise
    // from a fixed seed.
    private double TrainOneBatch(double lr)
    {
        _train(lr);
        var clean = 0.1 + (0.6 * Math.Clamp((lr - 0.001) / 0.005, 0, 1)) - (0.35 * Math.Clamp((lr - 0.009) / 0.011, 0, 1));
        return clean + (0.04 * (_random.NextDouble() - 0.5));
    }

    [GeneratedRegex(@"// readme: range test\n(.*?)\n\s*// readme: end", RegexOptions.Singleline)]
    private static partial Regex Region();
}
