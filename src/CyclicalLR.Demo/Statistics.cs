namespace CyclicalLR.Demo;

/// <summary>Mean, spread and Student t quantiles of a few numbers, summed in order (so the result does not depend on threading).</summary>
internal static class Statistics
{
    /// <summary>Returns the arithmetic mean; NaN for no values.</summary>
    public static double Mean(IEnumerable<double> values)
    {
        var sum = 0.0;
        var count = 0;
        foreach (var value in values)
        {
            sum += value;
            count++;
        }

        return count == 0 ? double.NaN : sum / count;
    }

    /// <summary>Returns the sample standard deviation (divisor n - 1); 0 for fewer than two values.</summary>
    public static double SampleStandardDeviation(IReadOnlyList<double> values)
    {
        if (values.Count < 2)
        {
            return 0;
        }

        var mean = Mean(values);
        var sum = 0.0;
        foreach (var value in values)
        {
            sum += (value - mean) * (value - mean);
        }

        return Math.Sqrt(sum / (values.Count - 1));
    }

    /// <summary>
    /// Returns the two-sided Student t quantile: the <c>t</c> with <c>P(|T| &lt;= t) = confidence</c> for <c>T</c> with
    /// <paramref name="degreesOfFreedom"/> degrees of freedom (2.262 for 95% and 9).
    /// </summary>
    /// <remarks>
    /// Computed, not looked up: <see cref="StudentTCentralProbability"/> is exact for integer degrees of freedom, and
    /// bisection inverts it to about 1e-12.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="confidence"/> is not strictly between 0 and 1, or <paramref name="degreesOfFreedom"/> is below 1.
    /// </exception>
    public static double StudentTQuantile(double confidence, int degreesOfFreedom)
    {
        if (!(confidence > 0 && confidence < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(confidence), confidence, "must be greater than 0 and less than 1.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(degreesOfFreedom, 1);
        double low = 0, high = 1;
        while (StudentTCentralProbability(high, degreesOfFreedom) < confidence)
        {
            low = high;
            high *= 2;
        }

        for (var i = 0; i < 200 && high - low > 1e-13 * high; i++)
        {
            var middle = (low + high) / 2;
            if (StudentTCentralProbability(middle, degreesOfFreedom) < confidence)
            {
                low = middle;
            }
            else
            {
                high = middle;
            }
        }

        return (low + high) / 2;
    }

    /// <summary>
    /// Returns <c>P(|T| &lt;= t)</c> for Student's t with <paramref name="degreesOfFreedom"/> degrees of freedom, by the
    /// finite sums of Abramowitz and Stegun 26.7.3 (odd) and 26.7.4 (even), with <c>theta = atan(t / sqrt(df))</c>.
    /// </summary>
    public static double StudentTCentralProbability(double t, int degreesOfFreedom)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(degreesOfFreedom, 1);
        var theta = Math.Atan(Math.Abs(t) / Math.Sqrt(degreesOfFreedom));
        var cos2 = Math.Cos(theta) * Math.Cos(theta);
        double sum = 1, term = 1;
        if (degreesOfFreedom % 2 == 1)
        {
            if (degreesOfFreedom == 1)
            {
                return 2 * theta / Math.PI;
            }

            // 1 + (2/3) c^2 + (2*4)/(3*5) c^4 + ... up to c^(df-3).
            for (var k = 1; 2 * k <= degreesOfFreedom - 3; k++)
            {
                term *= 2.0 * k / ((2.0 * k) + 1) * cos2;
                sum += term;
            }

            return 2 / Math.PI * (theta + (Math.Sin(theta) * Math.Cos(theta) * sum));
        }

        // 1 + (1/2) c^2 + (1*3)/(2*4) c^4 + ... up to c^(df-2).
        for (var k = 1; 2 * k <= degreesOfFreedom - 2; k++)
        {
            term *= ((2.0 * k) - 1) / (2.0 * k) * cos2;
            sum += term;
        }

        return Math.Sin(theta) * sum;
    }
}
