namespace CyclicalLR.Tests;

/// <summary>
/// README.md's quick start compiles and runs here, and stays in sync: the statements between the <c>quickstart</c>
/// markers below are the README's snippet verbatim, and a test compares the two (whitespace normalized).
/// </summary>
public sealed class ReadmeTests
{
    [Fact]
    public void QuickStart_Runs_ValuesMatchItsComments()
    {
        // <quickstart>
        // CIFAR-10 in the paper: 50,000 images, batch 100 -> 500 iterations per epoch; stepSize = 4 epochs.
        var schedule = new Triangular(baseLearningRate: 0.001, maxLearningRate: 0.006, stepSize: 2000);
        var momentum = new CyclicalMomentum(schedule, baseMomentum: 0.85, maxMomentum: 0.95);

        for (long iteration = 0; iteration < 16_000; iteration++) // 4 whole cycles: stop at a cycle's end
        {
            double lr = schedule.GetLearningRate(iteration);   // 0.001 at 0, 0.006 at 2000, 0.001 at 4000, ...
            double m = momentum.GetMomentum(iteration);         // 0.95 at 0, 0.85 at 2000, ...
            // optimizer.Step(lr, m) ...
        }

        // </quickstart>
        (schedule.GetLearningRate(0), schedule.GetLearningRate(2000), schedule.GetLearningRate(4000)).Should().Be((0.001, 0.006, 0.001));
        (momentum.GetMomentum(0), momentum.GetMomentum(2000)).Should().Be((0.95, 0.85));
        (16_000 % schedule.CycleLength).Should().Be(0, "the loop runs whole cycles");
        (16_000 / schedule.CycleLength).Should().Be(4);
    }

    [Fact]
    public void QuickStart_ReadmeSnippet_EqualsTheCodeThisTestRuns() => ReadmeSnippet.ShouldMatchTestSource("quickstart", "ReadmeTests.cs.txt");
}
