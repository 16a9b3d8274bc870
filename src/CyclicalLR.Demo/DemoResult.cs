namespace CyclicalLR.Demo;

/// <summary>Everything a demo run produced, for the console, the report and the tests.</summary>
/// <param name="Options">The settings of the run.</param>
/// <param name="Data">How the data was loaded and split.</param>
/// <param name="RangeTest">Step 1's curve and bounds.</param>
/// <param name="IterationsPerEpoch">Batches per epoch of the training split.</param>
/// <param name="StepSize">The planned half-cycle, in iterations.</param>
/// <param name="FixedLearningRate">The fixed policy's rate.</param>
/// <param name="Policies">Step 2's results, one per policy, fixed first.</param>
/// <param name="Table">Step 2's table.</param>
internal sealed record DemoResult(
    DemoOptions Options,
    string Data,
    RangeTestOutcome RangeTest,
    long IterationsPerEpoch,
    long StepSize,
    double FixedLearningRate,
    IReadOnlyList<PolicyResult> Policies,
    ComparisonTable Table);
