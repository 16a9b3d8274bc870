namespace CyclicalLR.Demo;

/// <summary>
/// Trains a fresh <see cref="Mlp"/> with the library's <see cref="SgdOptimizer{T}"/>, a learning-rate schedule and
/// optionally a momentum schedule, measuring test accuracy as it goes.
/// </summary>
internal static class Trainer
{
    /// <summary>Returns the iterations at which <see cref="Train"/> measures: 0, every <paramref name="every"/>, and <paramref name="total"/>.</summary>
    public static long[] EvaluationPoints(long total, long every) => EvaluationPoints(total, every, []);

    /// <summary>Returns 0, every <paramref name="every"/>, each of <paramref name="also"/> up to <paramref name="total"/>, and <paramref name="total"/>, ascending and distinct.</summary>
    public static long[] EvaluationPoints(long total, long every, IEnumerable<long> also)
    {
        var points = new SortedSet<long>();
        for (long i = 0; i < total; i += every)
        {
            points.Add(i);
        }

        points.UnionWith(also.Where(a => a >= 0 && a <= total));
        points.Add(total);
        return [.. points];
    }

    /// <summary>Trains for the last of <paramref name="evaluateAt"/> steps and measures accuracy at each of them.</summary>
    /// <param name="split">Training and test data.</param>
    /// <param name="schedule">The learning rate (and momentum) of each iteration.</param>
    /// <param name="evaluateAt">Ascending iterations (steps already taken) at which to measure test accuracy; the last is the total.</param>
    /// <param name="settings">Network and batch settings.</param>
    /// <param name="seed">Seeds the initial weights and the batch order; the same seed gives the same numbers.</param>
    /// <param name="onIterations">Called with the number of iterations just completed, for progress.</param>
    public static TrainingCurve Train(
        DataSplit split,
        PolicySchedule schedule,
        long[] evaluateAt,
        TrainingSettings settings,
        int seed,
        Action<long>? onIterations = null)
    {
        ArgumentNullException.ThrowIfNull(split);
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(evaluateAt);
        var run = new TrainingRun(split.Train, settings, seed);
        var accuracy = new double[evaluateAt.Length];
        long? divergedAt = null;
        long iteration = 0;
        for (var e = 0; e < evaluateAt.Length; e++)
        {
            var stop = evaluateAt[e];
            var start = iteration;
            for (; iteration < stop; iteration++)
            {
                var momentum = schedule.Momentum is null ? settings.Momentum : schedule.Momentum.GetMomentum(iteration);
                if (!double.IsFinite(run.Step(schedule.Rate.GetLearningRate(iteration), momentum)))
                {
                    divergedAt ??= iteration;
                }
            }

            accuracy[e] = run.Network.Accuracy(split.Test);
            onIterations?.Invoke(stop - start);
        }

        return new TrainingCurve(seed, evaluateAt, accuracy, divergedAt);
    }
}
