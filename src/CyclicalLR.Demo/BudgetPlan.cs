using System.Globalization;

namespace CyclicalLR.Demo;

/// <summary>
/// Smith's budget protocol (Table 1 of arXiv 1506.01186): every policy is trained to budgets of 1, 2, 4, ... cycles
/// (up to <c>--cycles</c>), each stopped at a cycle's end, and its final test accuracy at each budget is compared with
/// the fixed policy's accuracy at the longest budget.
/// </summary>
/// <remarks>
/// Where it is exact, one run serves several budgets: a policy whose schedule (learning rate and momentum) does not
/// depend on the budget (<see cref="Policy.BudgetIndependent"/>: fixed, triangular, triangular2) is trained once to the
/// longest budget and read at every budget's last iteration. With the same seed a shorter run would see the same
/// initial weights, the same batches and the same learning rate and momentum at every iteration, and training is
/// deterministic and single-threaded, so its weights after <c>k</c> cycles are those of the longer run after <c>k</c>
/// cycles, bit for bit (tested). A policy whose shape depends on the budget (exp_range's gamma, decay's length,
/// 1cycle's total steps) is trained once per budget.
/// </remarks>
internal sealed class BudgetPlan
{
    /// <summary>Initializes a new instance of the <see cref="BudgetPlan"/> class.</summary>
    /// <param name="policies">The policies, fixed first.</param>
    /// <param name="longestCycles">The longest budget in cycles (<c>--cycles</c>), at least 1.</param>
    /// <param name="cycleLength">Iterations per cycle (twice the step size), at least 1.</param>
    public BudgetPlan(IReadOnlyList<Policy> policies, int longestCycles, long cycleLength)
    {
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentOutOfRangeException.ThrowIfLessThan(longestCycles, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(cycleLength, 1);
        Policies = policies;
        Budgets = BudgetsUpTo(longestCycles);
        CycleLength = cycleLength;
        var last = Budgets.Length - 1;
        var runs = new List<BudgetRun>();
        foreach (var policy in policies)
        {
            if (policy.BudgetIndependent)
            {
                runs.Add(new BudgetRun(policy, Iterations(last), Enumerable.Range(0, Budgets.Length).ToArray()));
            }
            else
            {
                runs.AddRange(Enumerable.Range(0, Budgets.Length).Select(b => new BudgetRun(policy, Iterations(b), [b])));
            }
        }

        Runs = runs;
    }

    /// <summary>Gets the policies, fixed first.</summary>
    public IReadOnlyList<Policy> Policies { get; }

    /// <summary>Gets the budgets in cycles, ascending: 1, 2, 4, ... and the longest.</summary>
    public int[] Budgets { get; }

    /// <summary>Gets the iterations per cycle.</summary>
    public long CycleLength { get; }

    /// <summary>Gets the runs one seed needs: one per budget-independent policy, one per budget for the others.</summary>
    public IReadOnlyList<BudgetRun> Runs { get; }

    /// <summary>Gets the longest budget in iterations.</summary>
    public long LongestIterations => Iterations(Budgets.Length - 1);

    /// <summary>Gets the iterations one seed trains, summed over <see cref="Runs"/>.</summary>
    public long IterationsPerSeed => Runs.Sum(r => r.Iterations);

    /// <summary>Returns the length of budget <paramref name="budgetIndex"/> in iterations.</summary>
    public long Iterations(int budgetIndex) => Budgets[budgetIndex] * CycleLength;

    /// <summary>Returns the budgets for a longest budget: the powers of two below it, then it (<c>8</c> gives 1, 2, 4, 8; <c>6</c> gives 1, 2, 4, 6).</summary>
    public static int[] BudgetsUpTo(int longestCycles)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(longestCycles, 1);
        var budgets = new List<int>();
        for (var b = 1; b < longestCycles; b *= 2)
        {
            budgets.Add(b);
        }

        budgets.Add(longestCycles);
        return [.. budgets];
    }

    /// <summary>Returns how a policy's budgets are trained, for the table: "one run, read at 1, 2, 4, 8 cycles" or "a run per budget".</summary>
    public string RunsOf(Policy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return policy.BudgetIndependent
            ? string.Create(CultureInfo.InvariantCulture, $"one {Budgets[^1]}-cycle run, read at each budget")
            : "a run per budget";
    }
}
