namespace CyclicalLR;

/// <summary>What the metric recorded by an <see cref="LrRangeTest"/> measures, and so which way is better.</summary>
public enum RangeTestMetric
{
    /// <summary>
    /// Higher is better (for example validation or batch accuracy). Bounds come from Smith's rule
    /// (<see cref="LrBoundsRule.AccuracyRise"/>); the test stops early on a non-finite value or when the smoothed
    /// accuracy collapses (<see cref="LrRangeTest.AccuracyDropFraction"/>).
    /// </summary>
    Accuracy = 0,

    /// <summary>
    /// Lower is better (for example the training loss). Bounds come from <see cref="LrBoundsRule.LossMinimumOverTen"/>
    /// (the default), <see cref="LrBoundsRule.LossSteepestDescent"/> and fastai's four rules; the test stops early when
    /// the smoothed loss diverges.
    /// </summary>
    Loss = 1,
}
