namespace CyclicalLR;

/// <summary>Smith's <c>triangular2</c> policy: the triangular cycle with its amplitude halved at the end of each cycle.</summary>
/// <remarks>
/// <para>
/// <c>lr(i) = base + (max - base) * p(i) / 2^k</c>, where <c>k = floor(i / (up + down))</c> is the zero-based cycle
/// index and <c>p</c> the triangle position of <see cref="Triangular"/>. The value stays in <c>[base, max]</c> and its
/// peaks halve their height above base each cycle. It equals PyTorch's <c>CyclicLR(mode="triangular2")</c>; where
/// PyTorch raises Python's <c>OverflowError</c> (<c>2.0 ** k</c> overflows after about 1,024 cycles),
/// this class returns the exact limit: the scaled amplitude underflows to 0 and the value is exactly <c>base</c>.
/// </para>
/// <include file="CyclicalDocs.xml" path="docs/exact/*"/>
/// <include file="CyclicalDocs.xml" path="docs/smith/*"/>
/// </remarks>
public sealed class Triangular2 : ICyclicalSchedule
{
    private readonly CyclicalShell _shell;

    /// <summary>Initializes a new instance of the <see cref="Triangular2"/> class.</summary>
    /// <include file="CyclicalDocs.xml" path="docs/ctor/*"/>
    /// <include file="CyclicalDocs.xml" path="docs/bounds/*"/>
    public Triangular2(double baseLearningRate, double maxLearningRate, long stepSize, long? stepSizeDown = null) =>
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
        var position = _shell.Geometry.Position(iteration, out var cycleIndex);

        // ScaleB multiplies by 2^-k exactly (rounding only in the subnormal range). The last cycle whose peak is not 0 is
        // k = 1074 (2^-1074 is the smallest subnormal); from k = 1075 on, position * 2^-k <= 2^-1075 rounds to 0, so
        // return that directly: ScaleB's underflow path is several times slower, and k may not fit in an int.
        return cycleIndex <= 1074 ? Math.ScaleB(position, -(int)cycleIndex) : 0.0;
    }

    /// <summary>Returns the schedule's name and parameters, formatted with the invariant culture.</summary>
    /// <returns>For example <c>Triangular2(baseLearningRate: 0.001, maxLearningRate: 0.006, stepSize: 2000, ...)</c>.</returns>
    public override string ToString() => _shell.Describe(nameof(Triangular2));
}
