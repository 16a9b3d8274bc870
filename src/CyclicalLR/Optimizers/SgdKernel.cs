using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using static CyclicalLR.SimdKernel;

namespace CyclicalLR;

/// <summary>
/// The SGD update loops: one loop per <see cref="SgdRule"/>, specialized at JIT time through type arguments (the rule's
/// flags and the vector type), with a <see cref="Vector512{T}"/> body where AVX-512 is accelerated, else a
/// <see cref="Vector{T}"/> body, else a scalar loop. Every path does the same operations in the same order in the
/// element type, so every element gets the same bits whichever path, and whichever thread, computes it.
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

    /// <summary>The parts of an update as compile-time flags (see <see cref="SgdRule"/>).</summary>
    private interface IRule
    {
        static abstract bool Decay { get; }

        static abstract bool Momentum { get; }

        static abstract bool First { get; }

        static abstract bool Nesterov { get; }
    }

    /// <summary>Updates <paramref name="weights"/> in place, on several cores when the buffers are large.</summary>
    /// <param name="rule">The parts of the update to run.</param>
    /// <param name="weights">The weights.</param>
    /// <param name="gradients">The gradients, the same length as the weights (may be the weights buffer itself).</param>
    /// <param name="buffer">The momentum buffer, the same length, or empty without <see cref="SgdRule.Momentum"/>.</param>
    /// <param name="coefficients">The step's scalars.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Update<T>(SgdRule rule, Span<T> weights, ReadOnlySpan<T> gradients, Span<T> buffer, in SgdCoefficients<T> coefficients)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var length = (nuint)weights.Length;
        if ((long)length * sizeof(T) * ((rule & SgdRule.Momentum) != 0 ? 5 : 3) >= ParallelThresholdBytes && s_processorCount > 1)
        {
            UpdateOnSeveralCores(rule, weights, gradients, buffer, coefficients);
            return;
        }

        Run(rule, ref MemoryMarshal.GetReference(weights), ref MemoryMarshal.GetReference(gradients), ref MemoryMarshal.GetReference(buffer), length, coefficients);
    }

    /// <summary>Runs <paramref name="rule"/> over <paramref name="length"/> elements on the calling thread.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Run<T>(SgdRule rule, ref T w, ref T g, ref T b, nuint length, in SgdCoefficients<T> c)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        switch (rule)
        {
            case SgdRule.None: Run<T, Rule<No, No, No, No>>(ref w, ref g, ref b, length, c); break;
            case SgdRule.WeightDecay: Run<T, Rule<Yes, No, No, No>>(ref w, ref g, ref b, length, c); break;
            case SgdRule.Momentum: Run<T, Rule<No, Yes, No, No>>(ref w, ref g, ref b, length, c); break;
            case SgdRule.Momentum | SgdRule.WeightDecay: Run<T, Rule<Yes, Yes, No, No>>(ref w, ref g, ref b, length, c); break;
            case SgdRule.Momentum | SgdRule.FirstStep: Run<T, Rule<No, Yes, Yes, No>>(ref w, ref g, ref b, length, c); break;
            case SgdRule.Momentum | SgdRule.FirstStep | SgdRule.WeightDecay: Run<T, Rule<Yes, Yes, Yes, No>>(ref w, ref g, ref b, length, c); break;
            case SgdRule.Momentum | SgdRule.Nesterov: Run<T, Rule<No, Yes, No, Yes>>(ref w, ref g, ref b, length, c); break;
            case SgdRule.Momentum | SgdRule.Nesterov | SgdRule.WeightDecay: Run<T, Rule<Yes, Yes, No, Yes>>(ref w, ref g, ref b, length, c); break;
            case SgdRule.Momentum | SgdRule.Nesterov | SgdRule.FirstStep: Run<T, Rule<No, Yes, Yes, Yes>>(ref w, ref g, ref b, length, c); break;
            case SgdRule.Momentum | SgdRule.Nesterov | SgdRule.FirstStep | SgdRule.WeightDecay: Run<T, Rule<Yes, Yes, Yes, Yes>>(ref w, ref g, ref b, length, c); break;
            default: throw new System.Diagnostics.UnreachableException();
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void UpdateOnSeveralCores<T>(SgdRule rule, Span<T> weights, ReadOnlySpan<T> gradients, Span<T> buffer, in SgdCoefficients<T> coefficients)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        fixed (T* w = weights)
        fixed (T* g = gradients)
        fixed (T* b = buffer)
        {
            ParallelWork<SgdBufferUpdate<T>>.ForCurrentThread.Run(new SgdBufferUpdate<T>(rule, w, g, b, (nuint)weights.Length, coefficients), s_processorCount);
        }
    }

    /// <summary>Runs the update of <typeparamref name="TRule"/> over <paramref name="length"/> elements.</summary>
    /// <remarks>
    /// Jitted fully optimized on its first call (<see cref="MethodImplOptions.AggressiveOptimization"/>): tiered compilation
    /// would run it as unoptimized tier-0 code for its first calls, about 20 times slower, and for seconds where .NET sees
    /// one core. Everything it reads is a JIT constant without tiering too (the rule's flags are static abstract members
    /// of a struct, <c>IsHardwareAccelerated</c> and <c>Count</c> are intrinsics); it loses only dynamic PGO, which a loop
    /// without virtual calls or rare branches does not use. It holds the rule's dispatch and the scalar loop only: the vector
    /// loops are methods of their own, never inlined (see <see cref="TryRunVectors{T, TRule, TVector}(ref T, ref T, ref T, nuint, in SgdCoefficients{T})"/>).
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Run<T, TRule>(ref T w, ref T g, ref T b, nuint length, in SgdCoefficients<T> c)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TRule : struct, IRule
    {
        if (TryRunVectors<T, TRule, Simd512<T>>(ref w, ref g, ref b, length, c)
            || TryRunVectors<T, TRule, SimdAnyWidth<T>>(ref w, ref g, ref b, length, c))
        {
            return;
        }

        for (nuint i = 0; i < length; i++)
        {
            ref var slot = ref Unsafe.Add(ref b, i);
            Unsafe.Add(ref w, i) = Compute<T, TRule, T>(Unsafe.Add(ref w, i), Unsafe.Add(ref g, i), TRule.Momentum && !TRule.First ? slot : T.Zero, c.LearningRate, c.WeightDecay, c.Momentum, c.OneMinusDampening, out var buffer);
            if (TRule.Momentum)
            {
                slot = buffer;
            }
        }
    }

    /// <summary>Runs the whole update with vectors of <typeparamref name="TVector"/> when they are accelerated and one fits.</summary>
    /// <remarks>
    /// There is no scalar work: the first and the last vector (when the main loop, which starts where the weights' stores
    /// are aligned, does not cover them) are computed up front from the original values and stored after the main loop.
    /// They overlap the main loop's first and last elements, which are written twice with the same value (an element's
    /// result depends only on its own inputs), so nothing is updated twice.
    /// <para>
    /// Never inlined, and optimized on its first call, so the loop is always compiled whole with its own inlining budget.
    /// Inlined, it ran out of budget twice: beside the other vector width's loop in <c>Run</c> (without AVX-512 the vector
    /// operators became calls: a momentum step over 100 buffers of 256 floats took 48 us instead of 3.2 us), and with
    /// <c>Run</c> in a caller that tiers up with PGO (a buffer's update, a group's step: the per-vector step became a call,
    /// 0.67x to 0.78x of the same loop's speed on one core in the steady state).
    /// </para>
    /// </remarks>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static bool TryRunVectors<T, TRule, TVector>(ref T w, ref T g, ref T b, nuint length, in SgdCoefficients<T> c)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TRule : struct, IRule
        where TVector : struct, ISimd<TVector, T>
    {
        if (!TVector.IsAccelerated || length < TVector.Count)
        {
            return false;
        }

        var width = TVector.Count;
        var lr = TVector.Create(c.LearningRate);
        var wd = TVector.Create(c.WeightDecay);
        var m = TVector.Create(c.Momentum);
        var keep = TVector.Create(c.OneMinusDampening);
        var loadsBuffer = TRule.Momentum && !TRule.First;

        // When the weights happen to be aligned, or the rest is whole vectors, the head or the tail is part of the main loop.
        var start = AlignmentPeel(ref w, TVector.ByteCount);
        var needsHead = start != 0;
        var needsTail = (length - start) % width != 0;
        var tailAt = length - width;
        TVector headW = default, headB = default, tailW = default, tailB = default;
        if (needsHead)
        {
            headW = Compute<TVector, TRule, T>(TVector.Load(ref w, 0), TVector.Load(ref g, 0), loadsBuffer ? TVector.Load(ref b, 0) : default, lr, wd, m, keep, out headB);
        }

        if (needsTail)
        {
            tailW = Compute<TVector, TRule, T>(TVector.Load(ref w, tailAt), TVector.Load(ref g, tailAt), loadsBuffer ? TVector.Load(ref b, tailAt) : default, lr, wd, m, keep, out tailB);
        }

        var i = start;
        for (; i + (4 * width) <= length; i += 4 * width)
        {
            VectorStep<T, TRule, TVector>(ref w, ref g, ref b, i, lr, wd, m, keep);
            VectorStep<T, TRule, TVector>(ref w, ref g, ref b, i + width, lr, wd, m, keep);
            VectorStep<T, TRule, TVector>(ref w, ref g, ref b, i + (2 * width), lr, wd, m, keep);
            VectorStep<T, TRule, TVector>(ref w, ref g, ref b, i + (3 * width), lr, wd, m, keep);
        }

        for (; i + width <= length; i += width)
        {
            VectorStep<T, TRule, TVector>(ref w, ref g, ref b, i, lr, wd, m, keep);
        }

        if (needsHead)
        {
            headW.Store(ref w, 0);
            if (TRule.Momentum)
            {
                headB.Store(ref b, 0);
            }
        }

        if (needsTail)
        {
            tailW.Store(ref w, tailAt);
            if (TRule.Momentum)
            {
                tailB.Store(ref b, tailAt);
            }
        }

        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void VectorStep<T, TRule, TVector>(ref T w, ref T g, ref T b, nuint i, TVector lr, TVector wd, TVector m, TVector keep)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TRule : struct, IRule
        where TVector : struct, ISimd<TVector, T>
    {
        var buffer = TRule.Momentum && !TRule.First ? TVector.Load(ref b, i) : default;
        var weight = Compute<TVector, TRule, T>(TVector.Load(ref w, i), TVector.Load(ref g, i), buffer, lr, wd, m, keep, out var newBuffer);
        if (TRule.Momentum)
        {
            newBuffer.Store(ref b, i);
        }

        weight.Store(ref w, i);
    }

    /// <summary>The update of one element or one vector of elements; see the class remarks for the order of operations.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TValue Compute<TValue, TRule, T>(TValue weight, TValue gradient, TValue buffer, TValue lr, TValue wd, TValue m, TValue keep, out TValue newBuffer)
        where TValue : IAdditionOperators<TValue, TValue, TValue>, ISubtractionOperators<TValue, TValue, TValue>, IMultiplyOperators<TValue, TValue, TValue>
        where TRule : struct, IRule
    {
        var d = gradient;
        if (TRule.Decay)
        {
            d += wd * weight;
        }

        newBuffer = default!;
        if (TRule.Momentum)
        {
            newBuffer = TRule.First ? d : (m * buffer) + (keep * d);
            d = TRule.Nesterov ? d + (m * newBuffer) : newBuffer;
        }

        return weight - (lr * d);
    }

    private readonly struct Rule<TDecay, TMomentum, TFirst, TNesterov> : IRule
        where TDecay : struct, IFlag
        where TMomentum : struct, IFlag
        where TFirst : struct, IFlag
        where TNesterov : struct, IFlag
    {
        public static bool Decay => TDecay.IsSet;

        public static bool Momentum => TMomentum.IsSet;

        public static bool First => TFirst.IsSet;

        public static bool Nesterov => TNesterov.IsSet;
    }
}
