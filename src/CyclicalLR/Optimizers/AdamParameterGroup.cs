using System.Globalization;
using System.Numerics;

namespace CyclicalLR;

/// <summary>
/// A set of weight buffers of an <see cref="AdamOptimizer{T}"/> that share a learning-rate multiplier and a weight decay,
/// like a PyTorch parameter group (for example no weight decay for biases and norms).
/// </summary>
/// <typeparam name="T">The element type of the buffers.</typeparam>
/// <remarks>
/// Created by <see cref="AdamOptimizer{T}.AddGroup(double, double?)"/>; the optimizer's own buffers go into
/// <see cref="AdamOptimizer{T}.DefaultGroup"/>. Not thread-safe: register and step from one thread at a time.
/// </remarks>
public sealed class AdamParameterGroup<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly ParameterRegistry<T> _registry;
    private readonly int _index;

    internal AdamParameterGroup(ParameterRegistry<T> registry, double learningRateMultiplier, double weightDecay)
    {
        _registry = registry;
        _index = registry.AddGroup();
        LearningRateMultiplier = learningRateMultiplier;
        WeightDecay = weightDecay;
    }

    /// <summary>Gets the factor applied to the learning rate of each step for this group's buffers.</summary>
    public double LearningRateMultiplier { get; }

    /// <summary>Gets the weight decay of this group's buffers (L2 for Adam, decoupled for AdamW).</summary>
    public double WeightDecay { get; }

    /// <summary>Gets the number of weight buffers registered in this group.</summary>
    public int Count => _registry.CountIn(_index);

    /// <summary>Gets the number of weights in this group, summed over its buffers.</summary>
    public long ElementCount { get; private set; }

    /// <summary>Registers a weight buffer and the gradient buffer that holds its gradient at each step.</summary>
    /// <param name="weights">The weights, updated in place by each step; arrays convert implicitly.</param>
    /// <param name="gradients">
    /// The gradients, read by each step: the same length as <paramref name="weights"/>, and either separate memory or
    /// exactly the same buffer as <paramref name="weights"/>. Several pairs may share one gradient buffer.
    /// </param>
    /// <exception cref="ArgumentException">
    /// <paramref name="gradients"/> is not the same length as <paramref name="weights"/>, partially overlaps them, or
    /// overlaps weights already registered (in any group of the optimizer); or <paramref name="weights"/> overlap weights
    /// or gradients already registered (including the same weights registered twice).
    /// </exception>
    /// <remarks>
    /// Allocates the buffer's first and second moments (and, with AMSGrad, the largest second moments), one element per
    /// weight each, zeroed, here, once. The buffer's bias correction counts its own steps, from its first step after
    /// registration. Nothing is changed when the call throws.
    /// </remarks>
    public void Register(Memory<T> weights, Memory<T> gradients)
    {
        _registry.Register(_index, weights, gradients);
        ElementCount += weights.Length;
    }

    /// <summary>Returns the group's settings and size, formatted with the invariant culture.</summary>
    /// <returns>For example <c>AdamParameterGroup(learningRateMultiplier: 1, weightDecay: 0, buffers: 2, elements: 4096)</c>.</returns>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"AdamParameterGroup(learningRateMultiplier: {LearningRateMultiplier:R}, weightDecay: {WeightDecay:R}, buffers: {Count}, elements: {ElementCount})");

    /// <summary>Gets the group's buffers, by reference.</summary>
    internal Span<RegisteredBuffer<T>> Buffers => _registry.Buffers(_index);
}
