namespace CyclicalLR.Demo;

/// <summary>The runs of one policy over every seed, and their summary.</summary>
internal sealed class PolicyResult
{
    /// <summary>Initializes a new instance of the <see cref="PolicyResult"/> class.</summary>
    /// <param name="policy">The policy.</param>
    /// <param name="runs">One curve per seed, all measured at the same iterations.</param>
    public PolicyResult(Policy policy, IReadOnlyList<TrainingCurve> runs)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentOutOfRangeException.ThrowIfZero(runs.Count);
        Policy = policy;
        Runs = runs;
        Iterations = runs[0].Iterations;
        MeanCurve = new double[Iterations.Length];
        for (var i = 0; i < MeanCurve.Length; i++)
        {
            MeanCurve[i] = Statistics.Mean(runs.Select(r => r.Accuracy[i]));
        }

        var finals = runs.Select(r => r.FinalAccuracy).ToArray();
        FinalMean = Statistics.Mean(finals);
        FinalStandardDeviation = Statistics.SampleStandardDeviation(finals);
    }

    /// <summary>Gets the policy.</summary>
    public Policy Policy { get; }

    /// <summary>Gets one curve per seed.</summary>
    public IReadOnlyList<TrainingCurve> Runs { get; }

    /// <summary>Gets the iterations at which accuracy was measured.</summary>
    public long[] Iterations { get; }

    /// <summary>Gets the mean accuracy over the seeds at each of <see cref="Iterations"/>.</summary>
    public double[] MeanCurve { get; }

    /// <summary>Gets the mean final test accuracy over the seeds.</summary>
    public double FinalMean { get; }

    /// <summary>Gets the sample standard deviation of the final test accuracy over the seeds (0 for one seed).</summary>
    public double FinalStandardDeviation { get; }

    /// <summary>Gets the number of iterations every run trained for.</summary>
    public long TotalIterations => Iterations[^1];

    /// <summary>Returns the first measured iteration at which the mean curve reaches <paramref name="accuracy"/>, or <see langword="null"/>.</summary>
    public long? FirstReaching(double accuracy)
    {
        for (var i = 0; i < MeanCurve.Length; i++)
        {
            if (MeanCurve[i] >= accuracy)
            {
                return Iterations[i];
            }
        }

        return null;
    }
}
