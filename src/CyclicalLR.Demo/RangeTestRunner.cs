using System.Globalization;

namespace CyclicalLR.Demo;

/// <summary>
/// Step 1: Smith's LR range test with the library's <see cref="LrRangeTest"/> (exponential sweep, accuracy metric). A fresh
/// network is trained on the training split less a held-out slice while the learning rate rises exponentially (so the sweep spends as long on each decade and the flat start of the curve shows), one batch
/// per iteration; after every batch the accuracy on the held-out slice is recorded (the test split is never touched).
/// </summary>
/// <remarks>
/// The sweep trains its own throwaway network, never one of step 2's (each policy run starts from fresh seeded weights),
/// so there is nothing to put back afterwards and the callback-style <see cref="LrRangeTest.Run(Func{double, double})"/>
/// fits; in a training loop that goes on with the same model, the restoring
/// <c>LrRangeTest.Run(optimizer, trainStep)</c> puts the optimizer's weights and state back after the test.
/// </remarks>
internal static class RangeTestRunner
{
    /// <summary>Fraction of the training split held out to measure the range test's accuracy.</summary>
    public const double HeldOutFraction = 0.2;

    /// <summary>Largest held-out slice, so that measuring after every batch stays cheap on large data sets.</summary>
    public const int MaxHeldOut = 1000;

    /// <summary>Returns the size of the held-out slice cut from the end of a training split of <paramref name="trainCount"/> rows.</summary>
    public static int HeldOutCount(int trainCount) => Math.Min(MaxHeldOut, (int)(trainCount * HeldOutFraction));

    /// <summary>
    /// Returns the range test's length: <paramref name="epochs"/> epochs of the rows left after the held-out slice,
    /// rounded, at least <see cref="LrRangeTest.MinimumIterations"/>; as a double, so that a huge request stays
    /// comparable with a limit instead of overflowing.
    /// </summary>
    public static double Iterations(double epochs, int trainCount, int batchSize) =>
        Math.Max(LrRangeTest.MinimumIterations, Math.Round(epochs * BatchSampler.IterationsPerEpochOf(trainCount - HeldOutCount(trainCount), batchSize)));

    /// <summary>Runs the range test.</summary>
    /// <param name="train">The training split; its last <see cref="HeldOutCount"/> rows are held out.</param>
    /// <param name="settings">Network and batch settings, as in step 2.</param>
    /// <param name="epochs">Length of the sweep in epochs of the remaining training rows.</param>
    /// <param name="iterations">The sweep's length, <see cref="Iterations"/> (checked against the demo's limit by <see cref="DemoPlan"/>).</param>
    /// <param name="minLearningRate">Learning rate of the first iteration.</param>
    /// <param name="maxLearningRate">Learning rate of the last iteration.</param>
    /// <param name="seed">Seeds the network and the batch order.</param>
    /// <exception cref="InvalidOperationException">The curve gives no bounds (for example it never rises).</exception>
    public static RangeTestOutcome Run(
        Dataset train,
        TrainingSettings settings,
        double epochs,
        long iterations,
        double minLearningRate,
        double maxLearningRate,
        int seed)
    {
        var heldOutCount = HeldOutCount(train.Count);
        var fitCount = train.Count - heldOutCount;
        var fit = train.Slice("range-test fit", 0, fitCount);
        var heldOut = train.Slice("range-test held out", fitCount, heldOutCount);

        var run = new TrainingRun(fit, settings, seed);
        var test = new LrRangeTest(minLearningRate, maxLearningRate, iterations, RangeTestSweep.Exponential, RangeTestMetric.Accuracy);
        var result = test.Run(learningRate =>
        {
            run.Step(learningRate);
            return run.Network.Accuracy(heldOut);
        });

        var description = string.Create(
            CultureInfo.InvariantCulture,
            $"exponential sweep {minLearningRate:R} -> {maxLearningRate:R} over {iterations} iterations ({epochs:R} epochs of {fitCount} training rows, batch {settings.BatchSize}); accuracy on the {heldOutCount} held-out last rows of the training split after every batch");
        var suggestion = result.Suggestion ?? throw new InvalidOperationException(
            $"The range test suggests no bounds ({result.NoSuggestionReason}). Try another --range-min-lr/--range-max-lr or a longer --range-epochs.");
        return new RangeTestOutcome(result, suggestion, description);
    }
}
