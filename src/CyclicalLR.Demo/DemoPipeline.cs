using System.Diagnostics;
using static System.FormattableString;

namespace CyclicalLR.Demo;

/// <summary>The whole demo: data, step 1 (range test), step 2 (the policies over several seeds and budgets), step 3 (report).</summary>
internal static class DemoPipeline
{
    /// <summary>Momentum of every run, as in the paper (unless <c>--cyclical-momentum</c> cycles it).</summary>
    public const double Momentum = 0.9;

    /// <summary>Accuracy measurements per half-cycle (so the curves show the cycles).</summary>
    public const int MeasurementsPerStep = 8;

    /// <summary>
    /// Checks the report folder, loads the data and checks the options against it (<see cref="DemoPlan"/>), all
    /// before any training; then runs the demo and moves the complete report into
    /// <see cref="DemoOptions.OutputDirectory"/> (see <see cref="ReportFolder"/>).
    /// </summary>
    /// <param name="options">The settings, as <see cref="DemoOptionsParser.Parse"/> returns them.</param>
    /// <param name="log">Progress and the table are written here.</param>
    /// <returns>The results; the same <paramref name="options"/> give the same numbers.</returns>
    /// <exception cref="InvalidDataException">The <c>--data</c> files are malformed.</exception>
    /// <exception cref="IOException">A data file is missing or the report cannot be written.</exception>
    /// <exception cref="InvalidOperationException">The range test gives no bounds.</exception>
    /// <exception cref="OptionException">An option does not fit the data, or the report folder cannot be written.</exception>
    public static DemoResult Run(DemoOptions options, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        var clock = Stopwatch.StartNew();
        using var folder = ReportFolder.Prepare(options.OutputDirectory, options.DataDirectory);
        var split = options.DataDirectory is null ? DigitsData.Load() : IdxReader.LoadFolder(options.DataDirectory, options.TrainLimit);
        var plan = DemoPlan.Create(options, split);
        log.WriteLine(Invariant($"Data: {split.Description}."));
        var settings = new TrainingSettings(options.Hidden, options.BatchSize, Momentum);

        // Step 1: the range test.
        log.WriteLine();
        log.WriteLine("Step 1: LR range test");
        var range = RangeTestRunner.Run(split.Train, settings, options.RangeEpochs, plan.RangeIterations, options.RangeMinLearningRate, options.RangeMaxLearningRate, options.Seed);
        log.WriteLine(Invariant($"  {range.Description}"));
        log.WriteLine(Invariant($"  suggested base {range.BaseLearningRate:G4}, max {range.MaxLearningRate:G4} [{clock.Elapsed.TotalSeconds:F1} s]"));
        log.WriteLine(Invariant($"  {range.Suggestion.Rule}: {range.Suggestion.Explanation}"));

        // Step 2: the planner's step size, the policies, and the budgets: each policy over every seed.
        var iterationsPerEpoch = plan.Cycles.IterationsPerEpoch;
        var stepSize = plan.Cycles.StepSize;
        var fixedRate = options.FixedLearningRate ?? ((range.BaseLearningRate + range.MaxLearningRate) / 2);
        var policies = Policy.CreateComparison(range.BaseLearningRate, range.MaxLearningRate, stepSize, fixedRate, options.CyclicalMomentum);
        var budgets = new BudgetPlan(policies, options.Cycles, 2 * stepSize);
        var seeds = plan.Seeds;
        log.WriteLine();
        log.WriteLine(Invariant($"Step 2: {policies.Count} policies x {seeds.Length} seeds, budgets of {string.Join(", ", budgets.Budgets)} cycles of {budgets.CycleLength} iterations ({plan.Cycles})"));
        log.WriteLine(Invariant($"  {string.Join(", ", policies.Where(p => p.BudgetIndependent).Select(p => p.Name))}: one run to {budgets.Budgets[^1]} cycles, read at each budget (exact: the schedule does not depend on the budget); {string.Join(", ", policies.Where(p => !p.BudgetIndependent).Select(p => p.Name))}: a run per budget; {budgets.IterationsPerSeed:N0} iterations per seed"));
        if (!(options.EpochsPerStep >= CyclePlan.MinEpochsPerStep && options.EpochsPerStep <= CyclePlan.MaxEpochsPerStep) || options.Cycles < CyclePlan.MinCycles)
        {
            log.WriteLine(Invariant($"  note: outside Smith's recommendation ({CyclePlan.MinEpochsPerStep}-{CyclePlan.MaxEpochsPerStep} epochs per step, at least {CyclePlan.MinCycles} cycles){(options.Quick ? " because of --quick" : string.Empty)}"));
        }

        var progress = new ProgressMeter(log, budgets.IterationsPerSeed * seeds.Length, clock);
        var results = BudgetExperiment.Run(split, budgets, settings, seeds, plan.MeasureEvery, options.Threads, progress);
        var table = new ComparisonTable(results);
        log.WriteLine();
        log.Write(table.ToMarkdown());
        log.WriteLine();
        foreach (var line in table.Summary())
        {
            log.WriteLine("  " + line);
        }

        var result = new DemoResult(options, split.Description, range, iterationsPerEpoch, stepSize, fixedRate, results, table);

        // Step 3: the report.
        ReportWriter.Write(folder.Staging, result);
        folder.Commit();
        log.WriteLine();
        log.WriteLine(Invariant($"Step 3: report written to {Path.Combine(options.OutputDirectory, ReportWriter.ReportFileName)} [{clock.Elapsed.TotalSeconds:F1} s total]"));
        return result;
    }
}
