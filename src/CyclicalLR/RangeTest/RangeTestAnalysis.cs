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

    /// <summary>The width of the running median of the raw metric that checks a change is the curve's, not an outlier's.</summary>
    public const int MedianWindow = 5;

    /// <summary>The running median must show at least this share of the smoothed curve's change.</summary>
    public const double RobustShare = 0.5;

    /// <summary>A single step of the running median that makes this share of its change is a jump within one iteration.</summary>
    public const double JumpShare = 0.8;

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
        var smoothed = new double[n];
        for (var i = 0; i < n; i++)
        {
            lr[i] = points[i].LearningRate;
            raw[i] = points[i].Metric;
            smoothed[i] = points[i].SmoothedMetric;
        }

        var floor = NoiseFloor(raw, z, test.Smoothing);
        var median = RunningMedian(raw);
        if (test.Metric == RangeTestMetric.Accuracy)
        {
            return Accuracy(lr, z, median, floor, out noSuggestionReason);
        }

        var ours = Loss(lr, z, median, floor, out noSuggestionReason);
        if (ours.Length == 0)
        {
            noSuggestionReason ??= Invariant($"The learning rates the loss rules read (down to {lr[0]:G4}) are too small for base = max / 4 to be above 0. Raise the min learning rate.");
            return ours;
        }

        // fastai's lr_find passes its suggestion functions the recorded smoothed losses from iteration iterations / 10
        // up to the sixth-last recorded point; a non-finite loss that stopped the test is recorded there too.
        var recorded = n + (stopReason == RangeTestStopReason.NotFinite ? 1 : 0);
        var from = (int)Math.Min(test.Iterations / 10, n);
        var to = Math.Min(n, recorded - FastaiRules.DroppedAtEnd);
        return [.. ours, .. Fastai(lr, smoothed, from, to)];
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

    private static LrBoundsSuggestion[] Accuracy(double[] lr, double[] z, double[] median, double floor, out string? reason)
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

        var (robust, step, stepAt) = LargestRise(median, low, peak);
        if (!(robust >= RobustShare * rise))
        {
            reason = Invariant($"The smoothed accuracy rises by {rise:G4}, but the median of each {MedianWindow} neighbouring raw points rises by {robust:G4} at most: the rise comes from one or two outlying batches, not from the curve. Record more iterations, or measure each point on more data.");
            return [];
        }

        if (step >= JumpShare * robust)
        {
            reason = Invariant($"The accuracy jumps by {step:G4} within one iteration at lr {lr[stepAt]:G4} (the median of each {MedianWindow} neighbouring raw points rises by {robust:G4} in all), so where it starts and stops rising cannot be told apart. Rerun with more iterations or a narrower range.");
            return [];
        }

        var text = Invariant($"The smoothed accuracy starts to rise at lr {lr[b]:G4} (10% of its rise of {rise:G4} above {z[low]:G4}) and stops rising at lr {lr[m]:G4} (90% of the rise; peak {z[peak]:G4} at lr {lr[peak]:G4}).");
        if (RisingFromTheStart(median, peak))
        {
            text += Invariant($" The accuracy is already rising at the first point (lr {lr[0]:G4}): the sweep has no flat start, so base is not known (the rise starts at lr {lr[b]:G4} or lower). Rerun with a lower minLearningRate (for example {lr[0] / 10:G4}), or an exponential sweep, to see where it starts.");
        }
        if (peak == z.Length - 1)
        {
            text += " The accuracy was still rising at the end of the sweep, so the true max may be higher: rerun with a higher max learning rate.";
        }

        reason = null;
        return [new LrBoundsSuggestion(lr[b], lr[m], LrBoundsRule.AccuracyRise, text)];
    }

    private static LrBoundsSuggestion[] Loss(double[] lr, double[] z, double[] median, double floor, out string? reason)
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

        var (robust, step, stepAt) = LargestDrop(median, high, min);
        if (!(robust >= RobustShare * drop))
        {
            reason = Invariant($"The smoothed loss falls by {drop:G4}, but the median of each {MedianWindow} neighbouring raw points falls by {robust:G4} at most: the drop comes from one or two outlying batches, not from the curve. Record more iterations, or average each point's loss over more data.");
            return [];
        }

        if (step >= JumpShare * robust)
        {
            reason = Invariant($"The loss falls by {step:G4} within one iteration at lr {lr[stepAt]:G4} (the median of each {MedianWindow} neighbouring raw points falls by {robust:G4} in all), too abruptly to find its steepest point. Rerun with more iterations or a narrower range.");
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
            .. Bounds(maxTenth, LrBoundsRule.LossMinimumOverTen, Invariant($"The smoothed loss is lowest ({z[min]:G4}) at lr {lr[min]:G4}: max = that / 10 = {maxTenth:G4}, base = max / 4 = {maxTenth / LossBaseDivisor:G4}.") + tail),
            .. Bounds(maxSteep, LrBoundsRule.LossSteepestDescent, Invariant($"The smoothed loss falls fastest against log(lr) at lr {maxSteep:G4} (slope {steepestSlope:G4} per unit of ln lr): max = {maxSteep:G4}, base = max / 4 = {maxSteep / LossBaseDivisor:G4}.") + tail),
        ];
    }

    /// <summary>fastai's four rules on its part of the curve: the forward-smoothed loss at points [from, to).</summary>
    private static LrBoundsSuggestion[] Fastai(double[] lr, double[] smoothed, int from, int to)
    {
        if (to - from < 2)
        {
            return [];
        }

        var lrs = lr.AsSpan(from, to - from);
        var losses = smoothed.AsSpan(from, to - from);
        var part = Invariant($"fastai's lr_find reads the smoothed loss at iterations {from} to {to - 1}");
        var valley = FastaiRules.Valley(losses);
        var slide = FastaiRules.Slide(losses);
        var minimum = FastaiRules.Minimum(losses);
        var steep = FastaiRules.Steep(lrs, losses);
        var list = new List<LrBoundsSuggestion>(4);
        list.AddRange(Bounds(lrs[valley], LrBoundsRule.FastaiValley, Invariant($"{part}; valley: about halfway along the longest stretch over which it keeps falling, lr {lrs[valley]:G4} (iteration {from + valley}): max = {lrs[valley]:G4}, base = max / 4 = {lrs[valley] / LossBaseDivisor:G4}.")));
        if (slide >= 0)
        {
            list.AddRange(Bounds(lrs[slide], LrBoundsRule.FastaiSlide, Invariant($"{part}; slide: walking left from the end, its gradient {FastaiRules.SlideDistance} points apart last differs by more than {FastaiRules.SlideThreshold:G4} at lr {lrs[slide]:G4} (iteration {from + slide}): max = {lrs[slide]:G4}, base = max / 4 = {lrs[slide] / LossBaseDivisor:G4}.")));
        }

        var tenth = lrs[minimum] / 10;
        list.AddRange(Bounds(tenth, LrBoundsRule.FastaiMinimum, Invariant($"{part}; minimum: it is lowest ({losses[minimum]:G4}) at lr {lrs[minimum]:G4} (iteration {from + minimum}): max = that / 10 = {tenth:G4}, base = max / 4 = {tenth / LossBaseDivisor:G4}.")));
        if (steep >= 0)
        {
            list.AddRange(Bounds(lrs[steep], LrBoundsRule.FastaiSteep, Invariant($"{part}; steep: it falls fastest against ln(lr) from lr {lrs[steep]:G4} (iteration {from + steep}): max = {lrs[steep]:G4}, base = max / 4 = {lrs[steep] / LossBaseDivisor:G4}.")));
        }

        return [.. list];
    }

    /// <summary>max and base = max / 4, or nothing when base underflows to 0 (a subnormal learning rate).</summary>
    /// <remarks>A finite max whose quarter is above 0 is above that quarter (even rounded up among subnormals), so base &lt; max holds.</remarks>
    private static LrBoundsSuggestion[] Bounds(double max, LrBoundsRule rule, string explanation)
    {
        var lower = max / LossBaseDivisor;
        return lower > 0 ? [new LrBoundsSuggestion(lower, max, rule, explanation)] : [];
    }

    /// <summary>
    /// Whether the running median of the raw accuracy already rises at the first points: from its lowest to its highest
    /// value up to the peak, extrapolated back from where it first reaches 25% and 75% of that rise, the rise starts no
    /// later than the third point, give or take a tenth of the 25%-75% width (noise moves the crossings); a flat start
    /// puts it later.
    /// </summary>
    private static bool RisingFromTheStart(double[] median, int peak)
    {
        double lowest = median[0], highest = median[0];
        for (var i = 1; i <= peak; i++)
        {
            lowest = Math.Min(lowest, median[i]);
            highest = Math.Max(highest, median[i]);
        }

        var rise = highest - lowest;
        var quarter = FirstAtLeast(median, 0, peak, lowest + (0.25 * rise));
        var threeQuarters = FirstAtLeast(median, quarter, peak, lowest + (0.75 * rise));
        var width = threeQuarters - quarter;

        // rise > 0 here: the caller has checked that the median rises by at least half the smoothed rise, which is above 0.
        return quarter - (width / 2.0) <= 2 + (0.1 * width);
    }

    /// <summary>The median of each point and its neighbours up to <see cref="MedianWindow"/> / 2 on each side (fewer at the ends).</summary>
    internal static double[] RunningMedian(double[] raw)
    {
        const int half = MedianWindow / 2;
        var result = new double[raw.Length];
        var window = new double[MedianWindow];
        for (var i = 0; i < raw.Length; i++)
        {
            var from = Math.Max(0, i - half);
            var count = Math.Min(raw.Length, i + half + 1) - from;
            raw.AsSpan(from, count).CopyTo(window);
            var part = window.AsSpan(0, count);
            part.Sort();
            result[i] = count % 2 == 1 ? part[count / 2] : (part[(count / 2) - 1] / 2) + (part[count / 2] / 2);
        }

        return result;
    }

    /// <summary>The largest rise of <paramref name="values"/> over [from, to] (a later point above an earlier one), and its largest one-step rise.</summary>
    private static (double Rise, double Step, int StepAt) LargestRise(double[] values, int from, int to)
    {
        double rise = 0, step = 0, lowest = values[from];
        var stepAt = from;
        for (var i = from + 1; i <= to; i++)
        {
            lowest = Math.Min(lowest, values[i]);
            rise = Math.Max(rise, values[i] - lowest);
            if (values[i] - values[i - 1] > step)
            {
                step = values[i] - values[i - 1];
                stepAt = i - 1;
            }
        }

        return (rise, step, stepAt);
    }

    /// <summary>The largest drop of <paramref name="values"/> over [from, to], and its largest one-step drop.</summary>
    private static (double Drop, double Step, int StepAt) LargestDrop(double[] values, int from, int to)
    {
        double drop = 0, step = 0, highest = values[from];
        var stepAt = from;
        for (var i = from + 1; i <= to; i++)
        {
            highest = Math.Max(highest, values[i]);
            drop = Math.Max(drop, highest - values[i]);
            if (values[i - 1] - values[i] > step)
            {
                step = values[i - 1] - values[i];
                stepAt = i - 1;
            }
        }

        return (drop, step, stepAt);
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
