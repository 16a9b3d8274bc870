using CyclicalLR.Tests.Sgd;

namespace CyclicalLR.Tests.Adam;

/// <summary>
/// Where the Adam kernel splits one buffer across cores: from 2 MiB touched (issue 12: 28 bytes per float element, read w,
/// g, m, v and write w, m, v; 36 with AMSGrad's max v read and written), observed through the claims on the calling
/// thread's splitter, with the oracle's bits either way.
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
        var splitter = ParallelWork<AdamBufferUpdate<float>>.ForCurrentThread;
        var claims = 0;
        splitter.ClaimHook = () => Interlocked.Increment(ref claims);
        try
        {
            AdamKernel.Update(amsgrad ? AdamRule.AmsGrad : AdamRule.None, weights.AsSpan(), gradients, m, v, maxV, coefficients);
        }
        finally
        {
            splitter.ClaimHook = null;
        }

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
            Volatile.Read(ref claims).Should().BeGreaterThanOrEqualTo(chunks, "every chunk is claimed once, after a read of the state word");
        }
        else
        {
            Volatile.Read(ref claims).Should().Be(0, "the calling thread runs the whole update without the splitter");
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
}
