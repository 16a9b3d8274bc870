using System.Globalization;

namespace CyclicalLR;

/// <summary>Reads suggested bounds off a range-test curve (the rules documented on <see cref="LrBoundsRule"/>).</summary>
internal static class RangeTestAnalysis
{
    /// <summary>The fewest finite points from which bounds are suggested.</summary>
    public const int MinimumPoints = 8;

    /// <summary>The fraction of the accuracy rise at which base is read.</summary>
    public const double BaseRiseFraction = 0.1;

    /// <summary>The fraction of the accuracy rise at which max is read.</summary>
    public const double MaxRiseFraction = 0.9;

    /// <summary>Smith's rule of thumb (section 3.3): base is 1/3 to 1/4 of max.</summary>
    public const double LossBaseDivisor = 4;

    /// <summary>A change smaller than this many noise standard deviations of the zero-lag curve counts as flat.</summary>
    public const double NoiseFactor = 10;

    public static LrBoundsSuggestion[] Suggest(LrRangeTest test, IReadOnlyList<LrRangeTestPoint> points, double[] z, RangeTestStopReason stopReason, out string? noSuggestionReason)
    {
        var n = points.Count;
        if (n < MinimumPoints)
        {
            noSuggestionReason = TooShort(test, n, stopReason);
            return [];
        }

        var lr = new double[n];
        var raw = new double[n];
        for (var i = 0; i < n; i++)
        {
            lr[i] = points[i].LearningRate;
            raw[i] = points[i].Metric;
        }

        var floor = NoiseFloor(raw, z, test.Smoothing);
        return test.Metric == RangeTestMetric.Accuracy
            ? Accuracy(lr, z, floor, out noSuggestionReason)
            : Loss(lr, z, floor, out noSuggestionReason);
    }

    /// <summary>The bias-corrected EMA run backwards over the (forward) smoothed metric: the lags cancel.</summary>
    internal static double[] ZeroLag(IReadOnlyList<LrRangeTestPoint> points, double beta)
    {
        var n = points.Count;
        var z = new double[n];
        double average = 0, power = 1;
        for (var i = n - 1; i >= 0; i--)
        {
            average = (beta * average) + ((1 - beta) * points[i].SmoothedMetric);
            power *= beta;
            z[i] = average / (1 - power);
        }

        return z;
    }

    /// <summary>
    /// The smallest change that counts: <see cref="NoiseFactor"/> times the noise of the zero-lag curve. The raw noise is
    /// estimated robustly from successive differences (1.4826 * MAD / sqrt 2); the zero-lag filter
    /// <c>h(k) = (1-b)^2 b^|k| / (1-b^2)</c> scales its standard deviation by <c>sqrt(sum h^2)</c>.
    /// </summary>
    private static double NoiseFloor(double[] raw, double[] z, double beta)
    {
        var diffs = new double[raw.Length - 1];
        for (var i = 0; i < diffs.Length; i++)
        {
            diffs[i] = raw[i + 1] - raw[i];
        }

        var center = Median(diffs);
        for (var i = 0; i < diffs.Length; i++)
        {
            diffs[i] = Math.Abs(diffs[i] - center);
        }

        var sigma = 1.4826 * Median(diffs) / Math.Sqrt(2);
        var h0 = (1 - beta) * (1 - beta) / (1 - (beta * beta));
        var gain = h0 * h0 * (1 + (beta * beta)) / (1 - (beta * beta));
        var scale = 0.0;
        foreach (var v in z)
        {
            scale = Math.Max(scale, Math.Abs(v));
        }

        return Math.Max(NoiseFactor * sigma * Math.Sqrt(gain), 1e-9 * scale);
    }

    private static double Median(double[] values)
    {
        Array.Sort(values);
        var mid = values.Length / 2;
        return values.Length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }

    private static LrBoundsSuggestion[] Accuracy(double[] lr, double[] z, double floor, out string? reason)
    {
        var peak = ArgMax(z, 0, z.Length - 1);
        var low = ArgMin(z, 0, peak);
        var rise = z[peak] - z[low];
        if (!(rise > floor))
        {
            reason = Invariant($"The accuracy curve is flat or only falls: the smoothed accuracy rises by {rise:G4} at most, which is not above the noise floor {floor:G4}. Widen the learning-rate range (or lower its min, if the accuracy only falls), or train longer per point.");
            return [];
        }

        var b = FirstAtLeast(z, low, peak, z[low] + (BaseRiseFraction * rise));
        var m = FirstAtLeast(z, b, peak, z[low] + (MaxRiseFraction * rise));
        if (!(lr[m] > lr[b]))
        {
            reason = Invariant($"The smoothed accuracy jumps by {rise:G4} within one iteration at lr {lr[b]:G4}, so where it starts and stops rising cannot be told apart. Rerun with more iterations or a narrower range.");
            return [];
        }

        var text = Invariant($"The smoothed accuracy starts to rise at lr {lr[b]:G4} (10% of its rise of {rise:G4} above {z[low]:G4}) and stops rising at lr {lr[m]:G4} (90% of the rise; peak {z[peak]:G4} at lr {lr[peak]:G4}).");
        if (peak == z.Length - 1)
        {
            text += " The accuracy was still rising at the end of the sweep, so the true max may be higher: rerun with a higher max learning rate.";
        }

        reason = null;
        return [new LrBoundsSuggestion(lr[b], lr[m], LrBoundsRule.AccuracyRise, text)];
    }

    private static LrBoundsSuggestion[] Loss(double[] lr, double[] z, double floor, out string? reason)
    {
        var min = ArgMin(z, 0, z.Length - 1);
        var high = ArgMax(z, 0, min);
        var drop = z[high] - z[min];
        if (!(drop > floor))
        {
            reason = Invariant($"The loss curve is flat or only rises: the smoothed loss falls by {drop:G4} at most, which is not above the noise floor {floor:G4}. Widen the learning-rate range (or lower its min, if the loss only rises), or train longer per point.");
            return [];
        }

        if (min - high < 2)
        {
            reason = Invariant($"The smoothed loss falls by {drop:G4} within {min - high} iteration(s) at lr {lr[high]:G4}, too abruptly to find its steepest point. Rerun with more iterations or a narrower range.");
            return [];
        }

        var steepest = high;
        var steepestSlope = double.PositiveInfinity;
        for (var i = high; i <= min; i++)
        {
            var left = Math.Max(i - 1, high);
            var right = Math.Min(i + 1, min);
            var slope = (z[right] - z[left]) / (Math.Log(lr[right]) - Math.Log(lr[left]));
            if (slope < steepestSlope)
            {
                steepestSlope = slope;
                steepest = i;
            }
        }

        var tail = min == z.Length - 1
            ? " The loss was still falling at the end of the sweep: rerun with a higher max learning rate to see its minimum."
            : string.Empty;
        var maxSteep = lr[steepest];
        var maxTenth = lr[min] / 10;
        reason = null;
        return
        [
            new LrBoundsSuggestion(maxSteep / LossBaseDivisor, maxSteep, LrBoundsRule.LossSteepestDescent, Invariant($"The smoothed loss falls fastest against log(lr) at lr {maxSteep:G4} (slope {steepestSlope:G4} per unit of ln lr): max = {maxSteep:G4}, base = max / 4 = {maxSteep / LossBaseDivisor:G4}.") + tail),
            new LrBoundsSuggestion(maxTenth / LossBaseDivisor, maxTenth, LrBoundsRule.LossMinimumOverTen, Invariant($"The smoothed loss is lowest ({z[min]:G4}) at lr {lr[min]:G4}: max = that / 10 = {maxTenth:G4}, base = max / 4 = {maxTenth / LossBaseDivisor:G4}.") + tail),
        ];
    }

    private static string TooShort(LrRangeTest test, int n, RangeTestStopReason stopReason)
    {
        var why = stopReason switch
        {
            RangeTestStopReason.NotFinite when n == 0 => Invariant($"The first metric, at lr {test.MinLearningRate:G4}, was NaN or infinite: the training diverged from the start. Lower the min learning rate or check the training step."),
            RangeTestStopReason.NotFinite => Invariant($"A metric was NaN or infinite after {n} points: the training diverged almost at once."),
            RangeTestStopReason.Diverged when test.Metric == RangeTestMetric.Loss => Invariant($"The loss diverged after {n} points."),
            RangeTestStopReason.Diverged => Invariant($"The accuracy collapsed (diverged) after {n} points."),
            RangeTestStopReason.StoppedEarly => Invariant($"The test was stopped after {n} points."),
            _ => Invariant($"Only {n} points were recorded."),
        };
        return why + Invariant($" At least {MinimumPoints} finite points are needed to read bounds off the curve; lower the min learning rate or record more iterations.");
    }

    private static int ArgMax(double[] values, int from, int to) => ArgBest(values, from, to, 1);

    private static int ArgMin(double[] values, int from, int to) => ArgBest(values, from, to, -1);

    /// <summary>The first index in [from, to] of the largest <c>sign * value</c>.</summary>
    private static int ArgBest(double[] values, int from, int to, int sign)
    {
        var best = from;
        for (var i = from + 1; i <= to; i++)
        {
            if (sign * values[i] > sign * values[best])
            {
                best = i;
            }
        }

        return best;
    }

    private static int FirstAtLeast(double[] values, int from, int to, double level)
    {
        for (var i = from; i < to; i++)
        {
            if (values[i] >= level)
            {
                return i;
            }
        }

        return to;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
