using System.Collections.Concurrent;

namespace CyclicalLR.Tests.Sgd;

/// <summary>The multi-core splitter: chunk boundaries, every element exactly once, helper counts, a busy pool and late helpers.</summary>
public sealed class ParallelWorkTests
{
    public static TheoryData<int> BytesPerElement => new(12, 20, 28, 36, 56, 72);

    [Theory]
    [MemberData(nameof(BytesPerElement))]
    public void Chunks_TileTheLengthInAlignedPieces(int bytesPerElement)
    {
        var lengths = Enumerable.Range(1, 600).Select(n => (long)n)
            .Concat([1_000, 4_095, 65_536, 100_003, 1_000_003, 16_777_216, 123_456_789, int.MaxValue]);
        foreach (var length in lengths)
        {
            var (count, chunkLength) = ParallelWork<Recorder>.Chunks((nuint)length, bytesPerElement);
            var because = $"length {length}, {bytesPerElement} bytes per element";
            count.Should().BeInRange(1, ParallelWork<Recorder>.MaxChunks, because);
            ((long)chunkLength % ParallelWork<Recorder>.ChunkAlignment).Should().Be(0, because);
            ((long)(count - 1) * (long)chunkLength).Should().BeLessThan(length, because + ": no empty chunk");
            ((long)count * (long)chunkLength).Should().BeGreaterThanOrEqualTo(length, because + ": every element in a chunk");
            if (length >= 2 * ParallelWork<Recorder>.ChunkAlignment)
            {
                count.Should().BeGreaterThanOrEqualTo(2, because);
            }
        }

        ParallelWork<Recorder>.Chunks(0, bytesPerElement).Count.Should().Be(0);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(8)]
    public void Run_ThreadPool_EveryElementExactlyOnceOverManyCalls(int cores)
    {
        var work = new ParallelWork<Recorder>();
        var counts = new int[300_001];
        for (var call = 1; call <= 200; call++)
        {
            var length = call % 3 == 0 ? counts.Length : 70_000 + call;
            work.Run(new Recorder(counts, length, bytesPerElement: 28, log: null), cores);
            for (var i = 0; i < length; i++)
            {
                if (counts[i] != call)
                {
                    throw new Xunit.Sdk.XunitException($"call {call}: element {i} ran {counts[i] - call + 1} times");
                }
            }

            // Elements past this call's length were not touched: bring them to the same count for the next check.
            for (var i = length; i < counts.Length; i++)
            {
                Interlocked.Increment(ref counts[i]);
            }
        }
    }

    [Fact]
    public void Run_PoolBusy_CallerDoesEveryChunkAndQueuesNoMoreHelpers()
    {
        var held = new List<IThreadPoolWorkItem>();
        var work = new ParallelWork<Recorder>(held.Add);
        var counts = new int[200_000];
        var log = new ConcurrentQueue<(int Thread, nuint Start, nuint Count)>();

        work.Run(new Recorder(counts, counts.Length, 28, log), cores: 4);

        held.Should().HaveCount(3, "one helper per other core");
        work.QueuedHelpers.Should().Be(3);
        counts.Should().OnlyContain(c => c == 1);
        log.Should().OnlyContain(entry => entry.Thread == Environment.CurrentManagedThreadId, "no helper started");
        var (chunkCount, chunkLength) = ParallelWork<Recorder>.Chunks((nuint)counts.Length, 28);
        log.Select(e => e.Start).Order().Should().Equal(Enumerable.Range(0, chunkCount).Select(c => (nuint)c * chunkLength));

        work.Run(new Recorder(counts, counts.Length, 28, log), cores: 4);

        held.Should().HaveCount(3, "the three queued helpers have not started and will help this call too");
        counts.Should().OnlyContain(c => c == 2);
    }

    [Fact]
    public void Execute_LateHelperAfterTheCall_FindsNothingAndCountsItselfStarted()
    {
        var held = new List<IThreadPoolWorkItem>();
        var work = new ParallelWork<Recorder>(held.Add);
        var counts = new int[100_000];
        work.Run(new Recorder(counts, counts.Length, 28, log: null), cores: 2);
        held.Should().HaveCount(1);

        held[0].Execute();

        counts.Should().OnlyContain(c => c == 1, "the late helper found every chunk claimed");
        work.QueuedHelpers.Should().Be(0);

        work.Run(new Recorder(counts, counts.Length, 28, log: null), cores: 2);
        held.Should().HaveCount(2, "a helper is queued again once the earlier one started");
        counts.Should().OnlyContain(c => c == 2);
    }

    [Fact]
    public void Execute_LateHelperStartingDuringALaterCall_HelpsThatCallExactlyOnce()
    {
        var held = new List<IThreadPoolWorkItem>();
        var work = new ParallelWork<Recorder>(held.Add);
        var counts = new int[200_000];
        work.Run(new Recorder(counts, counts.Length, 28, log: null), cores: 2);
        var late = held.Single();
        var log = new ConcurrentQueue<(int Thread, nuint Start, nuint Count)>();
        var helperThread = 0;

        // The caller's first chunk starts the late helper on another thread and waits for it: the helper claims every other chunk.
        var started = 0;
        work.Run(new Recorder(counts, counts.Length, 28, log, onChunk: () =>
        {
            if (Interlocked.Exchange(ref started, 1) == 0)
            {
                var thread = new Thread(late.Execute);
                thread.Start();
                helperThread = thread.ManagedThreadId;
                thread.Join();
            }
        }), cores: 2);

        counts.Should().OnlyContain(c => c == 2);
        var (chunkCount, _) = ParallelWork<Recorder>.Chunks((nuint)counts.Length, 28);
        log.Should().HaveCount(chunkCount);
        log.Count(e => e.Thread == helperThread).Should().Be(chunkCount - 1);
        held.Should().HaveCount(1, "the late helper was still queued when the second call started, so none was added");
    }

    [Fact]
    public void TryClaim_LosingTheCompareAndSwapToAHelper_RetriesAndRunsNoChunkTwice()
    {
        var held = new List<IThreadPoolWorkItem>();
        var work = new ParallelWork<Recorder>(held.Add);
        var counts = new int[200_000];
        var log = new ConcurrentQueue<(int Thread, nuint Start, nuint Count)>();
        var raced = 0;

        // The caller reads the state word, then, before its compare-and-swap, a helper on another thread claims every chunk.
        work.ClaimHook = () =>
        {
            if (Interlocked.Exchange(ref raced, 1) == 0)
            {
                var thread = new Thread(held[0].Execute);
                thread.Start();
                thread.Join();
            }
        };
        var caller = new Thread(() => work.Run(new Recorder(counts, counts.Length, 28, log), cores: 2)) { IsBackground = true };
        caller.Start();

        caller.Join(TimeSpan.FromSeconds(60)).Should().BeTrue("the caller returns once every chunk completed once (a chunk run twice would leave it waiting)");
        counts.Should().OnlyContain(c => c == 1, "the caller's compare-and-swap failed, so it claimed nothing from its stale read");
        log.Should().OnlyContain(e => e.Thread != caller.ManagedThreadId, "the helper ran every chunk");
    }

    /// <summary>Counts how often each element ran, and logs each chunk with its thread.</summary>
    internal readonly struct Recorder(int[] counts, int length, int bytesPerElement, ConcurrentQueue<(int Thread, nuint Start, nuint Count)>? log, Action? onChunk = null) : IChunkedUpdate
    {
        public nuint Length => (nuint)length;

        public int BytesPerElement => bytesPerElement;

        public void Run(nuint start, nuint count)
        {
            log?.Enqueue((Environment.CurrentManagedThreadId, start, count));
            onChunk?.Invoke();
            for (var i = start; i < start + count; i++)
            {
                Interlocked.Increment(ref counts[i]);
            }
        }
    }
}
