using BenchmarkDotNet.Attributes;

namespace CyclicalLR.Benchmarks;

/// <summary>
/// What a composition wrapper adds to one call: each wrapper around the same <see cref="CosineAnnealing"/> (or
/// <see cref="Triangular"/> for momentum), called through the interface as a training loop would; the bare schedule
/// is the baseline. The iterations start past the warm-up and milestones at the far start, inside them at 0.
/// </summary>
public class CompositionBenchmarks
{
    private const int Calls = 1024;

    private ILearningRateSchedule _cosine = null!;
    private ILearningRateSchedule _warmup = null!;
    private ILearningRateSchedule _sequential = null!;
    private ILearningRateSchedule _scaled = null!;
    private ILearningRateSchedule _product = null!;
    private IMomentumSchedule _momentum = null!;
    private IMomentumSchedule _warmupMomentum = null!;

    [Params(0L, 1_000_000_000_000L)]
    public long Start { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var cosine = new CosineAnnealing(0.006, 0.001, 2000);
        _cosine = cosine;
        _warmup = new LinearWarmup(cosine, 3000, 0.0);
        _sequential = new SequentialSchedule([new LinearRamp(0.0, 0.006, 3000), cosine, new ConstantSchedule(0.001), cosine], [3000, 6000, 1_000_000_000_000]);
        _scaled = new ScaledSchedule(cosine, 0.1);
        _product = new ProductSchedule([cosine, new StepDecay(1.0, 2000, 0.5)]);
        var triangular = new Triangular(0.001, 0.006, 2000);
        var momentum = new CyclicalMomentum(triangular, 0.85, 0.95);
        _momentum = momentum;
        _warmupMomentum = new LinearWarmup(triangular, 3000, 0.0).FollowMomentum(momentum);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Calls)]
    public double CosineAnnealing() => Sum(_cosine);

    [Benchmark(OperationsPerInvoke = Calls)]
    public double LinearWarmup() => Sum(_warmup);

    [Benchmark(OperationsPerInvoke = Calls)]
    public double SequentialSchedule() => Sum(_sequential);

    [Benchmark(OperationsPerInvoke = Calls)]
    public double ScaledSchedule() => Sum(_scaled);

    [Benchmark(OperationsPerInvoke = Calls)]
    public double ProductSchedule() => Sum(_product);

    [Benchmark(OperationsPerInvoke = Calls)]
    public double CyclicalMomentum() => SumMomentum(_momentum);

    [Benchmark(OperationsPerInvoke = Calls)]
    public double MomentumWarmup() => SumMomentum(_warmupMomentum);

    private double Sum(ILearningRateSchedule schedule)
    {
        var sum = 0.0;
        for (long i = 0; i < Calls; i++)
        {
            // A stride of 7 walks through the warm-up and both halves of the cosine's 4,000-iteration period.
            sum += schedule.GetLearningRate(Start + (i * 7));
        }

        return sum;
    }

    private double SumMomentum(IMomentumSchedule schedule)
    {
        var sum = 0.0;
        for (long i = 0; i < Calls; i++)
        {
            sum += schedule.GetMomentum(Start + (i * 7));
        }

        return sum;
    }
}
