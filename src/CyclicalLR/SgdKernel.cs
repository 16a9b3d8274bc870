using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace CyclicalLR;

/// <summary>
/// The SGD update loops: one loop per <see cref="SgdRule"/>, specialized at JIT time through flag type arguments, with
/// a <see cref="Vector512{T}"/> body where AVX-512 is accelerated, else a <see cref="Vector{T}"/> body (both 4x unrolled), and a scalar tail that does the same operations in the same order (in the element type), so
/// every element gets the same bits whichever path, and whichever thread, computes it.
/// </summary>
/// <remarks>
/// Per element, in the element type, each operation rounded on its own (never a fused multiply-add):
/// <c>d = g</c>, or <c>d = g + wd * w</c> with weight decay; with momentum <c>b = d</c> on the buffer's first step,
/// else <c>b = m * b + (1 - dampening) * d</c>, then <c>s = b</c>, or <c>s = d + m * b</c> for Nesterov; without
/// momentum <c>s = d</c>; finally <c>w = w - lr * s</c>. This is <c>torch.optim.SGD</c>'s documented rule.
/// </remarks>
internal static unsafe class SgdKernel
{
    /// <summary>Total bytes a call must touch before it is split across cores (the split costs a few microseconds).</summary>
    internal const long ParallelThresholdBytes = 2L << 20;

    private static readonly int s_processorCount = Environment.ProcessorCount;

    /// <summary>Updates <paramref name="weights"/> in place, on several cores when the buffers are large.</summary>
    /// <param name="rule">The parts of the update to run.</param>
    /// <param name="weights">The weights.</param>
    /// <param name="gradients">The gradients, the same length as the weights (may be the weights buffer itself).</param>
    /// <param name="buffer">The momentum buffer, the same length, or empty without <see cref="SgdRule.Momentum"/>.</param>
    /// <param name="coefficients">The step's scalars.</param>
    public static void Update<T>(SgdRule rule, Span<T> weights, ReadOnlySpan<T> gradients, Span<T> buffer, in SgdCoefficients<T> coefficients)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var length = (nuint)weights.Length;
        var bytes = (long)length * sizeof(T) * ((rule & SgdRule.Momentum) != 0 ? 5 : 3);
        if (bytes >= ParallelThresholdBytes && s_processorCount > 1)
        {
            fixed (T* w = weights)
            fixed (T* g = gradients)
            fixed (T* b = buffer)
            {
                SgdParallelWork<T>.ForCurrentThread.Run(rule, w, g, b, length, coefficients, s_processorCount);
            }

            return;
        }

        Run(rule, ref MemoryMarshal.GetReference(weights), ref MemoryMarshal.GetReference(gradients), ref MemoryMarshal.GetReference(buffer), length, coefficients);
    }

    /// <summary>Runs <paramref name="rule"/> over <paramref name="length"/> elements on the calling thread.</summary>
    public static void Run<T>(SgdRule rule, ref T w, ref T g, ref T b, nuint length, in SgdCoefficients<T> c)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        switch (rule)
        {
            case SgdRule.None: Run<T, No, No, No, No>(ref w, ref g, ref b, length, c); break;
            case SgdRule.WeightDecay: Run<T, Yes, No, No, No>(ref w, ref g, ref b, length, c); break;
            case SgdRule.Momentum: Run<T, No, Yes, No, No>(ref w, ref g, ref b, length, c); break;
            case SgdRule.Momentum | SgdRule.WeightDecay: Run<T, Yes, Yes, No, No>(ref w, ref g, ref b, length, c); break;
            case SgdRule.Momentum | SgdRule.FirstStep: Run<T, No, Yes, Yes, No>(ref w, ref g, ref b, length, c); break;
            case SgdRule.Momentum | SgdRule.FirstStep | SgdRule.WeightDecay: Run<T, Yes, Yes, Yes, No>(ref w, ref g, ref b, length, c); break;
            case SgdRule.Momentum | SgdRule.Nesterov: Run<T, No, Yes, No, Yes>(ref w, ref g, ref b, length, c); break;
            case SgdRule.Momentum | SgdRule.Nesterov | SgdRule.WeightDecay: Run<T, Yes, Yes, No, Yes>(ref w, ref g, ref b, length, c); break;
            case SgdRule.Momentum | SgdRule.Nesterov | SgdRule.FirstStep: Run<T, No, Yes, Yes, Yes>(ref w, ref g, ref b, length, c); break;
            case SgdRule.Momentum | SgdRule.Nesterov | SgdRule.FirstStep | SgdRule.WeightDecay: Run<T, Yes, Yes, Yes, Yes>(ref w, ref g, ref b, length, c); break;
            default: throw new System.Diagnostics.UnreachableException();
        }
    }

    /// <remarks>
    /// With at least one vector of elements there is no scalar work: the first and the last vector are computed up front
    /// from the original values and stored after the main loop, which starts where the weights' stores are aligned. They
    /// overlap the main loop's first and last elements, which are written twice with the same value (an element's result
    /// depends only on its own inputs), so nothing is updated twice.
    /// </remarks>
    private static void Run<T, TDecay, TMomentum, TFirst, TNesterov>(ref T w, ref T g, ref T b, nuint length, in SgdCoefficients<T> c)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TDecay : struct, IFlag
        where TMomentum : struct, IFlag
        where TFirst : struct, IFlag
        where TNesterov : struct, IFlag
    {
        if (Vector512.IsHardwareAccelerated && Vector512<T>.IsSupported && length >= (nuint)Vector512<T>.Count)
        {
            var width = (nuint)Vector512<T>.Count;
            var lr = Vector512.Create(c.LearningRate);
            var wd = Vector512.Create(c.WeightDecay);
            var m = Vector512.Create(c.Momentum);
            var keep = Vector512.Create(c.OneMinusDampening);
            var loadsBuffer = TMomentum.IsSet && !TFirst.IsSet;

            // The first and the last vector, loaded and computed before any store and stored after the main loop.
            var tailAt = length - width;
            var headW = Compute<TDecay, TMomentum, TFirst, TNesterov, T>(Vector512.LoadUnsafe(ref w), Vector512.LoadUnsafe(ref g), loadsBuffer ? Vector512.LoadUnsafe(ref b) : default, lr, wd, m, keep, out var headB);
            var tailW = Compute<TDecay, TMomentum, TFirst, TNesterov, T>(Vector512.LoadUnsafe(ref w, tailAt), Vector512.LoadUnsafe(ref g, tailAt), loadsBuffer ? Vector512.LoadUnsafe(ref b, tailAt) : default, lr, wd, m, keep, out var tailB);

            var i = AlignmentPeel(ref w, (nuint)Vector512<byte>.Count);
            for (; i + (4 * width) <= length; i += 4 * width)
            {
                VectorStep<TDecay, TMomentum, TFirst, TNesterov, T>(ref w, ref g, ref b, i, lr, wd, m, keep);
                VectorStep<TDecay, TMomentum, TFirst, TNesterov, T>(ref w, ref g, ref b, i + width, lr, wd, m, keep);
                VectorStep<TDecay, TMomentum, TFirst, TNesterov, T>(ref w, ref g, ref b, i + (2 * width), lr, wd, m, keep);
                VectorStep<TDecay, TMomentum, TFirst, TNesterov, T>(ref w, ref g, ref b, i + (3 * width), lr, wd, m, keep);
            }

            for (; i + width <= length; i += width)
            {
                VectorStep<TDecay, TMomentum, TFirst, TNesterov, T>(ref w, ref g, ref b, i, lr, wd, m, keep);
            }

            headW.StoreUnsafe(ref w);
            tailW.StoreUnsafe(ref w, tailAt);
            if (TMomentum.IsSet)
            {
                headB.StoreUnsafe(ref b);
                tailB.StoreUnsafe(ref b, tailAt);
            }

            return;
        }

        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported && length >= (nuint)Vector<T>.Count)
        {
            var width = (nuint)Vector<T>.Count;
            var lr = new Vector<T>(c.LearningRate);
            var wd = new Vector<T>(c.WeightDecay);
            var m = new Vector<T>(c.Momentum);
            var keep = new Vector<T>(c.OneMinusDampening);
            var loadsBuffer = TMomentum.IsSet && !TFirst.IsSet;

            // The first and the last vector, loaded and computed before any store and stored after the main loop.
            var tailAt = length - width;
            var headW = Compute<TDecay, TMomentum, TFirst, TNesterov, T>(Vector.LoadUnsafe(ref w), Vector.LoadUnsafe(ref g), loadsBuffer ? Vector.LoadUnsafe(ref b) : default, lr, wd, m, keep, out var headB);
            var tailW = Compute<TDecay, TMomentum, TFirst, TNesterov, T>(Vector.LoadUnsafe(ref w, tailAt), Vector.LoadUnsafe(ref g, tailAt), loadsBuffer ? Vector.LoadUnsafe(ref b, tailAt) : default, lr, wd, m, keep, out var tailB);

            var i = AlignmentPeel(ref w, (nuint)Vector<byte>.Count);
            for (; i + (4 * width) <= length; i += 4 * width)
            {
                VectorStep<TDecay, TMomentum, TFirst, TNesterov, T>(ref w, ref g, ref b, i, lr, wd, m, keep);
                VectorStep<TDecay, TMomentum, TFirst, TNesterov, T>(ref w, ref g, ref b, i + width, lr, wd, m, keep);
                VectorStep<TDecay, TMomentum, TFirst, TNesterov, T>(ref w, ref g, ref b, i + (2 * width), lr, wd, m, keep);
                VectorStep<TDecay, TMomentum, TFirst, TNesterov, T>(ref w, ref g, ref b, i + (3 * width), lr, wd, m, keep);
            }

            for (; i + width <= length; i += width)
            {
                VectorStep<TDecay, TMomentum, TFirst, TNesterov, T>(ref w, ref g, ref b, i, lr, wd, m, keep);
            }

            headW.StoreUnsafe(ref w);
            tailW.StoreUnsafe(ref w, tailAt);
            if (TMomentum.IsSet)
            {
                headB.StoreUnsafe(ref b);
                tailB.StoreUnsafe(ref b, tailAt);
            }

            return;
        }

        for (nuint i = 0; i < length; i++)
        {
            ScalarStep<TDecay, TMomentum, TFirst, TNesterov, T>(ref w, ref g, ref b, i, c);
        }
    }

    /// <summary>
    /// The number of leading elements to skip so that the main loop's vector stores into the weights are aligned to
    /// <paramref name="vectorBytes"/> (unaligned 64-byte stores split cache lines). Only a hint: the result is the same
    /// whatever it returns. Less than one vector.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static nuint AlignmentPeel<T>(ref T w, nuint vectorBytes)
        where T : unmanaged
    {
        var address = (nuint)Unsafe.AsPointer(ref w);
        return address % (nuint)sizeof(T) != 0 ? 0 : ((vectorBytes - (address % vectorBytes)) % vectorBytes) / (nuint)sizeof(T);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ScalarStep<TDecay, TMomentum, TFirst, TNesterov, T>(ref T w, ref T g, ref T b, nuint i, in SgdCoefficients<T> c)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TDecay : struct, IFlag
        where TMomentum : struct, IFlag
        where TFirst : struct, IFlag
        where TNesterov : struct, IFlag
    {
        var weight = Unsafe.Add(ref w, i);
        var d = Unsafe.Add(ref g, i);
        if (TDecay.IsSet)
        {
            d += c.WeightDecay * weight;
        }

        if (TMomentum.IsSet)
        {
            ref var slot = ref Unsafe.Add(ref b, i);
            var buf = TFirst.IsSet ? d : (c.Momentum * slot) + (c.OneMinusDampening * d);
            slot = buf;
            d = TNesterov.IsSet ? d + (c.Momentum * buf) : buf;
        }

        Unsafe.Add(ref w, i) = weight - (c.LearningRate * d);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void VectorStep<TDecay, TMomentum, TFirst, TNesterov, T>(ref T w, ref T g, ref T b, nuint i, Vector512<T> lr, Vector512<T> wd, Vector512<T> m, Vector512<T> keep)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TDecay : struct, IFlag
        where TMomentum : struct, IFlag
        where TFirst : struct, IFlag
        where TNesterov : struct, IFlag
    {
        var buffer = TMomentum.IsSet && !TFirst.IsSet ? Vector512.LoadUnsafe(ref b, i) : default;
        var weight = Compute<TDecay, TMomentum, TFirst, TNesterov, T>(Vector512.LoadUnsafe(ref w, i), Vector512.LoadUnsafe(ref g, i), buffer, lr, wd, m, keep, out var newBuffer);
        if (TMomentum.IsSet)
        {
            newBuffer.StoreUnsafe(ref b, i);
        }

        weight.StoreUnsafe(ref w, i);
    }

    /// <summary>The update of one vector of elements; see the class remarks for the order of operations.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> Compute<TDecay, TMomentum, TFirst, TNesterov, T>(Vector512<T> weight, Vector512<T> gradient, Vector512<T> buffer, Vector512<T> lr, Vector512<T> wd, Vector512<T> m, Vector512<T> keep, out Vector512<T> newBuffer)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TDecay : struct, IFlag
        where TMomentum : struct, IFlag
        where TFirst : struct, IFlag
        where TNesterov : struct, IFlag
    {
        var d = gradient;
        if (TDecay.IsSet)
        {
            d += wd * weight;
        }

        newBuffer = default;
        if (TMomentum.IsSet)
        {
            newBuffer = TFirst.IsSet ? d : (m * buffer) + (keep * d);
            d = TNesterov.IsSet ? d + (m * newBuffer) : newBuffer;
        }

        return weight - (lr * d);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void VectorStep<TDecay, TMomentum, TFirst, TNesterov, T>(ref T w, ref T g, ref T b, nuint i, Vector<T> lr, Vector<T> wd, Vector<T> m, Vector<T> keep)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TDecay : struct, IFlag
        where TMomentum : struct, IFlag
        where TFirst : struct, IFlag
        where TNesterov : struct, IFlag
    {
        var buffer = TMomentum.IsSet && !TFirst.IsSet ? Vector.LoadUnsafe(ref b, i) : default;
        var weight = Compute<TDecay, TMomentum, TFirst, TNesterov, T>(Vector.LoadUnsafe(ref w, i), Vector.LoadUnsafe(ref g, i), buffer, lr, wd, m, keep, out var newBuffer);
        if (TMomentum.IsSet)
        {
            newBuffer.StoreUnsafe(ref b, i);
        }

        weight.StoreUnsafe(ref w, i);
    }

    /// <summary>The update of one vector of elements; see the class remarks for the order of operations.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<T> Compute<TDecay, TMomentum, TFirst, TNesterov, T>(Vector<T> weight, Vector<T> gradient, Vector<T> buffer, Vector<T> lr, Vector<T> wd, Vector<T> m, Vector<T> keep, out Vector<T> newBuffer)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TDecay : struct, IFlag
        where TMomentum : struct, IFlag
        where TFirst : struct, IFlag
        where TNesterov : struct, IFlag
    {
        var d = gradient;
        if (TDecay.IsSet)
        {
            d += wd * weight;
        }

        newBuffer = default;
        if (TMomentum.IsSet)
        {
            newBuffer = TFirst.IsSet ? d : (m * buffer) + (keep * d);
            d = TNesterov.IsSet ? d + (m * newBuffer) : newBuffer;
        }

        return weight - (lr * d);
    }

    /// <summary>A compile-time boolean carried by a type argument, so the JIT drops the untaken branches.</summary>
    internal interface IFlag
    {
        /// <summary>Gets a value indicating whether the flag is set.</summary>
        static abstract bool IsSet { get; }
    }

    /// <summary>The set flag.</summary>
    internal readonly struct Yes : IFlag
    {
        /// <inheritdoc/>
        public static bool IsSet => true;
    }

    /// <summary>The clear flag.</summary>
    internal readonly struct No : IFlag
    {
        /// <inheritdoc/>
        public static bool IsSet => false;
    }
}
