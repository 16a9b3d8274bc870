using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace CyclicalLR.Benchmarks;

/// <summary>
/// Runs the benchmarks with <see cref="BenchmarkSwitcher"/>. Every benchmark is a hot path that must allocate nothing,
/// except those in the <see cref="Categories.MayAllocate"/> category. The exit code is non-zero when a benchmark failed
/// to run or a hot path allocated; timings never fail a run.
/// </summary>
/// <remarks>
/// <c>--ci</c> (our own flag, removed before BenchmarkDotNet sees the arguments) selects a short job so that CI can
/// run every benchmark in a few minutes: fewer iterations, the same Ratio and Allocated columns.
/// </remarks>
public static class Program
{
    /// <summary>
    /// Bytes, over the whole measured run, that the runtime's own background work may allocate (a thread-pool thread
    /// started, tiered compilation): the memory diagnoser counts every thread, so a benchmark of a few dozen slow
    /// operations (milliseconds each, at DRAM sizes) can show a few bytes per operation that no hot path allocated.
    /// A hot path that allocates does so on every operation, and any benchmark that runs thousands of operations
    /// exceeds this at once.
    /// </summary>
    private const long BackgroundAllowanceBytes = 2048;

    public static int Main(string[] args)
    {
        var ci = args.Contains("--ci", StringComparer.Ordinal);
        args = [.. args.Where(a => a != "--ci")];

        var config = DefaultConfig.Instance
            .AddDiagnoser(MemoryDiagnoser.Default)
            .WithOptions(ConfigOptions.JoinSummary | ConfigOptions.DisableLogFile)
            .WithSummaryStyle(SummaryStyle.Default.WithRatioStyle(BenchmarkDotNet.Columns.RatioStyle.Trend));
        if (ci)
        {
            config = config.AddJob(Job.Default
                .WithWarmupCount(2)
                .WithIterationCount(5)
                .WithLaunchCount(1)
                .WithId("CI"));
        }

        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config).ToArray();
        return Check(summaries);
    }

    private static int Check(IReadOnlyList<Summary> summaries)
    {
        var failures = 0;
        foreach (var summary in summaries)
        {
            if (summary.HasCriticalValidationErrors)
            {
                Console.Error.WriteLine($"FAIL: validation errors in {summary.Title}");
                failures++;
            }

            foreach (var report in summary.Reports)
            {
                var name = report.BenchmarkCase.DisplayInfo;
                if (!report.Success || report.ResultStatistics is null)
                {
                    Console.Error.WriteLine($"FAIL: benchmark did not run: {name}");
                    failures++;
                    continue;
                }

                var mayAllocate = report.BenchmarkCase.Descriptor.Categories.Contains(Categories.MayAllocate);
                var bytes = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) ?? 0;
                var total = report.GcStats.GetTotalAllocatedBytes(excludeAllocationQuantumSideEffects: true) ?? 0;
                if (!mayAllocate && bytes > 0 && total >= BackgroundAllowanceBytes)
                {
                    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"FAIL: hot path allocates {bytes} B/op: {name}"));
                    failures++;
                }
            }
        }

        if (summaries.Count == 0)
        {
            Console.Error.WriteLine("FAIL: no benchmark ran (check the --filter).");
            return 1;
        }

        Console.WriteLine(failures == 0
            ? "Benchmarks: all ran; no hot path allocated."
            : string.Create(CultureInfo.InvariantCulture, $"Benchmarks: {failures} failure(s)."));
        return failures == 0 ? 0 : 1;
    }
}
