namespace CyclicalLR;

/// <summary>
/// The running state of a range test, one metric at a time: the bias-corrected moving average and the divergence
/// checks. The one source of both for <see cref="LrRangeTestRecorder"/> (recording) and
/// <see cref="LrRangeTestResult.ReadCsv(TextReader)"/> (replaying a file to check it).
/// </summary>
internal sealed class RangeTestProgress
{
    private readonly LrRangeTest _test;

    // Half the average: with every metric finite, |average| <= max |metric| <= double.MaxValue, but rounding can push
    // the full-size sum just past it; at half size it cannot overflow. Halving is exact in the normal range, so the
    // values are bit-identical to the textbook recurrence there.
    private double _halfAverage;
    private double _betaPower = 1;
    private double _lowest = double.PositiveInfinity;
    private double _highest = double.NegativeInfinity;
    private double _best;
    private long _belowBest;

    public RangeTestProgress(LrRangeTest test)
    {
        _test = test;
        _best = test.Metric == RangeTestMetric.Loss ? double.PositiveInfinity : double.NegativeInfinity;
    }

    /// <summary>
    /// Adds a finite metric and returns its smoothed value: <c>avg / (1 - beta^(i+1))</c>, clamped to the range of the
    /// metrics so far (where a weighted mean lies), so it stays finite for any finite metric.
    /// </summary>
    public double Smooth(double metric)
    {
        var beta = _test.Smoothing;
        _halfAverage = (beta * _halfAverage) + ((1 - beta) * (metric * 0.5));
        _betaPower *= beta;
        _lowest = Math.Min(_lowest, metric);
        _highest = Math.Max(_highest, metric);
        var smoothed = 2 * (_halfAverage / (1 - _betaPower));
        return Math.Clamp(smoothed, _lowest, _highest);
    }

    /// <summary>Updates the best smoothed value and says whether this smoothed value ends the test as diverged.</summary>
    public bool Diverged(double smoothed)
    {
        if (_test.Metric == RangeTestMetric.Loss)
        {
            _best = Math.Min(_best, smoothed);
            return _best > 0 && smoothed > _test.DivergenceThreshold * _best;
        }

        _best = Math.Max(_best, smoothed);
        if (_best > 0 && smoothed < (1 - _test.AccuracyDropFraction) * _best)
        {
            _belowBest++;
            return _belowBest >= _test.AccuracyDropPatience;
        }

        _belowBest = 0;
        return false;
    }
}
