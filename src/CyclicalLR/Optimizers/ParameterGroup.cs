using System.Globalization;
using System.Numerics;

namespace CyclicalLR;

/// <summary>
/// A set of weight buffers of an <see cref="Optimizer{T}"/> that share a learning-rate multiplier and a weight decay,
/// like a PyTorch parameter group (for example a smaller rate for a pretrained layer, or no weight decay for biases).
/// </summary>
/// <typeparam name="T">The element type of the buffers.</typeparam>
/// <remarks>
/// Created by <see cref="Optimizer{T}.AddGroup(double, double?)"/>; the optimizer's own buffers go into
/// <see cref="Optimizer{T}.DefaultGroup"/>. Each optimizer has its own group type (<see cref="SgdParameterGroup{T}"/>,
/// <see cref="AdamParameterGroup{T}"/>), which says how its weight decay applies and what <see cref="Register"/>
/// allocates; code that only registers buffers or reads a group's settings can take any <see cref="ParameterGroup{T}"/>.
/// Not thread-safe: register and step from one thread at a time.
/// </remarks>
public abstract class ParameterGroup<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly ParameterRegistry<T> _registry;
    private readonly int _index;
    private readonly string _typeName;

    /// <summary>Initializes a new instance of the <see cref="ParameterGroup{T}"/> class: adds an empty group to the registry.</summary>
    /// <param name="registry">The optimizer's registry.</param>
    /// <param name="learningRateMultiplier">The group's checked multiplier.</param>
    /// <param name="weightDecay">The group's checked weight decay.</param>
    /// <param name="typeName">The group type's name, for <see cref="ToString"/>.</param>
    private protected ParameterGroup(ParameterRegistry<T> registry, double learningRateMultiplier, double weightDecay, string typeName)
    {
        _registry = registry;
        _index = registry.AddGroup();
        _typeName = typeName;
        LearningRateMultiplier = learningRateMultiplier;
        WeightDecay = weightDecay;
    }

    /// <summary>Gets the factor applied to the learning rate of each step for this group's buffers.</summary>
    public double LearningRateMultiplier { get; }

    /// <summary>
    /// Gets the weight decay of this group's buffers: L2 (added to the gradient, <c>g + weightDecay * w</c>) for
    /// <see cref="SgdOptimizer{T}"/> and Adam, decoupled (<c>w *= 1 - lr * weightDecay</c>) for AdamW.
    /// </summary>
    public double WeightDecay { get; }

    /// <summary>Gets the number of weight buffers registered in this group.</summary>
    public int Count => _registry.CountIn(_index);

    /// <summary>Gets the number of weights in this group, summed over its buffers.</summary>
    public long ElementCount { get; private set; }

    /// <summary>Gets the group's buffers, by reference (their step counts may be updated).</summary>
    internal Span<RegisteredBuffer<T>> Buffers => _registry.Buffers(_index);

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
    /// Allocates the buffer's optimizer state here, once, zeroed, one element per weight per state array: SGD's momentum
    /// buffer when it has momentum (see <see cref="SgdParameterGroup{T}"/>), Adam's first and second moments and, with
    /// AMSGrad, the largest second moments (see <see cref="AdamParameterGroup{T}"/>). Nothing is changed when the call throws.
    /// </remarks>
    public void Register(Memory<T> weights, Memory<T> gradients)
    {
        _registry.Register(_index, weights, gradients);
        ElementCount += weights.Length;
    }

    /// <summary>Returns the group's settings and size, formatted with the invariant culture.</summary>
    /// <returns>For example <c>SgdParameterGroup(learningRateMultiplier: 0.1, weightDecay: 0, buffers: 2, elements: 4096)</c>.</returns>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{_typeName}(learningRateMultiplier: {LearningRateMultiplier:R}, weightDecay: {WeightDecay:R}, buffers: {Count}, elements: {ElementCount})");
}
