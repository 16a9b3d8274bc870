using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CyclicalLR;

/// <summary>
/// A set of weight buffers of an <see cref="SgdOptimizer{T}"/> that share a learning-rate multiplier and a weight decay,
/// like a PyTorch parameter group (for example a smaller rate for a pretrained layer).
/// </summary>
/// <typeparam name="T">The element type of the buffers.</typeparam>
/// <remarks>
/// Created by <see cref="SgdOptimizer{T}.AddGroup(double, double?)"/>; the optimizer's own buffers go into
/// <see cref="SgdOptimizer{T}.DefaultGroup"/>. Not thread-safe: register and step from one thread at a time.
/// </remarks>
public sealed class SgdParameterGroup<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly SgdOptimizer<T> _owner;
    private readonly List<Pair> _pairs = [];

    internal SgdParameterGroup(SgdOptimizer<T> owner, double learningRateMultiplier, double weightDecay)
    {
        _owner = owner;
        LearningRateMultiplier = learningRateMultiplier;
        WeightDecay = weightDecay;
    }

    /// <summary>Gets the factor applied to the learning rate of each step for this group's buffers.</summary>
    public double LearningRateMultiplier { get; }

    /// <summary>Gets the L2 weight decay of this group's buffers (added to the gradient: <c>g + weightDecay * w</c>).</summary>
    public double WeightDecay { get; }

    /// <summary>Gets the number of weight buffers registered in this group.</summary>
    public int Count => _pairs.Count;

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
    /// With momentum, allocates the buffer's momentum buffer (one element per weight) here, once; it starts as the
    /// buffer's first gradient at its first step with a non-zero momentum. Nothing is changed when the call throws.
    /// </remarks>
    public void Register(Memory<T> weights, Memory<T> gradients)
    {
        Guard.SameLength(weights.Length, gradients.Length, nameof(weights), nameof(gradients));
        Guard.NoPartialOverlap<T>(weights.Span, gradients.Span, nameof(weights), nameof(gradients));
        _owner.CheckNotRegistered(weights.Span, gradients.Span);
        var buffer = _owner.HasMomentumBuffers ? new T[weights.Length] : [];
        _pairs.Add(new Pair(weights, gradients, buffer));
        ElementCount += weights.Length;
    }

    /// <summary>Returns the group's settings and size, formatted with the invariant culture.</summary>
    /// <returns>For example <c>SgdParameterGroup(learningRateMultiplier: 0.1, weightDecay: 0, buffers: 2, elements: 4096)</c>.</returns>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"SgdParameterGroup(learningRateMultiplier: {LearningRateMultiplier:R}, weightDecay: {WeightDecay:R}, buffers: {Count}, elements: {ElementCount})");

    /// <summary>Throws naming <paramref name="weightsName"/> or <paramref name="gradientsName"/> when the pair overlaps one of this group's pairs.</summary>
    internal void CheckDisjoint(ReadOnlySpan<T> weights, ReadOnlySpan<T> gradients, string weightsName, string gradientsName)
    {
        foreach (var pair in _pairs)
        {
            var registeredWeights = pair.Weights.Span;
            if (weights.Overlaps(registeredWeights) || weights.Overlaps(pair.Gradients.Span))
            {
                Guard.ThrowArgument(weightsName, $"{weightsName} overlap weights or gradients that are already registered with this optimizer (a buffer may be registered once).");
            }

            if (gradients.Overlaps(registeredWeights))
            {
                Guard.ThrowArgument(gradientsName, $"{gradientsName} overlap weights already registered with this optimizer (a step would change them while they are read).");
            }
        }
    }

    /// <summary>Returns whether every gradient of the group is finite.</summary>
    internal bool GradientsAreFinite()
    {
        foreach (var pair in _pairs)
        {
            // TensorPrimitives.IsFiniteAll returns false for an empty span: an empty buffer has no non-finite gradient.
            var gradients = pair.GradientsSpan;
            if (!gradients.IsEmpty && !System.Numerics.Tensors.TensorPrimitives.IsFiniteAll(gradients))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Applies one step to every buffer of the group.</summary>
    internal void Step(T learningRate, T momentum, T oneMinusDampening, bool nesterov)
    {
        var weightDecay = T.CreateTruncating(WeightDecay);
        var baseRule = WeightDecay != 0 ? SgdRule.WeightDecay : SgdRule.None;
        var coefficients = new SgdCoefficients<T>(learningRate, weightDecay, momentum, oneMinusDampening);
        var useMomentum = momentum != T.Zero;
        foreach (ref var pair in CollectionsMarshal.AsSpan(_pairs))
        {
            var rule = baseRule;
            if (useMomentum)
            {
                rule |= SgdRule.Momentum | (nesterov ? SgdRule.Nesterov : SgdRule.None) | (pair.Started ? SgdRule.None : SgdRule.FirstStep);
                pair.Started = true;
            }

            SgdKernel.Update(rule, pair.WeightsSpan, pair.GradientsSpan, useMomentum ? pair.Buffer : [], coefficients);
        }
    }

    /// <summary>Gets the weights of buffer <paramref name="index"/> of the group.</summary>
    internal Span<T> WeightsAt(int index) => _pairs[index].WeightsSpan;

    /// <summary>Gets the momentum buffer of buffer <paramref name="index"/> (empty without momentum).</summary>
    internal T[] MomentumAt(int index) => _pairs[index].Buffer;

    /// <summary>Gets whether buffer <paramref name="index"/>'s momentum buffer has taken its first step.</summary>
    internal bool StartedAt(int index) => _pairs[index].Started;

    /// <summary>Sets whether buffer <paramref name="index"/>'s momentum buffer has taken its first step.</summary>
    internal void SetStarted(int index, bool started) => CollectionsMarshal.AsSpan(_pairs)[index].Started = started;

    /// <summary>Gets the length of buffer <paramref name="index"/>.</summary>
    internal int LengthAt(int index) => _pairs[index].Weights.Length;

    /// <summary>Throws when the step's learning rate times this group's multiplier is not finite in <typeparamref name="T"/>.</summary>
    internal void CheckRepresentable(double learningRate, string paramName)
    {
        if (!T.IsFinite(T.CreateTruncating(learningRate * LearningRateMultiplier)))
        {
            Guard.ThrowOutOfRange(paramName, learningRate, string.Create(CultureInfo.InvariantCulture, $"times the group's multiplier {LearningRateMultiplier:R} must be finite in {typeof(T).Name}."));
        }
    }

    /// <summary>A registered weight buffer, its gradients and its momentum buffer; array-backed memory is sliced without <see cref="Memory{T}.Span"/>'s checks.</summary>
    private struct Pair(Memory<T> weights, Memory<T> gradients, T[] buffer)
    {
        public readonly Memory<T> Weights = weights;
        public readonly Memory<T> Gradients = gradients;
        public readonly T[] Buffer = buffer;
        public bool Started;
        private readonly ArraySegment<T> _weightsArray = MemoryMarshal.TryGetArray<T>(weights, out var w) ? w : default;
        private readonly ArraySegment<T> _gradientsArray = MemoryMarshal.TryGetArray<T>(gradients, out var g) ? g : default;

        public readonly Span<T> WeightsSpan => Slice(_weightsArray, Weights);

        public readonly ReadOnlySpan<T> GradientsSpan => Slice(_gradientsArray, Gradients);

        private static Span<T> Slice(ArraySegment<T> segment, Memory<T> memory) => segment.Array is { } array
            ? MemoryMarshal.CreateSpan(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(array), segment.Offset), segment.Count)
            : memory.Span;
    }
}
