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
/// scale so large that the learning rate overflows (for example <c>1e310 * 0.009</c>): the rate is never infinite. The value stays in
/// <c>[base, base + (max - base) * scale(x)]</c>. Cycle arithmetic is in 64-bit integers, exact up to
/// <see cref="long.MaxValue"/>. The instance is immutable; it is as thread-safe as its scale function.
/// </para>
/// <para>Leslie N. Smith, <i>Cyclical Learning Rates for Training Neural Networks</i>, arXiv 1506.01186.</para>
/// </remarks>
public sealed class CyclicalSchedule : ICyclicalSchedule
{
    private readonly CycleGeometry _geometry;
    private readonly double _amplitude;

    /// <summary>Initializes a new instance of the <see cref="CyclicalSchedule"/> class.</summary>
    /// <param name="baseLearningRate">The lower bound (the learning rate at iteration 0); finite and at least 0.</param>
    /// <param name="maxLearningRate">The upper bound before scaling; finite and at least <paramref name="baseLearningRate"/>.</param>
    /// <param name="stepSize">Iterations in the rising half-cycle; at least 1.</param>
    /// <param name="scale">
    /// The amplitude scale as a function of the 1-based cycle number or the iteration (see <paramref name="scaleMode"/>);
    /// must return a finite value of at least 0.
    /// </param>
    /// <param name="scaleMode">Whether <paramref name="scale"/> receives the cycle number or the iteration.</param>
    /// <param name="stepSizeDown">
    /// Iterations in the falling half-cycle; at least 1, or <see langword="null"/> for the same as
    /// <paramref name="stepSize"/>.
    /// </param>
    /// <exception cref="ArgumentNullException"><paramref name="scale"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">
    /// A learning rate is NaN, infinite or negative; <paramref name="maxLearningRate"/> is below
    /// <paramref name="baseLearningRate"/>; a step size is below 1, or the cycle length overflows a <see cref="long"/>;
    /// <paramref name="scaleMode"/> is not a defined value.
    /// </exception>
    public CyclicalSchedule(double baseLearningRate, double maxLearningRate, long stepSize, Func<long, double> scale, ScaleMode scaleMode, long? stepSizeDown = null)
    {
        Guard.FiniteNonNegative(baseLearningRate);
        Guard.FiniteNonNegative(maxLearningRate);
        Guard.Ordered(baseLearningRate, maxLearningRate);
        _geometry = new CycleGeometry(stepSize, stepSizeDown);
        Guard.NotNull(scale);
        if (scaleMode is not (ScaleMode.Cycle or ScaleMode.Iterations))
        {
            Guard.ThrowOutOfRange(nameof(scaleMode), scaleMode, "must be ScaleMode.Cycle or ScaleMode.Iterations.");
        }

        BaseLearningRate = baseLearningRate;
        MaxLearningRate = maxLearningRate;
        Scale = scale;
        ScaleMode = scaleMode;
        _amplitude = maxLearningRate - baseLearningRate;
    }

    /// <inheritdoc/>
    public double BaseLearningRate { get; }

    /// <inheritdoc/>
    public double MaxLearningRate { get; }

    /// <summary>Gets the number of iterations in the rising half-cycle.</summary>
    public long StepSize => _geometry.StepSizeUp;

    /// <summary>Gets the number of iterations in the falling half-cycle (equal to <see cref="StepSize"/> unless set).</summary>
    public long StepSizeDown => _geometry.StepSizeDown;

    /// <summary>Gets the number of iterations in one whole cycle, <c>StepSize + StepSizeDown</c>.</summary>
    public long CycleLength => _geometry.CycleLength;

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
        var rate = Interpolation.Lerp(BaseLearningRate, MaxLearningRate, _amplitude, GetAmplitudeFraction(iteration));
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
        var position = _geometry.Position(iteration, out var cycleIndex);
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
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"CyclicalSchedule(baseLearningRate: {BaseLearningRate:R}, maxLearningRate: {MaxLearningRate:R}, stepSize: {StepSize}, stepSizeDown: {StepSizeDown}, scaleMode: {ScaleMode})");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowRateNotFinite(long iteration)
    {
        _geometry.Offset(iteration, out var cycleIndex);
        var x = ScaleMode == ScaleMode.Cycle ? cycleIndex + 1 : iteration;
        throw new InvalidOperationException(string.Create(
            CultureInfo.InvariantCulture,
            $"The learning rate at iteration {iteration} is not finite: the scale function returned {Scale(x):R} for {(ScaleMode == ScaleMode.Cycle ? "cycle" : "iteration")} {x}, too large for the amplitude {_amplitude:R}."));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowBadScale(double factor, long x, ScaleMode mode) =>
        throw new InvalidOperationException(string.Create(
            CultureInfo.InvariantCulture,
            $"The scale function returned {factor:R} for {(mode == ScaleMode.Cycle ? "cycle" : "iteration")} {x}; it must return a finite number greater than or equal to 0."));
}
