using System.Globalization;
using System.Runtime.CompilerServices;

namespace CyclicalLR;

/// <summary>
/// Any schedule times a constant factor: a per-parameter-group multiplier (for example a smaller rate for a
/// pretrained backbone) that keeps the shape of one shared schedule.
/// </summary>
/// <remarks>
/// <para>
/// <c>lr(i) = factor * schedule(i)</c>, one rounding. PyTorch gets the same effect by giving each parameter group its
/// own initial <c>lr</c> under one multiplicative scheduler; fastai's discriminative rates are such factors.
/// </para>
/// <para>
/// The instance is immutable and thread-safe when the wrapped schedule is, and <see cref="GetLearningRate(long)"/>
/// allocates nothing. A product too large for a <see cref="double"/> throws <see cref="InvalidOperationException"/>
/// rather than returning infinity. Momentum is unchanged by a factor on the learning rate: use the wrapped schedule's.
/// </para>
/// </remarks>
public sealed class ScaledSchedule : ILearningRateSchedule
{
    /// <summary>Initializes a new instance of the <see cref="ScaledSchedule"/> class.</summary>
    /// <param name="schedule">The schedule to scale.</param>
    /// <param name="factor">The multiplier; finite and at least 0.</param>
    /// <exception cref="ArgumentNullException"><paramref name="schedule"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="factor"/> is NaN, infinite or negative.</exception>
    public ScaledSchedule(ILearningRateSchedule schedule, double factor)
    {
        Guard.NotNull(schedule);
        Guard.FiniteNonNegative(factor);
        Schedule = schedule;
        Factor = factor;
    }

    /// <summary>Gets the wrapped schedule.</summary>
    public ILearningRateSchedule Schedule { get; }

    /// <summary>Gets the multiplier.</summary>
    public double Factor { get; }

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">The product overflows a <see cref="double"/>.</exception>
    public double GetLearningRate(long iteration)
    {
        Guard.Iteration(iteration);
        var value = Factor * Schedule.GetLearningRate(iteration);
        if (!double.IsFinite(value))
        {
            ThrowOverflow(iteration);
        }

        return value;
    }

    /// <summary>Returns the factor and the wrapped schedule, formatted with the invariant culture.</summary>
    /// <returns>For example <c>ScaledSchedule(factor: 0.1, schedule: Triangular(...))</c>.</returns>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"ScaledSchedule(factor: {Factor:R}, schedule: {Schedule})");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowOverflow(long iteration) => throw new InvalidOperationException(string.Create(
        CultureInfo.InvariantCulture,
        $"{this} at iteration {iteration}: factor {Factor:R} times {Schedule.GetLearningRate(iteration):R} overflows a double."));
}
