using System.Numerics;
using System.Runtime.InteropServices;

namespace CyclicalLR;

/// <summary>
/// The registered buffers of one optimizer, group by group: what every optimizer shares. It checks each registration
/// against every buffer already registered in any group (all or nothing), allocates the optimizer's per-element state
/// arrays once, checks gradients for NaN and infinities, numbers buffers over the groups for the state format, and
/// resets, captures and restores their state. Each optimizer adds only its settings and its per-element rule.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
internal sealed class ParameterRegistry<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly List<List<RegisteredBuffer<T>>> _groups = [];
    private readonly Action<int>? _registered;

    /// <summary>Initializes a new instance of the <see cref="ParameterRegistry{T}"/> class.</summary>
    /// <param name="stateArrayCount">How many state arrays (each as long as its weights) every buffer carries.</param>
    /// <param name="registered">Called with the new buffer count after each registration (to size a step's scratch then, never during a step).</param>
    public ParameterRegistry(int stateArrayCount, Action<int>? registered = null)
    {
        StateArrayCount = stateArrayCount;
        _registered = registered;
    }

    /// <summary>Gets how many state arrays every buffer carries.</summary>
    public int StateArrayCount { get; }

    /// <summary>Gets the number of groups.</summary>
    public int GroupCount => _groups.Count;

    /// <summary>Gets the number of buffers over every group.</summary>
    public int BufferCount
    {
        get
        {
            var count = 0;
            foreach (var group in _groups)
            {
                count += group.Count;
            }

            return count;
        }
    }

    /// <summary>Adds an empty group.</summary>
    /// <returns>The group's index.</returns>
    public int AddGroup()
    {
        _groups.Add([]);
        return _groups.Count - 1;
    }

    /// <summary>Gets the buffers of group <paramref name="group"/>, by reference (their step counts may be updated).</summary>
    /// <param name="group">The group's index.</param>
    /// <returns>The buffers, in registration order.</returns>
    public Span<RegisteredBuffer<T>> Buffers(int group) => CollectionsMarshal.AsSpan(_groups[group]);

    /// <summary>Gets the number of buffers in group <paramref name="group"/>.</summary>
    /// <param name="group">The group's index.</param>
    /// <returns>The count.</returns>
    public int CountIn(int group) => _groups[group].Count;

    /// <summary>Validates a pair against itself and every registered buffer, then adds it to group <paramref name="group"/> with zeroed state arrays.</summary>
    /// <param name="group">The group's index.</param>
    /// <param name="weights">The weights.</param>
    /// <param name="gradients">The gradients.</param>
    /// <exception cref="ArgumentException">The lengths differ, the pair partially overlaps, or it overlaps a registered buffer.</exception>
    public void Register(int group, Memory<T> weights, Memory<T> gradients)
    {
        Guard.SameLength(weights.Length, gradients.Length, nameof(weights), nameof(gradients));
        Guard.NoPartialOverlap<T>(weights.Span, gradients.Span, nameof(weights), nameof(gradients));
        CheckDisjoint(weights.Span, gradients.Span);
        var states = new T[StateArrayCount][];
        for (var k = 0; k < states.Length; k++)
        {
            states[k] = new T[weights.Length];
        }

        _groups[group].Add(new RegisteredBuffer<T>(weights, gradients, states));
        _registered?.Invoke(BufferCount);
    }

    /// <summary>Returns whether every registered gradient is finite (an empty buffer has no non-finite gradient).</summary>
    /// <returns><see langword="false"/> when a gradient is NaN or infinite.</returns>
    public bool GradientsAreFinite()
    {
        foreach (var group in _groups)
        {
            foreach (var buffer in group)
            {
                // TensorPrimitives.IsFiniteAll returns false for an empty span.
                var gradients = buffer.GradientsSpan;
                if (!gradients.IsEmpty && !System.Numerics.Tensors.TensorPrimitives.IsFiniteAll(gradients))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>Finds buffer <paramref name="buffer"/>, numbered over all groups in order.</summary>
    /// <param name="buffer">The buffer's number over the whole optimizer.</param>
    /// <returns>The buffer, by reference.</returns>
    public ref RegisteredBuffer<T> Locate(int buffer)
    {
        foreach (var group in _groups)
        {
            if (buffer < group.Count)
            {
                return ref CollectionsMarshal.AsSpan(group)[buffer];
            }

            buffer -= group.Count;
        }

        throw new ArgumentOutOfRangeException(nameof(buffer));
    }

    /// <summary>Gets each group's buffer count, in group order.</summary>
    /// <returns>A new array.</returns>
    public int[] GroupBufferCounts()
    {
        // A loop, not [.. _groups.Select(...)]: Stryker's mutants of that expression do not compile (safe mode hid them all).
        var counts = new int[_groups.Count];
        for (var g = 0; g < counts.Length; g++)
        {
            counts[g] = _groups[g].Count;
        }

        return counts;
    }

    /// <summary>Gets each buffer's length, group by group in registration order.</summary>
    /// <returns>A new array.</returns>
    public int[] BufferLengths() => [.. _groups.SelectMany(group => group.Select(buffer => buffer.Length))];

    /// <summary>Zeroes every state array and step count; the weights stay.</summary>
    public void ResetState()
    {
        foreach (var group in _groups)
        {
            foreach (ref var buffer in CollectionsMarshal.AsSpan(group))
            {
                foreach (var array in buffer.StateArrays)
                {
                    Array.Clear(array);
                }

                buffer.Steps = 0;
            }
        }
    }

    /// <summary>Copies a validated image's weights (when it has them), state arrays and per-buffer step counts in; cannot fail.</summary>
    /// <param name="image">An image whose layout matches this registry's.</param>
    public void Commit(OptimizerStateImage<T> image)
    {
        var b = 0;
        foreach (var group in _groups)
        {
            foreach (ref var buffer in CollectionsMarshal.AsSpan(group))
            {
                image.Weights?[b].CopyTo(buffer.WeightsSpan);
                for (var k = 0; k < StateArrayCount; k++)
                {
                    image.StateArray(b, k).CopyTo(buffer.StateArrays[k], 0);
                }

                buffer.Steps = image.BufferSteps[b];
                b++;
            }
        }
    }

    /// <summary>Throws naming <c>weights</c> or <c>gradients</c> when the pair overlaps a registered buffer in any group.</summary>
    private void CheckDisjoint(ReadOnlySpan<T> weights, ReadOnlySpan<T> gradients)
    {
        foreach (var group in _groups)
        {
            foreach (var buffer in group)
            {
                var registeredWeights = buffer.WeightsSpan;
                if (weights.Overlaps(registeredWeights) || weights.Overlaps(buffer.GradientsSpan))
                {
                    Guard.ThrowArgument(nameof(weights), "weights overlap weights or gradients that are already registered with this optimizer (a buffer may be registered once).");
                }

                if (gradients.Overlaps(registeredWeights))
                {
                    Guard.ThrowArgument(nameof(gradients), "gradients overlap weights already registered with this optimizer (a step would change them while they are read).");
                }
            }
        }
    }
}
