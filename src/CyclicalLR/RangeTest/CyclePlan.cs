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
    /// The step size or the total iteration count overflows a 64-bit integer. The exception names
    /// <paramref name="epochsPerStep"/> when the plan would fit with it within 2 to 8, else <paramref name="cycles"/> when it
    /// would fit with 4 cycles, else <paramref name="datasetSize"/> (an epoch has too many iterations); the message gives
    /// every value.
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
        if (!Fits(perEpoch, epochsPerStep, cycles))
        {
            ThrowOverflow(datasetSize, batchSize, perEpoch, epochsPerStep, cycles);
        }

        return new CyclePlan(datasetSize, batchSize, dropLast, perEpoch, epochsPerStep, Math.Max(1, (long)step), cycles);
    }

    /// <summary>Whether <c>cycles * 2 * round(epochsPerStep * perEpoch)</c> fits a <see cref="long"/>.</summary>
    private static bool Fits(long perEpoch, double epochsPerStep, int cycles) =>
        Math.Round(epochsPerStep * perEpoch, MidpointRounding.AwayFromZero) < (double)long.MaxValue / 2 / cycles;

    /// <summary>
    /// Throws for a plan whose total overflows, naming the parameter to change: <c>epochsPerStep</c> when the plan fits
    /// with it brought into Smith's 2 to 8, else <c>cycles</c> when it fits with 4 cycles, else <c>datasetSize</c> (one
    /// epoch has too many iterations for any usual plan).
    /// </summary>
    private static void ThrowOverflow(long datasetSize, int batchSize, long perEpoch, double epochsPerStep, int cycles)
    {
        var usualEpochs = Math.Clamp(epochsPerStep, MinEpochsPerStep, MaxEpochsPerStep);
        var detail = string.Create(
            CultureInfo.InvariantCulture,
            $"datasetSize {datasetSize} and batchSize {batchSize} give {perEpoch} iterations per epoch; with epochsPerStep {epochsPerStep:R} and {cycles} cycles the total iteration count overflows a 64-bit integer.");
        if (Fits(perEpoch, usualEpochs, cycles))
        {
            Guard.ThrowOutOfRange(nameof(epochsPerStep), epochsPerStep, "is too large: " + detail);
        }

        if (Fits(perEpoch, usualEpochs, Math.Min(cycles, MinCycles)))
        {
            Guard.ThrowOutOfRange(nameof(cycles), cycles, "is too large: " + detail);
        }

        Guard.ThrowOutOfRange(nameof(datasetSize), datasetSize, "is too large for a plan: " + detail);
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

    /// <summary>Creates Smith's triangular schedule between a range test's suggested bounds, with this plan's step size.</summary>
    /// <param name="result">A range test's result that has a <see cref="LrRangeTestResult.Suggestion"/>.</param>
    /// <returns><c>new Triangular(base, max, StepSize)</c> from the suggestion; train it for <see cref="TotalIterations"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="result"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="result"/> has no suggestion; the message gives its <see cref="LrRangeTestResult.NoSuggestionReason"/>.</exception>
    public Triangular ToTriangular(LrRangeTestResult result) => ToTriangular(SuggestionOf(result));

    /// <summary>Creates Smith's <c>triangular2</c> schedule (amplitude halved each cycle) with this plan's step size.</summary>
    /// <param name="baseLearningRate">The lower bound; finite and at least 0.</param>
    /// <param name="maxLearningRate">The upper bound; finite and at least <paramref name="baseLearningRate"/>.</param>
    /// <returns><c>new Triangular2(baseLearningRate, maxLearningRate, StepSize)</c>; train it for <see cref="TotalIterations"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A learning rate is NaN, infinite or negative, or <paramref name="maxLearningRate"/> is below <paramref name="baseLearningRate"/>.</exception>
    public Triangular2 ToTriangular2(double baseLearningRate, double maxLearningRate) => new(baseLearningRate, maxLearningRate, StepSize);

    /// <summary>Creates Smith's <c>triangular2</c> schedule between a range test's suggested bounds, with this plan's step size.</summary>
    /// <param name="suggestion">The bounds, from <see cref="LrRangeTestResult.Suggestion"/>.</param>
    /// <returns><c>new Triangular2(suggestion.BaseLearningRate, suggestion.MaxLearningRate, StepSize)</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="suggestion"/> is <see langword="null"/>.</exception>
    public Triangular2 ToTriangular2(LrBoundsSuggestion suggestion)
    {
        Guard.NotNull(suggestion);
        return ToTriangular2(suggestion.BaseLearningRate, suggestion.MaxLearningRate);
    }

    /// <summary>Creates Smith's <c>triangular2</c> schedule between a range test's suggested bounds, with this plan's step size.</summary>
    /// <param name="result">A range test's result that has a <see cref="LrRangeTestResult.Suggestion"/>.</param>
    /// <returns><c>new Triangular2(base, max, StepSize)</c> from the suggestion.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="result"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="result"/> has no suggestion; the message gives its <see cref="LrRangeTestResult.NoSuggestionReason"/>.</exception>
    public Triangular2 ToTriangular2(LrRangeTestResult result) => ToTriangular2(SuggestionOf(result));

    /// <summary>Creates Smith's <c>exp_range</c> schedule (amplitude times <c>gamma^iteration</c>) with this plan's step size.</summary>
    /// <param name="baseLearningRate">The lower bound; finite and at least 0.</param>
    /// <param name="maxLearningRate">The upper bound; finite and at least <paramref name="baseLearningRate"/>.</param>
    /// <param name="gamma">The per-iteration amplitude factor; in (0, 1].</param>
    /// <returns><c>new ExpRange(baseLearningRate, maxLearningRate, StepSize, gamma)</c>; train it for <see cref="TotalIterations"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">
    /// A learning rate is NaN, infinite or negative, or <paramref name="maxLearningRate"/> is below <paramref name="baseLearningRate"/>;
    /// <paramref name="gamma"/> is not in (0, 1].
    /// </exception>
    public ExpRange ToExpRange(double baseLearningRate, double maxLearningRate, double gamma) => new(baseLearningRate, maxLearningRate, StepSize, gamma);

    /// <summary>Creates Smith's <c>exp_range</c> schedule between a range test's suggested bounds, with this plan's step size.</summary>
    /// <param name="suggestion">The bounds, from <see cref="LrRangeTestResult.Suggestion"/>.</param>
    /// <param name="gamma">The per-iteration amplitude factor; in (0, 1].</param>
    /// <returns><c>new ExpRange(suggestion.BaseLearningRate, suggestion.MaxLearningRate, StepSize, gamma)</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="suggestion"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="gamma"/> is not in (0, 1].</exception>
    public ExpRange ToExpRange(LrBoundsSuggestion suggestion, double gamma)
    {
        Guard.NotNull(suggestion);
        return ToExpRange(suggestion.BaseLearningRate, suggestion.MaxLearningRate, gamma);
    }

    /// <summary>Creates Smith's <c>exp_range</c> schedule between a range test's suggested bounds, with this plan's step size.</summary>
    /// <param name="result">A range test's result that has a <see cref="LrRangeTestResult.Suggestion"/>.</param>
    /// <param name="gamma">The per-iteration amplitude factor; in (0, 1].</param>
    /// <returns><c>new ExpRange(base, max, StepSize, gamma)</c> from the suggestion.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="result"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="result"/> has no suggestion; the message gives its <see cref="LrRangeTestResult.NoSuggestionReason"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="gamma"/> is not in (0, 1].</exception>
    public ExpRange ToExpRange(LrRangeTestResult result, double gamma) => ToExpRange(SuggestionOf(result), gamma);

    /// <summary>Creates a cyclical schedule with a custom amplitude scale, with this plan's step size.</summary>
    /// <param name="baseLearningRate">The lower bound; finite and at least 0.</param>
    /// <param name="maxLearningRate">The upper bound; finite and at least <paramref name="baseLearningRate"/>.</param>
    /// <param name="scale">The amplitude scale, as for <see cref="CyclicalSchedule"/>.</param>
    /// <param name="scaleMode">What <paramref name="scale"/> receives: the 1-based cycle or the iteration.</param>
    /// <returns><c>new CyclicalSchedule(baseLearningRate, maxLearningRate, StepSize, scale, scaleMode)</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="scale"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">
    /// A learning rate is NaN, infinite or negative, or <paramref name="maxLearningRate"/> is below <paramref name="baseLearningRate"/>;
    /// <paramref name="scaleMode"/> is not a named value.
    /// </exception>
    public CyclicalSchedule ToCyclicalSchedule(double baseLearningRate, double maxLearningRate, Func<long, double> scale, ScaleMode scaleMode) =>
        new(baseLearningRate, maxLearningRate, StepSize, scale, scaleMode);

    /// <summary>Creates a cyclical schedule with a custom amplitude scale between a range test's suggested bounds.</summary>
    /// <param name="result">A range test's result that has a <see cref="LrRangeTestResult.Suggestion"/>.</param>
    /// <param name="scale">The amplitude scale, as for <see cref="CyclicalSchedule"/>.</param>
    /// <param name="scaleMode">What <paramref name="scale"/> receives: the 1-based cycle or the iteration.</param>
    /// <returns><c>new CyclicalSchedule(base, max, StepSize, scale, scaleMode)</c> from the suggestion.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="result"/> or <paramref name="scale"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="result"/> has no suggestion; the message gives its <see cref="LrRangeTestResult.NoSuggestionReason"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="scaleMode"/> is not a named value.</exception>
    public CyclicalSchedule ToCyclicalSchedule(LrRangeTestResult result, Func<long, double> scale, ScaleMode scaleMode)
    {
        var suggestion = SuggestionOf(result);
        return ToCyclicalSchedule(suggestion.BaseLearningRate, suggestion.MaxLearningRate, scale, scaleMode);
    }

    private static LrBoundsSuggestion SuggestionOf(LrRangeTestResult result)
    {
        Guard.NotNull(result);
        var suggestion = result.Suggestion;
        if (suggestion is null)
        {
            Guard.ThrowArgument(nameof(result), "The range test suggests no bounds: " + result.NoSuggestionReason);
        }

        return suggestion;
    }

    /// <summary>Returns the plan's numbers, formatted with the invariant culture.</summary>
    /// <returns>For example <c>CyclePlan(500 iterations/epoch, stepSize: 2000 (4 epochs), 4 cycles, 16000 iterations = 32 epochs)</c>.</returns>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"CyclePlan({IterationsPerEpoch} iterations/epoch, stepSize: {StepSize} ({EpochsPerStep:R} epochs), {Cycles} cycles, {TotalIterations} iterations = {TotalEpochs:R} epochs)");
}
