namespace CyclicalLR.Demo;

/// <summary>How the network is built and trained; the same for every policy so that only the schedule differs.</summary>
/// <param name="Hidden">Hidden ReLU units.</param>
/// <param name="BatchSize">Samples per mini-batch (one optimizer step).</param>
/// <param name="Momentum">SGD momentum; 0.9 as in the paper.</param>
internal sealed record TrainingSettings(int Hidden, int BatchSize, double Momentum);
