using System.Numerics;
using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;

namespace CyclicalLR.Benchmarks;

/// <summary>
/// One in-place SGD update <c>w -= lr * g</c> over one buffer of floats (12 bytes of traffic per element: read w and g,
/// write w), from L1 to DRAM sizes: a naive scalar loop (baseline), <c>TensorPrimitives.MultiplyAdd</c>,
/// <see cref="SgdUpdater.Apply{T}(Span{T}, ReadOnlySpan{T}, T)"/>, and two same-bytes ceilings that do the least work
/// for the same traffic (<c>w += g</c>, a vector loop) on one core and on two.
/// </summary>
/// <remarks>
/// Lengths: 512 (2 KiB per buffer, L1), 40,001 (odd, 156 KiB per buffer, L2), 1,048,576 (4 MiB per buffer, 12 MiB in
/// all, L3) and 16,777,216 (64 MiB per buffer, DRAM). The learning rate is tiny so that the weights stay normal floats
/// across millions of invocations.
/// </remarks>
[MedianColumn]
public class SgdUpdaterBenchmarks
{
    private const float LearningRate = 1e-7f;

    private float[] _weights = null!;
    private float[] _gradients = null!;

    [Params(512, 40_001, 1_048_576, 16_777_216)]
    public int Length { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _weights = new float[Length];
        _gradients = new float[Length];
        for (var i = 0; i < Length; i++)
        {
            _weights[i] = (float)((random.NextDouble() * 2) - 1);
            _gradients[i] = (float)((random.NextDouble() * 2) - 1);
        }
    }

    [Benchmark(Baseline = true)]
    public void NaiveLoop()
    {
        var w = _weights;
        var g = _gradients;
        for (var i = 0; i < w.Length; i++)
        {
            w[i] = w[i] - (LearningRate * g[i]);
        }
    }

    [Benchmark]
    public void TensorPrimitivesMultiplyAdd() => TensorPrimitives.MultiplyAdd(_gradients, -LearningRate, _weights, _weights);

    [Benchmark]
    public void SgdUpdaterApply() => SgdUpdater.Apply<float>(_weights, _gradients, LearningRate);

    /// <summary>The same traffic with the least arithmetic, <c>w += g</c>, a plain vector loop on one core.</summary>
    [Benchmark]
    public void SameBytesOneCore() => AddInPlace(_weights, _gradients);

    /// <summary>The two-core ceiling: the same loop on two halves with <c>Parallel.For</c> (which allocates a little).</summary>
    [Benchmark]
    [BenchmarkCategory(Categories.MayAllocate)]
    public void SameBytesTwoCores()
    {
        var half = (Length / 2) & ~63;
        Parallel.For(0, 2, part =>
        {
            var start = part == 0 ? 0 : half;
            var end = part == 0 ? half : Length;
            AddInPlace(_weights.AsSpan(start, end - start), _gradients.AsSpan(start, end - start));
        });
    }

    /// <summary><c>w += g</c>, one <see cref="Vector{T}"/> per iteration: the same traffic as the update with the least arithmetic.</summary>
    private static void AddInPlace(Span<float> w, ReadOnlySpan<float> g)
    {
        var width = Vector<float>.Count;
        var i = 0;
        for (; i <= w.Length - width; i += width)
        {
            (new Vector<float>(w[i..]) + new Vector<float>(g[i..])).CopyTo(w[i..]);
        }

        for (; i < w.Length; i++)
        {
            w[i] += g[i];
        }
    }
}
