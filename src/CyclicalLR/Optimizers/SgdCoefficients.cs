using System.Numerics;

namespace CyclicalLR;

/// <summary>The per-step scalars of an SGD update, already converted to the buffers' element type.</summary>
/// <typeparam name="T">The element type.</typeparam>
internal readonly struct SgdCoefficients<T>(T learningRate, T weightDecay, T momentum, T oneMinusDampening)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Gets the learning rate of this step (already multiplied by the group's multiplier).</summary>
    public T LearningRate { get; } = learningRate;

    /// <summary>Gets the L2 weight decay added to the gradient, <c>d = g + weightDecay * w</c>.</summary>
    public T WeightDecay { get; } = weightDecay;

    /// <summary>Gets the momentum of this step.</summary>
    public T Momentum { get; } = momentum;

    /// <summary>Gets <c>1 - dampening</c>.</summary>
    public T OneMinusDampening { get; } = oneMinusDampening;
}
