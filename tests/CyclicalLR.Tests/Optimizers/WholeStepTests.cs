using System.Collections.Concurrent;
using System.Numerics;
using System.Runtime.CompilerServices;
using CyclicalLR.Tests.Adam;

namespace CyclicalLR.Tests.Sgd;

/// <summary>
/// A step whose buffers are each below the 2 MiB split threshold but together above it runs across the cores by buffers
/// and chunks (chunks spanning buffer ends, empty buffers, aliased gradients), with the bits of the scalar rule, and
/// allocates nothing.
/// </summary>
public sealed class WholeStepTests
{
    /// <summary>Odd lengths, empty ones, and one under a vector: 8 x 3 lengths, about 1.2 M elements, 34 MB of Adam traffic in float.</summary>
    private static readonly int[] Lengths = [100_003, 0, 7, 64_001, 1, 0, 120_000, 33, 99_999, 65_536, 5, 50_017, 0, 80_000, 3, 77_777, 91_001, 2, 63, 100_000, 65, 30_011, 111_111, 4];

    [Fact]
    public void Adam_ManyBuffers_Float_MatchesOracleBitForBit() => AssertAdam<float>();

    [Fact]
    public void Adam_ManyBuffers_Double_MatchesOracleBitForBit() => AssertAdam<double>();

    [Fact]
    public void Sgd_ManyBuffers_Float_MatchesOracleBitForBit() => AssertSgd<float>();

    [Fact]
    public void Sgd_ManyBuffers_Double_MatchesOracleBitForBit() => AssertSgd<double>();

    [Fact]
    public void Step_SplitAcrossCores_AllocatesNothing()
    {
        var adam = new AdamOptimizer<float>(amsgrad: true);
        var sgd = new SgdOptimizer<float>(momentum: 0.9);
        for (var b = 0; b < 20; b++)
        {
            adam.Register(new float[40_000], new float[40_000]);
            sgd.Register(new float[40_000], new float[40_000]);
        }

        adam.Step(0.01);
        sgd.Step(0.01);
        var before = GC.GetAllocatedBytesForCurrentThread();
        adam.Step(0.01);
        sgd.Step(0.01);
        adam.Step(0.01, 0.85);
        sgd.Step(0.01, 0.8);
        var after = GC.GetAllocatedBytesForCurrentThread();

        (after - before).Should().Be(0);
    }

    /// <summary>
    /// Parts of 100, 0, 300, 64 and 1000 elements at 12 bytes: 1464 elements, 2 chunks of 768 (1464 / 2 = 732, rounded up
    /// to 12 x 64). Chunk 0 covers parts 0, 2 and 3 and the first 304 elements of part 4; chunk 1 the other 696.
    /// </summary>
    [Fact]
    public void Run_SmallParts_EachPartRunsTheHandWorkedPiecesOfEachChunk()
    {
        var (whole, parts, counts, logs) = Parts([100, 0, 300, 64, 1000], bytesPerElement: 12);

        whole.Run();

        Pieces(logs[0]).Should().Equal([(0, 100)]);
        Pieces(logs[1]).Should().BeEmpty();
        Pieces(logs[2]).Should().Equal([(0, 300)]);
        Pieces(logs[3]).Should().Equal([(0, 64)]);
        Pieces(logs[4]).Should().Equal([(0, 304), (304, 696)]);
        AssertEachElementOnce(parts, counts, 1);
    }

    /// <summary>
    /// Parts of 50,000, 120,000 and 30,000 elements at 12 bytes: 2.4 MB, so 4 chunks (2,400,000 / 524,288 = 4.6) of
    /// 50,048 elements (200,000 / 4 = 50,000, rounded up to 782 x 64), at 0, 50,048, 100,096 and 150,144; then the same
    /// again with the same instance, since a run leaves nothing behind for the next.
    /// </summary>
    [Fact]
    public void Run_LargeParts_ChunkedByTheirAverageBytesPerElement_TwiceInARow()
    {
        var whole = new WholeStep<ParallelWorkTests.Recorder>();
        for (var run = 1; run <= 2; run++)
        {
            var (_, parts, counts, logs) = Parts([50_000, 120_000, 30_000], bytesPerElement: 12, whole);

            whole.Run();

            Pieces(logs[0]).Should().Equal([(0, 50_000)], $"run {run}");
            Pieces(logs[1]).Should().Equal([(0, 48), (48, 50_048), (50_096, 50_048), (100_144, 19_856)], $"run {run}");
            Pieces(logs[2]).Should().Equal([(0, 30_000)], $"run {run}");
            AssertEachElementOnce(parts, counts, 1);
        }
    }

    [Fact]
    public void Run_OnlyEmptyParts_RunsNothingAndCanRunAgain()
    {
        var whole = new WholeStep<ParallelWorkTests.Recorder>();
        whole.Reserve(2, pinsPerBuffer: 0);
        var log = new ConcurrentQueue<(int Thread, nuint Start, nuint Count)>();
        whole.Add(new ParallelWorkTests.Recorder([], 0, 12, log));
        whole.Add(new ParallelWorkTests.Recorder([], 0, 12, log));

        whole.Run();
        whole.Run();

        log.Should().BeEmpty();
    }

    [Theory]
    [InlineData(174_762, false)] // 12 bytes per float element: 2,097,144 bytes, 8 below 2 MiB
    [InlineData(174_763, true)] // 2,097,156 bytes
    public void Splits_FromTwoMiBTouched(long elements, bool splits) =>
        WholeStep<SgdBufferUpdate<float>>.Splits(elements * 12).Should().Be(splits && Environment.ProcessorCount > 1);

    [Fact]
    public void Splits_ExactlyTwoMiB_Splits()
    {
        WholeStep<SgdBufferUpdate<float>>.Splits(2L << 20).Should().Be(Environment.ProcessorCount > 1, "the threshold is at least 2 MiB touched");
        WholeStep<SgdBufferUpdate<float>>.Splits((2L << 20) - 1).Should().BeFalse();
    }

    /// <summary>Each buffer is pinned only for the step: every pin is released when <see cref="WholeStep{TUpdate}.Run"/> returns.</summary>
    [Fact]
    public unsafe void Run_ReleasesEveryPinAndUpdatesThroughThePointers()
    {
        const int length = 100_000;
        var whole = new WholeStep<SgdBufferUpdate<float>>();
        whole.Reserve(2, pinsPerBuffer: 3);
        var data = Bits.Random<float>(2 * length, 3);
        var grads = Bits.Random<float>(2 * length, 4);
        using var weights = new CountingMemory<float>((float[])data.Clone());
        using var gradients = new CountingMemory<float>(grads);
        var oracle = new SgdOracle<float>(data, grads, momentumBuffer: false);
        var coefficients = new SgdCoefficients<float>(0.5f, 0f, 0f, 1f);
        for (var run = 1; run <= 2; run++)
        {
            for (var b = 0; b < 2; b++)
            {
                var w = whole.Pin(weights.Memory.Slice(b * length, length));
                var g = whole.Pin(gradients.Memory.Slice(b * length, length));
                whole.Add(new SgdBufferUpdate<float>(SgdRule.None, w, g, null, length, coefficients));
            }

            (weights.Pins, gradients.Pins).Should().Be((2 * run, 2 * run));
            (weights.Unpins, gradients.Unpins).Should().Be((2 * run - 2, 2 * run - 2), $"run {run}: pinned until the step runs");

            whole.Run();
            oracle.Step(0.5);

            (weights.Unpins, gradients.Unpins).Should().Be((2 * run, 2 * run), $"run {run}: every pin released by the step");
            Bits.ShouldEqual<float>(weights.Memory.Span, oracle.Weights, $"run {run}");
        }
    }

    /// <summary>A run forgets its updates: nothing it was given stays reachable from the step, which lives as long as its optimizer.</summary>
    [Fact]
    public void Run_ForgetsTheUpdates()
    {
        var whole = new WholeStep<ParallelWorkTests.Recorder>();
        var counts = RunOnce(whole);

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        counts.IsAlive.Should().BeFalse("the step must not hold the updates it ran");
        GC.KeepAlive(whole);
    }

    [Fact]
    public void Reserve_NoMoreThanReserved_AllocatesNothing()
    {
        var whole = new WholeStep<AdamBufferUpdate<float>>();
        whole.Reserve(5, pinsPerBuffer: 5);
        var before = GC.GetAllocatedBytesForCurrentThread();
        whole.Reserve(5, pinsPerBuffer: 5);
        whole.Reserve(3, pinsPerBuffer: 5);
        whole.Reserve(0, pinsPerBuffer: 5);
        var after = GC.GetAllocatedBytesForCurrentThread();

        (after - before).Should().Be(0, "the arrays already hold 5 buffers");
    }

    /// <summary>
    /// Registering buffers one by one reserves 1, 2, 3, ... buffers: the arrays must grow geometrically, or registering a
    /// model of 10,000 buffers would copy about 50 million entries (some 7 GB for Adam).
    /// </summary>
    [Fact]
    public void Reserve_OneMoreAtATime_AllocatesLinearlyInTheBufferCount()
    {
        const int buffers = 2_000;
        var whole = new WholeStep<AdamBufferUpdate<float>>();
        var perBuffer = Unsafe.SizeOf<AdamBufferUpdate<float>>() + Unsafe.SizeOf<nuint>() + (5 * Unsafe.SizeOf<System.Buffers.MemoryHandle>());
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var n = 1; n <= buffers; n++)
        {
            whole.Reserve(n, pinsPerBuffer: 5);
        }

        var after = GC.GetAllocatedBytesForCurrentThread();

        (after - before).Should().BeLessThan(8L * buffers * perBuffer, "a few times the final arrays, not one copy per buffer");
        whole.Run();
    }

    private static (WholeStep<ParallelWorkTests.Recorder> Whole, int[] Lengths, int[][] Counts, ConcurrentQueue<(int Thread, nuint Start, nuint Count)>[] Logs) Parts(int[] lengths, int bytesPerElement, WholeStep<ParallelWorkTests.Recorder>? whole = null)
    {
        whole ??= new WholeStep<ParallelWorkTests.Recorder>();
        whole.Reserve(lengths.Length, pinsPerBuffer: 0);
        var counts = lengths.Select(n => new int[n + 64]).ToArray();
        var logs = lengths.Select(_ => new ConcurrentQueue<(int Thread, nuint Start, nuint Count)>()).ToArray();
        for (var p = 0; p < lengths.Length; p++)
        {
            whole.Add(new ParallelWorkTests.Recorder(counts[p], lengths[p], bytesPerElement, logs[p]));
        }

        return (whole, lengths, counts, logs);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference RunOnce(WholeStep<ParallelWorkTests.Recorder> whole)
    {
        var counts = new int[1000];
        whole.Reserve(1, pinsPerBuffer: 0);
        whole.Add(new ParallelWorkTests.Recorder(counts, 1000, 12, log: null));
        whole.Run();
        counts.Should().OnlyContain(c => c == 1);
        return new WeakReference(counts);
    }

    private static (long Start, long Count)[] Pieces(ConcurrentQueue<(int Thread, nuint Start, nuint Count)> log) =>
        [.. log.Select(e => ((long)e.Start, (long)e.Count)).Order()];

    private static void AssertEachElementOnce(int[] lengths, int[][] counts, int times)
    {
        for (var p = 0; p < lengths.Length; p++)
        {
            counts[p].Take(lengths[p]).Should().NotContain(c => c != times, $"part {p}");
            counts[p].Skip(lengths[p]).Should().NotContain(c => c != 0, $"part {p}: past its end");
        }
    }

    private static void AssertAdam<T>()
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var optimizer = new AdamOptimizer<T>(weightDecay: 0.01, decoupledWeightDecay: true, amsgrad: true);
        var group = optimizer.AddGroup(0.5, weightDecay: 0);
        var weights = Lengths.Select((n, b) => Bits.Random<T>(n, b)).ToArray();
        var gradients = Lengths.Select((n, b) => b % 5 == 4 ? weights[b] : Bits.Random<T>(n, 100 + b)).ToArray();
        var expected = weights.Select(w => (T[])w.Clone()).ToArray();
        var oracles = Lengths.Select(n => new AdamOracle<T>(n, 0.999, 1e-8, decoupled: true, amsgrad: true)).ToArray();
        for (var b = 0; b < Lengths.Length; b++)
        {
            (b % 2 == 0 ? optimizer.DefaultGroup : group).Register(weights[b], gradients[b]);
        }

        for (var step = 0; step < 3; step++)
        {
            optimizer.Step(0.01, 0.9 - (0.03 * step)).Should().BeTrue();
            for (var b = 0; b < Lengths.Length; b++)
            {
                var expectedGradients = gradients[b] == weights[b] ? expected[b] : gradients[b];
                oracles[b].Step(expected[b], expectedGradients, b % 2 == 0 ? 0.01 : 0.005, 0.9 - (0.03 * step), b % 2 == 0 ? 0.01 : 0);
            }
        }

        for (var b = 0; b < Lengths.Length; b++)
        {
            Bits.ShouldEqual<T>(weights[b], expected[b], $"buffer {b} of length {Lengths[b]}");
        }
    }

    private static void AssertSgd<T>()
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var optimizer = new SgdOptimizer<T>(momentum: 0.9, weightDecay: 0.001, nesterov: true);
        var group = optimizer.AddGroup(0.1, weightDecay: 0);
        var weights = Lengths.Select((n, b) => Bits.Random<T>(n, b)).ToArray();
        var gradients = Lengths.Select((n, b) => Bits.Random<T>(n, 100 + b)).ToArray();
        var oracles = Lengths.Select((n, b) => new SgdOracle<T>((T[])weights[b].Clone(), gradients[b], momentumBuffer: true)).ToArray();
        for (var b = 0; b < Lengths.Length; b++)
        {
            (b % 2 == 0 ? optimizer.DefaultGroup : group).Register(weights[b], gradients[b]);
        }

        foreach (var momentum in new[] { 0.9, 0.85, 0.0, 0.95 })
        {
            optimizer.Step(0.01, momentum).Should().BeTrue();
            for (var b = 0; b < Lengths.Length; b++)
            {
                oracles[b].Step(b % 2 == 0 ? 0.01 : 0.01 * 0.1, momentum, 0, b % 2 == 0 ? 0.001 : 0, nesterov: true);
            }
        }

        for (var b = 0; b < Lengths.Length; b++)
        {
            Bits.ShouldEqual<T>(weights[b], oracles[b].Weights, $"buffer {b} of length {Lengths[b]}");
        }
    }

    /// <summary>Memory whose pins and releases are counted (its array is pinned for real while any pin is held).</summary>
    private sealed class CountingMemory<T>(T[] array) : System.Buffers.MemoryManager<T>
        where T : unmanaged
    {
        private System.Runtime.InteropServices.GCHandle _handle;

        public int Pins { get; private set; }

        public int Unpins { get; private set; }

        public override Span<T> GetSpan() => array;

        public override unsafe System.Buffers.MemoryHandle Pin(int elementIndex = 0)
        {
            if (Pins++ == Unpins)
            {
                _handle = System.Runtime.InteropServices.GCHandle.Alloc(array, System.Runtime.InteropServices.GCHandleType.Pinned);
            }

            return new System.Buffers.MemoryHandle((T*)_handle.AddrOfPinnedObject() + elementIndex, pinnable: this);
        }

        public override void Unpin()
        {
            if (++Unpins == Pins)
            {
                _handle.Free();
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (_handle.IsAllocated)
            {
                _handle.Free();
            }
        }
    }
}
