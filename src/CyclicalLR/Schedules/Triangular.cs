namespace CyclicalLR;

/// <summary>Smith's <c>triangular</c> policy: the learning rate rises linearly from base to max over <c>stepSize</c> iterations, falls back over <c>stepSizeDown</c>, and repeats.</summary>
/// <remarks>
/// <para>
/// <c>lr(i) = base + (max - base) * p(i)</c>, where, with <c>c = i mod (up + down)</c>, <c>p = c / up</c> while
/// <c>c &lt;= up</c> and <c>p = (up + down - c) / down</c> after. The value stays in <c>[base, max]</c>: it is
/// <c>base</c> at iteration 0 and at every multiple of the cycle length, and <c>max</c> at <c>stepSize</c>,
/// <c>stepSize + cycle</c>, ... (exactly: the value is computed from the nearer bound). It equals PyTorch's <c>CyclicLR(mode="triangular")</c> at <c>last_epoch = i</c>.
/// </para>
/// <include file="CyclicalDocs.xml" path="docs/exact/*"/>
/// <include file="CyclicalDocs.xml" path="docs/smith/*"/>
/// </remarks>
public sealed class Triangular : ICyclicalSchedule
{
    private readonly CyclicalShell _shell;

    /// <summary>Initializes a new instance of the <see cref="Triangular"/> class.</summary>
    /// <include file="CyclicalDocs.xml" path="docs/ctor/*"/>
    /// <include file="CyclicalDocs.xml" path="docs/bounds/*"/>
    public Triangular(double baseLearningRate, double maxLearningRate, long stepSize, long? stepSizeDown = null) =>
        _shell = new CyclicalShell(baseLearningRate, maxLearningRate, stepSize, stepSizeDown);

    /// <inheritdoc/>
    public double BaseLearningRate => _shell.BaseLearningRate;

    /// <inheritdoc/>
    public double MaxLearningRate => _shell.MaxLearningRate;

    /// <include file="CyclicalDocs.xml" path="docs/stepSize/*"/>
    public long StepSize => _shell.Geometry.StepSizeUp;

    /// <include file="CyclicalDocs.xml" path="docs/stepSizeDown/*"/>
    public long StepSizeDown => _shell.Geometry.StepSizeDown;

    /// <include file="CyclicalDocs.xml" path="docs/cycleLength/*"/>
    public long CycleLength => _shell.Geometry.CycleLength;

    /// <inheritdoc/>
    public double GetLearningRate(long iteration) => _shell.Rate(GetAmplitudeFraction(iteration));

    /// <inheritdoc/>
    public double GetAmplitudeFraction(long iteration)
    {
        Guard.Iteration(iteration);
        return _shell.Geometry.Position(iteration, out _);
    }

    /// <summary>Returns the schedule's name and parameters, formatted with the invariant culture.</summary>
    /// <returns>For example <c>Triangular(baseLearningRate: 0.001, maxLearningRate: 0.006, stepSize: 2000, ...)</c>.</returns>
    public override string ToString() => _shell.Describe(nameof(Triangular));
}
