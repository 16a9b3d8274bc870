namespace CyclicalLR.Tests;

/// <summary>
/// README.md's 1cycle snippet compiles and runs here, and stays in sync: the statements between the
/// <c>onecycle-snippet</c> markers below are the README's snippet verbatim, and a test compares the two (whitespace
/// normalized). This file is copied to the test output as <c>Snippets/ReadmeOneCycleSnippetTests.cs.txt</c>.
/// </summary>
public sealed class ReadmeOneCycleSnippetTests
{
    [Fact]
    public void OneCycleSnippet_Runs_ValuesMatchItsComments()
    {
        // <onecycle-snippet>
        // 10 epochs of 500 batches; PyTorch's OneCycleLR defaults: pctStart 0.3, cosine, divFactor 25, finalDivFactor 1e4.
        var oneCycle = new OneCycle(maxLearningRate: 0.01, totalSteps: 5_000);

        for (long iteration = 0; iteration < oneCycle.TotalSteps; iteration++)
        {
            double lr = oneCycle.GetLearningRate(iteration); // 0.0004 at 0, 0.01 at 1499, 4E-08 at 4999
            double m = oneCycle.GetMomentum(iteration);       // 0.95 at 0, 0.85 at 1499, 0.95 at 4999
            // optimizer.Step(lr, m) ...
        }

        // </onecycle-snippet>
        (oneCycle.GetLearningRate(0), oneCycle.GetMomentum(0)).Should().Be((0.0004, 0.95));
        (oneCycle.GetLearningRate(1499), oneCycle.GetMomentum(1499)).Should().Be((0.01, 0.85));
        oneCycle.GetLearningRate(4999).Should().BeApproximately(4e-8, 1e-22);
        oneCycle.GetMomentum(4999).Should().Be(0.95);
        oneCycle.TotalSteps.Should().Be(5_000, "10 epochs of 500 batches");
    }

    [Fact]
    public void OneCycleSnippet_ReadmeSnippet_EqualsTheCodeThisTestRuns() => ReadmeSnippet.ShouldMatchTestSource("onecycle-snippet", "ReadmeOneCycleSnippetTests.cs.txt");
}
