using System.Runtime.CompilerServices;

namespace CyclicalLR;

/// <summary>
/// Splits one large update (of any optimizer) into chunks that the calling thread and thread-pool helpers claim one at a
/// time, without allocating: one reusable instance per calling thread, queued as an <see cref="IThreadPoolWorkItem"/>.
/// </summary>
/// <remarks>
/// <para>
/// One word, <see cref="_state"/>, holds the call's chunk count (high 16 bits) and the next unclaimed chunk (low 16
/// bits). The caller writes the call's fields, resets <see cref="_completed"/>, then publishes the word (count, 0) with a
/// volatile write; it queues one helper per other core (minus those queued earlier that have not started: they help this
/// call), claims chunks itself, and returns once <see cref="_completed"/> reaches the chunk count. A worker claims a
/// chunk by one read of the word (count and next chunk together) and a compare-and-swap from that exact value to
/// next + 1; it gives up when next equals the count.
/// </para>
/// <para>
/// Why this is safe: (1) a claim succeeds only if the word holds the value read at the instant of the compare-and-swap,
/// so the claimed chunk is the next unclaimed one of the call live at that instant, below its count (never a count of
/// one call paired with the chunk of another, as when the two were read separately). The value may have been read
/// during an earlier call: if the live call's word is the same value, chunk next of the live call is unclaimed all the
/// same, so that claim is valid for the live call (which is why the word needs no call number); (2) a call is live
/// until every one of its chunks has completed, and the caller writes the next call's fields only after that and
/// publishes them with a release write that every later compare-and-swap on the word (a full fence) sees, so the
/// fields a worker reads after its successful claim are the live call's and stay put until it increments
/// <see cref="_completed"/>; (3) every chunk is claimed exactly once (each successful compare-and-swap moves next by
/// one; between calls the word is (count, count), which no claim changes) and <see cref="_completed"/> is incremented
/// once per claimed chunk, only by the worker that ran it, so the caller returns after all chunks ran and no increment
/// of an earlier call reaches a later one. A helper that starts late finds the finished call's next equal to its count
/// and returns, or helps a later call, which is just as correct; so the caller never waits for a helper that has not
/// started, and when the pool is busy it does all the chunks itself. Chunks are whole multiples of 64 elements and the
/// kernels compute each element from its own inputs only, so the result has the same bits as one core's.
/// </para>
/// </remarks>
/// <typeparam name="TUpdate">The update: the optimizer's rule, its buffers' pointers and the step's scalars.</typeparam>
internal sealed class ParallelWork<TUpdate> : IThreadPoolWorkItem
    where TUpdate : struct, IChunkedUpdate
{
    /// <summary>The most chunks of one call (the count and the next chunk must fit the state word's 16-bit halves).</summary>
    internal const int MaxChunks = 256;

    /// <summary>Chunks start at multiples of this many elements.</summary>
    internal const int ChunkAlignment = 64;

    /// <summary>The chunks a call aims for from 8 MiB to 64 MiB: the last chunk, which one worker may run alone while the others wait, is then a sixteenth of the call.</summary>
    private const int TargetChunks = 16;

    /// <summary>The fewest bytes a chunk touches (before rounding a call is cut into 2 to <see cref="MaxChunks"/> chunks; a call of up to one aligned chunk's elements gets one).</summary>
    private const long MinChunkBytes = 512L << 10;

    /// <summary>
    /// The most bytes a chunk touches, unless a call has more than <see cref="MaxChunks"/> of them. Every chunk boundary costs
    /// a claim and restarts the hardware prefetchers on both sides: measured, 512 KiB chunks ran a 128 MB whole-model SGD step
    /// at 0.85x of a two-core loop, 4 MiB chunks at 0.98x to 1.0x (benchmarks/README.md).
    /// </summary>
    private const long MaxChunkBytes = 4L << 20;

    [ThreadStatic]
    private static ParallelWork<TUpdate>? t_current;

    private readonly Action<IThreadPoolWorkItem> _queue;
    private int _state;
    private int _completed;
    private int _queued;
    private nuint _chunkLength;
    private TUpdate _update;

    /// <summary>Initializes a new instance of the <see cref="ParallelWork{TUpdate}"/> class that queues helpers on the thread pool.</summary>
    public ParallelWork()
        : this(static item => ThreadPool.UnsafeQueueUserWorkItem(item, preferLocal: false))
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ParallelWork{TUpdate}"/> class with its own way to start helpers (tests: a busy pool, late helpers).</summary>
    /// <param name="queue">Starts a helper: eventually calls <see cref="Execute"/> on another thread, or never.</param>
    internal ParallelWork(Action<IThreadPoolWorkItem> queue) => _queue = queue;

    /// <summary>Gets the calling thread's instance.</summary>
    public static ParallelWork<TUpdate> ForCurrentThread => t_current ??= new ParallelWork<TUpdate>();

    /// <summary>Gets or sets an action run between a worker's read of the state word and its compare-and-swap (tests: a claim lost to another worker).</summary>
    internal Action? ClaimHook { get; set; }

    /// <summary>Gets the number of helpers queued that have not started yet.</summary>
    internal int QueuedHelpers => Volatile.Read(ref _queued);

    /// <summary>Splits <paramref name="length"/> elements of <paramref name="bytesPerElement"/> bytes into chunks.</summary>
    /// <remarks>
    /// Chunks of <c>bytes / 16</c> clamped to 512 KiB..4 MiB: <see cref="TargetChunks"/> of them from 8 MiB to 64 MiB, fewer
    /// below (down to 2), more above (up to <see cref="MaxChunks"/>, then larger chunks). The count is
    /// <c>clamp(bytes / chunkBytes, 2, 256)</c>; the chunk length is <c>length / count</c> rounded up to a multiple of
    /// <see cref="ChunkAlignment"/> (at least one), and the call has as many chunks as that length needs.
    /// </remarks>
    /// <param name="length">The element count.</param>
    /// <param name="bytesPerElement">The bytes per element.</param>
    /// <returns>The chunk count (1 to <see cref="MaxChunks"/>; 0 for no elements) and the chunk length (a multiple of <see cref="ChunkAlignment"/>; the last chunk may be shorter).</returns>
    internal static (int Count, nuint Length) Chunks(nuint length, int bytesPerElement)
    {
        var bytes = (long)length * bytesPerElement; // a span holds at most int.MaxValue elements
        var chunkBytes = Math.Clamp(bytes / TargetChunks, MinChunkBytes, MaxChunkBytes);
        var count = (nuint)Math.Clamp(bytes / chunkBytes, 2, MaxChunks);
        var chunkLength = ((length / count) + (ChunkAlignment - 1)) & ~(nuint)(ChunkAlignment - 1);
        chunkLength = Math.Max(chunkLength, ChunkAlignment);
        return ((int)((length + chunkLength - 1) / chunkLength), chunkLength);
    }

    /// <summary>Runs <paramref name="update"/> on up to <paramref name="cores"/> cores and returns when all of it is done.</summary>
    /// <param name="update">The update, over pinned buffers that stay pinned until this returns.</param>
    /// <param name="cores">The number of cores available (at least 2).</param>
    public void Run(in TUpdate update, int cores)
    {
        // No elements: 0 chunks, so the word (0, 0) has nothing to claim, no helper is queued and 0 chunks complete at once.
        var (chunkCount, chunkLength) = Chunks(update.Length, update.BytesPerElement);
        _update = update;
        _chunkLength = chunkLength;
        _completed = 0;
        Volatile.Write(ref _state, chunkCount << 16);

        // One helper per other core, counting those queued earlier that have not started yet (they will help this call).
        var helpers = Math.Min(cores, chunkCount) - 1;
        while (Volatile.Read(ref _queued) < helpers)
        {
            Interlocked.Increment(ref _queued);
            _queue(this);
        }

        Work();
        var spinner = default(SpinWait);
        while (Volatile.Read(ref _completed) != chunkCount)
        {
            spinner.SpinOnce(sleep1Threshold: -1);
        }
    }

    /// <summary>Runs on a helper thread: helps with whatever call of the owning thread is live.</summary>
    public void Execute()
    {
        Interlocked.Decrement(ref _queued);
        Work();
    }

    /// <summary>Claims and runs chunks until none is left in the live call.</summary>
    /// <remarks>
    /// Jitted fully optimized on its first call, with the update's <c>Run</c> and the kernel's rule switch inlined, on the
    /// helpers' threads as on the caller's; the element loops themselves are the kernels' own, optimized on first call too.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Work()
    {
        while (TryClaim(out var chunk))
        {
            // The claim succeeded on the live call: the fields below belong to it and stay put until it completes.
            var start = (nuint)chunk * _chunkLength;
            var count = Math.Min(_chunkLength, _update.Length - start);
            _update.Run(start, count);
            Interlocked.Increment(ref _completed);
        }
    }

    /// <summary>Claims the next chunk of the live call, reading its count and next chunk from one read of the state word.</summary>
    private bool TryClaim(out int chunk)
    {
        while (true)
        {
            var state = Volatile.Read(ref _state);
            chunk = state & 0xFFFF;
            if (chunk >= state >>> 16)
            {
                return false;
            }

            ClaimHook?.Invoke();
            if (Interlocked.CompareExchange(ref _state, state + 1, state) == state)
            {
                return true;
            }
        }
    }
}
