namespace CyclicalLR.Tests;

/// <summary>
/// README.md's composition and JSON snippets compile and run here, and stay in sync: the statements between the
/// <c>composition-snippet</c> and <c>json-snippet</c> markers below are the README's blocks verbatim, and tests compare
/// them (whitespace normalized). This file is copied to the test output as <c>Snippets/ReadmeCompositionSnippetTests.cs.txt</c>.
/// </summary>
public sealed class ReadmeCompositionSnippetTests
{
    [Fact]
    public void CompositionSnippet_Runs_ValuesMatchItsComments()
    {
        // <composition-snippet>
        // 500 iterations of linear warm-up from 0, then cosine annealing from 0.1 down to 0.001 over 10,000 iterations.
        var schedule = new LinearWarmup(
            new CosineAnnealing(maxLearningRate: 0.1, minLearningRate: 0.001, period: 10_000),
            warmupIterations: 500,
            startLearningRate: 0.0);
        double rampHalfway = schedule.GetLearningRate(250);  // 0.05
        double cosineStart = schedule.GetLearningRate(500);  // 0.1: the cosine from its own iteration 0

        // A warm-up in front of a cyclical schedule keeps cyclical momentum in step with the rate.
        var triangular = new Triangular(baseLearningRate: 0.001, maxLearningRate: 0.006, stepSize: 2000);
        var warm = new LinearWarmup(triangular, warmupIterations: 500, startLearningRate: 0.0);
        var momentum = warm.FollowMomentum(new CyclicalMomentum(triangular, baseMomentum: 0.85, maxMomentum: 0.95));
        double warmupMomentum = momentum.GetMomentum(100);   // 0.95: held through the warm-up
        double peakMomentum = momentum.GetMomentum(2500);    // 0.85 where the rate peaks (0.006), 500 + 2000 iterations in
        // </composition-snippet>

        rampHalfway.Should().Be(0.05);
        cosineStart.Should().Be(0.1);
        schedule.GetLearningRate(10_500).Should().BeApproximately(0.001, 1e-15);
        (warmupMomentum, peakMomentum).Should().Be((0.95, 0.85));
        warm.GetLearningRate(2500).Should().Be(0.006);
    }

    [Fact]
    public void JsonSnippet_Runs_RoundTripsToAnEqualSchedule()
    {
        // <json-snippet>
        string json = ScheduleJson.Serialize(new LinearWarmup(new CosineAnnealing(0.1, 0.001, 10_000), 500, 0.0));
        // {"type":"LinearWarmup","startLearningRate":0,"warmupIterations":500,
        //  "schedule":{"type":"CosineAnnealing","maxLearningRate":0.1,"minLearningRate":0.001,"period":10000}}
        ILearningRateSchedule fromConfig = ScheduleJson.Deserialize(json);
        // </json-snippet>

        json.Should().Be("""{"type":"LinearWarmup","startLearningRate":0,"warmupIterations":500,"schedule":{"type":"CosineAnnealing","maxLearningRate":0.1,"minLearningRate":0.001,"period":10000}}""");
        fromConfig.Should().BeOfType<LinearWarmup>().Which.Schedule.Should().BeOfType<CosineAnnealing>();
        ScheduleJson.Serialize(fromConfig).Should().Be(json);
        fromConfig.GetLearningRate(5_500).Should().Be(new LinearWarmup(new CosineAnnealing(0.1, 0.001, 10_000), 500, 0.0).GetLearningRate(5_500));
    }

    [Fact]
    public void CompositionSnippet_ReadmeBlock_EqualsTheCodeThisTestRuns() => ReadmeSnippet.ShouldMatchTestSource("composition-snippet", "ReadmeCompositionSnippetTests.cs.txt");

    [Fact]
    public void JsonSnippet_ReadmeBlock_EqualsTheCodeThisTestRuns() => ReadmeSnippet.ShouldMatchTestSource("json-snippet", "ReadmeCompositionSnippetTests.cs.txt");
}
