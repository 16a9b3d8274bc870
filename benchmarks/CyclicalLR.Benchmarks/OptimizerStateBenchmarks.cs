using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace CyclicalLR.Benchmarks;

/// <summary>
/// Saving and loading the state of an <see cref="SgdOptimizer{T}"/> with momentum over 100 buffers of 256 floats
/// (100 KiB of momentum, 200 KiB with the weights), to and from a <see cref="MemoryStream"/> that already has the room,
/// against a raw write or read of the same momentum bytes with no header, checksum or validation; and the step on the
/// same optimizer, which must still allocate nothing.
/// </summary>
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
[MedianColumn]
public class OptimizerStateBenchmarks
{
    private const string Save = "Save";
    private const string Load = "Load";
    private const string Step = "Step";
    private const int Buffers = 100;
    private const int Length = 256;

    private float[][] _weights = null!;
    private float[][] _momentumCopies = null!;
    private SgdOptimizer<float> _optimizer = null!;
    private MemoryStream _target = null!;
    private MemoryStream _state = null!;
    private MemoryStream _stateWithWeights = null!;
    private MemoryStream _raw = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        float[] Fill() => [.. Enumerable.Range(0, Length).Select(_ => (float)((random.NextDouble() * 2) - 1))];

        _weights = [.. Enumerable.Range(0, Buffers).Select(_ => Fill())];
        var gradients = Enumerable.Range(0, Buffers).Select(_ => Fill()).ToArray();
        _momentumCopies = [.. Enumerable.Range(0, Buffers).Select(_ => new float[Length])];
        _optimizer = new SgdOptimizer<float>(momentum: 0.9, weightDecay: 5e-4);
        for (var b = 0; b < Buffers; b++)
        {
            _optimizer.Register(_weights[b], gradients[b]);
        }

        _optimizer.Step(1e-7); // momentum started: the state is a real one
        _state = new MemoryStream();
        _optimizer.SaveState(_state);
        _stateWithWeights = new MemoryStream();
        _optimizer.SaveState(_stateWithWeights, includeWeights: true);
        _target = new MemoryStream(capacity: (int)_stateWithWeights.Length);
        _raw = new MemoryStream();
        foreach (var copy in _momentumCopies)
        {
            _raw.Write(MemoryMarshal.AsBytes(copy.AsSpan()));
        }
    }

    /// <summary>The floor: the momentum bytes written with no header, checksum or validation.</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory(Save, Categories.MayAllocate)]
    public long RawWrite()
    {
        _target.Position = 0;
        foreach (var copy in _momentumCopies)
        {
            _target.Write(MemoryMarshal.AsBytes(copy.AsSpan()));
        }

        return _target.Position;
    }

    [Benchmark]
    [BenchmarkCategory(Save, Categories.MayAllocate)]
    public long SaveState()
    {
        _target.Position = 0;
        _optimizer.SaveState(_target);
        return _target.Position;
    }

    [Benchmark]
    [BenchmarkCategory(Save, Categories.MayAllocate)]
    public long SaveStateWithWeights()
    {
        _target.Position = 0;
        _optimizer.SaveState(_target, includeWeights: true);
        return _target.Position;
    }

    /// <summary>The floor: the momentum bytes read into existing arrays, with no checks.</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory(Load, Categories.MayAllocate)]
    public long RawRead()
    {
        _raw.Position = 0;
        foreach (var copy in _momentumCopies)
        {
            _raw.ReadExactly(MemoryMarshal.AsBytes(copy.AsSpan()));
        }

        return _raw.Position;
    }

    [Benchmark]
    [BenchmarkCategory(Load, Categories.MayAllocate)]
    public long LoadState()
    {
        _state.Position = 0;
        _optimizer.LoadState(_state);
        return _state.Position;
    }

    [Benchmark]
    [BenchmarkCategory(Load, Categories.MayAllocate)]
    public long LoadStateWithWeights()
    {
        _stateWithWeights.Position = 0;
        _optimizer.LoadState(_stateWithWeights);
        return _stateWithWeights.Position;
    }

    /// <summary>The momentum step on the same 100 x 256 floats: a hot path, 0 B (the program fails the run otherwise).</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory(Step)]
    public bool Step100x256Momentum() => _optimizer.Step(1e-7);
}
