using CyclicalLR.Tests.Sgd;

namespace CyclicalLR.Tests.Adam;

/// <summary>
/// One Adam buffer's update as the splitter sees it: a run over any range of its elements updates exactly that range
/// of the weights and of every moment buffer, with the oracle's bits, and declares the kernel's traffic per element.
/// </summary>
public sealed class AdamBufferUpdateTests
{
    [Fact]
    public unsafe void BytesPerElement_IsTheKernels()
    {
        new AdamBufferUpdate<float>(AdamRule.WeightDecay, null, null, null, null, null, 0, default).BytesPerElement.Should().Be(28);
        new AdamBufferUpdate<double>(AdamRule.AmsGrad | AdamRule.DecoupledWeightDecay, null, null, null, null, null, 0, default).BytesPerElement.Should().Be(72);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public unsafe void Run_AnyRange_UpdatesExactlyThatRangeWithTheOraclesBits(bool amsgrad)
    {
        const int length = 300;
        const double lr = 0.01, beta1 = 0.9, beta2 = 0.99, eps = 1e-8;
        var weights = Bits.Random<float>(length, 5);
        var gradients = Bits.Random<float>(length, 6);
        var coefficients = new AdamCoefficients<float>(
            (float)beta1, (float)(1 - beta1), (float)beta2, (float)(1 - beta2), 0f, 1f, (float)(-lr / (1 - beta1)), (float)Math.Sqrt(1 - beta2), (float)eps);
        foreach (var (start, count) in new[] { (0, 300), (0, 1), (1, 17), (64, 128), (250, 50), (299, 1), (150, 0) })
        {
            // The moments are zero in the range (a first step) and a sentinel 7 outside it.
            var w = (float[])weights.Clone();
            var state = Enumerable.Range(0, 3).Select(_ => Enumerable.Repeat(7f, length).ToArray()).ToArray();
            foreach (var array in state)
            {
                array.AsSpan(start, count).Clear();
            }

            var expected = new[] { (float[])w.Clone() }.Concat(state.Select(a => (float[])a.Clone())).ToArray();
            var oracle = new AdamOracle<float>(count, beta2, eps, decoupled: false, amsgrad);
            var range = weights[start..(start + count)];
            oracle.Step(range, gradients[start..(start + count)], lr, beta1, 0);
            range.CopyTo(expected[0], start);
            oracle.M.CopyTo(expected[1], start);
            oracle.V.CopyTo(expected[2], start);
            if (amsgrad)
            {
                oracle.MaxV.CopyTo(expected[3], start);
            }

            fixed (float* pw = w)
            fixed (float* pg = gradients)
            fixed (float* pm = state[0])
            fixed (float* pv = state[1])
            fixed (float* px = state[2])
            {
                var rule = amsgrad ? AdamRule.AmsGrad : AdamRule.None;
                new AdamBufferUpdate<float>(rule, pw, pg, pm, pv, amsgrad ? px : null, length, coefficients).Run((nuint)start, (nuint)count);
            }

            string[] names = ["weights", "m", "v", "max v"];
            float[][] actual = [w, .. state];
            for (var a = 0; a < 4; a++)
            {
                Bits.ShouldEqual<float>(actual[a], expected[a], $"({names[a]}, range [{start}, {start + count}))");
            }
        }
    }
}
