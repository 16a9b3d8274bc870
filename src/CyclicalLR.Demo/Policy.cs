namespace CyclicalLR.Demo;

/// <summary>One learning-rate policy of the comparison.</summary>
/// <param name="Name">The paper's name for it, for example <c>triangular2</c>.</param>
/// <param name="FileName">A file-name-safe name, for example <c>triangular2</c>.</param>
/// <param name="Schedule">The schedule the runs use.</param>
internal sealed record Policy(string Name, string FileName, ILearningRateSchedule Schedule)
{
    /// <summary>The number of policies <see cref="CreateComparison"/> returns (so the plan can size the runs before the range test).</summary>
    public const int ComparisonCount = 5;

    /// <summary>
    /// Creates the five policies of the paper's comparison from the range test's bounds and the planned step size.
    /// </summary>
    /// <param name="baseLearningRate">The suggested lower bound.</param>
    /// <param name="maxLearningRate">The suggested upper bound.</param>
    /// <param name="stepSize">The half-cycle, in iterations.</param>
    /// <param name="totalIterations">The length of every run, in iterations (whole cycles).</param>
    /// <param name="fixedLearningRate">The fixed policy's rate.</param>
    /// <returns>
    /// fixed; triangular; triangular2; exp_range with <c>gamma^total = 0.1</c> (the amplitude decays to a tenth over
    /// the run); and decay from max to base over the whole run (Smith's fixed-decay baseline).
    /// </returns>
    public static IReadOnlyList<Policy> CreateComparison(
        double baseLearningRate,
        double maxLearningRate,
        long stepSize,
        long totalIterations,
        double fixedLearningRate)
    {
        var gamma = ExpRangeGamma(totalIterations);
        return
        [
            new("fixed", "fixed", new ConstantSchedule(fixedLearningRate)),
            new("triangular", "triangular", new Triangular(baseLearningRate, maxLearningRate, stepSize)),
            new("triangular2", "triangular2", new Triangular2(baseLearningRate, maxLearningRate, stepSize)),
            new("exp_range", "exp-range", new ExpRange(baseLearningRate, maxLearningRate, stepSize, gamma)),
            new("decay", "decay", new FixedDecay(baseLearningRate, maxLearningRate, totalIterations)),
        ];
    }

    /// <summary>Returns the <c>gamma</c> with <c>gamma^totalIterations = 0.1</c>.</summary>
    public static double ExpRangeGamma(long totalIterations) => Math.Pow(0.1, 1.0 / totalIterations);
}
