namespace CyclicalLR.Tests.Sgd;

/// <summary>
/// The multi-core split and the thread pool, through the public API: when the pool is saturated the caller does the whole
/// update itself (and returns without waiting for a helper), late helpers that start after the pool is released join
/// later calls without harm, and once a helper has run, the next large call queues one again.
/// </summary>
[Collection(nameof(ThreadPoolExclusive))]
public sealed class SgdThreadPoolTests
{
    private const int Pad = 40;

    /// <summary>A liveness bound, not a timing: a step waiting for a blocked pool would take <see cref="PoolBlocker.MaxHold"/>.</summary>
    private static readonly TimeSpan Liveness = TimeSpan.FromSeconds(60);

    [Fact]
    public void Step_WhileThePoolIsSaturated_CallerDoesEverythingAndMatchesOracle()
    {
        var lengths = new[] { SgdSplitTests.Threshold(sizeof(float), momentum: true), 1_000_003 };
        var model = new Model(lengths, seed: 1);
        var small = new Model([SgdSplitTests.Threshold(sizeof(float), momentum: true) + 640], seed: 2);

        using (var blocker = new PoolBlocker(extra: 64))
        {
            blocker.WaitUntilSaturated(TimeSpan.FromSeconds(30)).Should().BeTrue("the test needs every pool thread busy");

            var finished = RunOnOwnThread(
                () =>
                {
                    for (var i = 0; i < 4; i++)
                    {
                        model.Step(0.01 * (i + 1), i == 2 ? 0.85 : 0.9);
                        small.Step(0.02, 0.9);
                    }
                },
                Liveness);

            finished.Should().BeTrue("a step must not wait for a helper that cannot start");
            blocker.IsSaturated.Should().BeTrue("the pool stayed saturated, so the calling thread did every chunk");
            model.AssertMatchesOracle("while the pool was saturated");
            small.AssertMatchesOracle("while the pool was saturated");

            // The helpers queued during saturation are still pending; they start after the release, during the steps below.
        }

        for (var i = 0; i < 30; i++)
        {
            model.Step(0.001 * (i + 1), 0.9);
            small.Step(0.003, i % 2 == 0 ? 0.9 : 0.8);
        }

        model.AssertMatchesOracle("after the release, with late helpers joining later calls");
        small.AssertMatchesOracle("after the release, with late helpers joining later calls");
    }

    [Fact]
    public void Apply_WhileThePoolIsSaturated_CallerDoesEverythingAndMatchesOracle()
    {
        const int length = 1_000_003;
        var data = Bits.Random<double>(length, 3);
        var grads = Bits.Random<double>(length, 4);
        var w = new double[length + (2 * Pad)];
        w.AsSpan().Fill(12345.5);
        data.CopyTo(w, Pad);
        var expected = (double[])w.Clone();
        var oracle = new SgdOracle<double>(data, grads, momentumBuffer: false);

        using (var blocker = new PoolBlocker(extra: 64))
        {
            blocker.WaitUntilSaturated(TimeSpan.FromSeconds(30)).Should().BeTrue("the test needs every pool thread busy");
            var finished = RunOnOwnThread(
                () =>
                {
                    SgdUpdater.Apply(w.AsSpan(Pad, length), grads, 0.25);
                    SgdUpdater.Apply(w.AsSpan(Pad, length), grads, 0.125);
                },
                Liveness);

            finished.Should().BeTrue("Apply must not wait for a helper that cannot start");
            blocker.IsSaturated.Should().BeTrue("the pool stayed saturated, so the calling thread did every chunk");
        }

        oracle.Step(0.25);
        oracle.Step(0.125);
        oracle.Weights.CopyTo(expected, Pad);
        Bits.ShouldEqual<double>(w, expected);
    }

    [Fact]
    public void Step_AfterAHelperHasRun_TheNextLargeStepQueuesAnotherOne()
    {
        // A large step queues a helper unless one is still waiting to start; once the last one has run, the next large step
        // must queue a new one, else every later step silently runs on one core. Counted exactly while the pool is saturated:
        // a queued helper waits behind the blockers, so it shows as one more pending work item (less any blocker that a
        // newly injected thread started meanwhile).
        Environment.ProcessorCount.Should().BeGreaterThan(1, "the split needs several cores");
        var model = new Model([1_000_003], seed: 5);
        using (new EagerPool())
        {
            for (var i = 0; i < 3; i++)
            {
                model.Step(0.01, 0.9);
                SpinWait.SpinUntil(() => ThreadPool.PendingWorkItemCount == 0, TimeSpan.FromSeconds(20)).Should().BeTrue();
                Thread.Sleep(250); // the helper, dequeued, has started (and found no chunk left)
            }
        }

        using (var blocker = new PoolBlocker(extra: 64))
        {
            blocker.WaitUntilSaturated(TimeSpan.FromSeconds(30)).Should().BeTrue("the test needs every pool thread busy");
            var (pendingBefore, startedBefore) = (ThreadPool.PendingWorkItemCount, blocker.Started);

            model.Step(0.02, 0.9);

            var queued = ThreadPool.PendingWorkItemCount - pendingBefore + (blocker.Started - startedBefore);
            blocker.IsSaturated.Should().BeTrue();
            queued.Should().BeGreaterThanOrEqualTo(1, "the step after a helper has run must queue a new helper");
        }

        model.AssertMatchesOracle("after steps with helpers");
    }

    [Fact]
    public void Apply_ManyCallsOfManyChunks_EveryChunkIsDoneExactlyOnce()
    {
        // w = 0, g = 1, lr = 1: after n calls every weight is exactly -n (integers are exact in float). A chunk claimed by
        // both the caller and a helper (the two race for every chunk), or a call returning before its chunks are done,
        // leaves a weight at -n - 1 or -n + 1; a miscount of done chunks leaves the caller spinning (the liveness bound).
        // 96 chunks a call; the pool is made eager so that helpers do take part.
        const int length = 4_194_304;
        const int calls = 400;
        var w = new float[length + (2 * Pad)];
        w.AsSpan(0, Pad).Fill(5f);
        w.AsSpan(Pad + length).Fill(5f);
        var g = new float[length];
        g.AsSpan().Fill(1f);

        bool finished;
        using (new EagerPool())
        {
            finished = RunOnOwnThread(
                () =>
                {
                    for (var call = 0; call < calls; call++)
                    {
                        SgdUpdater.Apply(w.AsSpan(Pad, length), g, 1f);
                    }
                },
                Liveness);
        }

        finished.Should().BeTrue("every call must return once its chunks are done");
        w.AsSpan(Pad, length).ContainsAnyExcept(-(float)calls).Should().BeFalse($"every weight was stepped exactly {calls} times");
        w.AsSpan(0, Pad).ContainsAnyExcept(5f).Should().BeFalse();
        w.AsSpan(Pad + length).ContainsAnyExcept(5f).Should().BeFalse();
    }

    [Fact]
    public void Step_AlternatingBuffersOfDifferentChunkCounts_WithEagerHelpers_MatchesOracle()
    {
        // Back-to-back calls of 4, 7 and 16 chunks from one thread, with momentum: a helper that starts late joins whichever
        // call is live, and must never work on a call with another call's chunk count or pointers.
        var size = sizeof(float);
        var lengths = new[] { 4, 7, 16 }
            .Select(k => SgdSplitTests.BoundaryLengths(size, momentum: true, [k]).Last())
            .ToArray();
        var model = new Model(lengths, seed: 9);
        using (new EagerPool())
        {
            RunOnOwnThread(
                () =>
                {
                    for (var i = 0; i < 40; i++)
                    {
                        model.Step(0.001 * (i % 7), 0.9);
                    }
                },
                Liveness).Should().BeTrue();
        }

        model.AssertMatchesOracle("after 40 steps");
    }

    /// <summary>
    /// Runs <paramref name="action"/> on a new thread (not a pool thread, and no continuation on the pool) and returns
    /// whether it finished within <paramref name="timeout"/>; rethrows what it threw.
    /// </summary>
    private static bool RunOnOwnThread(Action action, TimeSpan timeout)
    {
        Exception? failure = null;
        var thread = new Thread(
            () =>
        {
                try
                {
                    action();
                }
                catch (Exception exception)
                {
                    failure = exception;
                }
            })
        {
            IsBackground = true, // a thread still spinning after a failure must not keep the test process alive
        };
        thread.Start();
        var finished = thread.Join(timeout);
        if (failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }

        return finished;
    }

    /// <summary>An optimizer with momentum over padded float slices, and the oracle of each slice.</summary>
    private sealed class Model
    {
        private readonly SgdOptimizer<float> _optimizer = new(momentum: 0.9, weightDecay: 1e-3, nesterov: true);
        private readonly List<(float[] W, float[] G, SgdOracle<float> Oracle, int Length)> _buffers = [];

        public Model(int[] lengths, int seed)
        {
            foreach (var length in lengths)
            {
                var data = Bits.Random<float>(length, seed++);
                var g = Bits.Random<float>(length, seed++);
                var w = new float[length + (2 * Pad)];
                w.AsSpan().Fill(777.25f);
                data.CopyTo(w, Pad);
                _optimizer.Register(w.AsMemory(Pad, length), g);
                _buffers.Add((w, g, new SgdOracle<float>(data, g, momentumBuffer: true), length));
            }
        }

        public void Step(double lr, double momentum)
        {
            _optimizer.Step(lr, momentum).Should().BeTrue();
            foreach (var (_, g, oracle, _) in _buffers)
            {
                oracle.Step(lr, momentum, 0, 1e-3, nesterov: true);
                g.AsSpan().Reverse();
            }
        }

        public void AssertMatchesOracle(string when)
        {
            foreach (var (w, _, oracle, length) in _buffers)
            {
                var expected = new float[w.Length];
                expected.AsSpan().Fill(777.25f);
                oracle.Weights.CopyTo(expected, Pad);
                Bits.ShouldEqual<float>(w, expected, $"(length {length}, {when})");
            }
        }
    }
}
