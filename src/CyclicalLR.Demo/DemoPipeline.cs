using System.Diagnostics;
using static System.FormattableString;

namespace CyclicalLR.Demo;

/// <summary>The whole demo: data, step 1 (range test), step 2 (the policies over several seeds), step 3 (report).</summary>
internal static class DemoPipeline
{
    /// <summary>Momentum of every run, as in the paper.</summary>
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

        // Step 2: the planner's step size and the five policies, each over every seed.
        var iterationsPerEpoch = plan.Cycles.IterationsPerEpoch;
        var stepSize = plan.Cycles.StepSize;
        var total = plan.Cycles.TotalIterations;
        var fixedRate = options.FixedLearningRate ?? ((range.BaseLearningRate + range.MaxLearningRate) / 2);
        var policies = Policy.CreateComparison(range.BaseLearningRate, range.MaxLearningRate, stepSize, total, fixedRate);
        var evaluateAt = plan.EvaluateAt;
        var seeds = plan.Seeds;
        log.WriteLine();
        log.WriteLine(Invariant($"Step 2: {policies.Count} policies x {seeds.Length} seeds, {total} iterations each ({plan.Cycles})"));
        if (!(options.EpochsPerStep >= CyclePlan.MinEpochsPerStep && options.EpochsPerStep <= CyclePlan.MaxEpochsPerStep) || options.Cycles < CyclePlan.MinCycles)
        {
            log.WriteLine(Invariant($"  note: outside Smith's recommendation ({CyclePlan.MinEpochsPerStep}-{CyclePlan.MaxEpochsPerStep} epochs per step, at least {CyclePlan.MinCycles} cycles){(options.Quick ? " because of --quick" : string.Empty)}"));
        }

        var jobs = policies.SelectMany(p => seeds.Select(s => (Policy: p, Seed: s))).ToArray();
        var curves = new TrainingCurve[jobs.Length];
        var progress = new ProgressMeter(log, (long)jobs.Length * total, clock);
        var finished = 0;
        Parallel.For(
            0,
            jobs.Length,
            new ParallelOptions { MaxDegreeOfParallelism = options.Threads },
            j =>
            {
                var (policy, seed) = jobs[j];
                var started = clock.Elapsed;
                curves[j] = Trainer.Train(split, policy.Schedule, evaluateAt, settings, seed, progress.Add);
                var done = Interlocked.Increment(ref finished);
                progress.Line(Invariant($"  [{done,2}/{jobs.Length}] {policy.Name,-12} seed {seed}: test accuracy {curves[j].FinalAccuracy * 100:F2}% ({(clock.Elapsed - started).TotalSeconds:F1} s)"));
            });

        var results = policies
            .Select((p, index) => new PolicyResult(p, curves.Skip(index * seeds.Length).Take(seeds.Length).ToArray()))
            .ToArray();
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
