using System.Numerics;

namespace CyclicalLR.Tests.Sgd;

/// <summary>
/// The multi-core split through the public API: lengths at, just below and just above the split threshold (README,
/// "Memory and speed": an update touching at least 2 MiB, 12 bytes per float, 20 with momentum), at and around whole
/// multiples of the chunk length, odd lengths; the result must have the oracle's bits and the sentinels around the
/// slice must not change.
/// </summary>
/// <remarks>
/// <see cref="Chunking"/> asks the library's chunk rule (<c>ParallelWork.Chunks</c>, tested on its own in ParallelWorkTests)
/// only to choose lengths that land on chunk boundaries; no assertion depends on it.
/// </remarks>
public sealed class SgdSplitTests
{
    private const long SplitBytes = 2L << 20;
    private const long ChunkBytes = 512L << 10;
    private const int Pad = 40;

    public static TheoryData<string, bool> Cases => new()
    {
        { "float", false },
        { "float", true },
        { "double", false },
        { "double", true },
        { "Half", false },
        { "Half", true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Step_LengthsAroundTheSplitThresholdAndChunkBoundaries_MatchOracleAndKeepSentinels(string type, bool momentum)
    {
        switch (type)
        {
            case "float": AssertStepAtBoundaries<float>(momentum); break;
            case "double": AssertStepAtBoundaries<double>(momentum); break;
            default: AssertStepAtBoundaries<Half>(momentum); break;
        }
    }

    [Theory]
    [InlineData("float")]
    [InlineData("double")]
    [InlineData("Half")]
    public void Apply_LengthsAroundTheSplitThresholdAndChunkBoundaries_MatchOracleAndKeepSentinels(string type)
    {
        switch (type)
        {
            case "float": AssertApplyAtBoundaries<float>(); break;
            case "double": AssertApplyAtBoundaries<double>(); break;
            default: AssertApplyAtBoundaries<Half>(); break;
        }
    }

    [Fact]
    public void Step_SplitBuffersBetweenSmallOnesAndInSeveralGroups_EachMatchesOracle()
    {
        // Serial and split buffers alternate in one step, across groups with different multipliers and weight decays.
        var threshold = Threshold(sizeof(float), momentum: true);
        int[] lengths = [3, threshold + 1, 17, threshold - 1, 2 * threshold + 63, 1];
        var optimizer = new SgdOptimizer<float>(momentum: 0.9, weightDecay: 1e-3, nesterov: true);
        var groups = new[] { optimizer.DefaultGroup, optimizer.AddGroup(0.1, 0), optimizer.AddGroup(2.5) };
        var cases = new List<(float[] W, float[] G, SgdOracle<float> Oracle, double Multiplier, double Decay)>();
        for (var i = 0; i < lengths.Length; i++)
        {
            var group = groups[i % groups.Length];
            var w = Bits.Random<float>(lengths[i], i + 50);
            var g = Bits.Random<float>(lengths[i], i + 60);
            group.Register(w, g);
            cases.Add((w, g, new SgdOracle<float>((float[])w.Clone(), g, momentumBuffer: true), group.LearningRateMultiplier, group.WeightDecay));
        }

        foreach (var (lr, m) in new[] { (0.1, 0.9), (0.05, 0.85), (0.2, 0.9) })
        {
            optimizer.Step(lr, m).Should().BeTrue();
            foreach (var (_, g, oracle, multiplier, decay) in cases)
            {
                oracle.Step(lr * multiplier, m, 0, decay, nesterov: true);
                g.AsSpan().Reverse();
            }
        }

        foreach (var (w, _, oracle, multiplier, _) in cases)
        {
            Bits.ShouldEqual<float>(w, oracle.Weights, $"(length {w.Length}, multiplier {multiplier})");
        }
    }

    /// <summary>The smallest length that is split: the first whose update touches <see cref="SplitBytes"/>.</summary>
    internal static int Threshold(int elementSize, bool momentum)
    {
        var perElement = elementSize * (momentum ? 5L : 3L);
        return (int)((SplitBytes + perElement - 1) / perElement);
    }

    /// <summary>The library's chunk rule (see the class remarks): chunk count and chunk length for a split length.</summary>
    internal static (int Count, long Length) Chunking(long length, int elementSize, bool momentum)
    {
        var (count, chunk) = ParallelWork<SgdBufferUpdate<float>>.Chunks((nuint)length, elementSize * (momentum ? 5 : 3));
        return (count, (long)chunk);
    }

    /// <summary>
    /// Lengths at the threshold (below, at, above, odd and even), and around the first length of several chunk counts
    /// that is a whole number of chunks (then plus one: a last chunk of one element).
    /// </summary>
    internal static int[] BoundaryLengths(int elementSize, bool momentum, int[] chunkCounts)
    {
        var threshold = Threshold(elementSize, momentum);
        var lengths = new List<int> { threshold - 2, threshold - 1, threshold, threshold + 1, threshold + 2, threshold + 65 };
        var perElement = elementSize * (momentum ? 5L : 3L);
        foreach (var k in chunkCounts)
        {
            for (var length = (k * ChunkBytes / perElement) + 1; ; length++)
            {
                var (count, chunk) = Chunking(length, elementSize, momentum);
                if (length % chunk == 0 && count >= k)
                {
                    lengths.AddRange([(int)length - 1, (int)length, (int)length + 1, (int)length + 63, (int)(length + chunk - 1)]);
                    break;
                }
            }
        }

        return [.. lengths.Distinct().Order()];
    }

    private static int SizeOf<T>()
        where T : unmanaged => System.Runtime.CompilerServices.Unsafe.SizeOf<T>();

    private static T Sentinel<T>(int i)
        where T : unmanaged, IFloatingPointIeee754<T> => T.CreateTruncating(1000 + (i % 50));

    private static T[] Padded<T>(T[] data, int offset)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var array = new T[offset + data.Length + Pad];
        for (var i = 0; i < array.Length; i++)
        {
            array[i] = Sentinel<T>(i);
        }

        data.CopyTo(array, offset);
        return array;
    }

    private static void AssertStepAtBoundaries<T>(bool momentum)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int[] chunkCounts = typeof(T) == typeof(Half) ? [4, 7] : [4, 7, 16];
        foreach (var length in BoundaryLengths(SizeOf<T>(), momentum, chunkCounts))
        {
            AssertStep<T>(length, momentum, offset: Pad + (length % 13));
        }
    }

    private static void AssertApplyAtBoundaries<T>()
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int[] chunkCounts = typeof(T) == typeof(Half) ? [4, 7] : [4, 7, 16];
        foreach (var length in BoundaryLengths(SizeOf<T>(), momentum: false, chunkCounts))
        {
            var offset = Pad + (length % 11);
            var data = Bits.Random<T>(length, length);
            var grads = Bits.Random<T>(length, length + 1);
            var w = Padded(data, offset);
            var g = Padded(grads, Pad + 1);
            var oracle = new SgdOracle<T>(data, grads, momentumBuffer: false);
            foreach (var lr in new[] { 0.375, 0.0123 })
            {
                SgdUpdater.Apply(w.AsSpan(offset, length), g.AsSpan(Pad + 1, length), T.CreateTruncating(lr));
                oracle.Step(lr);
            }

            var expected = Padded(oracle.Weights, offset);
            Bits.ShouldEqual<T>(w, expected, $"({typeof(T).Name}, length {length} at offset {offset}, chunks {Chunking(length, SizeOf<T>(), false)})");
        }
    }

    private static void AssertStep<T>(int length, bool momentum, int offset)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        const double weightDecay = 1e-2;
        var m = momentum ? 0.9 : 0;
        var data = Bits.Random<T>(length, length + 3);
        var grads = Bits.Random<T>(length, length + 4);
        var oracle = new SgdOracle<T>((T[])data.Clone(), grads, momentum);
        var w = Padded(data, offset);
        var g = Padded(grads, Pad + 1);
        var optimizer = new SgdOptimizer<T>(momentum: m, weightDecay: weightDecay, nesterov: momentum);
        optimizer.Register(w.AsMemory(offset, length), g.AsMemory(Pad + 1, length));

        foreach (var (lr, stepMomentum) in new[] { (0.25, m), (0.0123, m * 0.9), (0.5, m) })
        {
            optimizer.Step(lr, stepMomentum).Should().BeTrue();
            oracle.Step(lr, stepMomentum, 0, weightDecay, nesterov: momentum);
        }

        var expected = Padded(oracle.Weights, offset);
        Bits.ShouldEqual<T>(w, expected, $"({typeof(T).Name}, momentum {momentum}, length {length} at offset {offset}, chunks {Chunking(length, SizeOf<T>(), momentum)})");
        Bits.ShouldEqual<T>(g, Padded(grads, Pad + 1), "(the gradients and their sentinels are read only)");
    }
}
