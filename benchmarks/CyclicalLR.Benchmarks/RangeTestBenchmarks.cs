using BenchmarkDotNet.Attributes;

namespace CyclicalLR.Benchmarks;

/// <summary>
/// The per-iteration overhead of an LR range test in a training loop: the sweep's learning rate, and a whole pull-style
/// run (read the rate, record a metric) per iteration, against <see cref="Triangular"/>'s learning rate as the baseline.
/// The whole run allocates its points and result once, so it is in <see cref="Categories.MayAllocate"/>.
/// </summary>
public class RangeTestBenchmarks
{
    private const int Iterations = 1000;

    private ILearningRateSchedule _triangular = null!;
    private LrRangeTest _test = null!;

    [Params(RangeTestSweep.Linear, RangeTestSweep.Exponential)]
    public RangeTestSweep Sweep { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _triangular = new Triangular(1e-5, 1, Iterations);
        _test = new LrRangeTest(1e-5, 1, Iterations, Sweep, RangeTestMetric.Loss);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Iterations)]
    public double TriangularRate()
    {
        var sum = 0.0;
        for (long i = 0; i < Iterations; i++)
        {
            sum += _triangular.GetLearningRate(i);
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Iterations)]
    public double SweepRate()
    {
        var sum = 0.0;
        for (long i = 0; i < Iterations; i++)
        {
            sum += _test.GetLearningRate(i);
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Iterations)]
    [BenchmarkCategory(Categories.MayAllocate)]
    public int PullStyleRun()
    {
        var recorder = _test.Start();
        while (!recorder.IsComplete)
        {
            recorder.Record(1 / (1 + recorder.CurrentLearningRate));
        }

        return recorder.GetResult().Points.Count;
    }
}
