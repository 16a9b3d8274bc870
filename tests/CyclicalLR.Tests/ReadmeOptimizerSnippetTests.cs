namespace CyclicalLR.Tests;

/// <summary>
/// README.md's optimizer snippet compiles and runs here, and stays in sync: the statements between the
/// <c>optimizer-snippet</c> markers below are the README's snippet verbatim, and a test compares the two (whitespace
/// normalized). This file is copied to the test output as <c>Snippets/ReadmeOptimizerSnippetTests.cs.txt</c>.
/// </summary>
public sealed class ReadmeOptimizerSnippetTests
{
    [Fact]
    public void OptimizerSnippet_Runs_FitsTheToyModel()
    {
        // <optimizer-snippet>
        // A toy model: two layers whose weights should reach 1; the gradient of (w - 1)^2 is 2 (w - 1).
        float[] body = new float[1000], bodyGradients = new float[1000];
        float[] head = new float[10], headGradients = new float[10];
        static void Backward(float[] w, float[] g) { for (var i = 0; i < w.Length; i++) { g[i] = 2 * (w[i] - 1); } }

        var schedule = new Triangular(baseLearningRate: 0.001, maxLearningRate: 0.006, stepSize: 2000);
        var momentum = new CyclicalMomentum(schedule, baseMomentum: 0.85, maxMomentum: 0.95);
        var optimizer = new SgdOptimizer<float>(momentum: 0.95, skipNonFiniteSteps: true);
        optimizer.Register(head, headGradients);                                     // default group: the full rate
        optimizer.AddGroup(learningRateMultiplier: 0.1).Register(body, bodyGradients); // e.g. a pretrained layer: 10x smaller

        for (long iteration = 0; iteration < 8_000; iteration++) // 2 whole cycles
        {
            Backward(body, bodyGradients);                        // your forward and backward pass fill the gradients
            Backward(head, headGradients);
            if (!optimizer.Step(schedule.GetLearningRate(iteration), momentum.GetMomentum(iteration)))
            {
                Console.WriteLine($"iteration {iteration}: a gradient was NaN or infinite; nothing changed");
            }
        }

        // </optimizer-snippet>
        head.Should().OnlyContain(w => Math.Abs(w - 1) < 1e-6f);
        body.Should().OnlyContain(w => Math.Abs(w - 1) < 1e-3f);
        optimizer.StepCount.Should().Be(8_000);
        optimizer.SkippedStepCount.Should().Be(0);
    }

    [Fact]
    public void OptimizerSnippet_ReadmeSnippet_EqualsTheCodeThisTestRuns() => ReadmeSnippet.ShouldMatchTestSource("optimizer-snippet", "ReadmeOptimizerSnippetTests.cs.txt");
}
