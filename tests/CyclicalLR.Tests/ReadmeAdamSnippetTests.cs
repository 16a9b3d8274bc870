namespace CyclicalLR.Tests;

/// <summary>
/// README.md's Adam and AdamW snippet (OneCycle + AdamW, cycling beta1) compiles and runs here, and stays in sync: the
/// statements between the <c>adam-snippet</c> markers below are the README's snippet verbatim, and a test compares the
/// two (whitespace normalized). This file is copied to the test output as <c>Snippets/ReadmeAdamSnippetTests.cs.txt</c>.
/// </summary>
public sealed class ReadmeAdamSnippetTests
{
    [Fact]
    public void AdamSnippet_Runs_FitsTheToyModel()
    {
        // <adam-snippet>
        // A toy model whose weights should reach 1; the gradient of (w - 1)^2 is 2 (w - 1).
        float[] weights = new float[1000], gradients = new float[1000];
        float[] biases = new float[10], biasGradients = new float[10];
        static void Backward(float[] w, float[] g) { for (var i = 0; i < w.Length; i++) { g[i] = 2 * (w[i] - 1); } }

        const long totalSteps = 3_000;                                  // epochs * batches per epoch
        var oneCycle = new OneCycle(maxLearningRate: 0.05, totalSteps); // beta1 goes 0.95 -> 0.85 -> 0.95, as fastai's fit_one_cycle
        var optimizer = AdamW.Create<float>(weightDecay: 0.01, skipNonFiniteSteps: true);
        optimizer.Register(weights, gradients);
        optimizer.AddGroup(learningRateMultiplier: 1, weightDecay: 0).Register(biases, biasGradients); // no decay on biases

        for (long iteration = 0; iteration < totalSteps; iteration++)
        {
            Backward(weights, gradients);                                // your forward and backward pass fill the gradients
            Backward(biases, biasGradients);
            if (!optimizer.Step(oneCycle.GetLearningRate(iteration), oneCycle.GetMomentum(iteration)))
            {
                Console.WriteLine($"iteration {iteration}: a gradient was NaN or infinite; nothing changed");
            }
        }

        // </adam-snippet>
        optimizer.StepCount.Should().Be(totalSteps);
        optimizer.SkippedStepCount.Should().Be(0);
        var betas = Enumerable.Range(0, (int)totalSteps).Select(i => oneCycle.GetMomentum(i)).ToArray();
        betas[0].Should().Be(0.95);
        betas.Min().Should().BeApproximately(0.85, 1e-6, "beta1 dips to baseMomentum at the peak learning rate");
        betas[^1].Should().BeApproximately(0.95, 1e-6);
        biases.Should().OnlyContain(w => Math.Abs(w - 1) < 1e-3f);
        weights.Should().OnlyContain(w => Math.Abs(w - 1) < 1e-2f, "decoupled weight decay pulls them slightly towards 0");
        weights.Should().OnlyContain(w => w < biases.Min(), "only the weights decay");
    }

    [Fact]
    public void AdamSnippet_ReadmeSnippet_EqualsTheCodeThisTestRuns() => ReadmeSnippet.ShouldMatchTestSource("adam-snippet", "ReadmeAdamSnippetTests.cs.txt");
}
