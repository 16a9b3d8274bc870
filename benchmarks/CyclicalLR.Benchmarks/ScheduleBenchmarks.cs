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
    private ILearningRateSchedule _constant = null!;
    private ILearningRateSchedule _stepDecay = null!;
    private ILearningRateSchedule _multiStepDecay = null!;
    private ILearningRateSchedule _exponentialDecay = null!;
    private ILearningRateSchedule _polynomialDecay = null!;
    private ILearningRateSchedule _linearRamp = null!;
    private ILearningRateSchedule _cosineAnnealing = null!;
    private ILearningRateSchedule _warmRestarts = null!;
    private ILearningRateSchedule _warmRestartsDoubling = null!;
    private ILearningRateSchedule _oneCycle = null!;
    private IMomentumSchedule _oneCycleMomentum = null!;

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

        // The family beyond the paper, sized so that both starts (0 and 10^12) fall inside the interesting part.
        const long Far = 2_000_000_000_000;
        _constant = new ConstantSchedule(0.006);
        _stepDecay = new StepDecay(0.006, 2000, 0.5);
        _multiStepDecay = new MultiStepDecay(0.006, [1_000, 3_000, 6_000, 1_000_000_003_000, 1_000_000_006_000], 0.5);
        _exponentialDecay = new ExponentialDecay(0.006, 0.99994);
        _polynomialDecay = new PolynomialDecay(0.006, Far, 2);
        _linearRamp = new LinearRamp(0.001, 0.006, Far);
        _cosineAnnealing = new CosineAnnealing(0.006, 0.001, 2000);
        _warmRestarts = new CosineWarmRestarts(0.006, 4000, 1, 0.001);
        _warmRestartsDoubling = new CosineWarmRestarts(0.006, 2000, 2, 0.001);
        var oneCycle = new OneCycle(0.006, Far);
        _oneCycle = oneCycle;
        _oneCycleMomentum = oneCycle;
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
    public double Momentum() => SumMomentum(_momentum);

    [Benchmark(OperationsPerInvoke = Calls)]
    public double Constant() => Sum(_constant);

    [Benchmark(OperationsPerInvoke = Calls)]
    public double StepDecay() => Sum(_stepDecay);

    [Benchmark(OperationsPerInvoke = Calls)]
    public double MultiStepDecay() => Sum(_multiStepDecay);

    [Benchmark(OperationsPerInvoke = Calls)]
    public double ExponentialDecay() => Sum(_exponentialDecay);

    [Benchmark(OperationsPerInvoke = Calls)]
    public double PolynomialDecay() => Sum(_polynomialDecay);

    [Benchmark(OperationsPerInvoke = Calls)]
    public double LinearRamp() => Sum(_linearRamp);

    [Benchmark(OperationsPerInvoke = Calls)]
    public double CosineAnnealing() => Sum(_cosineAnnealing);

    [Benchmark(OperationsPerInvoke = Calls)]
    public double CosineWarmRestarts() => Sum(_warmRestarts);

    [Benchmark(OperationsPerInvoke = Calls)]
    public double CosineWarmRestartsDoubling() => Sum(_warmRestartsDoubling);

    [Benchmark(OperationsPerInvoke = Calls)]
    public double OneCycle() => Sum(_oneCycle);

    [Benchmark(OperationsPerInvoke = Calls)]
    public double OneCycleMomentum() => SumMomentum(_oneCycleMomentum);

    private double SumMomentum(IMomentumSchedule schedule)
    {
        var sum = 0.0;
        for (long i = 0; i < Calls; i++)
        {
            sum += schedule.GetMomentum(Start + (i * 7));
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
