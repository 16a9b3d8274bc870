namespace CyclicalLR.Tests.Sgd;

/// <summary>
/// Saturates the thread pool for a test: one blocking work item per pool thread plus a backlog of <c>extra</c> more, each
/// held until <see cref="Dispose"/> or at most <see cref="MaxHold"/>. While the backlog is pending every pool thread is
/// busy, and a work item queued now waits behind it.
/// </summary>
internal sealed class PoolBlocker : IDisposable
{
    /// <summary>The longest any blocker holds its thread, so a failing test cannot keep the pool blocked for long.</summary>
    public static readonly TimeSpan MaxHold = TimeSpan.FromSeconds(120);

    private readonly ManualResetEventSlim _release = new();
    private readonly CountdownEvent _done;
    private readonly int _extra;
    private int _started;

    public PoolBlocker(int extra)
    {
        _extra = extra;
        var count = ThreadPool.ThreadCount + extra;
        _done = new CountdownEvent(count);
        for (var i = 0; i < count; i++)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static blocker => blocker.Block(), this, preferLocal: false);
        }
    }

    /// <summary>Gets the number of blockers that have started (each holds a pool thread until released).</summary>
    public int Started => Volatile.Read(ref _started);

    /// <summary>Gets whether a backlog of blockers is still waiting for a thread: then no other work item has started since.</summary>
    public bool IsSaturated => Volatile.Read(ref _started) > 0 && ThreadPool.PendingWorkItemCount >= _extra / 2;

    /// <summary>Waits until every pool thread is busy with a blocker and a backlog waits behind them.</summary>
    public bool WaitUntilSaturated(TimeSpan timeout)
    {
        if (!SpinWait.SpinUntil(() => IsSaturated, timeout))
        {
            return false;
        }

        // An idle thread would have taken a pending blocker: after a pause with the backlog still there, none is idle.
        Thread.Sleep(50);
        return IsSaturated;
    }

    /// <summary>Releases every blocker and waits (bounded) until all have run.</summary>
    public void Dispose()
    {
        _release.Set();
        if (_done.Wait(MaxHold + TimeSpan.FromSeconds(30)))
        {
            _release.Dispose();
            _done.Dispose();
        }
    }

    private void Block()
    {
        Interlocked.Increment(ref _started);
        _release.Wait(MaxHold);
        _done.Signal();
    }
}
