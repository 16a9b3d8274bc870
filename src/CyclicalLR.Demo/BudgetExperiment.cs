using static System.FormattableString;

namespace CyclicalLR.Demo;

/// <summary>
/// Step 2: trains every run of a <see cref="BudgetPlan"/> for every seed (in parallel, each run single-threaded and
/// deterministic) and gathers each policy's final accuracy per budget and seed.
/// </summary>
internal static class BudgetExperiment
{
    /// <summary>Trains the plan's runs for every seed.</summary>
    /// <param name="split">Training and test data.</param>
    /// <param name="plan">The policies, budgets and runs.</param>
    /// <param name="settings">Network and batch settings, the same for every run.</param>
    /// <param name="seeds">The seeds; seed <c>s</c> gives every policy the same initial weights and batches.</param>
    /// <param name="measureEvery">Runs to the longest budget also measure every this many iterations (for the curves).</param>
    /// <param name="threads">Runs trained at once.</param>
    /// <param name="progress">Progress lines, or <see langword="null"/>.</param>
    /// <returns>One result per policy, in the plan's order; the same arguments give the same numbers whatever <paramref name="threads"/>.</returns>
    public static PolicyResult[] Run(
        DataSplit split,
        BudgetPlan plan,
        TrainingSettings settings,
        IReadOnlyList<int> seeds,
        long measureEvery,
        int threads,
        ProgressMeter? progress = null)
    {
        ArgumentNullException.ThrowIfNull(split);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(seeds);
        var longest = plan.LongestIterations;
        var budgetEnds = Enumerable.Range(0, plan.Budgets.Length).Select(plan.Iterations).ToArray();
        var curvePoints = Trainer.EvaluationPoints(longest, measureEvery, budgetEnds);

        // Longest runs first, so the parallel loop does not end on one long run.
        var jobs = plan.Runs
            .SelectMany(run => seeds.Select((seed, s) => (Run: run, Seed: seed, SeedIndex: s)))
            .OrderByDescending(j => j.Run.Iterations)
            .ToArray();
        var curves = new TrainingCurve[jobs.Length];
        var finished = 0;
        Parallel.For(
            0,
            jobs.Length,
            new ParallelOptions { MaxDegreeOfParallelism = threads },
            j =>
            {
                var (run, seed, _) = jobs[j];
                var evaluateAt = run.Iterations == longest ? curvePoints : [run.Iterations];
                curves[j] = Trainer.Train(split, run.Policy.ForBudget(run.Iterations), evaluateAt, settings, seed, progress is null ? null : progress.Add);
                var done = Interlocked.Increment(ref finished);
                progress?.Line(Invariant($"  [{done,3}/{jobs.Length}] {run.Policy.Name,-12} {run.Iterations / plan.CycleLength,3} cycles, seed {seed}: test accuracy {curves[j].FinalAccuracy * 100:F2}%"));
            });

        var results = new PolicyResult[plan.Policies.Count];
        for (var p = 0; p < results.Length; p++)
        {
            var policy = plan.Policies[p];
            var finals = plan.Budgets.Select(_ => new double[seeds.Count]).ToArray();
            var diverged = new int[plan.Budgets.Length];
            var longestRuns = new TrainingCurve[seeds.Count];
            for (var j = 0; j < jobs.Length; j++)
            {
                var (run, _, s) = jobs[j];
                if (!ReferenceEquals(run.Policy, policy))
                {
                    continue;
                }

                var curve = curves[j];
                foreach (var b in run.BudgetIndexes)
                {
                    var end = plan.Iterations(b);
                    finals[b][s] = curve.AccuracyAt(end);
                    diverged[b] += curve.DivergedBy(end) ? 1 : 0;
                }

                if (run.Iterations == longest)
                {
                    longestRuns[s] = curve;
                }
            }

            results[p] = new PolicyResult(policy, plan, finals, diverged, longestRuns);
        }

        return results;
    }
}
