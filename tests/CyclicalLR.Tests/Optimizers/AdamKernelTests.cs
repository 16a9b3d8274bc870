using System.Numerics;
using CyclicalLR.Tests.Sgd;

namespace CyclicalLR.Tests.Adam;

/// <summary>
/// Where the Adam kernel splits one buffer across cores: from 2 MiB touched (issue 12: 28 bytes per float element, read w,
/// g, m, v and write w, m, v; 36 with AMSGrad's max v read and written), observed through the claims on the calling
/// thread's splitter, with the oracle's bits either way; and guard elements around every span it is given (weights,
/// gradients and each moment buffer), which must keep their bits for every rule, length and alignment.
/// </summary>
public sealed class AdamKernelTests
{
    [Theory]
    [InlineData(false, 74_898, false)] // 28 bytes x 74,898 = 2,097,144: 8 bytes below 2 MiB
    [InlineData(false, 74_899, true)] // 2,097,172 bytes
    [InlineData(false, 58_255, false)] // the AMSGrad threshold without AMSGrad: 1,631,140 bytes
    [InlineData(true, 58_254, false)] // 36 bytes x 58,254 = 2,097,144
    [InlineData(true, 58_255, true)] // 2,097,180 bytes
    public void Update_Float_SplitsFromTwoMiBTouched(bool amsgrad, int length, bool splits)
    {
        const double lr = 0.01, beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
        var weights = Bits.Random<float>(length, 1);
        var gradients = Bits.Random<float>(length, 2);
        var m = new float[length];
        var v = new float[length];
        var maxV = amsgrad ? new float[length] : [];
        var expected = (float[])weights.Clone();
        var oracle = new AdamOracle<float>(length, beta2, eps, decoupled: false, amsgrad);

        // The first step's scalars, from PyTorch's formulas (t = 1): step size lr / (1 - beta1), bias correction sqrt(1 - beta2).
        var coefficients = new AdamCoefficients<float>(
            (float)beta1, (float)(1 - beta1), (float)beta2, (float)(1 - beta2), 0f, 1f, (float)(-lr / (1 - beta1)), (float)Math.Sqrt(1 - beta2), (float)eps);
        var claims = SplitterClaims.During<AdamBufferUpdate<float>>(() => AdamKernel.Update(amsgrad ? AdamRule.AmsGrad : AdamRule.None, weights.AsSpan(), gradients, m, v, maxV, coefficients));

        oracle.Step(expected, gradients, lr, beta1, 0);
        Bits.ShouldEqual<float>(weights, expected);
        Bits.ShouldEqual<float>(m, oracle.M);
        Bits.ShouldEqual<float>(v, oracle.V);
        if (amsgrad)
        {
            Bits.ShouldEqual<float>(maxV, oracle.MaxV);
        }

        if (splits && Environment.ProcessorCount > 1)
        {
            var (chunks, _) = ParallelWork<AdamBufferUpdate<float>>.Chunks((nuint)length, amsgrad ? 36 : 28);
            claims.Should().BeGreaterThanOrEqualTo(chunks, "every chunk is claimed once, after a read of the state word");
        }
        else
        {
            claims.Should().Be(0, "the calling thread runs the whole update without the splitter");
        }
    }

    [Theory]
    [InlineData((int)AdamRule.None, 4, 28)]
    [InlineData((int)AdamRule.WeightDecay, 4, 28)]
    [InlineData((int)(AdamRule.DecoupledWeightDecay | AdamRule.UnitBiasCorrection), 4, 28)]
    [InlineData((int)AdamRule.AmsGrad, 4, 36)]
    [InlineData((int)(AdamRule.AmsGrad | AdamRule.WeightDecay), 8, 72)]
    [InlineData((int)AdamRule.None, 8, 56)]
    public void BytesPerElement_ReadsAndWritesOfOneElement(int rule, int elementSize, int expected) =>
        AdamKernel.BytesPerElement((AdamRule)rule, elementSize).Should().Be(expected, "w, m and v are read and written and g is read (7 elements), plus max v read and written with AMSGrad");

    /// <summary>Sentinels on each side: more than one 64-byte vector of the smallest element type (32 Halfs).</summary>
    private const int Pad = 40;

    /// <summary>decoupled, weight decay, AMSGrad, beta2 (0 makes the bias correction exactly 1: the kernel skips the division).</summary>
    private static readonly (bool Decoupled, double WeightDecay, bool AmsGrad, double Beta2)[] Rules =
    [
        (false, 0, false, 0.99), (false, 0.01, false, 0.99), (true, 0.05, false, 0.99),
        (false, 0, true, 0.99), (false, 0.02, true, 0.99), (true, 0.1, true, 0.99),
        (false, 0.01, true, 0), (true, 0.1, false, 0),
    ];

    [Fact]
    public void Update_Float_EveryLength0To160_OnlyTheSpansChange() => AssertEveryLength<float>(160);

    [Fact]
    public void Update_Double_EveryLength0To160_OnlyTheSpansChange() => AssertEveryLength<double>(160);

    [Fact]
    public void Update_Half_EveryLength0To80_OnlyTheSpansChange() => AssertEveryLength<Half>(80);

    [Fact]
    public void Update_LargeOddLength_AllTypes_OnlyTheSpansChange()
    {
        foreach (var rule in Rules)
        {
            AssertBoundaries<float>(10_007, 3, rule);
            AssertBoundaries<double>(10_007, 5, rule);
            AssertBoundaries<Half>(1_001, 7, rule);
        }
    }

    private static void AssertEveryLength<T>(int maxLength)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (var length = 0; length <= maxLength; length++)
        {
            foreach (var rule in Rules)
            {
                // The span's start varies with the length, so each length meets several alignments.
                AssertBoundaries<T>(length, length % 17, rule);
            }
        }
    }

    private static T Sentinel<T>(int i)
        where T : unmanaged, IFloatingPointIeee754<T> => T.CreateTruncating(1000 + (i % 50));

    /// <summary>The data at <paramref name="offset"/> after <see cref="Pad"/> sentinels, and <see cref="Pad"/> sentinels after it.</summary>
    private static T[] Padded<T>(T[] data, int offset, int seed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var array = new T[Pad + offset + data.Length + Pad];
        for (var i = 0; i < array.Length; i++)
        {
            array[i] = Sentinel<T>(i + seed);
        }

        data.CopyTo(array, Pad + offset);
        return array;
    }

    /// <summary>Two steps of one rule through <see cref="AdamKernel.Update"/> on spans of padded arrays, against the oracle.</summary>
    private static void AssertBoundaries<T>(int length, int offset, (bool Decoupled, double WeightDecay, bool AmsGrad, double Beta2) rule)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        const double lr = 0.01, eps = 1e-6;
        var at = Pad + offset;
        var data = Bits.Random<T>(length, length + 1, scale: 2);
        var grads = Bits.Random<T>(length, length + 2);
        var oracleWeights = (T[])data.Clone();
        var oracle = new AdamOracle<T>(length, rule.Beta2, eps, rule.Decoupled, rule.AmsGrad);
        var w = Padded(data, offset, 0);
        var g = Padded(grads, offset, 7);
        var gradientsBefore = Bits.Of<T>(g);
        var state = new[] { 11, 22, 33 }.Select(seed => Padded(new T[length], offset, seed)).ToArray();
        var kernelRule = (rule.AmsGrad ? AdamRule.AmsGrad : AdamRule.None)
            | (rule.WeightDecay == 0 ? AdamRule.None : rule.Decoupled ? AdamRule.DecoupledWeightDecay : AdamRule.WeightDecay);
        for (var t = 1; t <= 2; t++)
        {
            var beta1 = t == 1 ? 0.9 : 0.85;
            var bc2Sqrt = Math.Sqrt(1 - Math.Pow(rule.Beta2, t));
            var coefficients = new AdamCoefficients<T>(
                T.CreateTruncating(beta1),
                T.CreateTruncating(1 - beta1),
                T.CreateTruncating(rule.Beta2),
                T.CreateTruncating(1 - rule.Beta2),
                rule.Decoupled ? T.Zero : T.CreateTruncating(rule.WeightDecay),
                T.CreateTruncating(1 - (lr * rule.WeightDecay)),
                T.CreateTruncating(-lr / (1 - Math.Pow(beta1, t))),
                T.CreateTruncating(bc2Sqrt),
                T.CreateTruncating(eps));
            var unit = T.CreateTruncating(bc2Sqrt) == T.One ? AdamRule.UnitBiasCorrection : AdamRule.None;
            AdamKernel.Update(
                kernelRule | unit,
                w.AsSpan(at, length),
                g.AsSpan(at, length),
                state[0].AsSpan(at, length),
                state[1].AsSpan(at, length),
                rule.AmsGrad ? state[2].AsSpan(at, length) : [],
                coefficients);
            oracle.Step(oracleWeights, grads, lr, beta1, rule.WeightDecay);
        }

        var because = $"({typeof(T).Name}, length {length} at {at}, rule {rule})";
        Bits.ShouldEqual<T>(w, Padded(oracleWeights, offset, 0), "(weights) " + because);
        Bits.ShouldEqual<T>(state[0], Padded(oracle.M, offset, 11), "(m) " + because);
        Bits.ShouldEqual<T>(state[1], Padded(oracle.V, offset, 22), "(v) " + because);
        Bits.ShouldEqual<T>(state[2], Padded(rule.AmsGrad ? oracle.MaxV : new T[length], offset, 33), "(max v) " + because);
        Bits.Of<T>(g).Should().Equal(gradientsBefore, "the gradients are read only " + because);
    }
}
