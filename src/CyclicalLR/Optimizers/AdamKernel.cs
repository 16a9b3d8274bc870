using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using static CyclicalLR.SimdKernel;

namespace CyclicalLR;

/// <summary>
/// The Adam and AdamW update loops: one loop per <see cref="AdamRule"/>, specialized at JIT time through type arguments,
/// with a <see cref="System.Runtime.Intrinsics.Vector512{T}"/> body where AVX-512 is accelerated, else a
/// <see cref="Vector{T}"/> body, else a scalar loop. Every path runs the same operations in the same order in the element
/// type, so every element gets the same bits whichever path, and whichever thread, computes it.
/// </summary>
/// <remarks>
/// Per element, in the element type, each operation rounded on its own (never a fused multiply-add), as PyTorch 1.13's
/// single-tensor rule (<c>_single_tensor_adam</c>, <c>_single_tensor_adamw</c>) writes it:
/// <code>
/// d = g + wd * w                   Adam with weight decay (grad.add(param, alpha=wd)); else d = g
/// w = w * decayFactor              AdamW (param.mul_(1 - lr * wd))
/// m = (m * beta1) + (1-beta1) * d  exp_avg.mul_(beta1).add_(grad, alpha=1 - beta1)
/// v = (v * beta2) + ((1-beta2) * d) * d   exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
/// s = max(maxV, v), maxV = s       AMSGrad (torch.maximum, NaN propagates); else s = v
/// denom = sqrt(s) / bc2Sqrt + eps  (exp_avg_sq.sqrt() / bias_correction2_sqrt).add_(eps); once bc2Sqrt is exactly
///                                  1 in T (float: t above about 16,600 with beta2 = 0.999) the division is skipped,
///                                  since x / 1 == x exactly
/// w = w + (-stepSize * m) / denom  param.addcdiv_(exp_avg, denom, value=-step_size)
/// </code>
/// </remarks>
internal static unsafe class AdamKernel
{
    /// <summary>Total bytes a call must touch before it is split across cores (as for SGD).</summary>
    internal const long ParallelThresholdBytes = SgdKernel.ParallelThresholdBytes;

    private static readonly int s_processorCount = Environment.ProcessorCount;

    private interface IRule
    {
        static abstract bool Decay { get; }

        static abstract bool Decoupled { get; }

        static abstract bool AmsGrad { get; }

        static abstract bool UnitBiasCorrection { get; }
    }

    /// <summary>Returns the bytes one element's update reads and writes: w, g, m, v read, w, m, v written; max v read and written with AMSGrad.</summary>
    /// <param name="rule">The rule.</param>
    /// <param name="elementSize">The element's size in bytes.</param>
    /// <returns>The byte count.</returns>
    public static int BytesPerElement(AdamRule rule, int elementSize) => elementSize * ((rule & AdamRule.AmsGrad) != 0 ? 9 : 7);

    /// <summary>Updates one buffer in place, on several cores when it is large.</summary>
    /// <param name="rule">The parts of the update to run.</param>
    /// <param name="weights">The weights.</param>
    /// <param name="gradients">The gradients, the same length (may be the weights buffer itself).</param>
    /// <param name="m">The first moments, the same length.</param>
    /// <param name="v">The second moments, the same length.</param>
    /// <param name="maxV">The largest second moments, the same length with <see cref="AdamRule.AmsGrad"/>, else empty.</param>
    /// <param name="coefficients">The step's scalars.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Update<T>(AdamRule rule, Span<T> weights, ReadOnlySpan<T> gradients, Span<T> m, Span<T> v, Span<T> maxV, in AdamCoefficients<T> coefficients)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var length = (nuint)weights.Length;
        if ((long)length * BytesPerElement(rule, sizeof(T)) >= ParallelThresholdBytes && s_processorCount > 1)
        {
            UpdateOnSeveralCores(rule, weights, gradients, m, v, maxV, coefficients);
            return;
        }

        Run(rule, ref MemoryMarshal.GetReference(weights), ref MemoryMarshal.GetReference(gradients), ref MemoryMarshal.GetReference(m), ref MemoryMarshal.GetReference(v), ref MemoryMarshal.GetReference(maxV), length, coefficients);
    }

    /// <summary>Runs <paramref name="rule"/> over <paramref name="length"/> elements on the calling thread.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Run<T>(AdamRule rule, ref T w, ref T g, ref T m, ref T v, ref T maxV, nuint length, in AdamCoefficients<T> c)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if ((rule & AdamRule.UnitBiasCorrection) != 0)
        {
            RunBiasCorrected<T, Yes>(rule & ~AdamRule.UnitBiasCorrection, ref w, ref g, ref m, ref v, ref maxV, length, c);
        }
        else
        {
            RunBiasCorrected<T, No>(rule, ref w, ref g, ref m, ref v, ref maxV, length, c);
        }
    }

    /// <summary>Runs <paramref name="rule"/> (without <see cref="AdamRule.UnitBiasCorrection"/>) with the division by the bias correction kept or skipped.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void RunBiasCorrected<T, TUnit>(AdamRule rule, ref T w, ref T g, ref T m, ref T v, ref T maxV, nuint length, in AdamCoefficients<T> c)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TUnit : struct, IFlag
    {
        switch (rule)
        {
            case AdamRule.None: Run<T, Rule<No, No, No, TUnit>>(ref w, ref g, ref m, ref v, ref maxV, length, c); break;
            case AdamRule.WeightDecay: Run<T, Rule<Yes, No, No, TUnit>>(ref w, ref g, ref m, ref v, ref maxV, length, c); break;
            case AdamRule.DecoupledWeightDecay: Run<T, Rule<No, Yes, No, TUnit>>(ref w, ref g, ref m, ref v, ref maxV, length, c); break;
            case AdamRule.AmsGrad: Run<T, Rule<No, No, Yes, TUnit>>(ref w, ref g, ref m, ref v, ref maxV, length, c); break;
            case AdamRule.AmsGrad | AdamRule.WeightDecay: Run<T, Rule<Yes, No, Yes, TUnit>>(ref w, ref g, ref m, ref v, ref maxV, length, c); break;
            case AdamRule.AmsGrad | AdamRule.DecoupledWeightDecay: Run<T, Rule<No, Yes, Yes, TUnit>>(ref w, ref g, ref m, ref v, ref maxV, length, c); break;
            default: throw new System.Diagnostics.UnreachableException();
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void UpdateOnSeveralCores<T>(AdamRule rule, Span<T> weights, ReadOnlySpan<T> gradients, Span<T> m, Span<T> v, Span<T> maxV, in AdamCoefficients<T> coefficients)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        fixed (T* w = weights)
        fixed (T* g = gradients)
        fixed (T* pm = m)
        fixed (T* pv = v)
        fixed (T* px = maxV)
        {
            ParallelWork<AdamBufferUpdate<T>>.ForCurrentThread.Run(new AdamBufferUpdate<T>(rule, w, g, pm, pv, px, (nuint)weights.Length, coefficients), s_processorCount);
        }
    }

    /// <summary>Runs the update of <typeparamref name="TRule"/> over <paramref name="length"/> elements.</summary>
    /// <remarks>Jitted fully optimized on its first call, as <see cref="SgdKernel"/>'s is (see there why); the vector loops are methods of their own.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Run<T, TRule>(ref T w, ref T g, ref T m, ref T v, ref T maxV, nuint length, in AdamCoefficients<T> c)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TRule : struct, IRule
    {
        if (!TryRunVectors<T, TRule, Simd512<T>>(ref w, ref g, ref m, ref v, ref maxV, length, c)
            && !TryRunVectors<T, TRule, SimdAnyWidth<T>>(ref w, ref g, ref m, ref v, ref maxV, length, c))
        {
            var k = new Constants<Scalar<T>, T>(c);
            for (nuint i = 0; i < length; i++)
            {
                Step<T, TRule, Scalar<T>>(ref w, ref g, ref m, ref v, ref maxV, i, k);
            }
        }
    }

    /// <summary>Runs the whole update with vectors of <typeparamref name="TVector"/> when they are accelerated and one fits.</summary>
    /// <remarks>
    /// As <see cref="SgdKernel"/>: the first and the last vector (when the aligned main loop does not cover them) are computed
    /// up front from the original values and stored after the main loop; elements they share with the main loop are written
    /// twice with the same value, since an element's result depends only on its own inputs.
    /// <para>
    /// With AVX-512 (<see cref="ISimd{TSelf, T}.LoadsAhead"/>) the main loop loads the next vector's inputs before it stores
    /// the current vector's results. Loaded after the stores, they could match a pending store's address modulo 4 KiB (the
    /// four buffers lie wherever the allocator put them) and wait for it: in <c>AdamKernelLayoutBenchmarks</c>
    /// (benchmarks/README.md) the late-run rule, one division fewer, was slower than the early-run rule in 3 of 8 layout
    /// runs, and faster in all 8 loading ahead. With 16 vector registers (AVX2) loading ahead spills on every iteration
    /// (in a one-core harness over 4 MiB buffers, 14% to 58% slower than stepping two vectors at a time, as that loop does).
    /// </para>
    /// <para>
    /// Never inlined, and optimized on its first call, as <see cref="SgdKernel"/>'s vector loop is (see there why): inlined
    /// into <c>Run</c> or further, the JIT ran out of inlining budget and called the per-vector helpers.
    /// </para>
    /// </remarks>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static bool TryRunVectors<T, TRule, TVector>(ref T w, ref T g, ref T m, ref T v, ref T maxV, nuint length, in AdamCoefficients<T> c)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TRule : struct, IRule
        where TVector : struct, ISimd<TVector, T>
    {
        if (!TVector.IsAccelerated || length < TVector.Count)
        {
            return false;
        }

        var width = TVector.Count;
        var k = new Constants<TVector, T>(c);
        var start = AlignmentPeel(ref w, TVector.ByteCount);
        var needsHead = start != 0;
        var needsTail = (length - start) % width != 0;
        var tailAt = length - width;
        Values<TVector, T> head = default, tail = default;
        if (needsHead)
        {
            head = Compute<T, TRule, TVector>(Values<TVector, T>.Load(ref w, ref m, ref v, ref maxV, 0, TRule.AmsGrad), TVector.Load(ref g, 0), k);
        }

        if (needsTail)
        {
            tail = Compute<T, TRule, TVector>(Values<TVector, T>.Load(ref w, ref m, ref v, ref maxV, tailAt, TRule.AmsGrad), TVector.Load(ref g, tailAt), k);
        }

        var i = start;
        if (!TVector.LoadsAhead)
        {
            for (; i + (2 * width) <= length; i += 2 * width)
            {
                Step<T, TRule, TVector>(ref w, ref g, ref m, ref v, ref maxV, i, k);
                Step<T, TRule, TVector>(ref w, ref g, ref m, ref v, ref maxV, i + width, k);
            }

            for (; i + width <= length; i += width)
            {
                Step<T, TRule, TVector>(ref w, ref g, ref m, ref v, ref maxV, i, k);
            }
        }
        else if (i + width <= length)
        {
            var x = Values<TVector, T>.Load(ref w, ref m, ref v, ref maxV, i, TRule.AmsGrad);
            var gradient = TVector.Load(ref g, i);
            for (; i + (2 * width) <= length; i += width)
            {
                var next = Values<TVector, T>.Load(ref w, ref m, ref v, ref maxV, i + width, TRule.AmsGrad);
                var nextGradient = TVector.Load(ref g, i + width);
                Compute<T, TRule, TVector>(x, gradient, k).Store(ref w, ref m, ref v, ref maxV, i, TRule.AmsGrad);
                x = next;
                gradient = nextGradient;
            }

            Compute<T, TRule, TVector>(x, gradient, k).Store(ref w, ref m, ref v, ref maxV, i, TRule.AmsGrad);
            i += width;
        }

        if (needsHead)
        {
            head.Store(ref w, ref m, ref v, ref maxV, 0, TRule.AmsGrad);
        }

        if (needsTail)
        {
            tail.Store(ref w, ref m, ref v, ref maxV, tailAt, TRule.AmsGrad);
        }

        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Step<T, TRule, TVector>(ref T w, ref T g, ref T m, ref T v, ref T maxV, nuint i, in Constants<TVector, T> k)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TRule : struct, IRule
        where TVector : struct, ISimd<TVector, T>
    {
        var result = Compute<T, TRule, TVector>(Values<TVector, T>.Load(ref w, ref m, ref v, ref maxV, i, TRule.AmsGrad), TVector.Load(ref g, i), k);
        result.Store(ref w, ref m, ref v, ref maxV, i, TRule.AmsGrad);
    }

    /// <summary>The update of one element or one vector of elements; see the class remarks for the order of operations.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Values<TVector, T> Compute<T, TRule, TVector>(Values<TVector, T> x, TVector gradient, in Constants<TVector, T> k)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TRule : struct, IRule
        where TVector : struct, ISimd<TVector, T>
    {
        var d = gradient;
        var w = x.W;
        if (TRule.Decay)
        {
            d += k.WeightDecay * w;
        }

        if (TRule.Decoupled)
        {
            w *= k.DecayFactor;
        }

        var m = (x.M * k.Beta1) + (k.OneMinusBeta1 * d);
        var v = (x.V * k.Beta2) + ((k.OneMinusBeta2 * d) * d);
        var s = v;
        var maxV = x.MaxV;
        if (TRule.AmsGrad)
        {
            maxV = TVector.Max(maxV, v);
            s = maxV;
        }

        // x / 1 == x exactly (for every x, NaN included): with a bias correction of exactly 1 the division is skipped.
        var root = TVector.Sqrt(s);
        if (!TRule.UnitBiasCorrection)
        {
            root /= k.BiasCorrection2Sqrt;
        }

        var denom = root + k.Epsilon;
        w += (k.NegativeStepSize * m) / denom;
        return new Values<TVector, T>(w, m, v, maxV);
    }

    /// <summary>The step's scalars broadcast to <typeparamref name="TVector"/>.</summary>
    private readonly struct Constants<TVector, T>(in AdamCoefficients<T> c)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TVector : struct, ISimd<TVector, T>
    {
        public readonly TVector Beta1 = TVector.Create(c.Beta1);
        public readonly TVector OneMinusBeta1 = TVector.Create(c.OneMinusBeta1);
        public readonly TVector Beta2 = TVector.Create(c.Beta2);
        public readonly TVector OneMinusBeta2 = TVector.Create(c.OneMinusBeta2);
        public readonly TVector WeightDecay = TVector.Create(c.WeightDecay);
        public readonly TVector DecayFactor = TVector.Create(c.DecayFactor);
        public readonly TVector NegativeStepSize = TVector.Create(c.NegativeStepSize);
        public readonly TVector BiasCorrection2Sqrt = TVector.Create(c.BiasCorrection2Sqrt);
        public readonly TVector Epsilon = TVector.Create(c.Epsilon);
    }

    /// <summary>One element's (or vector's) weight and state, loaded or computed.</summary>
    private readonly struct Values<TVector, T>(TVector w, TVector m, TVector v, TVector maxV)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TVector : struct, ISimd<TVector, T>
    {
        public readonly TVector W = w;
        public readonly TVector M = m;
        public readonly TVector V = v;
        public readonly TVector MaxV = maxV;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Values<TVector, T> Load(ref T w, ref T m, ref T v, ref T maxV, nuint i, bool amsGrad) =>
            new(TVector.Load(ref w, i), TVector.Load(ref m, i), TVector.Load(ref v, i), amsGrad ? TVector.Load(ref maxV, i) : default);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Store(ref T w, ref T m, ref T v, ref T maxV, nuint i, bool amsGrad)
        {
            M.Store(ref m, i);
            V.Store(ref v, i);
            if (amsGrad)
            {
                MaxV.Store(ref maxV, i);
            }

            W.Store(ref w, i);
        }
    }

    private readonly struct Rule<TDecay, TDecoupled, TAmsGrad, TUnit> : IRule
        where TDecay : struct, IFlag
        where TDecoupled : struct, IFlag
        where TAmsGrad : struct, IFlag
        where TUnit : struct, IFlag
    {
        public static bool Decay => TDecay.IsSet;

        public static bool Decoupled => TDecoupled.IsSet;

        public static bool AmsGrad => TAmsGrad.IsSet;

        public static bool UnitBiasCorrection => TUnit.IsSet;
    }
}
