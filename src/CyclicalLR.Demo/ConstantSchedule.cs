using System.Globalization;

namespace CyclicalLR.Demo;

/// <summary>The paper's <c>fixed</c> policy: the same learning rate at every iteration.</summary>
/// <param name="learningRate">The learning rate; finite and at least 0.</param>
internal sealed class ConstantSchedule(double learningRate) : ILearningRateSchedule
{
    /// <summary>Gets the learning rate returned at every iteration.</summary>
    public double LearningRate { get; } = double.IsFinite(learningRate) && learningRate >= 0
        ? learningRate
        : throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "The learning rate must be a finite number at least 0.");

    /// <inheritdoc/>
    public double GetLearningRate(long iteration)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(iteration);
        return LearningRate;
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"Constant(learningRate: {LearningRate:R})");
}
