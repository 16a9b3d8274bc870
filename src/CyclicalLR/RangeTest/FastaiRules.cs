namespace CyclicalLR;

/// <summary>
/// fastai's four learning-rate suggestion functions (<c>fastai.callback.schedule</c>: <c>valley</c>, <c>slide</c>,
/// <c>minimum</c>, <c>steep</c>), written from their documented definitions. Each takes the learning rates and the
/// smoothed losses that <c>lr_find</c> passes them and returns the index of the point it picks.
/// </summary>
internal static class FastaiRules
{
    /// <summary><c>lr_find</c> drops this many points at the end of the recorded curve before suggesting.</summary>
    public const int DroppedAtEnd = 5;

    /// <summary><c>slide</c>'s <c>lr_diff</c>: the distance, in points, between the two gradients it compares.</summary>
    public const int SlideDistance = 15;

    /// <summary><c>slide</c>'s <c>thresh</c>: the largest difference between the two gradients that counts as flat.</summary>
    public const double SlideThreshold = 0.005;

    /// <summary>
    /// <c>valley</c>: the longest strictly decreasing run of losses (a subsequence, not necessarily contiguous); the
    /// valley spans from <c>end - length</c> to its last point <c>end</c>, and the suggestion sits
    /// <c>floor(s) + floor(s / 2)</c> points into it, <c>s = (end - start) / 3</c>: about halfway along.
    /// </summary>
    /// <remarks>
    /// fastai computes the run lengths with an O(n^2) double loop; this is the O(n log n) patience method, which gives
    /// the same length at every point. Ties go to the first point with the longest run, as in fastai. Where fastai's
    /// index would be -1 (a run of 2 at the start) and Python would wrap to the last point, this returns 0.
    /// </remarks>
    public static int Valley(ReadOnlySpan<double> losses)
    {
        var n = losses.Length;
        var tails = new double[n]; // tails[k]: the largest last loss of a strictly decreasing run of length k + 1
        var count = 0;
        int bestEnd = 0, bestLength = 1;
        for (var i = 0; i < n; i++)
        {
            // The first k with tails[k] <= loss: every run of length <= k ends above it and can be extended.
            int lo = 0, hi = count;
            while (lo < hi)
            {
                var mid = (lo + hi) >>> 1;
                if (tails[mid] > losses[i])
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid;
                }
            }

            tails[lo] = losses[i];
            count = Math.Max(count, lo + 1);
            if (lo + 1 > bestLength)
            {
                bestLength = lo + 1;
                bestEnd = i;
            }
        }

        // A longest run of 1 (never decreasing) gives start -1 and index -1, clamped to 0: the first point, as in fastai,
        // which never updates its (0, 0) start and end.
        var start = bestEnd - bestLength;
        var sections = (bestEnd - start) / 3.0;
        var index = start + (int)sections + (int)(sections / 2);
        return Math.Max(0, index);
    }

    /// <summary>
    /// <c>slide</c>: with <c>g</c> the gradient of the losses against the point index (NumPy's <c>gradient</c>: central
    /// differences inside, one-sided at the ends), walk a pair of points <see cref="SlideDistance"/> apart from the right
    /// end leftwards while <c>|g(right) - g(left)| &gt; </c><see cref="SlideThreshold"/>; the suggestion is the last left
    /// point where that held (or the first left point, if it never held).
    /// </summary>
    /// <returns>The index, or -1 when there are not more than <see cref="SlideDistance"/> points (fastai fails there).</returns>
    public static int Slide(ReadOnlySpan<double> losses)
    {
        var right = losses.Length - 1;
        var left = right - SlideDistance;
        if (left < 0)
        {
            return -1;
        }

        var pick = left;
        while (left >= 0 && Math.Abs(Gradient(losses, right) - Gradient(losses, left)) > SlideThreshold)
        {
            pick = left;
            right--;
            left--;
        }

        return pick;
    }

    /// <summary>NumPy's <c>gradient</c> against the index: central differences inside, one-sided at the ends.</summary>
    private static double Gradient(ReadOnlySpan<double> losses, int i)
    {
        var n = losses.Length;
        return i == 0 ? losses[1] - losses[0]
            : i == n - 1 ? losses[n - 1] - losses[n - 2]
            : (losses[i + 1] - losses[i - 1]) / 2;
    }

    /// <summary><c>minimum</c>: the first point of lowest loss (the suggestion is its learning rate / 10).</summary>
    public static int Minimum(ReadOnlySpan<double> losses)
    {
        var best = 0;
        for (var i = 1; i < losses.Length; i++)
        {
            if (losses[i] < losses[best])
            {
                best = i;
            }
        }

        return best;
    }

    /// <summary>
    /// <c>steep</c>: the left point of the segment with the most negative slope of loss against ln(lr),
    /// <c>(loss(i+1) - loss(i)) / (ln lr(i+1) - ln lr(i))</c>; the first such segment on ties. Segments whose learning
    /// rates are equal (no slope) are skipped.
    /// </summary>
    /// <returns>The index, or -1 when no segment has a slope.</returns>
    public static int Steep(ReadOnlySpan<double> learningRates, ReadOnlySpan<double> losses)
    {
        var best = -1;
        var bestSlope = double.PositiveInfinity;
        for (var i = 0; i + 1 < losses.Length; i++)
        {
            var run = Math.Log(learningRates[i + 1]) - Math.Log(learningRates[i]);
            if (!(run > 0))
            {
                continue;
            }

            var slope = (losses[i + 1] - losses[i]) / run;
            if (slope < bestSlope)
            {
                bestSlope = slope;
                best = i;
            }
        }

        return best;
    }
}
