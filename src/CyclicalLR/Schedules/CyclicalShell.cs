using System.Globalization;
using System.Runtime.CompilerServices;

namespace CyclicalLR;

/// <summary>
/// What every triangular cyclical policy shares: the checked bounds and cycle, the rate from an amplitude fraction,
/// and the parameter list of <c>ToString()</c>. A policy adds its amplitude scale, its own checks and its docs.
/// </summary>
internal readonly struct CyclicalShell
{
    private readonly double _amplitude;

    /// <summary>Checks and stores the bounds and the cycle; exceptions name the caller's parameters.</summary>
    public CyclicalShell(double baseLearningRate, double maxLearningRate, long stepSize, long? stepSizeDown)
    {
        Guard.FiniteNonNegative(baseLearningRate);
        Guard.FiniteNonNegative(maxLearningRate);
        Guard.Ordered(baseLearningRate, maxLearningRate);
        Geometry = new CycleGeometry(stepSize, stepSizeDown);
        BaseLearningRate = baseLearningRate;
        MaxLearningRate = maxLearningRate;
        _amplitude = maxLearningRate - baseLearningRate;
    }

    public double BaseLearningRate { get; }

    public double MaxLearningRate { get; }

    public CycleGeometry Geometry { get; }

    /// <summary>Returns <c>base + (max - base) * fraction</c>, exact at both bounds.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Rate(double fraction) => Ramp.Linear(BaseLearningRate, MaxLearningRate, _amplitude, fraction);

    /// <summary>Returns <c>Name(baseLearningRate: ..., maxLearningRate: ..., stepSize: ..., stepSizeDown: ...extra)</c>, invariant culture.</summary>
    public string Describe(string name, string extra = "") => string.Create(
        CultureInfo.InvariantCulture,
        $"{name}(baseLearningRate: {BaseLearningRate:R}, maxLearningRate: {MaxLearningRate:R}, stepSize: {Geometry.StepSizeUp}, stepSizeDown: {Geometry.StepSizeDown}{extra})");
}
