using System.Diagnostics;
using System.Globalization;

namespace CyclicalLR.Demo;

/// <summary>Counts finished iterations across parallel runs and prints a line at every tenth of the work.</summary>
internal sealed class ProgressMeter(TextWriter log, long totalWork, Stopwatch clock)
{
    private readonly Lock _gate = new();
    private long _done;
    private int _printedTenths;

    /// <summary>Adds finished iterations; prints <c>progress: 40% ...</c> when another tenth is done.</summary>
    public void Add(long iterations)
    {
        var done = Interlocked.Add(ref _done, iterations);
        var tenths = (int)(done * 10 / Math.Max(1, totalWork));
        lock (_gate)
        {
            if (tenths > _printedTenths && tenths < 10)
            {
                _printedTenths = tenths;
                log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  progress: {tenths * 10}% of {totalWork:N0} iterations [{clock.Elapsed.TotalSeconds:F1} s]"));
            }
        }
    }

    /// <summary>Writes one line, not interleaved with other threads' lines.</summary>
    public void Line(string text)
    {
        lock (_gate)
        {
            log.WriteLine(text);
        }
    }
}
