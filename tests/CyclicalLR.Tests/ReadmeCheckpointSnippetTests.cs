namespace CyclicalLR.Tests;

/// <summary>
/// README.md's checkpoint snippet compiles and runs here, and stays in sync (the statements between the
/// <c>checkpoint-snippet</c> markers are the README's snippet verbatim). Copied to the test output as
/// <c>Snippets/ReadmeCheckpointSnippetTests.cs.txt</c>.
/// </summary>
public sealed class ReadmeCheckpointSnippetTests
{
    [Fact]
    public void CheckpointSnippet_ResumedRun_EqualsTheUninterruptedOne()
    {
        var path = Path.Combine(Path.GetTempPath(), $"checkpoint-{Guid.NewGuid():N}.bin");
        try
        {
            // <checkpoint-snippet>
            // One file per checkpoint: the iteration, then the optimizer's state with the registered weights.
            static void Save(string path, long iteration, SgdOptimizer<float> optimizer)
            {
                using var file = File.Create(path);
                file.Write(BitConverter.GetBytes(iteration));
                optimizer.SaveState(file, includeWeights: true); // or your model's own weights first, then SaveState(file)
            }

            static long Load(string path, SgdOptimizer<float> optimizer)
            {
                using var file = File.OpenRead(path);
                var iteration = new byte[8];
                file.ReadExactly(iteration);
                optimizer.LoadState(file); // InvalidDataException, nothing changed, if the file is damaged or doesn't fit
                return BitConverter.ToInt64(iteration);
            }

            // The same model and optimizer in every process: same settings, same buffers registered in the same order.
            static SgdOptimizer<float> Build(float[] weights, float[] gradients)
            {
                var optimizer = new SgdOptimizer<float>(momentum: 0.9, weightDecay: 5e-4, nesterov: true);
                optimizer.Register(weights, gradients);
                return optimizer;
            }

            static void Backward(float[] w, float[] g) { for (var i = 0; i < w.Length; i++) { g[i] = 2 * (w[i] - 1); } }

            var schedule = new Triangular(baseLearningRate: 0.001, maxLearningRate: 0.006, stepSize: 2000);
            float[] weights = new float[1000], gradients = new float[1000];
            var optimizer = Build(weights, gradients);
            for (long iteration = 0; iteration < 5_000; iteration++)
            {
                Backward(weights, gradients);
                optimizer.Step(schedule.GetLearningRate(iteration));
                if ((iteration + 1) % 1_000 == 0)
                {
                    Save(path, iteration + 1, optimizer); // the next iteration to run
                }
            }

            // Later, in a new process: build the same optimizer, load, and go on where the run stopped.
            float[] resumedWeights = new float[1000], resumedGradients = new float[1000];
            var resumed = Build(resumedWeights, resumedGradients);
            for (long iteration = Load(path, resumed); iteration < 8_000; iteration++)
            {
                Backward(resumedWeights, resumedGradients);
                resumed.Step(schedule.GetLearningRate(iteration));
            }

            // </checkpoint-snippet>
            for (long iteration = 5_000; iteration < 8_000; iteration++)
            {
                Backward(weights, gradients);
                optimizer.Step(schedule.GetLearningRate(iteration));
            }

            resumedWeights.Should().Equal(weights, "the resumed run has the uninterrupted run's bits");
            resumed.StepCount.Should().Be(8_000);
            weights.Should().OnlyContain(w => Math.Abs(w - 1) < 1e-3f);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void CheckpointSnippet_ReadmeSnippet_EqualsTheCodeThisTestRuns() => ReadmeSnippet.ShouldMatchTestSource("checkpoint-snippet", "ReadmeCheckpointSnippetTests.cs.txt");
}
