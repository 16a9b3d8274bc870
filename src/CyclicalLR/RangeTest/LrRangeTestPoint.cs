namespace CyclicalLR;

/// <summary>One recorded iteration of an LR range test.</summary>
/// <param name="Iteration">The zero-based iteration (0 is the first recorded batch).</param>
/// <param name="LearningRate">The learning rate used for that iteration; finite and greater than 0.</param>
/// <param name="Metric">The metric recorded for that iteration (raw, as given); finite.</param>
/// <param name="SmoothedMetric">
/// The bias-corrected exponential moving average of the metrics up to and including this iteration:
/// <c>avg(i) = beta * avg(i - 1) + (1 - beta) * metric(i)</c>, <c>avg(-1) = 0</c>, and
/// <c>smoothed(i) = avg(i) / (1 - beta^(i + 1))</c>, with <c>beta = </c><see cref="LrRangeTest.Smoothing"/>. It is a
/// weighted mean, so it is kept within the smallest and largest metric so far, and finite for any finite metrics
/// (up to <see cref="double.MaxValue"/>).
/// </param>
public readonly record struct LrRangeTestPoint(long Iteration, double LearningRate, double Metric, double SmoothedMetric);
