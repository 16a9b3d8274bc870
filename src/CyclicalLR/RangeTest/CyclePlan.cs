using System.Globalization;

namespace CyclicalLR;

/// <summary>
/// Smith's step-size plan: from the dataset and batch sizes, the iterations per epoch, a step size of 2 to 8 epochs'
/// worth of iterations, and a training length of whole cycles, so that training stops at the end of a cycle.
/// </summary>
/// <remarks>
/// <para>
/// <c>IterationsPerEpoch = ceil(datasetSize / batchSize)</c> (the last, partial batch is trained, as with PyTorch's
/// <c>DataLoader(drop_last=False)</c>), or <c>floor(datasetSize / batchSize)</c> with <c>dropLast</c>.
/// <c>StepSize = round(epochsPerStep * IterationsPerEpoch)</c> (at least 1, halves away from zero),
/// <c>CycleLength = 2 * StepSize</c> and <c>TotalIterations = Cycles * CycleLength</c>: the run ends exactly at the end of
/// a cycle, where the triangular learning rate is back at its minimum and, in Smith's experiments, accuracy peaks.
/// </para>
/// <para>
/// Worked example (CIFAR-10 in the paper): 50,000 images and batch 100 give 500 iterations per epoch; 4 epochs per step
/// give <c>StepSize = 2000</c>; 4 cycles give <c>TotalIterations = 16,000</c> (32 epochs).
/// </para>
/// <para>
/// Smith (section 3.2): "it is often good to set stepsize equal to 2 - 10 times the number of iterations in an epoch"
/// and his experiments show 2 to 8 epochs work; "it is best to stop training at the end of a cycle". A plan outside 2 to
/// 8 epochs per step, or with fewer than 4 cycles, must be asked for with <c>allowOutOfRange</c>. The instance is
/// immutable and thread-safe. Leslie N. Smith, <i>Cyclical Learning Rates for Training Neural Networks</i>,
/// arXiv 1506.01186.
/// </para>
/// </remarks>
public sealed class CyclePlan
{
    /// <summary>The fewest epochs per step accepted without <c>allowOutOfRange</c>.</summary>
    public const double MinEpochsPerStep = 2;

    /// <summary>The most epochs per step accepted without <c>allowOutOfRange</c>.</summary>
    public const double MaxEpochsPerStep = 8;

    /// <summary>The fewest cycles accepted without <c>allowOutOfRange</c>.</summary>
    public const int MinCycles = 4;

    private CyclePlan(long datasetSize, int batchSize, bool dropLast, long iterationsPerEpoch, double epochsPerStep, long stepSize, int cycles)
    {
        DatasetSize = datasetSize;
        BatchSize = batchSize;
        DropLast = dropLast;
        IterationsPerEpoch = iterationsPerEpoch;
        EpochsPerStep = epochsPerStep;
        StepSize = stepSize;
        Cycles = cycles;
    }

    /// <summary>Gets the number of training examples in one epoch.</summary>
    public long DatasetSize { get; }

    /// <summary>Gets the number of examples per batch (per iteration).</summary>
    public int BatchSize { get; }

    /// <summary>Gets a value indicating whether the last, partial batch of each epoch is dropped.</summary>
    public bool DropLast { get; }

    /// <summary>Gets the number of iterations (optimizer steps) in one epoch.</summary>
    public long IterationsPerEpoch { get; }

    /// <summary>Gets the requested number of epochs per half-cycle.</summary>
    public double EpochsPerStep { get; }

    /// <summary>Gets the number of iterations in each half-cycle (Smith's <i>stepsize</i>).</summary>
    public long StepSize { get; }

    /// <summary>Gets the number of iterations in one whole cycle, <c>2 * StepSize</c>.</summary>
    public long CycleLength => 2 * StepSize;

    /// <summary>Gets the number of whole cycles to train.</summary>
    public int Cycles { get; }

    /// <summary>Gets the number of iterations to train, <c>Cycles * CycleLength</c>: it ends at the end of a cycle.</summary>
    public long TotalIterations => Cycles * CycleLength;

    /// <summary>Gets the length of the training in epochs, <c>TotalIterations / IterationsPerEpoch</c> (not necessarily whole).</summary>
    public double TotalEpochs => (double)TotalIterations / IterationsPerEpoch;

    /// <summary>Plans the step size and training length for a dataset.</summary>
    /// <param name="datasetSize">Training examples per epoch; at least 1 (at least <paramref name="batchSize"/> with <paramref name="dropLast"/>).</param>
    /// <param name="batchSize">Examples per iteration; at least 1.</param>
    /// <param name="epochsPerStep">
    /// Epochs per half-cycle; from 2 to 8 (Smith's range; default 4), or any finite value greater than 0 with
    /// <paramref name="allowOutOfRange"/>.
    /// </param>
    /// <param name="cycles">Whole cycles to train; at least 4 (default 4), or at least 1 with <paramref name="allowOutOfRange"/>.</param>
    /// <param name="allowOutOfRange">Accept <paramref name="epochsPerStep"/> outside 2 to 8 and fewer than 4 cycles.</param>
    /// <param name="dropLast">Drop the last, partial batch of each epoch (floor instead of ceiling).</param>
    /// <returns>The plan.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="datasetSize"/> is below 1, or below <paramref name="batchSize"/> with <paramref name="dropLast"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batchSize"/> is below 1.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epochsPerStep"/> is NaN, infinite, not above 0, or outside 2 to 8 without <paramref name="allowOutOfRange"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="cycles"/> is below 1, or below 4 without <paramref name="allowOutOfRange"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">
    /// The step size or the total iteration count overflows a 64-bit integer (reported on <paramref name="epochsPerStep"/>).
    /// </exception>
    public static CyclePlan Create(long datasetSize, int batchSize, double epochsPerStep = 4, int cycles = 4, bool allowOutOfRange = false, bool dropLast = false)
    {
        Guard.Positive(datasetSize);
        Guard.Positive(batchSize);
        Guard.FinitePositive(epochsPerStep);
        if (!allowOutOfRange && !(epochsPerStep >= MinEpochsPerStep && epochsPerStep <= MaxEpochsPerStep))
        {
            Guard.ThrowOutOfRange(nameof(epochsPerStep), epochsPerStep, "must be from 2 to 8 (Smith's range); pass allowOutOfRange: true to use another value.");
        }

        Guard.Positive(cycles);
        if (!allowOutOfRange && cycles < MinCycles)
        {
            Guard.ThrowOutOfRange(nameof(cycles), cycles, "must be at least 4; pass allowOutOfRange: true for fewer.");
        }

        if (dropLast && datasetSize < batchSize)
        {
            Guard.ThrowOutOfRange(nameof(datasetSize), datasetSize, string.Create(CultureInfo.InvariantCulture, $"must be at least batchSize ({batchSize}) with dropLast, or an epoch has no iteration."));
        }

        var perEpoch = dropLast ? datasetSize / batchSize : ((datasetSize - 1) / batchSize) + 1;
        var step = Math.Round(epochsPerStep * perEpoch, MidpointRounding.AwayFromZero);

        // The step size must fit a long, and so must the total Cycles * 2 * StepSize.
        if (!(step < (double)long.MaxValue / 2 / cycles))
        {
            Guard.ThrowOutOfRange(nameof(epochsPerStep), epochsPerStep, "is so large that the total iteration count overflows a 64-bit integer.");
        }

        return new CyclePlan(datasetSize, batchSize, dropLast, perEpoch, epochsPerStep, Math.Max(1, (long)step), cycles);
    }

    /// <summary>Creates Smith's triangular schedule with this plan's step size.</summary>
    /// <param name="baseLearningRate">The lower bound; finite and at least 0.</param>
    /// <param name="maxLearningRate">The upper bound; finite and at least <paramref name="baseLearningRate"/>.</param>
    /// <returns><c>new Triangular(baseLearningRate, maxLearningRate, StepSize)</c>; train it for <see cref="TotalIterations"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A learning rate is NaN, infinite or negative, or <paramref name="maxLearningRate"/> is below <paramref name="baseLearningRate"/>.</exception>
    public Triangular ToTriangular(double baseLearningRate, double maxLearningRate) => new(baseLearningRate, maxLearningRate, StepSize);

    /// <summary>Creates Smith's triangular schedule between a range test's suggested bounds, with this plan's step size.</summary>
    /// <param name="suggestion">The bounds, from <see cref="LrRangeTestResult.Suggestion"/>.</param>
    /// <returns><c>suggestion.ToTriangular(StepSize)</c>; train it for <see cref="TotalIterations"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="suggestion"/> is <see langword="null"/>.</exception>
    public Triangular ToTriangular(LrBoundsSuggestion suggestion)
    {
        Guard.NotNull(suggestion);
        return suggestion.ToTriangular(StepSize);
    }

    /// <summary>Returns the plan's numbers, formatted with the invariant culture.</summary>
    /// <returns>For example <c>CyclePlan(500 iterations/epoch, stepSize: 2000 (4 epochs), 4 cycles, 16000 iterations = 32 epochs)</c>.</returns>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"CyclePlan({IterationsPerEpoch} iterations/epoch, stepSize: {StepSize} ({EpochsPerStep:R} epochs), {Cycles} cycles, {TotalIterations} iterations = {TotalEpochs:R} epochs)");
}
