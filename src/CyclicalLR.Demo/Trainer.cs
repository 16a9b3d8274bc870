namespace CyclicalLR.Demo;

/// <summary>
/// Trains a fresh <see cref="Mlp"/> with the library's <see cref="SgdOptimizer{T}"/> and a learning-rate schedule,
/// measuring test accuracy as it goes.
/// </summary>
internal static class Trainer
{
    /// <summary>Returns the iterations at which <see cref="Train"/> measures: 0, every <paramref name="every"/>, and <paramref name="total"/>.</summary>
    public static long[] EvaluationPoints(long total, long every)
    {
        var points = new List<long>();
        for (long i = 0; i < total; i += every)
        {
            points.Add(i);
        }

        points.Add(total);
        return [.. points];
    }

    /// <summary>Trains for <paramref name="iterations"/> steps and measures accuracy at <paramref name="evaluateAt"/>.</summary>
    /// <param name="split">Training and test data.</param>
    /// <param name="schedule">The learning rate of each iteration.</param>
    /// <param name="evaluateAt">Ascending iterations (steps already taken) at which to measure test accuracy; the last is the total.</param>
    /// <param name="settings">Network and batch settings.</param>
    /// <param name="seed">Seeds the initial weights and the batch order; the same seed gives the same numbers.</param>
    /// <param name="onIterations">Called with the number of iterations just completed, for progress.</param>
    public static TrainingCurve Train(
        DataSplit split,
        ILearningRateSchedule schedule,
        long[] evaluateAt,
        TrainingSettings settings,
        int seed,
        Action<long>? onIterations = null)
    {
        var run = new TrainingRun(split.Train, settings, seed);
        var accuracy = new double[evaluateAt.Length];
        var diverged = false;
        long iteration = 0;
        for (var e = 0; e < evaluateAt.Length; e++)
        {
            var stop = evaluateAt[e];
            var start = iteration;
            for (; iteration < stop; iteration++)
            {
                if (!double.IsFinite(run.Step(schedule.GetLearningRate(iteration))))
                {
                    diverged = true;
                }
            }

            accuracy[e] = run.Network.Accuracy(split.Test);
            onIterations?.Invoke(stop - start);
        }

        return new TrainingCurve(seed, evaluateAt, accuracy, diverged);
    }
}
