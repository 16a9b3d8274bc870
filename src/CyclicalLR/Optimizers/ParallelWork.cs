namespace CyclicalLR;

/// <summary>
/// Splits one large update (of any optimizer) into chunks that the calling thread and thread-pool helpers claim one at a time, without
/// allocating: one reusable instance per calling thread, queued as an <see cref="IThreadPoolWorkItem"/>.
/// </summary>
/// <remarks>
/// <para>
/// The caller publishes the call's pointers and a new generation in <see cref="_state"/> (generation in the high 32 bits,
/// next chunk in the low 32), queues one helper per other core (minus those already waiting to start), and claims chunks itself; a chunk is
/// claimed by a compare-and-swap on <see cref="_state"/>. The caller returns once every chunk is done. A helper that starts
/// late finds no chunk left (or helps a later call of the same thread, which is just as correct), so the caller never
/// waits for a helper that has not started: when the pool is busy, the caller does all the chunks itself.
/// </para>
/// <para>
/// A helper reads the call's fields only after its compare-and-swap succeeded on a live generation; the caller rewrites
/// them only after every chunk of the previous generation completed, so the fields a helper reads are stable. Chunks are
/// whole multiples of 64 elements, and the kernel computes each element independently, so the result has the same bits
/// as the serial loop.
/// </para>
/// </remarks>
/// <typeparam name="TUpdate">The update: the optimizer's rule, its buffers' pointers and the step's scalars.</typeparam>
internal sealed class ParallelWork<TUpdate> : IThreadPoolWorkItem
    where TUpdate : struct, IChunkedUpdate
{
    /// <summary>
    /// Bytes a chunk touches (at least; a call gets 2 to <see cref="MaxChunks"/> chunks). Small chunks balance the work
    /// when a helper starts late or is preempted; each costs one compare-and-swap.
    /// </summary>
    private const long ChunkBytes = 512L << 10;

    private const long MaxChunks = 256;

    [ThreadStatic]
    private static ParallelWork<TUpdate>? t_current;

    private long _state;
    private int _completed;
    private int _queued;
    private int _chunkCount;
    private nuint _chunkLength;
    private TUpdate _update;

    /// <summary>Gets the calling thread's instance.</summary>
    public static ParallelWork<TUpdate> ForCurrentThread => t_current ??= new ParallelWork<TUpdate>();

    /// <summary>Runs <paramref name="update"/> on up to <paramref name="cores"/> cores and returns when all of it is done.</summary>
    /// <param name="update">The update, over pinned buffers that stay pinned until this returns.</param>
    /// <param name="cores">The number of cores available (at least 2).</param>
    public void Run(in TUpdate update, int cores)
    {
        var length = update.Length;
        var byBytes = (long)length * update.BytesPerElement / ChunkBytes;
        var chunkCount = (int)Math.Clamp(byBytes, 2, MaxChunks);
        var chunkLength = ((length / (nuint)chunkCount) + 63) & ~(nuint)63;
        chunkCount = (int)((length + chunkLength - 1) / chunkLength);

        _update = update;
        _chunkLength = chunkLength;
        _chunkCount = chunkCount;
        _completed = 0;
        var generation = (_state >> 32) + 1;
        Volatile.Write(ref _state, generation << 32);

        // One helper per other core, counting those queued earlier that have not started yet (they will help this call).
        var helpers = Math.Min(cores, chunkCount) - 1;
        while (Volatile.Read(ref _queued) < helpers)
        {
            Interlocked.Increment(ref _queued);
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }

        Work();
        var spinner = default(SpinWait);
        while (Volatile.Read(ref _completed) != chunkCount)
        {
            spinner.SpinOnce(sleep1Threshold: -1);
        }
    }

    /// <summary>Runs on a thread-pool thread: helps with whatever call of the owning thread is live.</summary>
    public void Execute()
    {
        Interlocked.Decrement(ref _queued);
        Work();
    }

    private void Work()
    {
        while (true)
        {
            var state = Volatile.Read(ref _state);
            var chunk = (int)(state & 0xFFFF_FFFF);
            if (chunk >= Volatile.Read(ref _chunkCount))
            {
                return;
            }

            if (Interlocked.CompareExchange(ref _state, state + 1, state) != state)
            {
                continue;
            }

            // The claim succeeded on a live generation: the fields below belong to it and stay put until it completes.
            var start = (nuint)chunk * _chunkLength;
            var count = Math.Min(_chunkLength, _update.Length - start);
            _update.Run(start, count);
            Interlocked.Increment(ref _completed);
        }
    }
}
