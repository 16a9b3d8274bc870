namespace CyclicalLR.Demo;

/// <summary>One training run of the budget protocol (per seed): a policy trained for some iterations and read at some budgets.</summary>
/// <param name="Policy">The policy trained.</param>
/// <param name="Iterations">The run's length: the last budget it is read at, in iterations.</param>
/// <param name="BudgetIndexes">The budgets (indexes into <see cref="BudgetPlan.Budgets"/>) this run gives the final accuracy of, ascending.</param>
internal sealed record BudgetRun(Policy Policy, long Iterations, IReadOnlyList<int> BudgetIndexes)
{
    /// <summary>Gets a value indicating whether this one run gives several budgets (a prefix of it is each shorter run).</summary>
    public bool Shared => BudgetIndexes.Count > 1;
}
