using System.Globalization;

namespace CyclicalLR;

/// <summary>The same learning rate at every iteration: Smith's <c>fixed</c> policy, PyTorch's <c>ConstantLR</c> with a factor of 1 (or no scheduler).</summary>
/// <remarks>
/// <para><c>lr(i) = learningRate</c> for every <c>i &gt;= 0</c>.</para>
/// <para>
/// The instance is immutable and thread-safe; <see cref="GetLearningRate(long)"/> is a pure, allocation-free function
/// of the iteration. PyTorch's <c>ConstantLR(factor, total_iters)</c>, which multiplies the rate by <c>factor</c> for
/// the first <c>total_iters</c> steps, is <c>SequentialSchedule([ConstantSchedule(lr * factor), ConstantSchedule(lr)], [total_iters])</c>.
/// </para>
/// </remarks>
public sealed class ConstantSchedule : ILearningRateSchedule
{
    /// <summary>Initializes a new instance of the <see cref="ConstantSchedule"/> class.</summary>
    /// <param name="learningRate">The learning rate at every iteration; finite and at least 0.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="learningRate"/> is NaN, infinite or negative.</exception>
    public ConstantSchedule(double learningRate)
    {
        Guard.FiniteNonNegative(learningRate);
        LearningRate = learningRate;
    }

    /// <summary>Gets the learning rate returned at every iteration.</summary>
    public double LearningRate { get; }

    /// <inheritdoc/>
    public double GetLearningRate(long iteration)
    {
        Guard.Iteration(iteration);
        return LearningRate;
    }

    /// <summary>Returns the schedule's parameters, formatted with the invariant culture.</summary>
    /// <returns>For example <c>ConstantSchedule(learningRate: 0.01)</c>.</returns>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"ConstantSchedule(learningRate: {LearningRate:R})");
}
