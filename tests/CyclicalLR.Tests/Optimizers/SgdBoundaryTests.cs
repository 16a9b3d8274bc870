using System.Numerics;

namespace CyclicalLR.Tests.Sgd;

/// <summary>
/// Guard elements around the span an update is given: the updater and the optimizer work on slices of larger arrays,
/// and the elements just before and after each slice (sentinels) must keep their bits, for every length 0..256 and some
/// large odd ones, at every alignment of the slice's start. A loop that runs one element (or one vector) too far, or
/// starts one too early, changes a sentinel.
/// </summary>
public sealed class SgdBoundaryTests
{
    /// <summary>Sentinels on each side: more than one 64-byte vector of the smallest element type (32 Halfs).</summary>
    private const int Pad = 40;

    public static TheoryData<int> LargeOddLengths => new(1001, 4097, 65_537, 100_003);

    public static TheoryData<bool, bool> Modes => new()
    {
        // momentum, nesterov (with weight decay)
        { false, false },
        { true, false },
        { true, true },
    };

    [Fact]
    public void Apply_Float_EveryLength0To256_OnlyTheSliceChanges() => AssertApplyEveryLength<float>();

    [Fact]
    public void Apply_Double_EveryLength0To256_OnlyTheSliceChanges() => AssertApplyEveryLength<double>();

    [Fact]
    public void Apply_Half_EveryLength0To256_OnlyTheSliceChanges() => AssertApplyEveryLength<Half>();

    [Theory]
    [MemberData(nameof(LargeOddLengths))]
    public void Apply_LargeOddLengths_AllTypes_OnlyTheSliceChanges(int length)
    {
        AssertApply<float>(length, offset: 3, aliased: false);
        AssertApply<double>(length, offset: 5, aliased: false);
        AssertApply<Half>(length, offset: 7, aliased: false);
    }

    [Fact]
    public void Apply_GradientsAreTheWeightsSlice_EveryLength0To256_OnlyTheSliceChanges()
    {
        for (var length = 0; length <= 256; length++)
        {
            AssertApply<float>(length, Offset(length), aliased: true);
            AssertApply<double>(length, Offset(length), aliased: true);
            AssertApply<Half>(length, Offset(length), aliased: true);
        }
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void Step_Float_EveryLength0To256_OnlyTheSlicesChange(bool momentum, bool nesterov) =>
        AssertStepEveryLength<float>(momentum, nesterov);

    [Theory]
    [MemberData(nameof(Modes))]
    public void Step_Double_EveryLength0To256_OnlyTheSlicesChange(bool momentum, bool nesterov) =>
        AssertStepEveryLength<double>(momentum, nesterov);

    [Theory]
    [MemberData(nameof(Modes))]
    public void Step_Half_EveryLength0To256_OnlyTheSlicesChange(bool momentum, bool nesterov) =>
        AssertStepEveryLength<Half>(momentum, nesterov);

    [Theory]
    [MemberData(nameof(LargeOddLengths))]
    public void Step_LargeOddLengths_AllTypesAndModes_OnlyTheSlicesChange(int length)
    {
        foreach (var (momentum, nesterov) in new[] { (false, false), (true, false), (true, true) })
        {
            AssertStep<float>([length], momentum, nesterov);
            AssertStep<double>([length], momentum, nesterov);
            AssertStep<Half>([length], momentum, nesterov);
        }
    }

    [Fact]
    public void Step_AdjacentSlicesOfOneArray_EachLength_NeighboursKeepTheirOwnUpdate()
    {
        // Buffers packed back to back in one array, no gap: an overrun of one slice would write its neighbour's first
        // element with the wrong update, and the last slice's overrun hits the sentinels.
        int[] lengths = [1, 2, 3, 5, 8, 15, 16, 17, 31, 33, 63, 65, 127, 129, 255, 256];
        AssertStep<float>(lengths, momentum: true, nesterov: false, gap: 0);
        AssertStep<double>(lengths, momentum: true, nesterov: true, gap: 0);
        AssertStep<Half>(lengths, momentum: false, nesterov: false, gap: 0);
    }

    /// <summary>The slice's start within its array: varies with the length, so each length meets several alignments.</summary>
    private static int Offset(int length) => Pad + (length % 17);

    private static void AssertApplyEveryLength<T>()
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (var length = 0; length <= 256; length++)
        {
            AssertApply<T>(length, Offset(length), aliased: false);
        }
    }

    private static void AssertStepEveryLength<T>(bool momentum, bool nesterov)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // One optimizer with a buffer of every length, each a slice of its own padded array, plus one of every length alone.
        AssertStep<T>(Enumerable.Range(0, 257).ToArray(), momentum, nesterov);
    }

    /// <summary>The sentinel at position <paramref name="i"/> of a padded array: distinct, finite, far from the data.</summary>
    private static T Sentinel<T>(int i)
        where T : unmanaged, IFloatingPointIeee754<T> => T.CreateTruncating(1000 + (i % 50));

    private static T[] Padded<T>(T[] data, int offset, int after, int seed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var array = new T[offset + data.Length + after];
        for (var i = 0; i < array.Length; i++)
        {
            array[i] = Sentinel<T>(i + seed);
        }

        data.CopyTo(array, offset);
        return array;
    }

    private static void AssertApply<T>(int length, int offset, bool aliased)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var data = Bits.Random<T>(length, length + 1);
        var grads = aliased ? data : Bits.Random<T>(length, length + 2);
        var w = Padded(data, offset, Pad, 0);
        var g = aliased ? w : Padded(grads, Pad + 3, Pad, 7);
        var gradientsBefore = Bits.Of<T>(g);
        var expected = (T[])w.Clone();
        var oracle = new SgdOracle<T>(data, grads, momentumBuffer: false);
        oracle.Step(0.375);
        oracle.Weights.CopyTo(expected, offset);

        var gradients = aliased ? w.AsSpan(offset, length) : g.AsSpan(Pad + 3, length);
        SgdUpdater.Apply(w.AsSpan(offset, length), gradients, T.CreateTruncating(0.375));

        Bits.ShouldEqual<T>(w, expected, $"(length {length} at offset {offset}{(aliased ? ", aliased" : "")}: sentinels at [0, {offset}) and [{offset + length}, {w.Length}))");
        if (!aliased)
        {
            Bits.Of<T>(g).Should().Equal(gradientsBefore, $"the gradients are read only (length {length})");
        }
    }

    /// <summary>
    /// Registers one weight slice per length (each in a padded array of its own, or with <paramref name="gap"/> 0 all back
    /// to back in one array), steps three times with changing rates and momenta, and compares every whole array with the
    /// oracle's result around the untouched sentinels.
    /// </summary>
    private static void AssertStep<T>(int[] lengths, bool momentum, bool nesterov, int gap = -1)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        const double weightDecay = 1e-2;
        var m = momentum ? 0.9 : 0;
        var optimizer = new SgdOptimizer<T>(momentum: m, weightDecay: weightDecay, nesterov: nesterov);
        var data = lengths.Select(n => Bits.Random<T>(n, n + 11)).ToArray();
        var grads = lengths.Select(n => Bits.Random<T>(n, n + 12)).ToArray();
        var oracles = data.Select((d, i) => new SgdOracle<T>((T[])d.Clone(), grads[i], momentum)).ToArray();
        var weightArrays = new List<T[]>();
        var gradientArrays = new List<T[]>();
        var offsets = new int[lengths.Length];
        if (gap == 0)
        {
            var total = lengths.Sum();
            var w = Padded(data.SelectMany(d => d).ToArray(), Pad, Pad, 0);
            var g = Padded(grads.SelectMany(d => d).ToArray(), Pad + 1, Pad, 3);
            for (int i = 0, at = 0; i < lengths.Length; at += lengths[i], i++)
            {
                offsets[i] = Pad + at;
                optimizer.Register(w.AsMemory(Pad + at, lengths[i]), g.AsMemory(Pad + 1 + at, lengths[i]));
            }

            total.Should().BeGreaterThan(0);
            weightArrays.Add(w);
            gradientArrays.Add(g);
        }
        else
        {
            for (var i = 0; i < lengths.Length; i++)
            {
                offsets[i] = Offset(lengths[i]);
                var w = Padded(data[i], offsets[i], Pad, i);
                var g = Padded(grads[i], Pad + 5, Pad, i + 9);
                optimizer.Register(w.AsMemory(offsets[i], lengths[i]), g.AsMemory(Pad + 5, lengths[i]));
                weightArrays.Add(w);
                gradientArrays.Add(g);
            }
        }

        var gradientsBefore = gradientArrays.Select(g => Bits.Of<T>(g)).ToArray();
        double[] rates = [0.25, 0.0123, 0.5];
        double[] momenta = [m, m * 0.9, m];
        for (var step = 0; step < rates.Length; step++)
        {
            optimizer.Step(rates[step], momenta[step]).Should().BeTrue();
            foreach (var oracle in oracles)
            {
                oracle.Step(rates[step], momenta[step], 0, weightDecay, nesterov);
            }
        }

        // Each expected array is all sentinels (as first written), with every slice replaced by the oracle's weights.
        var expected = weightArrays.Select((w, a) => Padded(Array.Empty<T>(), w.Length, 0, a)).ToArray();
        for (var i = 0; i < lengths.Length; i++)
        {
            oracles[i].Weights.CopyTo(gap == 0 ? expected[0] : expected[i], offsets[i]);
        }

        for (var a = 0; a < weightArrays.Count; a++)
        {
            Bits.ShouldEqual<T>(weightArrays[a], expected[a], $"(array {a} of {typeof(T).Name}, momentum {momentum}, nesterov {nesterov})");
            Bits.Of<T>(gradientArrays[a]).Should().Equal(gradientsBefore[a], "the gradients are read only");
        }
    }
}
