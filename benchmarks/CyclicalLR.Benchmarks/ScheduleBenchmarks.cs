using BenchmarkDotNet.Attributes;

namespace CyclicalLR.Benchmarks;

/// <summary>
/// The cost of one <see cref="ILearningRateSchedule.GetLearningRate(long)"/> call for each schedule, called through the
/// interface as a training loop would, at a cycling sequence of iterations (so the branch predictor sees both halves).
/// </summary>
public class ScheduleBenchmarks
{
    private const int Calls = 1024;

    private ILearningRateSchedule _triangular = null!;
    private ILearningRateSchedule _triangular2 = null!;
    private ILearningRateSchedule _expRange = null!;
    private ILearningRateSchedule _fixedDecay = null!;
    private ILearningRateSchedule _custom = null!;
    private IMomentumSchedule _momentum = null!;

    [Params(0L, 1_000_000_000_000L)]
    public long Start { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var triangular = new Triangular(0.001, 0.006, 2000);
        _triangular = triangular;
        _triangular2 = new Triangular2(0.001, 0.006, 2000);
        _expRange = new ExpRange(0.001, 0.006, 2000, 0.99994);
        _fixedDecay = new FixedDecay(0.001, 0.006, 2000);
        _custom = new CyclicalSchedule(0.001, 0.006, 2000, static cycle => 1.0 / cycle, ScaleMode.Cycle);
        _momentum = new CyclicalMomentum(triangular, 0.85, 0.95);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Calls)]
    public double Triangular() => Sum(_triangular);

    [Benchmark(OperationsPerInvoke = Calls)]
    public double Triangular2() => Sum(_triangular2);

    [Benchmark(OperationsPerInvoke = Calls)]
    public double ExpRange() => Sum(_expRange);

    [Benchmark(OperationsPerInvoke = Calls)]
    public double FixedDecay() => Sum(_fixedDecay);

    [Benchmark(OperationsPerInvoke = Calls)]
    public double CustomScale() => Sum(_custom);

    [Benchmark(OperationsPerInvoke = Calls)]
    public double Momentum()
    {
        var sum = 0.0;
        for (long i = 0; i < Calls; i++)
        {
            sum += _momentum.GetMomentum(Start + (i * 7));
        }

        return sum;
    }

    private double Sum(ILearningRateSchedule schedule)
    {
        var sum = 0.0;
        for (long i = 0; i < Calls; i++)
        {
            // A stride of 7 walks through both halves of the 4,000-iteration cycle.
            sum += schedule.GetLearningRate(Start + (i * 7));
        }

        return sum;
    }
}
