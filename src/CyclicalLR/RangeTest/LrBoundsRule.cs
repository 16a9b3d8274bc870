namespace CyclicalLR;

/// <summary>The rule that turned a range-test curve into suggested learning-rate bounds.</summary>
/// <remarks>
/// The library's own rules (<see cref="AccuracyRise"/>, <see cref="LossSteepestDescent"/>, <see cref="LossMinimumOverTen"/>)
/// read a zero-lag smoothed curve <c>z</c>: the bias-corrected exponential moving average of the metric
/// (<see cref="LrRangeTestPoint.SmoothedMetric"/>), run once more backwards over the points with the same factor, so
/// that the forward lag cancels. fastai's four rules read what fastai's <c>lr_find</c> gives them (see
/// <see cref="FastaiValley"/>), so that on the same recorded curve they give fastai's answers. Every rule answers only
/// when the curve gives a clear answer (see <see cref="LrRangeTestResult.NoSuggestionReason"/>). Leslie N. Smith,
/// <i>Cyclical Learning Rates for Training Neural Networks</i>, arXiv 1506.01186, section 3.3; fastai,
/// <c>fastai.callback.schedule</c> (v2.4 and later).
/// </remarks>
public enum LrBoundsRule
{
    /// <summary>
    /// Smith's rule for accuracy: base where the accuracy starts to increase, max where it stops increasing. With
    /// <c>p</c> the peak of <c>z</c> and <c>z_low</c> its minimum before the peak, the rise is <c>z(p) - z_low</c>;
    /// base is the first learning rate after <c>z_low</c> where <c>z</c> has climbed 10% of the rise, and max the first
    /// one where it has climbed 90% of it (the curve's shoulder, where it flattens, turns ragged or falls).
    /// </summary>
    AccuracyRise = 0,

    /// <summary>
    /// For loss: max is the learning rate where the loss falls fastest against log(lr) (the minimum of
    /// <c>dz / d ln(lr)</c>, central differences, between the highest point before the loss minimum and the minimum),
    /// and base is max / 4 (Smith's rule of thumb, section 3.3: base is 1/3 to 1/4 of max).
    /// </summary>
    LossSteepestDescent = 1,

    /// <summary>
    /// For loss: max is the learning rate at the minimum of the smoothed loss divided by 10 (fastai's
    /// <c>lr_min / 10</c>: the minimum itself is already at the edge of divergence), and base is max / 4.
    /// </summary>
    LossMinimumOverTen = 2,

    /// <summary>
    /// fastai's <c>valley</c> (its default since v2.4), on fastai's part of the curve: the forward smoothed loss
    /// (<see cref="LrRangeTestPoint.SmoothedMetric"/>, as fastai records it) from iteration <c>iterations / 10</c> up to
    /// the sixth-last recorded point. max is the point about halfway along the longest strictly decreasing run of
    /// losses (the run ends at its last point <c>e</c> and is taken to start at <c>e - length</c>; the pick is
    /// <c>floor(s) + floor(s / 2)</c> points in, <c>s = length / 3</c>); base is max / 4.
    /// </summary>
    FastaiValley = 3,

    /// <summary>
    /// fastai's <c>slide</c>, on fastai's part of the curve (see <see cref="FastaiValley"/>): with <c>g</c> the loss's
    /// gradient against the point index, walk a pair of points 15 apart leftwards from the end while
    /// <c>|g(right) - g(left)| &gt; 0.005</c>; max is the last left point where that held; base is max / 4. No answer with
    /// 15 points or fewer. The threshold is in loss units, so the rule depends on the loss's scale, as in fastai.
    /// </summary>
    FastaiSlide = 4,

    /// <summary>
    /// fastai's <c>minimum</c>, on fastai's part of the curve (see <see cref="FastaiValley"/>): max is the learning rate
    /// of the lowest loss divided by 10; base is max / 4. <see cref="LossMinimumOverTen"/> is the same rule on the
    /// zero-lag curve over every point.
    /// </summary>
    FastaiMinimum = 5,

    /// <summary>
    /// fastai's <c>steep</c>, on fastai's part of the curve (see <see cref="FastaiValley"/>): max is the left point of
    /// the segment where the loss falls fastest against ln(lr) (forward differences); base is max / 4.
    /// <see cref="LossSteepestDescent"/> is a smoothed, bounded version of the same idea.
    /// </summary>
    FastaiSteep = 6,
}
