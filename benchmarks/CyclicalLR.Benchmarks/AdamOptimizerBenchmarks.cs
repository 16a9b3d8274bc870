using System.Numerics;
using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;

namespace CyclicalLR.Benchmarks;

/// <summary>
/// One Adam step over one buffer of floats (28 bytes of traffic per element: read w, g, m, v; write w, m, v), at an L2,
/// a 4 MiB and a 64 MiB buffer size: a same-bytes loop with the least arithmetic on one core (baseline) and on two,
/// the step composed from <see cref="TensorPrimitives"/> calls (one pass per operation, one scratch buffer), and
/// <see cref="AdamOptimizer{T}.Step(double)"/> (split across the cores from 2 MiB of traffic on).
/// </summary>
/// <remarks>
/// Lengths: 9,363 (odd; 146 KiB for the four buffers, L2), 1,048,576 (4 MiB per buffer, 16 MiB in all, L3 and beyond)
/// and 16,777,216 (64 MiB per buffer, DRAM). The learning rate is tiny so the weights stay normal floats.
/// </remarks>
[MedianColumn]
public class AdamOptimizerBenchmarks
{
    private const float LearningRate = 1e-7f;

    private float[] _weights = null!;
    private float[] _gradients = null!;
    private float[] _m = null!;
    private float[] _v = null!;
    private float[] _scratch = null!;
    private AdamOptimizer<float> _optimizer = null!;
    private AdamOptimizer<float> _early = null!;

    [Params(9_363, 1_048_576, 16_777_216)]
    public int Length { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _weights = new float[Length];
        _gradients = new float[Length];
        _m = new float[Length];
        _v = new float[Length];
        _scratch = new float[Length];
        for (var i = 0; i < Length; i++)
        {
            _weights[i] = (float)((random.NextDouble() * 2) - 1);
            _gradients[i] = (float)((random.NextDouble() * 2) - 1);
            _m[i] = _gradients[i] * 0.1f;
            _v[i] = _gradients[i] * _gradients[i] * 0.001f;
        }

        _optimizer = new AdamOptimizer<float>();
        _optimizer.Register(_weights, _gradients);
        _optimizer.Step(LearningRate);
        _early = new AdamOptimizer<float>(beta2: 1 - 1e-7);
        _early.Register(_weights, _gradients);
        _early.Step(LearningRate);
    }

    /// <summary>The same traffic with the least arithmetic: <c>m += g; v += g; w += m</c>, one <see cref="Vector{T}"/> per iteration.</summary>
    [Benchmark(Baseline = true)]
    public void SameBytesOneCore() => SameBytesLoops.Adam(_weights, _gradients, _m, _v);

    /// <summary>The two-core ceiling: the same loop on two halves with <c>Parallel.For</c> (which allocates a little).</summary>
    [Benchmark]
    [BenchmarkCategory(Categories.MayAllocate)]
    public void SameBytesTwoCores()
    {
        var half = (Length / 2) & ~63;
        Parallel.For(0, 2, part =>
        {
            var start = part == 0 ? 0 : half;
            var count = (part == 0 ? half : Length) - start;
            SameBytesLoops.Adam(_weights.AsSpan(start, count), _gradients.AsSpan(start, count), _m.AsSpan(start, count), _v.AsSpan(start, count));
        });
    }

    /// <summary>The Adam step composed from <see cref="TensorPrimitives"/> calls, as a user without the optimizer would write it.</summary>
    [Benchmark]
    public void TensorPrimitivesComposed()
    {
        const float beta1 = 0.9f, beta2 = 0.999f, epsilon = 1e-8f, biasCorrection2Sqrt = 0.5f, stepSize = LearningRate;
        TensorPrimitives.Multiply(_m, beta1, _m);
        TensorPrimitives.MultiplyAdd(_gradients, 1 - beta1, _m, _m);
        TensorPrimitives.Multiply(_v, beta2, _v);
        TensorPrimitives.Multiply(_gradients, 1 - beta2, _scratch);
        TensorPrimitives.MultiplyAdd(_scratch, _gradients, _v, _v);
        TensorPrimitives.Sqrt(_v, _scratch);
        TensorPrimitives.Divide(_scratch, biasCorrection2Sqrt, _scratch);
        TensorPrimitives.Add(_scratch, epsilon, _scratch);
        TensorPrimitives.Divide(_m, _scratch, _scratch);
        TensorPrimitives.MultiplyAdd(_scratch, -stepSize, _weights, _weights);
    }

    /// <summary>
    /// The step as it runs for most of a run: after the warm-up the buffer has taken well over 16,600 steps, so
    /// <c>sqrt(1 - 0.999^t)</c> is exactly 1 in float and the kernel skips the division by it.
    /// </summary>
    [Benchmark]
    public bool AdamStep() => _optimizer.Step(LearningRate);

    /// <summary>
    /// The step early in a run, while the bias correction is below 1 and divides every element: <c>beta2 = 1 - 1e-7</c>
    /// keeps <c>sqrt(1 - beta2^t)</c> below 1 in float for the whole benchmark (about 1.7e8 steps).
    /// </summary>
    [Benchmark]
    public bool AdamStepEarly() => _early.Step(LearningRate);
}
