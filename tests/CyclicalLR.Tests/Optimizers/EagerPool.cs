namespace CyclicalLR.Tests.Sgd;

/// <summary>
/// Raises the thread pool's minimum worker count for a test, and restores it on <see cref="Dispose"/>. The pool starts a
/// queued item at once only while fewer threads than its target are busy; under the test runner (whose own pool threads
/// wait) a helper of the multi-core split would otherwise often start only after the pool's starvation delay, when the
/// call is long done, and the split would run on the caller alone. Only for <see cref="ThreadPoolExclusive"/> tests.
/// </summary>
internal sealed class EagerPool : IDisposable
{
    private readonly int _minWorkers;
    private readonly int _minIo;

    public EagerPool()
    {
        ThreadPool.GetMinThreads(out _minWorkers, out _minIo);
        ThreadPool.SetMinThreads(Math.Max(_minWorkers, Environment.ProcessorCount + 8), _minIo);
    }

    public void Dispose() => ThreadPool.SetMinThreads(_minWorkers, _minIo);
}
