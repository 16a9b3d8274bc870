using System.Globalization;

namespace CyclicalLR;

/// <summary>A half cosine from the max learning rate down to the min over <c>period</c> iterations, then back up, and so on (PyTorch's <c>CosineAnnealingLR</c>, closed form).</summary>
/// <remarks>
/// <para>
/// <c>lr(i) = min + (max - min) * (1 + cos(pi * i / period)) / 2</c>: exactly <c>max</c> at 0, exactly <c>min</c> at
/// <c>period</c>, always in <c>[min, max]</c>. Like PyTorch's closed form (<c>_get_closed_form_lr</c>), it keeps
/// following the cosine past <c>period</c>: it rises back to <c>max</c> at <c>2 * period</c> and repeats with period
/// <c>2 * period</c>. To hold at <c>min</c> instead, join a <see cref="ConstantSchedule"/> after <c>period</c>
/// iterations; for restarts at <c>max</c>, use <see cref="CosineWarmRestarts"/>. PyTorch's default recursive form
/// differs from its closed form by rounding only.
/// </para>
/// <para>
/// The position in the <c>2 * period</c> cycle is an integer remainder and the cosine is evaluated from the nearer end
/// (as <c>sin^2</c> of a quarter-turn), so the value is accurate to a few ulps at every iteration up to
/// <see cref="long.MaxValue"/> (PyTorch's float <c>i / period</c> loses the phase far out). The instance is immutable
/// and thread-safe; <see cref="GetLearningRate(long)"/> is a pure, allocation-free function of the iteration.
/// </para>
/// <para>Ilya Loshchilov and Frank Hutter, <i>SGDR: Stochastic Gradient Descent with Warm Restarts</i>, arXiv 1608.03983.</para>
/// </remarks>
public sealed class CosineAnnealing : ILearningRateSchedule
{
    private readonly CycleGeometry _geometry;
    private readonly double _amplitude;

    /// <summary>Initializes a new instance of the <see cref="CosineAnnealing"/> class.</summary>
    /// <param name="maxLearningRate">The learning rate at iteration 0; finite and at least <paramref name="minLearningRate"/>.</param>
    /// <param name="minLearningRate">The learning rate at iteration <paramref name="period"/> (PyTorch's <c>eta_min</c>); finite and at least 0.</param>
    /// <param name="period">Iterations from max to min (PyTorch's <c>T_max</c>); at least 1 and at most <c>long.MaxValue / 2</c>.</param>
    /// <exception cref="ArgumentOutOfRangeException">
    /// A learning rate is NaN, infinite or negative; <paramref name="maxLearningRate"/> is below
    /// <paramref name="minLearningRate"/>; <paramref name="period"/> is below 1 or <c>2 * period</c> overflows a <see cref="long"/>.
    /// </exception>
    public CosineAnnealing(double maxLearningRate, double minLearningRate, long period)
    {
        Guard.FiniteNonNegative(maxLearningRate);
        Guard.FiniteNonNegative(minLearningRate);
        Guard.Ordered(minLearningRate, maxLearningRate);
        _geometry = new CycleGeometry(period, null, nameof(period));
        MaxLearningRate = maxLearningRate;
        MinLearningRate = minLearningRate;
        _amplitude = minLearningRate - maxLearningRate;
    }

    /// <summary>Gets the learning rate at iteration 0 (and every multiple of <c>2 * Period</c>).</summary>
    public double MaxLearningRate { get; }

    /// <summary>Gets the learning rate at iteration <see cref="Period"/> (and every odd multiple of it).</summary>
    public double MinLearningRate { get; }

    /// <summary>Gets the number of iterations from max to min.</summary>
    public long Period => _geometry.StepSizeUp;

    /// <inheritdoc/>
    public double GetLearningRate(long iteration)
    {
        Guard.Iteration(iteration);
        var offset = _geometry.Offset(iteration, out _);
        var period = _geometry.StepSizeUp;
        return offset <= period
            ? Ramp.Cosine(MaxLearningRate, MinLearningRate, _amplitude, offset, period)
            : Ramp.Cosine(MinLearningRate, MaxLearningRate, -_amplitude, offset - period, period);
    }

    /// <summary>Returns the schedule's parameters, formatted with the invariant culture.</summary>
    /// <returns>For example <c>CosineAnnealing(maxLearningRate: 0.1, minLearningRate: 0.001, period: 50)</c>.</returns>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"CosineAnnealing(maxLearningRate: {MaxLearningRate:R}, minLearningRate: {MinLearningRate:R}, period: {Period})");
}
