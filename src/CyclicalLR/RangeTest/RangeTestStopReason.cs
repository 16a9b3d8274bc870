namespace CyclicalLR;

/// <summary>Why an LR range test stopped recording.</summary>
public enum RangeTestStopReason
{
    /// <summary>Every planned iteration was recorded.</summary>
    Completed = 0,

    /// <summary>
    /// The loss diverged: its smoothed value rose above <see cref="LrRangeTest.DivergenceThreshold"/> times the best
    /// smoothed value seen so far (only for <see cref="RangeTestMetric.Loss"/>). The diverging point is kept.
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
