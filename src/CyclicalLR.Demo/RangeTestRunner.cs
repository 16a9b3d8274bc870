using System.Globalization;

namespace CyclicalLR.Demo;

/// <summary>
/// Step 1: Smith's LR range test. A fresh network is trained on the training split less a held-out slice while the
/// learning rate rises linearly from a low to a high value, one batch per iteration; after every batch the accuracy on
/// the held-out slice is recorded (the test split is never touched). The bounds are read off that curve.
/// </summary>
internal static class RangeTestRunner
{
    /// <summary>Fraction of the training split held out to measure the range test's accuracy.</summary>
    public const double HeldOutFraction = 0.2;

    /// <summary>Largest held-out slice, so that measuring after every batch stays cheap on large data sets.</summary>
    public const int MaxHeldOut = 1000;

    /// <summary>Runs the range test.</summary>
    /// <param name="train">The training split; its last <see cref="HeldOutFraction"/> (at most <see cref="MaxHeldOut"/> rows) is held out.</param>
    /// <param name="settings">Network and batch settings, as in step 2.</param>
    /// <param name="epochs">Length of the sweep in epochs of the remaining training rows.</param>
    /// <param name="minLearningRate">Learning rate of the first iteration.</param>
    /// <param name="maxLearningRate">Learning rate of the last iteration.</param>
    /// <param name="seed">Seeds the network and the batch order.</param>
    public static RangeTestOutcome Run(
        Dataset train,
        TrainingSettings settings,
        int epochs,
        double minLearningRate,
        double maxLearningRate,
        int seed)
    {
        var heldOutCount = Math.Min(MaxHeldOut, (int)(train.Count * HeldOutFraction));
        var fitCount = train.Count - heldOutCount;
        var fit = train.Slice("range-test fit", 0, fitCount);
        var heldOut = train.Slice("range-test held out", fitCount, heldOutCount);

        var random = new Random(seed);
        var network = new Mlp(train.FeatureCount, settings.Hidden, train.ClassCount);
        network.Initialize(random);
        var optimizer = new TemporarySgd(settings.Momentum);
        optimizer.Register(network.Parameters, network.Gradients);
        var sampler = new BatchSampler(fitCount, settings.BatchSize, random);
        var iterations = (long)epochs * sampler.IterationsPerEpoch;

        // TEMPORARY: replaced by the library's LrRangeTest once the rangetest branch is merged.
        var lrs = new double[iterations];
        var accuracy = new double[iterations];
        for (long i = 0; i < iterations; i++)
        {
            var lr = minLearningRate + ((maxLearningRate - minLearningRate) * i / (iterations - 1));
            network.ComputeGradients(fit, sampler.Next());
            optimizer.Step(lr);
            lrs[i] = lr;
            accuracy[i] = network.Accuracy(heldOut);
        }

        var smoothed = new double[iterations];
        var average = 0.0;
        for (var i = 0; i < iterations; i++)
        {
            average = (0.9 * average) + (0.1 * accuracy[i]);
            smoothed[i] = average / (1 - Math.Pow(0.9, i + 1));
        }

        var peak = Array.IndexOf(smoothed, smoothed.Max());
        var low = smoothed.AsSpan(0, peak + 1).IndexOf(smoothed.AsSpan(0, peak + 1).ToArray().Min());
        var rise = smoothed[peak] - smoothed[low];
        var baseIndex = low;
        while (smoothed[baseIndex] < smoothed[low] + (0.1 * rise))
        {
            baseIndex++;
        }

        var maxIndex = baseIndex;
        while (smoothed[maxIndex] < smoothed[low] + (0.9 * rise))
        {
            maxIndex++;
        }

        var description = string.Create(
            CultureInfo.InvariantCulture,
            $"linear sweep {minLearningRate:R} -> {maxLearningRate:R} over {iterations} iterations ({epochs} epochs of {fitCount} training rows, batch {settings.BatchSize}); accuracy on {heldOutCount} held-out training rows after every batch");
        var explanation = string.Create(
            CultureInfo.InvariantCulture,
            $"base where the smoothed accuracy has climbed 10% of its rise, max where it has climbed 90%");
        return new RangeTestOutcome(lrs, accuracy, smoothed, lrs[baseIndex], lrs[maxIndex], explanation, description);
    }
}
