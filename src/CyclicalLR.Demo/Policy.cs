namespace CyclicalLR.Demo;

/// <summary>One learning-rate policy of the comparison, as a function of the training budget.</summary>
/// <param name="Name">The paper's name for it, for example <c>triangular2</c>.</param>
/// <param name="FileName">A file-name-safe name, for example <c>triangular2</c>.</param>
/// <param name="BudgetIndependent">
/// Whether the schedule is the same function of the iteration whatever the budget (fixed, triangular, triangular2, and
/// their cyclical momentum). Then a run stopped at a shorter budget is exactly the first iterations of a longer run with
/// the same seed (same initial weights, same batches, same learning rate and momentum at every iteration, and training
/// is deterministic), so one run to the longest budget, read at each budget's last iteration, gives every budget bit
/// for bit. A policy whose shape depends on the budget (exp_range's gamma, decay's length, 1cycle's total steps) needs
/// its own run per budget.
/// </param>
/// <param name="ForBudget">The schedule of a run of the given length in iterations (whole cycles).</param>
internal sealed record Policy(string Name, string FileName, bool BudgetIndependent, Func<long, PolicySchedule> ForBudget)
{
    /// <summary>The number of policies <see cref="CreateComparison"/> returns (so the plan can size the runs before the range test).</summary>
    public const int ComparisonCount = 6;

    /// <summary>How many of <see cref="CreateComparison"/>'s policies are <see cref="BudgetIndependent"/> (fixed, triangular, triangular2).</summary>
    public const int BudgetIndependentCount = 3;

    /// <summary>The momentum at a cyclical learning rate's peak with <c>--cyclical-momentum</c> (Smith 2018; PyTorch's <c>OneCycleLR</c> default).</summary>
    public const double BaseMomentum = 0.85;

    /// <summary>The momentum at a cyclical learning rate's base with <c>--cyclical-momentum</c>.</summary>
    public const double MaxMomentum = 0.95;

    /// <summary>
    /// Creates the policies of the comparison from the range test's bounds and the planned step size.
    /// </summary>
    /// <param name="baseLearningRate">The suggested lower bound.</param>
    /// <param name="maxLearningRate">The suggested upper bound (also 1cycle's peak).</param>
    /// <param name="stepSize">The half-cycle, in iterations.</param>
    /// <param name="fixedLearningRate">The fixed policy's rate.</param>
    /// <param name="cyclicalMomentum">
    /// Whether triangular, triangular2 and exp_range cycle the momentum inversely to the learning rate
    /// (<see cref="CyclicalMomentum"/>, <see cref="BaseMomentum"/> to <see cref="MaxMomentum"/>) and 1cycle uses its own
    /// momentum; otherwise every policy uses the constant <see cref="DemoPipeline.Momentum"/>. fixed and decay always do.
    /// </param>
    /// <returns>
    /// fixed; triangular; triangular2 (these three budget-independent); exp_range with <c>gamma^budget = 0.1</c> (the
    /// amplitude decays to a tenth over the run); decay from max to base over the whole run (Smith's fixed-decay
    /// baseline); and 1cycle (<see cref="OneCycle"/> with the suggested max over the whole run, PyTorch's defaults).
    /// </returns>
    public static IReadOnlyList<Policy> CreateComparison(
        double baseLearningRate,
        double maxLearningRate,
        long stepSize,
        double fixedLearningRate,
        bool cyclicalMomentum)
    {
        IMomentumSchedule? Cycled(ICyclicalSchedule schedule) => cyclicalMomentum ? new CyclicalMomentum(schedule, BaseMomentum, MaxMomentum) : null;
        PolicySchedule WithMomentum(ICyclicalSchedule schedule) => new(schedule, Cycled(schedule));

        var constant = new PolicySchedule(new ConstantSchedule(fixedLearningRate), null);
        var triangular = WithMomentum(new Triangular(baseLearningRate, maxLearningRate, stepSize));
        var triangular2 = WithMomentum(new Triangular2(baseLearningRate, maxLearningRate, stepSize));
        return
        [
            new("fixed", "fixed", BudgetIndependent: true, _ => constant),
            new("triangular", "triangular", BudgetIndependent: true, _ => triangular),
            new("triangular2", "triangular2", BudgetIndependent: true, _ => triangular2),
            new("exp_range", "exp-range", BudgetIndependent: false, total => WithMomentum(new ExpRange(baseLearningRate, maxLearningRate, stepSize, ExpRangeGamma(total)))),
            new("decay", "decay", BudgetIndependent: false, total => new PolicySchedule(new FixedDecay(baseLearningRate, maxLearningRate, total), null)),
            new("1cycle", "one-cycle", BudgetIndependent: false, total =>
            {
                var oneCycle = new OneCycle(maxLearningRate, total, baseMomentum: BaseMomentum, maxMomentum: MaxMomentum);
                return new PolicySchedule(oneCycle, cyclicalMomentum ? oneCycle : null);
            }),
        ];
    }

    /// <summary>Returns the <c>gamma</c> with <c>gamma^totalIterations = 0.1</c>.</summary>
    public static double ExpRangeGamma(long totalIterations) => Math.Pow(0.1, 1.0 / totalIterations);
}
