using System.Collections.ObjectModel;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace CyclicalLR;

/// <summary>
/// The product of several schedules evaluated at the same iteration (PyTorch's <c>ChainedScheduler</c>): typically one
/// schedule in absolute rates times dimensionless factor schedules (schedules that start at 1).
/// </summary>
/// <remarks>
/// <para>
/// <c>lr(i) = s_0(i) * s_1(i) * ... * s_n(i)</c>, multiplied left to right. PyTorch's <c>ChainedScheduler</c> multiplies the
/// factors of its multiplicative schedulers into one learning rate: there, <c>ChainedScheduler([ConstantLR(factor=f,
/// total_iters=k), ExponentialLR(gamma)])</c> on a base rate <c>lr</c> is, here, the product of
/// <c>ExponentialDecay(lr, gamma)</c> and a <see cref="SequentialSchedule"/> of constant factors <c>f</c> then 1 at
/// milestone <c>k</c>.
/// </para>
/// <para>
/// The list is copied when the instance is built. The instance is immutable and thread-safe when its schedules are,
/// and <see cref="GetLearningRate(long)"/> allocates nothing. A product too large for a <see cref="double"/> throws
/// <see cref="InvalidOperationException"/> rather than returning infinity.
/// </para>
/// </remarks>
public sealed class ProductSchedule : ILearningRateSchedule
{
    private readonly ILearningRateSchedule[] _schedules;

    /// <summary>Initializes a new instance of the <see cref="ProductSchedule"/> class.</summary>
    /// <param name="schedules">The schedules to multiply; at least one, none <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="schedules"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="schedules"/> is empty or holds a <see langword="null"/>.</exception>
    public ProductSchedule(IReadOnlyList<ILearningRateSchedule> schedules)
    {
        Guard.NotNull(schedules);
        _schedules = [.. schedules];
        if (_schedules.Length == 0)
        {
            Guard.ThrowArgument(nameof(schedules), "schedules must hold at least one schedule.");
        }

        for (var k = 0; k < _schedules.Length; k++)
        {
            if (_schedules[k] is null)
            {
                Guard.ThrowArgument(nameof(schedules), string.Create(CultureInfo.InvariantCulture, $"schedules[{k}] is null."));
            }
        }

        Schedules = Array.AsReadOnly(_schedules);
    }

    /// <summary>Gets the schedules multiplied (a read-only copy of the constructor's list).</summary>
    public IReadOnlyList<ILearningRateSchedule> Schedules { get; }

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">The product overflows a <see cref="double"/>.</exception>
    public double GetLearningRate(long iteration)
    {
        Guard.Iteration(iteration);
        var value = _schedules[0].GetLearningRate(iteration);
        for (var k = 1; k < _schedules.Length; k++)
        {
            value *= _schedules[k].GetLearningRate(iteration);
        }

        if (!double.IsFinite(value))
        {
            ThrowOverflow(iteration);
        }

        return value;
    }

    /// <summary>Returns the schedules, formatted with the invariant culture.</summary>
    /// <returns>For example <c>ProductSchedule(schedules: [ExponentialDecay(...), StepDecay(...)])</c>.</returns>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"ProductSchedule(schedules: [{string.Join(", ", _schedules.Select(s => s.ToString()))}])");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowOverflow(long iteration) => throw new InvalidOperationException(string.Create(
        CultureInfo.InvariantCulture,
        $"{this} at iteration {iteration}: the product overflows a double."));
}
