using System.Globalization;

namespace CyclicalLR.Demo;

/// <summary>
/// The sizes of a whole demo run, computed from the options and the data and checked against the demo's limits
/// (<see cref="DemoOptions"/>) before any training starts, so that an option that does not fit the data fails at
/// once with one line instead of after the range test or in the middle of a run.
/// </summary>
internal sealed class DemoPlan
{
    private DemoPlan(long rangeIterations, CyclePlan cycles, long[] evaluateAt, int[] seeds)
    {
        RangeIterations = rangeIterations;
        Cycles = cycles;
        EvaluateAt = evaluateAt;
        Seeds = seeds;
    }

    /// <summary>Gets the range test's length in iterations.</summary>
    public long RangeIterations { get; }

    /// <summary>Gets the step size and length of every policy's run.</summary>
    public CyclePlan Cycles { get; }

    /// <summary>Gets the iterations at which every run measures test accuracy.</summary>
    public long[] EvaluateAt { get; }

    /// <summary>Gets how often a run to the longest budget measures test accuracy, in iterations (an eighth of a step).</summary>
    public long MeasureEvery => Math.Max(1, Cycles.StepSize / DemoPipeline.MeasurementsPerStep);

    /// <summary>Gets the seeds every policy is trained with.</summary>
    public int[] Seeds { get; }

    /// <summary>Plans the run and checks every rule that needs the data.</summary>
    /// <param name="options">Options that passed <see cref="DemoOptionsParser.Parse"/>.</param>
    /// <param name="split">The loaded data.</param>
    /// <exception cref="OptionException">
    /// <c>--batch</c> is larger than the training set, <c>--hidden</c> gives more than
    /// <see cref="DemoOptions.MaxParameters"/> weights in the networks trained at once (<c>--threads</c>, at most the runs of every seed and budget), <c>--range-epochs</c> more than
    /// <see cref="DemoOptions.MaxRangeIterations"/> iterations, or <c>--epochs-per-step</c> and <c>--cycles</c> more than
    /// <see cref="DemoOptions.MaxIterationsPerRun"/>.
    /// </exception>
    public static DemoPlan Create(DemoOptions options, DataSplit split)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(split);
        var train = split.Train;
        if (train.Count < DemoOptions.MinTrainImages)
        {
            // The IDX reader rejects such files by name; this guards every other source of data.
            throw new InvalidDataException(Invariant($"The training set has {train.Count} images; the demo needs at least {DemoOptions.MinTrainImages}."));
        }

        if (options.BatchSize > train.Count)
        {
            throw new OptionException(Invariant($"--batch {options.BatchSize} is larger than the {train.Count} training images; use at most {train.Count}."));
        }

        // Each run trained at once holds its weights, their gradients and momentum.
        var parameters = Mlp.ParameterCount(train.FeatureCount, options.Hidden, train.ClassCount);
        var concurrent = Math.Min(options.Threads, (long)options.Seeds * RunsPerSeed(options.Cycles));
        if (parameters * concurrent > DemoOptions.MaxParameters)
        {
            var perNetwork = DemoOptions.MaxParameters / concurrent;
            var maxHidden = (perNetwork - train.ClassCount) / (train.FeatureCount + 1 + train.ClassCount);
            if (maxHidden < 1)
            {
                throw new InvalidDataException(Invariant(
                    $"The images have {train.FeatureCount} pixels: even one hidden unit gives more than the {DemoOptions.MaxParameters} weights the demo allows for {concurrent} networks trained at once."));
            }

            throw new OptionException(Invariant(
                $"--hidden {options.Hidden} gives networks of {parameters} weights for {train.FeatureCount} inputs and {train.ClassCount} classes, {concurrent} trained at once (--threads {options.Threads}): more than the {DemoOptions.MaxParameters} weights the demo allows; use --hidden {maxHidden} or less, or fewer --threads."));
        }

        var rangeIterations = RangeTestRunner.Iterations(options.RangeEpochs, train.Count, options.BatchSize);
        if (rangeIterations > DemoOptions.MaxRangeIterations)
        {
            throw new OptionException(Invariant(
                $"--range-epochs {options.RangeEpochs:R} gives a range test of {rangeIterations:G4} iterations on this data, more than the {DemoOptions.MaxRangeIterations} the demo allows; lower --range-epochs."));
        }

        var cycles = PlanCycles(train.Count, options);
        if (cycles is null || cycles.TotalIterations > DemoOptions.MaxIterationsPerRun)
        {
            throw new OptionException(Invariant(
                $"--epochs-per-step {options.EpochsPerStep:R} with --cycles {options.Cycles} gives runs of {options.EpochsPerStep * 2 * options.Cycles * BatchSampler.IterationsPerEpochOf(train.Count, options.BatchSize):G4} iterations on this data, more than the {DemoOptions.MaxIterationsPerRun} the demo allows; lower --epochs-per-step or --cycles."));
        }

        var evaluateAt = Trainer.EvaluationPoints(cycles.TotalIterations, Math.Max(1, cycles.StepSize / DemoPipeline.MeasurementsPerStep));
        var seeds = Enumerable.Range(options.Seed, options.Seeds).ToArray();
        return new DemoPlan((long)rangeIterations, cycles, evaluateAt, seeds);
    }

    /// <summary>
    /// Returns the training runs per seed for a longest budget of <paramref name="cycles"/>: one per budget-independent
    /// policy, one per budget for the others (<see cref="BudgetPlan"/>).
    /// </summary>
    public static int RunsPerSeed(int cycles) =>
        Policy.BudgetIndependentCount + ((Policy.ComparisonCount - Policy.BudgetIndependentCount) * BudgetPlan.BudgetsUpTo(cycles).Length);

    /// <summary>The library's plan, or <see langword="null"/> when its iteration count overflows a 64-bit integer.</summary>
    private static CyclePlan? PlanCycles(int trainCount, DemoOptions options)
    {
        try
        {
            return CyclePlan.Create(trainCount, options.BatchSize, options.EpochsPerStep, options.Cycles, allowOutOfRange: true);
        }
        catch (ArgumentOutOfRangeException)
        {
            // Every argument is in range here (the parser and the checks above), so this is the overflow.
            return null;
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
