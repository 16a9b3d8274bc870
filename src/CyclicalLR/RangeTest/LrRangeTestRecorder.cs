using System.Globalization;

namespace CyclicalLR;

/// <summary>
/// A pull-style LR range test in progress: your training loop reads <see cref="CurrentLearningRate"/>, trains one
/// batch with it, and calls <see cref="Record(double)"/> with that batch's metric, until <see cref="IsComplete"/>.
/// </summary>
/// <remarks>
/// <para>
/// Created by <see cref="LrRangeTest.Start"/>. The recorder is mutable and not thread-safe: use one from one loop.
/// The memory for the planned points is allocated up front, so <see cref="Record(double)"/> allocates nothing, for plans
/// of up to 2^20 iterations (32 MB); a longer plan reserves that much and grows as it records, so that a run that
/// diverges early never holds memory for every point it might have taken (10^8 points take 3.2 GB).
/// </para>
/// <para>
/// The test completes after <see cref="LrRangeTest.Iterations"/> records, or earlier when a metric is NaN or infinite
/// (<see cref="RangeTestStopReason.NotFinite"/>), or when the training diverges (<see cref="RangeTestStopReason.Diverged"/>):
/// for a loss, when the smoothed loss rises above <see cref="LrRangeTest.DivergenceThreshold"/> times its best value;
/// for an accuracy, when the smoothed accuracy has stayed below <c>1 - </c><see cref="LrRangeTest.AccuracyDropFraction"/>
/// times its best value for <see cref="LrRangeTest.AccuracyDropPatience"/> iterations in a row.
/// </para>
/// </remarks>
public sealed class LrRangeTestRecorder
{
    private readonly List<LrRangeTestPoint> _points;
    private readonly RangeTestProgress _progress;
    private RangeTestStopReason? _stopReason;

    internal LrRangeTestRecorder(LrRangeTest test)
    {
        Test = test;
        _points = new List<LrRangeTestPoint>((int)Math.Min(test.Iterations, 1 << 20));
        _progress = new RangeTestProgress(test);
    }

    /// <summary>Gets the test's configuration.</summary>
    public LrRangeTest Test { get; }

    /// <summary>Gets the zero-based iteration that the next <see cref="Record(double)"/> is for (the number of metrics recorded so far).</summary>
    public long Iteration { get; private set; }

    /// <summary>Gets a value indicating whether the test has ended (all iterations recorded, or stopped by divergence or a non-finite metric).</summary>
    public bool IsComplete => _stopReason is not null;

    /// <summary>Gets why the test ended, or <see langword="null"/> while it is still running.</summary>
    public RangeTestStopReason? StopReason => _stopReason;

    /// <summary>Gets the learning rate to train the current iteration with.</summary>
    /// <exception cref="InvalidOperationException">The test is complete; there is no current iteration.</exception>
    public double CurrentLearningRate
    {
        get
        {
            ThrowIfComplete();
            return Test.GetLearningRate(Iteration);
        }
    }

    /// <summary>Records the metric of the current iteration and moves to the next one.</summary>
    /// <param name="metric">
    /// The metric measured with <see cref="CurrentLearningRate"/>. Any finite value; NaN or an infinity ends the test
    /// as <see cref="RangeTestStopReason.NotFinite"/> (and is not added to the points).
    /// </param>
    /// <exception cref="InvalidOperationException">The test is already complete (more metrics than planned, or after it stopped).</exception>
    public void Record(double metric)
    {
        ThrowIfComplete();
        var iteration = Iteration;
        if (!double.IsFinite(metric))
        {
            _stopReason = RangeTestStopReason.NotFinite;
            return;
        }

        var smoothed = _progress.Smooth(metric);
        _points.Add(new LrRangeTestPoint(iteration, Test.GetLearningRate(iteration), metric, smoothed));
        Iteration = iteration + 1;

        if (_progress.Diverged(smoothed))
        {
            _stopReason = RangeTestStopReason.Diverged;
            return;
        }

        if (Iteration == Test.Iterations)
        {
            _stopReason = RangeTestStopReason.Completed;
        }
    }

    /// <summary>Returns the points recorded so far and the bounds they suggest.</summary>
    /// <returns>
    /// The result. Called before the test is complete, it covers the points so far and its stop reason is
    /// <see cref="RangeTestStopReason.StoppedEarly"/>; the recorder can go on recording afterwards.
    /// </returns>
    public LrRangeTestResult GetResult() =>
        new(Test, [.. _points], _stopReason ?? RangeTestStopReason.StoppedEarly);

    private void ThrowIfComplete()
    {
        if (_stopReason is { } reason)
        {
            ThrowComplete(reason);
        }
    }

    private void ThrowComplete(RangeTestStopReason reason) =>
        throw new InvalidOperationException(string.Create(
            CultureInfo.InvariantCulture,
            $"The range test is complete ({reason} after {Iteration} recorded iterations of {Test.Iterations} planned); record no more metrics and call GetResult()."));
}
