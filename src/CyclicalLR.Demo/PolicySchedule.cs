namespace CyclicalLR.Demo;

/// <summary>What one training run follows: a learning rate per iteration and, optionally, a momentum per iteration.</summary>
/// <param name="Rate">The learning rate of each iteration.</param>
/// <param name="Momentum">The momentum of each iteration, or <see langword="null"/> for the settings' constant momentum.</param>
internal sealed record PolicySchedule(ILearningRateSchedule Rate, IMomentumSchedule? Momentum)
{
    /// <summary>Describes the schedule in a few words for the table.</summary>
    public string Describe() => ComparisonTable.Describe(Rate) + (Momentum is null ? string.Empty : ", momentum cycled 0.85–0.95");
}
