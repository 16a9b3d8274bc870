using System.Globalization;
using System.Runtime.CompilerServices;

namespace CyclicalLR;

/// <summary>
/// The general cyclical policy: the triangular cycle with its amplitude multiplied by a user scale function of the
/// cycle number or of the iteration (PyTorch's <c>CyclicLR(scale_fn=..., scale_mode=...)</c>).
/// </summary>
/// <remarks>
/// <para>
/// <c>lr(i) = base + (max - base) * p(i) * scale(x)</c>, where <c>p</c> is the triangle position of
/// <see cref="Triangular"/> and <c>x</c> is the 1-based cycle number <c>floor(i / (up + down)) + 1</c> for
/// <see cref="ScaleMode.Cycle"/> or the iteration <c>i</c> for <see cref="ScaleMode.Iterations"/>. With
/// <c>scale(x) = 1 / 2^(x - 1)</c> in cycle mode this is <see cref="Triangular2"/>; with <c>gamma^x</c> in iteration
/// mode it is <see cref="ExpRange"/>.
/// </para>
/// <para>
/// The scale function must be pure and thread-safe (it is called on every evaluation) and must return a finite,
/// non-negative value; anything else makes <see cref="GetLearningRate(long)"/> throw
/// <see cref="InvalidOperationException"/> rather than return a NaN or negative learning rate, and so does a finite
/// scale so large that the learning rate overflows (<c>(max - base) * scale(x)</c> above <see cref="double.MaxValue"/>):
/// the rate is never infinite. The value stays in <c>[base, base + (max - base) * scale(x)]</c>. Cycle arithmetic is in 64-bit integers, exact up to
/// <see cref="long.MaxValue"/>. The instance is immutable; it is as thread-safe as its scale function.
/// </para>
/// <para>Leslie N. Smith, <i>Cyclical Learning Rates for Training Neural Networks</i>, arXiv 1506.01186.</para>
/// </remarks>
public sealed class CyclicalSchedule : ICyclicalSchedule
{
    private readonly CyclicalShell _shell;

    /// <summary>Initializes a new instance of the <see cref="CyclicalSchedule"/> class.</summary>
    /// <include file="CyclicalDocs.xml" path="docs/ctor/*"/>
    /// <param name="scale">
    /// The amplitude scale as a function of the 1-based cycle number or the iteration (see <paramref name="scaleMode"/>);
    /// must return a finite value of at least 0.
    /// </param>
    /// <param name="scaleMode">Whether <paramref name="scale"/> receives the cycle number or the iteration.</param>
    /// <exception cref="ArgumentNullException"><paramref name="scale"/> is <see langword="null"/>.</exception>
    /// <include file="CyclicalDocs.xml" path="docs/bounds/*"/>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="scaleMode"/> is not a defined value.</exception>
    public CyclicalSchedule(double baseLearningRate, double maxLearningRate, long stepSize, Func<long, double> scale, ScaleMode scaleMode, long? stepSizeDown = null)
    {
        _shell = new CyclicalShell(baseLearningRate, maxLearningRate, stepSize, stepSizeDown);
        Guard.NotNull(scale);
        if (scaleMode is not (ScaleMode.Cycle or ScaleMode.Iterations))
        {
            Guard.ThrowOutOfRange(nameof(scaleMode), scaleMode, "must be ScaleMode.Cycle or ScaleMode.Iterations.");
        }

        Scale = scale;
        ScaleMode = scaleMode;
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

    /// <summary>Gets the amplitude scale function.</summary>
    public Func<long, double> Scale { get; }

    /// <summary>Gets what <see cref="Scale"/> receives: the 1-based cycle number or the iteration.</summary>
    public ScaleMode ScaleMode { get; }

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">
    /// The scale function returned NaN, an infinity or a negative value, or a finite value so large that the learning
    /// rate <c>base + (max - base) * p * scale</c> is not finite.
    /// </exception>
    public double GetLearningRate(long iteration)
    {
        var rate = _shell.Rate(GetAmplitudeFraction(iteration));
        if (!double.IsFinite(rate))
        {
            ThrowRateNotFinite(iteration);
        }

        return rate;
    }

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">The scale function returned NaN, an infinity or a negative value.</exception>
    public double GetAmplitudeFraction(long iteration)
    {
        Guard.Iteration(iteration);
        var position = _shell.Geometry.Position(iteration, out var cycleIndex);
        var x = ScaleMode == ScaleMode.Cycle ? cycleIndex + 1 : iteration;
        var factor = Scale(x);
        if (!double.IsFinite(factor) || !(factor >= 0))
        {
            ThrowBadScale(factor, x, ScaleMode);
        }

        return position * factor;
    }

    /// <summary>Returns the schedule's parameters, formatted with the invariant culture.</summary>
    /// <returns>For example <c>CyclicalSchedule(baseLearningRate: 0.001, maxLearningRate: 0.01, stepSize: 3, stepSizeDown: 3, scaleMode: Cycle)</c>.</returns>
    public override string ToString() => _shell.Describe(nameof(CyclicalSchedule), $", scaleMode: {ScaleMode}");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowRateNotFinite(long iteration)
    {
        _shell.Geometry.Offset(iteration, out var cycleIndex);
        var x = ScaleMode == ScaleMode.Cycle ? cycleIndex + 1 : iteration;
        throw new InvalidOperationException(string.Create(
            CultureInfo.InvariantCulture,
            $"The learning rate at iteration {iteration} is not finite: the scale function returned {Scale(x):R} for {(ScaleMode == ScaleMode.Cycle ? "cycle" : "iteration")} {x}, too large for the amplitude {MaxLearningRate - BaseLearningRate:R}."));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowBadScale(double factor, long x, ScaleMode mode) =>
        throw new InvalidOperationException(string.Create(
            CultureInfo.InvariantCulture,
            $"The scale function returned {factor:R} for {(mode == ScaleMode.Cycle ? "cycle" : "iteration")} {x}; it must return a finite number greater than or equal to 0."));
}
