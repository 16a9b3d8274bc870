namespace CyclicalLR.Tests.Sgd;

/// <summary>Counts the claims made on the calling thread's splitter while an action runs (a test's view of whether a step split).</summary>
internal static class SplitterClaims
{
    /// <summary>
    /// Runs <paramref name="action"/> and returns how often a worker (the caller or a helper) read the state word of the
    /// calling thread's <see cref="ParallelWork{TUpdate}"/> and went on to claim: at least the chunk count when the work
    /// split, 0 when it ran on the calling thread without the splitter.
    /// </summary>
    public static int During<TUpdate>(Action action)
        where TUpdate : struct, IChunkedUpdate
    {
        var splitter = ParallelWork<TUpdate>.ForCurrentThread;
        var claims = 0;
        splitter.ClaimHook = () => Interlocked.Increment(ref claims);
        try
        {
            action();
        }
        finally
        {
            splitter.ClaimHook = null;
        }

        return Volatile.Read(ref claims);
    }
}
