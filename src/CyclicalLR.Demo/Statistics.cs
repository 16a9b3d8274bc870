namespace CyclicalLR.Demo;

/// <summary>Mean and spread of a few numbers, summed in order (so the result does not depend on threading).</summary>
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
}
