using System.Numerics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace CyclicalLR.Benchmarks;

/// <summary>
/// One optimizer step over a whole model of many buffers of floats, against a loop that moves the same bytes with the
/// least arithmetic on one core (baseline) and on two (buffers split between two <c>Parallel.For</c> workers): SGD with
/// momentum (20 bytes per element: <c>b += g; w += b</c>) and Adam (28 bytes: <c>m += g; v += g; w += m</c>).
/// </summary>
/// <remarks>
/// Models: 64 buffers of 100,000 floats (each below the 2 MiB per-buffer threshold of earlier versions: 128 MB of SGD
/// traffic per step, 179 MB of Adam's) and 100 buffers of 256 floats (too small to split: one core, as before).
/// </remarks>
[MedianColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory, BenchmarkLogicalGroupRule.ByParams)]
[CategoriesColumn]
public class WholeModelStepBenchmarks
{
    private float[][] _weights = null!;
    private float[][] _gradients = null!;
    private float[][] _first = null!;
    private float[][] _second = null!;
    private SgdOptimizer<float> _sgd = null!;
    private AdamOptimizer<float> _adam = null!;

    [Params("64x100000", "100x256")]
    public string Model { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        var parts = Model.Split('x');
        var buffers = int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture);
        var length = int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
        var random = new Random(42);
        float[] Fill(float scale) => [.. Enumerable.Range(0, length).Select(_ => (float)(((random.NextDouble() * 2) - 1) * scale))];
        _weights = [.. Enumerable.Range(0, buffers).Select(_ => Fill(1))];
        _gradients = [.. Enumerable.Range(0, buffers).Select(_ => Fill(1))];
        _first = [.. Enumerable.Range(0, buffers).Select(_ => Fill(0.1f))];
        _second = [.. Enumerable.Range(0, buffers).Select(_ => Fill(0.001f))];
        _sgd = new SgdOptimizer<float>(momentum: 0.9);
        _adam = new AdamOptimizer<float>();
        for (var b = 0; b < buffers; b++)
        {
            _sgd.Register(_weights[b], _gradients[b]);
            _adam.Register(_weights[b], _gradients[b]);
        }

        _sgd.Step(1e-9);
        _adam.Step(1e-9);
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Sgd")]
    public void SgdSameBytesOneCore()
    {
        for (var b = 0; b < _weights.Length; b++)
        {
            SameBytesLoops.Sgd(_weights[b], _gradients[b], _first[b]);
        }
    }

    [Benchmark]
    [BenchmarkCategory("Sgd", Categories.MayAllocate)]
    public void SgdSameBytesTwoCores() => Parallel.For(0, 2, part =>
    {
        for (var b = part; b < _weights.Length; b += 2)
        {
            SameBytesLoops.Sgd(_weights[b], _gradients[b], _first[b]);
        }
    });

    [Benchmark]
    [BenchmarkCategory("Sgd")]
    public bool SgdStep() => _sgd.Step(1e-9);

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Adam")]
    public void AdamSameBytesOneCore()
    {
        for (var b = 0; b < _weights.Length; b++)
        {
            SameBytesLoops.Adam(_weights[b], _gradients[b], _first[b], _second[b]);
        }
    }

    [Benchmark]
    [BenchmarkCategory("Adam", Categories.MayAllocate)]
    public void AdamSameBytesTwoCores() => Parallel.For(0, 2, part =>
    {
        for (var b = part; b < _weights.Length; b += 2)
        {
            SameBytesLoops.Adam(_weights[b], _gradients[b], _first[b], _second[b]);
        }
    });

    [Benchmark]
    [BenchmarkCategory("Adam")]
    public bool AdamStep() => _adam.Step(1e-9);
}
