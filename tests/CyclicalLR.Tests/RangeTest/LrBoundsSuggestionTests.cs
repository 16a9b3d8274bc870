namespace CyclicalLR.Tests;

public sealed class LrBoundsSuggestionTests
{
    [Fact]
    public void ToTriangular_Schedule_RunsBetweenBounds()
    {
        var s = SyntheticCurves.AccuracyTest().Run(SyntheticCurves.Accuracy).Suggestion!;
        var schedule = s.ToTriangular(500);
        schedule.GetLearningRate(0).Should().Be(s.BaseLearningRate);
        schedule.GetLearningRate(500).Should().BeApproximately(s.MaxLearningRate, 1e-15);
        schedule.GetLearningRate(1000).Should().Be(s.BaseLearningRate);
    }

    [Fact]
    public void Bounds_EverySuggestion_FinitePositiveAndOrdered()
    {
        var results = new[]
        {
            SyntheticCurves.AccuracyTest().Run(SyntheticCurves.Accuracy),
            SyntheticCurves.LossTest().Run(SyntheticCurves.Loss),
            SyntheticCurves.LossTest(300).Run(SyntheticCurves.WithNoise(SyntheticCurves.Loss, 0.1, 99)),
        };
        foreach (var s in results.SelectMany(r => r.Suggestions))
        {
            double.IsFinite(s.MaxLearningRate).Should().BeTrue();
            s.BaseLearningRate.Should().BePositive().And.BeLessThan(s.MaxLearningRate);
            s.Explanation.Should().NotBeNullOrWhiteSpace();
        }
    }

    [Fact]
    public void ToString_ShowsRuleAndBounds()
    {
        var s = new LrRangeTest(0.1, 1, 10, smoothing: 0).Run(lr => lr).Suggestion!;
        s.ToString().Should().Be($"AccuracyRise: base {s.BaseLearningRate.ToString("G4", System.Globalization.CultureInfo.InvariantCulture)}, max {s.MaxLearningRate.ToString("G4", System.Globalization.CultureInfo.InvariantCulture)}");
    }
}
