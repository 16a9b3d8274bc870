using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Filters;
using BenchmarkDotNet.Jobs;
using Perfolizer.Mathematics.OutlierDetection;

namespace CyclicalLR.Benchmarks;

/// <summary>
/// The first steps of a fresh process: 200 steps (4 iterations of 50, no warm-up) right after the setup's first steps, of a
/// 200,000-float momentum SGD step (4 MB of traffic, split across the cores) and an Adam step (5.6 MB), with tiered
/// compilation as shipped, with one visible core (<c>DOTNET_PROCESSOR_COUNT=1</c>, as in a container limited to one CPU,
/// where tier-0 code used to run for seconds), and without tiering (<c>DOTNET_TieredCompilation=0</c>: every method
/// optimized at once, the baseline, and its one-core twin, the reference for the one-core job).
/// </summary>
/// <remarks>
/// The setup's first steps (which jit the optimizer's plumbing and the rule: a one-time cost, about the same in every
/// job) are not measured: the measured steps are those that tier-0 code would run. Each job starts <see cref="Launches"/>
/// processes. Only this class's own jobs run: a filter in its config drops any other job (<c>--ci</c>'s short job, which
/// warms up and would measure the steady state), so the CI run measures exactly these cold starts. The class is in <see cref="Categories.MayAllocate"/>:
/// in a fresh process the runtime's own work allocates (most likely the thread pool adding threads for the split step's
/// helpers: 6 KB over the first 200 SGD steps without tiering, measured with <c>GC.GetTotalAllocatedBytes(true)</c>); the
/// steady-state benchmarks of the same steps check that the hot path allocates nothing.
/// </remarks>
[Config(typeof(ColdStartJobs))]
[MedianColumn]
[CategoriesColumn]
[BenchmarkCategory(Categories.MayAllocate)]
public class FirstCallBenchmarks
{
    /// <summary>The processes each job starts.</summary>
    public const int Launches = 3;

    private const int Length = 200_000;
    private const int StepsPerInvocation = 50;
    private const float LearningRate = 1e-7f;
    private const float Momentum = 0.9f;

    private float[] _weights = null!;
    private float[] _gradients = null!;
    private SgdOptimizer<float> _sgd = null!;
    private AdamOptimizer<float> _adam = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        float[] Fill() => [.. Enumerable.Range(0, Length).Select(_ => (float)((random.NextDouble() * 2) - 1))];
        _weights = Fill();
        _gradients = Fill();
                _sgd = new SgdOptimizer<float>(momentum: Momentum);
        _sgd.Register(_weights, _gradients);
        _sgd.Step(LearningRate); // the buffer's copy step
        _sgd.Step(LearningRate); // the first momentum step: jits the steady rule (5 ms, tiered or not) outside the measurement
        _adam = new AdamOptimizer<float>();
        _adam.Register(_weights, _gradients);
        _adam.Step(LearningRate);
    }

    [Benchmark(OperationsPerInvoke = StepsPerInvocation)]
    public void SgdMomentumStep()
    {
        for (var i = 0; i < StepsPerInvocation; i++)
        {
            _sgd.Step(LearningRate, Momentum);
        }
    }

    [Benchmark(OperationsPerInvoke = StepsPerInvocation)]
    public void AdamStep()
    {
        for (var i = 0; i < StepsPerInvocation; i++)
        {
            _adam.Step(LearningRate);
        }
    }

    /// <summary>
    /// Cold-start jobs (no pilot, no warm-up, one invocation per iteration, no outlier removed): tiered as shipped, with
    /// one visible core, and the two without tiering (the baseline on all cores, and its one-core twin as the reference
    /// for the one-core job).
    /// </summary>
    private sealed class ColdStartJobs : ManualConfig
    {
        public ColdStartJobs()
        {
            var coldStart = Job.Default
                .WithStrategy(RunStrategy.ColdStart)
                .WithLaunchCount(Launches)
                .WithWarmupCount(0)
                .WithIterationCount(4)
                .WithInvocationCount(1)
                .WithUnrollFactor(1)
                .WithOutlierMode(OutlierMode.DontRemove);
            var oneCore = new EnvironmentVariable("DOTNET_PROCESSOR_COUNT", "1");
            var noTiering = new EnvironmentVariable("DOTNET_TieredCompilation", "0");
            AddJob(coldStart.WithEnvironmentVariables(noTiering).WithBaseline(true).WithId("NoTiering"));
            AddJob(coldStart.WithId("Tiered"));
            AddJob(coldStart.WithEnvironmentVariables(oneCore).WithId("Tiered1Core"));
            AddJob(coldStart.WithEnvironmentVariables(oneCore, noTiering).WithId("NoTiering1Core"));
            string[] ids = ["NoTiering", "Tiered", "Tiered1Core", "NoTiering1Core"];
            AddFilter(new SimpleFilter(benchmark => ids.Contains(benchmark.Job.Id, StringComparer.Ordinal)));
        }
    }
}
