using System.Numerics;

namespace CyclicalLR;

/// <summary>
/// A set of weight buffers of an <see cref="AdamOptimizer{T}"/> that share a learning-rate multiplier and a weight decay,
/// like a PyTorch parameter group (for example no weight decay for biases and norms).
/// </summary>
/// <typeparam name="T">The element type of the buffers.</typeparam>
/// <remarks>
/// <para>
/// Created by <see cref="AdamOptimizer{T}.AddGroup(double, double?)"/>; the optimizer's own buffers go into
/// <see cref="AdamOptimizer{T}.DefaultGroup"/>. Not thread-safe: register and step from one thread at a time.
/// </para>
/// <para>
/// The group's <see cref="ParameterGroup{T}.WeightDecay"/> is L2 for Adam and decoupled for AdamW.
/// <see cref="ParameterGroup{T}.Register(Memory{T}, Memory{T})"/> allocates the buffer's first and second moments (and,
/// with AMSGrad, the largest second moments), one element per weight each, zeroed, there, once. The buffer's bias
/// correction counts its own steps, from its first step after registration.
/// </para>
/// </remarks>
public sealed class AdamParameterGroup<T> : ParameterGroup<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    internal AdamParameterGroup(ParameterRegistry<T> registry, double learningRateMultiplier, double weightDecay)
        : base(registry, learningRateMultiplier, weightDecay, nameof(AdamParameterGroup<T>))
    {
    }
}
