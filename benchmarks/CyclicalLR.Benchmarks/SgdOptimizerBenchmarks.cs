using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace CyclicalLR.Benchmarks;

/// <summary>
/// One <see cref="SgdOptimizer{T}.Step(double, double)"/> over a model: (1) 100 buffers of 256 floats, the per-buffer
/// overhead case (PyTorch 1.13 takes about 143 us for it, TorchSharp about 1.4 us per tensor); (2) the momentum step on
/// one 40,001-float buffer (20 bytes of traffic per element, L2-sized, one core), against a fused single pass written
/// here by hand, and against the two passes a PyTorch-style implementation makes.
/// </summary>
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
[MedianColumn]
public class SgdOptimizerBenchmarks
{
    private const string ManySmall = "100x256";
    private const string MomentumStep = "Momentum";
    private const int SmallBuffers = 100;
    private const int SmallLength = 256;
    private const int MomentumLength = 40_001;
    private const float LearningRate = 1e-7f;
    private const float Momentum = 0.9f;

    private float[][] _smallWeights = null!;
    private float[][] _smallGradients = null!;
    private SgdOptimizer<float> _plain = null!;
    private SgdOptimizer<float> _momentumSmall = null!;
    private float[] _weights = null!;
    private float[] _gradients = null!;
    private float[] _buffer = null!;
    private SgdOptimizer<float> _momentum = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        float[] Fill(int length) => [.. Enumerable.Range(0, length).Select(_ => (float)((random.NextDouble() * 2) - 1))];

        _smallWeights = [.. Enumerable.Range(0, SmallBuffers).Select(_ => Fill(SmallLength))];
        _smallGradients = [.. Enumerable.Range(0, SmallBuffers).Select(_ => Fill(SmallLength))];
        _plain = new SgdOptimizer<float>();
        _momentumSmall = new SgdOptimizer<float>(momentum: Momentum);
        for (var i = 0; i < SmallBuffers; i++)
        {
            _plain.Register(_smallWeights[i], _smallGradients[i]);
            _momentumSmall.Register(_smallWeights[i], _smallGradients[i]);
        }

        _weights = Fill(MomentumLength);
        _gradients = Fill(MomentumLength);
        _buffer = (float[])_gradients.Clone();
        _momentum = new SgdOptimizer<float>(momentum: Momentum);
        _momentum.Register(_weights, _gradients);
        _momentum.Step(LearningRate); // the buffer's first step (a copy) is done: the benchmark measures the steady state
    }

    /// <summary>What one would write by hand without the optimizer: the scalar loop per buffer.</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory(ManySmall)]
    public void NaiveLoops100x256()
    {
        for (var b = 0; b < SmallBuffers; b++)
        {
            var w = _smallWeights[b];
            var g = _smallGradients[b];
            for (var i = 0; i < w.Length; i++)
            {
                w[i] = w[i] - (LearningRate * g[i]);
            }
        }
    }

    [Benchmark]
    [BenchmarkCategory(ManySmall)]
    public bool Step100x256() => _plain.Step(LearningRate);

    [Benchmark]
    [BenchmarkCategory(ManySmall)]
    public bool StepMomentum100x256() => _momentumSmall.Step(LearningRate, Momentum);

    /// <summary>The fused single pass: <c>b = m * b + g; w -= lr * b</c> in one vector loop.</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory(MomentumStep)]
    public void FusedSinglePass()
    {
        ref var w = ref MemoryMarshal.GetArrayDataReference(_weights);
        ref var g = ref MemoryMarshal.GetArrayDataReference(_gradients);
        ref var b = ref MemoryMarshal.GetArrayDataReference(_buffer);
        var length = (nuint)_weights.Length;
        var width = (nuint)Vector<float>.Count;
        var lr = new Vector<float>(LearningRate);
        var m = new Vector<float>(Momentum);
        nuint i = 0;
        for (; i + width <= length; i += width)
        {
            var buf = (m * Vector.LoadUnsafe(ref b, i)) + Vector.LoadUnsafe(ref g, i);
            buf.StoreUnsafe(ref b, i);
            (Vector.LoadUnsafe(ref w, i) - (lr * buf)).StoreUnsafe(ref w, i);
        }

        for (; i < length; i++)
        {
            var buf = (Momentum * Unsafe.Add(ref b, i)) + Unsafe.Add(ref g, i);
            Unsafe.Add(ref b, i) = buf;
            Unsafe.Add(ref w, i) -= LearningRate * buf;
        }
    }

    /// <summary>Two passes as PyTorch's for-each SGD makes them: <c>b = m * b + g</c>, then <c>w -= lr * b</c> (32 bytes per element).</summary>
    [Benchmark]
    [BenchmarkCategory(MomentumStep)]
    public void TwoPassesTensorPrimitives()
    {
        System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(_buffer, Momentum, _gradients, _buffer);
        System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(_buffer, -LearningRate, _weights, _weights);
    }

    [Benchmark]
    [BenchmarkCategory(MomentumStep)]
    public bool OptimizerMomentumStep() => _momentum.Step(LearningRate, Momentum);
}
