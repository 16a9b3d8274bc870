namespace CyclicalLR.Demo;

/// <summary>Test accuracy of one training run, measured every few iterations.</summary>
/// <param name="Seed">The seed of the run (weights and batch order).</param>
/// <param name="Iterations">The iterations (optimizer steps taken) at which accuracy was measured, ascending.</param>
/// <param name="Accuracy">Test accuracy in [0, 1] at each of <paramref name="Iterations"/>.</param>
/// <param name="DivergedAt">The first iteration whose loss was NaN or infinite (the run stopped learning), or <see langword="null"/>.</param>
internal sealed record TrainingCurve(int Seed, long[] Iterations, double[] Accuracy, long? DivergedAt)
{
    /// <summary>Gets the accuracy at the last measurement, the end of training.</summary>
    public double FinalAccuracy => Accuracy[^1];

    /// <summary>Gets a value indicating whether the run diverged at any point.</summary>
    public bool Diverged => DivergedAt is not null;

    /// <summary>Returns the accuracy measured after exactly <paramref name="iteration"/> steps.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The run did not measure at <paramref name="iteration"/>.</exception>
    public double AccuracyAt(long iteration)
    {
        var index = Array.IndexOf(Iterations, iteration);
        return index >= 0 ? Accuracy[index] : throw new ArgumentOutOfRangeException(nameof(iteration), iteration, "The run did not measure at this iteration.");
    }

    /// <summary>Returns whether the run had diverged within its first <paramref name="iteration"/> steps.</summary>
    public bool DivergedBy(long iteration) => DivergedAt < iteration;
}
