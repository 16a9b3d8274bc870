using System.Globalization;

namespace CyclicalLR;

/// <summary>Smith's <c>exp_range</c> policy: the triangular cycle with its amplitude scaled by <c>gamma^iteration</c>.</summary>
/// <remarks>
/// <para>
/// <c>lr(i) = base + (max - base) * p(i) * gamma^i</c>, with <c>p</c> the triangle position of <see cref="Triangular"/>
/// and <c>i</c> the total iteration (not the cycle), as in PyTorch's <c>CyclicLR(mode="exp_range")</c> and Smith's
/// original code. (TorchSharp scales by the cycle number instead; this class does not.) The value stays in
/// <c>[base, max]</c> and approaches <c>base</c> as <c>i</c> grows; with <c>gamma = 1</c> it is <see cref="Triangular"/>.
/// </para>
/// <include file="CyclicalDocs.xml" path="docs/exact/*"/>
/// <include file="CyclicalDocs.xml" path="docs/smith/*"/>
/// </remarks>
public sealed class ExpRange : ICyclicalSchedule
{
    private readonly CyclicalShell _shell;

    /// <summary>Initializes a new instance of the <see cref="ExpRange"/> class.</summary>
    /// <include file="CyclicalDocs.xml" path="docs/ctor/*"/>
    /// <param name="gamma">The per-iteration decay of the amplitude; in (0, 1], for example 0.99994.</param>
    /// <include file="CyclicalDocs.xml" path="docs/bounds/*"/>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="gamma"/> is not in (0, 1].</exception>
    public ExpRange(double baseLearningRate, double maxLearningRate, long stepSize, double gamma, long? stepSizeDown = null)
    {
        _shell = new CyclicalShell(baseLearningRate, maxLearningRate, stepSize, stepSizeDown);
        Guard.DecayFactor(gamma);
        Gamma = gamma;
    }

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

    /// <summary>Gets the per-iteration decay factor of the amplitude, in (0, 1].</summary>
    public double Gamma { get; }

    /// <inheritdoc/>
    public double GetLearningRate(long iteration) => _shell.Rate(GetAmplitudeFraction(iteration));

    /// <inheritdoc/>
    public double GetAmplitudeFraction(long iteration)
    {
        Guard.Iteration(iteration);
        var position = _shell.Geometry.Position(iteration, out _);
        return position * Math.Pow(Gamma, iteration);
    }

    /// <summary>Returns the schedule's name and parameters, formatted with the invariant culture.</summary>
    /// <returns>For example <c>ExpRange(baseLearningRate: 0.001, maxLearningRate: 0.006, stepSize: 2000, ...)</c>.</returns>
    public override string ToString() => _shell.Describe(nameof(ExpRange), string.Create(CultureInfo.InvariantCulture, $", gamma: {Gamma:R}"));
}
