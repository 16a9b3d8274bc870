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

    /// <summary>
    /// Hand-worked from the documented rule: chunk bytes = clamp(bytes / 16, 512 KiB, 4 MiB), count = clamp(bytes /
    /// chunk bytes, 2, 256), chunk length = the quotient length / count rounded up to a multiple of 64 (at least 64), then
    /// as many chunks as that length needs.
    /// </summary>
    [Theory]
    [InlineData(1, 28, 1, 64)] // one element: one chunk of the minimum length
    [InlineData(64, 28, 1, 64)] // 64 / 2 = 32, rounded up to 64: one chunk
    [InlineData(128, 12, 2, 64)] // 1,536 bytes: 2 chunks of 64
    [InlineData(129, 12, 3, 64)] // 129 / 2 = 64 rounds to 64, so a third chunk for the last element
    [InlineData(1_000, 12, 2, 512)] // 1000 / 2 = 500, rounded up to 512
    [InlineData(131_071, 12, 2, 65_536)] // 1,572,852 bytes: just under 3 x 512 KiB, so 2 chunks
    [InlineData(131_072, 12, 3, 43_712)] // exactly 3 x 512 KiB: 131072 / 3 = 43690.67, rounded up to 683 x 64
    [InlineData(174_763, 12, 4, 43_712)] // 2,097,156 bytes: 512 KiB chunks (bytes / 16 is below), 4 of 683 x 64
    [InlineData(1_000_000, 12, 16, 62_528)] // 12,000,000 bytes: chunks of 750,000 bytes, 16 of 977 x 64
    [InlineData(1_048_576, 28, 16, 65_536)] // Adam's 4 MiB buffer, 29,360,128 bytes: 16 chunks of 1,835,008 bytes
    [InlineData(6_400_000, 20, 30, 213_376)] // 128,000,000 bytes: 4 MiB chunks, 30.5 of them: 30 of 3,334 x 64
    [InlineData(100_000_000, 20, 256, 390_656)] // 476.8 x 4 MiB: clamped to 256 chunks of 6104 x 64
    public void Chunks_HandWorkedCountsAndLengths(int length, int bytesPerElement, int expectedCount, int expectedLength)
    {
        var (count, chunkLength) = ParallelWork<Recorder>.Chunks((nuint)length, bytesPerElement);

        count.Should().Be(expectedCount);
        chunkLength.Should().Be((nuint)expectedLength);
    }

    [Fact]
    public void ForCurrentThread_SameInstanceOnOneThread_AnotherOnAnotherThread()
    {
        var first = ParallelWork<Recorder>.ForCurrentThread;
        ParallelWork<Recorder>? other = null;
        var thread = new Thread(() => other = ParallelWork<Recorder>.ForCurrentThread);
        thread.Start();
        thread.Join();

        ParallelWork<Recorder>.ForCurrentThread.Should().BeSameAs(first);
        other.Should().NotBeNull().And.NotBeSameAs(first);
    }

    [Theory]
    [InlineData(128, 8, 1)] // 2 chunks on 8 cores: one helper, not seven
    [InlineData(129, 8, 2)] // 3 chunks on 8 cores: two helpers
    [InlineData(129, 3, 2)] // 3 chunks on 3 cores: two helpers
    [InlineData(129, 2, 1)] // 3 chunks on 2 cores: one helper
    [InlineData(64, 8, 0)] // 1 chunk: the caller alone, no helper
    [InlineData(0, 8, 0)] // nothing to do: no helper, no chunk
    public void Run_HelpersQueued_OnePerOtherCoreUpToTheChunkCount(int length, int cores, int expectedHelpers)
    {
        var held = new List<IThreadPoolWorkItem>();
        var work = new ParallelWork<Recorder>(held.Add);
        var counts = new int[length + 64];
        var log = new ConcurrentQueue<(int Thread, nuint Start, nuint Count)>();

        work.Run(new Recorder(counts, length, 12, log), cores);

        held.Should().HaveCount(expectedHelpers);
        work.QueuedHelpers.Should().Be(expectedHelpers);
        counts.Take(length).Should().NotContain(c => c != 1);
        counts.Skip(length).Should().OnlyContain(c => c == 0, "elements past the length are not touched");
        log.Should().HaveCount(ParallelWork<Recorder>.Chunks((nuint)length, 12).Count);
    }

    [Fact]
    public void Run_ChunksOfACall_AreTheHandWorkedPieces()
    {
        // 129 elements of 12 bytes: chunks of 64 at 0 and 64, and the last element alone at 128.
        var work = new ParallelWork<Recorder>(_ => { });
        var counts = new int[129 + 64];
        var log = new ConcurrentQueue<(int Thread, nuint Start, nuint Count)>();

        work.Run(new Recorder(counts, 129, 12, log), cores: 2);

        log.Select(e => (e.Start, e.Count)).Should().Equal(((nuint)0, (nuint)64), ((nuint)64, (nuint)64), ((nuint)128, (nuint)1));
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

    /// <summary>
    /// A worker reads the state word during one call and is held before its compare-and-swap until the next call, of the
    /// same chunk count, is live with the same word: the claim is then the live call's next chunk, run with the live call's
    /// fields (a worker reading them before its claim would run the first call's update). Every element of each call runs
    /// exactly once.
    /// </summary>
    [Fact]
    public void TryClaim_ReadDuringTheCallBefore_ClaimsTheLiveCallsChunkWithItsFields()
    {
        var wait = TimeSpan.FromSeconds(30);
        var held = new List<IThreadPoolWorkItem>();
        var work = new ParallelWork<Recorder>(held.Add);
        var (first, second) = (new int[200_000], new int[200_000]);
        var (firstLog, secondLog) = (new ConcurrentQueue<(int Thread, nuint Start, nuint Count)>(), new ConcurrentQueue<(int Thread, nuint Start, nuint Count)>());
        using var isHelper = new ThreadLocal<bool>();
        using var helperRead = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        using var helperTriedAgain = new ManualResetEventSlim();
        var (helperThread, inSecondCall) = (0, false);
        work.ClaimHook = () =>
        {
            if (isHelper.Value)
            {
                if (!helperRead.IsSet)
                {
                    helperRead.Set(); // the helper has read the first call's word (count, 0): hold it there
                    release.Wait(wait);
                }
                else
                {
                    helperTriedAgain.Set();
                }
            }
            else if (helperThread == 0)
            {
                var thread = new Thread(() =>
                {
                    isHelper.Value = true;
                    held[0].Execute();
                }) { IsBackground = true };
                thread.Start();
                helperThread = thread.ManagedThreadId;
                helperRead.Wait(wait);
            }
            else if (inSecondCall && !release.IsSet)
            {
                release.Set(); // the second call's word is (count, 0) again, as the helper read it
                helperTriedAgain.Wait(wait);
            }
        };
        var caller = new Thread(() =>
        {
            work.Run(new Recorder(first, first.Length, 28, firstLog), cores: 2);
            inSecondCall = true;
            work.Run(new Recorder(second, second.Length, 28, secondLog), cores: 2);
        }) { IsBackground = true };

        caller.Start();

        caller.Join(TimeSpan.FromSeconds(90)).Should().BeTrue("both calls return");
        first.Should().OnlyContain(c => c == 1);
        second.Should().OnlyContain(c => c == 1);
        firstLog.Should().OnlyContain(e => e.Thread == caller.ManagedThreadId, "the helper was held through the first call");
        secondLog.Should().Contain(e => e.Thread == helperThread && e.Start == 0, "the held claim took chunk 0 of the second call");
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
