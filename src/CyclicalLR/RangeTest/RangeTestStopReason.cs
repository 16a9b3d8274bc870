namespace CyclicalLR;

/// <summary>Why an LR range test stopped recording.</summary>
public enum RangeTestStopReason
{
    /// <summary>Every planned iteration was recorded.</summary>
    Completed = 0,

    /// <summary>
    /// The training diverged. For <see cref="RangeTestMetric.Loss"/>: the smoothed loss rose above
    /// <see cref="LrRangeTest.DivergenceThreshold"/> times the best smoothed loss so far. For
    /// <see cref="RangeTestMetric.Accuracy"/>: the smoothed accuracy stayed below <c>1 - </c><see cref="LrRangeTest.AccuracyDropFraction"/>
    /// times its best value for <see cref="LrRangeTest.AccuracyDropPatience"/> iterations in a row. The diverging points are kept.
    /// </summary>
    Diverged = 1,

    /// <summary>
    /// A recorded metric was NaN or infinite, which also means the training diverged. That value is not added to the
    /// points.
    /// </summary>
    NotFinite = 2,

    /// <summary>The caller asked for the result before the test was complete (pull style only).</summary>
    StoppedEarly = 3,
}
