using System.Numerics;
using CsCheck;

namespace CyclicalLR.Tests.Sgd;

public sealed class SgdUpdaterTests
{
    /// <summary>Above the 2 MiB split threshold for float (12 bytes per element), odd, and not a multiple of any vector width.</summary>
    private const int ParallelLength = 1_000_003;

    public static TheoryData<int> Lengths()
    {
        var data = new TheoryData<int>();
        for (var n = 0; n <= 256; n++)
        {
            data.Add(n);
        }

        data.Add(100_003);
        data.Add(ParallelLength);
        return data;
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Apply_Float_MatchesScalarOracleBitForBit(int length) => AssertMatchesOracle<float>(length, 0.0123);

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Apply_Double_MatchesScalarOracleBitForBit(int length) => AssertMatchesOracle<double>(length, 0.0123);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(17)]
    [InlineData(256)]
    [InlineData(1001)]
    public void Apply_Half_MatchesScalarOracleBitForBit(int length) => AssertMatchesOracle<Half>(length, 0.0123);

    [Fact]
    public void Apply_HandComputedValues_Exact()
    {
        float[] w = [1f, -2f, 0.5f, 0f, 3f];
        float[] g = [0.5f, 0.25f, -1f, 2f, 0f];

        SgdUpdater.Apply<float>(w, g, 0.25f);

        w.Should().Equal(0.875f, -2.0625f, 0.75f, -0.5f, 3f);
    }

    [Fact]
    public void Apply_PyTorchExample_Float_RoundsEachOperation()
    {
        // param.add_(grad, alpha=-lr) with lr = 0.1 in float32: 0.1f * 0.3f rounds to 0.030000001f, 1 - that = 0.97f.
        float[] w = [1f];
        float[] g = [0.3f];

        SgdUpdater.Apply<float>(w, g, 0.1f);

        w[0].Should().Be(1f - (0.1f * 0.3f));
        w[0].Should().Be(0.97f);
    }

    [Fact]
    public void Apply_GradientsAreTheWeightsBuffer_ComputesWMinusLrW()
    {
        var w = Bits.Random<double>(300, 1);
        var expected = w.Select(x => x - (0.5 * x)).ToArray();

        SgdUpdater.Apply<double>(w, w, 0.5);

        Bits.ShouldEqual<double>(w, expected);
    }

    [Fact]
    public void Apply_SliceOfLargerBuffers_ChangesOnlyTheSlice()
    {
        var w = Bits.Random<float>(100, 2);
        var g = Bits.Random<float>(100, 3);
        var before = (float[])w.Clone();

        SgdUpdater.Apply(w.AsSpan(10, 50), g.AsSpan(30, 50), 1f);

        for (var i = 0; i < 100; i++)
        {
            var expected = i is >= 10 and < 60 ? before[i] - (1f * g[i + 20]) : before[i];
            w[i].Should().Be(expected, $"element {i}");
        }
    }

    [Fact]
    public void Apply_ZeroLearningRate_LeavesFiniteWeightsEqual()
    {
        var w = Bits.Random<float>(500, 4);
        var g = Bits.Random<float>(500, 5);
        var before = (float[])w.Clone();

        SgdUpdater.Apply<float>(w, g, 0f);

        // Equal as numbers: IEEE gives -0 - (-0) = +0, so a -0 weight with a negative gradient becomes +0.
        w.Should().Equal(before);
    }

    [Fact]
    public void Apply_NonFiniteGradient_PropagatesToThatWeightOnly()
    {
        float[] w = [1f, 1f, 1f, 1f];
        float[] g = [float.NaN, float.PositiveInfinity, float.NegativeInfinity, 1f];

        SgdUpdater.Apply<float>(w, g, 0.5f);

        float.IsNaN(w[0]).Should().BeTrue();
        w[1].Should().Be(float.NegativeInfinity);
        w[2].Should().Be(float.PositiveInfinity);
        w[3].Should().Be(0.5f);
    }

    [Theory]
    [InlineData(1_000_003)]
    [InlineData(4_194_304)]
    public void Apply_ParallelPath_SameBitsAsSerialLoop(int length)
    {
        ((long)length * sizeof(float) * 3).Should().BeGreaterThanOrEqualTo(SgdKernel.ParallelThresholdBytes, "the test must reach the multi-core path");
        var w = Bits.Random<float>(length, 6);
        var g = Bits.Random<float>(length, 7);
        var serial = (float[])w.Clone();
        var coefficients = new SgdCoefficients<float>(0.37f, 0f, 0f, 1f);
        SgdKernel.Run(SgdRule.None, ref serial[0], ref g[0], ref serial[0], (nuint)length, coefficients);

        SgdUpdater.Apply<float>(w, g, 0.37f);

        Bits.ShouldEqual<float>(w, serial);
    }

    [Fact]
    public void Apply_ManyLargeCallsInARow_EachMatchesTheSerialLoop()
    {
        // Back-to-back multi-core calls from one thread: a helper that starts late joins a later call, never an old one.
        var a = (W: Bits.Random<float>(ParallelLength, 20), G: Bits.Random<float>(ParallelLength, 21));
        var b = (W: Bits.Random<float>(ParallelLength / 2, 22), G: Bits.Random<float>(ParallelLength / 2, 23));
        var expectedA = (float[])a.W.Clone();
        var expectedB = (float[])b.W.Clone();
        for (var call = 0; call < 40; call++)
        {
            var (w, g, expected) = call % 2 == 0 ? (a.W, a.G, expectedA) : (b.W, b.G, expectedB);
            var lr = 0.001f * (call + 1);
            for (var i = 0; i < expected.Length; i++)
            {
                expected[i] -= lr * g[i];
            }

            SgdUpdater.Apply<float>(w, g, lr);
        }

        Bits.ShouldEqual<float>(a.W, expectedA);
        Bits.ShouldEqual<float>(b.W, expectedB);
    }

    [Fact]
    public void Apply_LargeCallsFromSeveralThreadsAtOnce_EachMatchesTheSerialLoop()
    {
        var work = Enumerable.Range(0, 4).Select(t => (W: Bits.Random<double>(400_001, 30 + t), G: Bits.Random<double>(400_001, 40 + t))).ToArray();
        var expected = work.Select(x => x.W.Select((v, i) => v - (0.25 * x.G[i]) - (0.25 * x.G[i])).ToArray()).ToArray();

        Parallel.For(0, work.Length, new ParallelOptions { MaxDegreeOfParallelism = work.Length }, t =>
        {
            SgdUpdater.Apply<double>(work[t].W, work[t].G, 0.25);
            SgdUpdater.Apply<double>(work[t].W, work[t].G, 0.25);
        });

        for (var t = 0; t < work.Length; t++)
        {
            Bits.ShouldEqual<double>(work[t].W, expected[t], $"(thread {t})");
        }
    }

    [Fact]
    public void Apply_RandomLengthsAndRates_MatchesOracle_Property()
    {
        Gen.Select(Gen.Int[0, 700], Gen.Double[0, 10], Gen.Int)
            .Sample(
                (length, lr, seed) =>
                {
                    var w = Bits.Random<double>(length, seed, 100);
                    var g = Bits.Random<double>(length, seed + 1, 100);
                    var oracle = new SgdOracle<double>((double[])w.Clone(), g, momentumBuffer: false);
                    oracle.Step(lr);
                    SgdUpdater.Apply<double>(w, g, lr);
                    return Bits.Of<double>(w).SequenceEqual(Bits.Of<double>(oracle.Weights));
                },
                seed: "0N0XIzNsQ0O2",
                iter: 300);
    }

    [Theory]
    [InlineData(3, 4)]
    [InlineData(4, 3)]
    [InlineData(0, 1)]
    [InlineData(1, 0)]
    public void Apply_LengthMismatch_ThrowsNamingGradientsAndChangesNothing(int weightsLength, int gradientsLength)
    {
        var w = Bits.Random<float>(weightsLength, 8);
        var g = Bits.Random<float>(gradientsLength, 9);
        var before = Bits.Of<float>(w);

        var act = () => SgdUpdater.Apply<float>(w, g, 0.1f);

        act.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("gradients");
        Bits.Of<float>(w).Should().Equal(before);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(-1)]
    [InlineData(5)]
    public void Apply_PartialOverlap_ThrowsNamingGradientsAndChangesNothing(int shift)
    {
        var storage = Bits.Random<float>(40, 10);
        var before = Bits.Of<float>(storage);
        var weightsStart = 10;

        var act = () => SgdUpdater.Apply(storage.AsSpan(weightsStart, 20), storage.AsSpan(weightsStart + shift, 20), 0.1f);

        act.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("gradients");
        Bits.Of<float>(storage).Should().Equal(before);
    }

    [Fact]
    public void Apply_SameStartDifferentLength_IsAPartialOverlap()
    {
        var storage = new double[10];

        var act = () => SgdUpdater.Apply(storage.AsSpan(0, 5), storage.AsSpan(0, 5).ToArray().AsSpan(), 0.1);
        act.Should().NotThrow("a copy is separate memory");

        var bad = () => SgdUpdater.Apply(storage.AsSpan(0, 5), (ReadOnlySpan<double>)storage.AsSpan(0, 5)[..4], 0.1);
        bad.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("gradients");
    }

    /// <summary>Bad float learning rates keyed by name, so both NaN sign bits stay separate theory rows.</summary>
    private static readonly Dictionary<string, float> BadFloatRateValues = new()
    {
        ["float.NaN"] = float.NaN,
        ["NaN 0xFFC00000 (sign bit set)"] = BitConverter.Int32BitsToSingle(unchecked((int)0xFFC00000)),
        ["NaN 0x7FC00000 (sign bit clear)"] = BitConverter.Int32BitsToSingle(0x7FC00000),
        ["+Infinity"] = float.PositiveInfinity,
        ["-Infinity"] = float.NegativeInfinity,
        ["-1"] = -1f,
        ["-float.Epsilon"] = -float.Epsilon,
        ["float.MinValue"] = float.MinValue,
    };

    public static TheoryData<string> BadFloatRates => new(BadFloatRateValues.Keys);

    [Theory]
    [MemberData(nameof(BadFloatRates))]
    public void Apply_BadLearningRate_ThrowsNamingLearningRateAndChangesNothing(string value)
    {
        var learningRate = BadFloatRateValues[value];
        var w = Bits.Random<float>(64, 11);
        var g = Bits.Random<float>(64, 12);
        var before = Bits.Of<float>(w);

        var act = () => SgdUpdater.Apply<float>(w, g, learningRate);

        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("learningRate");
        Bits.Of<float>(w).Should().Equal(before);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(-0.5)]
    public void Apply_BadDoubleLearningRate_ThrowsNamingLearningRate(double learningRate)
    {
        var w = new double[3];
        var act = () => SgdUpdater.Apply<double>(w, new double[3], learningRate);

        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("learningRate");
    }

    [Fact]
    public void Apply_BadLearningRate_MessageUsesInvariantCulture()
    {
        var act = () => SgdUpdater.Apply<double>(new double[1], new double[1], -1.5);

        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*-1.5*");
    }

    private static void AssertMatchesOracle<T>(int length, double learningRate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var w = Bits.Random<T>(length, length);
        var g = Bits.Random<T>(length, length + 1000);
        var oracle = new SgdOracle<T>((T[])w.Clone(), g, momentumBuffer: false);
        var gradientsBefore = Bits.Of<T>(g);

        oracle.Step(learningRate);
        SgdUpdater.Apply<T>(w, g, T.CreateTruncating(learningRate));

        Bits.ShouldEqual<T>(w, oracle.Weights);
        Bits.Of<T>(g).Should().Equal(gradientsBefore, "gradients are read only");
    }
}
