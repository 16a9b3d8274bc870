namespace CyclicalLR.Demo;

/// <summary>One policy's results over every seed: its final accuracy at each budget, and the curves of its longest runs.</summary>
internal sealed class PolicyResult
{
    private readonly double[][] _finals;
    private readonly int[] _diverged;

    /// <summary>Initializes a new instance of the <see cref="PolicyResult"/> class.</summary>
    /// <param name="policy">The policy.</param>
    /// <param name="plan">The budgets.</param>
    /// <param name="finals">Final test accuracy per budget (outer) and seed (inner, in seed order).</param>
    /// <param name="diverged">Per budget, how many seeds' runs had diverged by that budget's end.</param>
    /// <param name="longestRuns">One curve per seed, of the run to the longest budget, all measured at the same iterations.</param>
    public PolicyResult(Policy policy, BudgetPlan plan, double[][] finals, int[] diverged, IReadOnlyList<TrainingCurve> longestRuns)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(finals);
        ArgumentNullException.ThrowIfNull(diverged);
        ArgumentNullException.ThrowIfNull(longestRuns);
        ArgumentOutOfRangeException.ThrowIfZero(longestRuns.Count);
        if (finals.Length != plan.Budgets.Length || diverged.Length != plan.Budgets.Length || finals.Any(f => f.Length != longestRuns.Count))
        {
            throw new ArgumentException("One final accuracy per budget and seed is needed.", nameof(finals));
        }

        Policy = policy;
        Plan = plan;
        _finals = finals;
        _diverged = diverged;
        Runs = longestRuns;
        Iterations = longestRuns[0].Iterations;
        MeanCurve = new double[Iterations.Length];
        for (var i = 0; i < MeanCurve.Length; i++)
        {
            MeanCurve[i] = Statistics.Mean(longestRuns.Select(r => r.Accuracy[i]));
        }
    }

    /// <summary>Gets the policy.</summary>
    public Policy Policy { get; }

    /// <summary>Gets the budgets.</summary>
    public BudgetPlan Plan { get; }

    /// <summary>Gets one curve per seed, of the run to the longest budget.</summary>
    public IReadOnlyList<TrainingCurve> Runs { get; }

    /// <summary>Gets the iterations at which the longest runs measured accuracy.</summary>
    public long[] Iterations { get; }

    /// <summary>Gets the mean accuracy over the seeds at each of <see cref="Iterations"/>.</summary>
    public double[] MeanCurve { get; }

    /// <summary>Gets the longest budget in iterations.</summary>
    public long TotalIterations => Iterations[^1];

    /// <summary>Gets the mean final accuracy at the longest budget.</summary>
    public double FinalMean => Mean(_finals.Length - 1);

    /// <summary>Returns every seed's final accuracy at budget <paramref name="budgetIndex"/>, in seed order.</summary>
    public IReadOnlyList<double> Finals(int budgetIndex) => _finals[budgetIndex];

    /// <summary>Returns the mean final accuracy at budget <paramref name="budgetIndex"/>.</summary>
    public double Mean(int budgetIndex) => Statistics.Mean(_finals[budgetIndex]);

    /// <summary>Returns the sample standard deviation of the final accuracy at budget <paramref name="budgetIndex"/> (0 for one seed).</summary>
    public double StandardDeviation(int budgetIndex) => Statistics.SampleStandardDeviation(_finals[budgetIndex]);

    /// <summary>Returns how many seeds' runs had diverged by the end of budget <paramref name="budgetIndex"/>.</summary>
    public int DivergedCount(int budgetIndex) => _diverged[budgetIndex];
}
