namespace CyclicalLR.Demo;

/// <summary>Test accuracy of one training run, measured every few iterations.</summary>
/// <param name="Seed">The seed of the run (weights and batch order).</param>
/// <param name="Iterations">The iterations (optimizer steps taken) at which accuracy was measured, ascending, from 0.</param>
/// <param name="Accuracy">Test accuracy in [0, 1] at each of <paramref name="Iterations"/>.</param>
/// <param name="Diverged">Whether the loss became NaN or infinite (the run stopped learning).</param>
internal sealed record TrainingCurve(int Seed, long[] Iterations, double[] Accuracy, bool Diverged)
{
    /// <summary>Gets the accuracy at the last measurement, the end of training.</summary>
    public double FinalAccuracy => Accuracy[^1];
}
