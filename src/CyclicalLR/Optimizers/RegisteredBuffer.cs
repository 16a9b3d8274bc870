using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CyclicalLR;

/// <summary>
/// One registered weight buffer of an optimizer: its weights, its gradients, the optimizer's per-element state arrays
/// for it, and its own step count. Array-backed memory is sliced without <see cref="Memory{T}.Span"/>'s checks.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
internal struct RegisteredBuffer<T>(Memory<T> weights, Memory<T> gradients, T[][] stateArrays)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The weights.</summary>
    public readonly Memory<T> Weights = weights;

    /// <summary>The gradients (may be the weights themselves).</summary>
    public readonly Memory<T> Gradients = gradients;

    /// <summary>The optimizer's state arrays for this buffer, each as long as the weights (SGD: momentum; Adam: m, v, max v).</summary>
    public readonly T[][] StateArrays = stateArrays;

    /// <summary>The buffer's own step count (SGD: 1 once its momentum buffer took its first step; Adam: steps taken).</summary>
    public long Steps;

    private readonly ArraySegment<T> _weightsArray = MemoryMarshal.TryGetArray<T>(weights, out var w) ? w : default;
    private readonly ArraySegment<T> _gradientsArray = MemoryMarshal.TryGetArray<T>(gradients, out var g) ? g : default;

    /// <summary>Gets the number of elements.</summary>
    public readonly int Length => Weights.Length;

    /// <summary>Gets the weights as a span.</summary>
    public readonly Span<T> WeightsSpan => Slice(_weightsArray, Weights);

    /// <summary>Gets the gradients as a span.</summary>
    public readonly ReadOnlySpan<T> GradientsSpan => Slice(_gradientsArray, Gradients);

    private static Span<T> Slice(ArraySegment<T> segment, Memory<T> memory) => segment.Array is { } array
        ? MemoryMarshal.CreateSpan(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(array), segment.Offset), segment.Count)
        : memory.Span;
}
