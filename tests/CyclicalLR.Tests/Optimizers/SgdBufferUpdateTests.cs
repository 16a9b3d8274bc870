namespace CyclicalLR.Tests.Sgd;

/// <summary>
/// One SGD buffer's update as the splitter sees it: the traffic it declares per element (README: 12 bytes per float
/// element, 20 with momentum) and a run over any range of its elements, which must update exactly that range.
/// </summary>
public sealed class SgdBufferUpdateTests
{
    [Fact]
    public unsafe void BytesPerElement_ReadsAndWritesOfOneElement()
    {
        // w read and written, g read; with momentum the buffer read and written too.
        new SgdBufferUpdate<float>(SgdRule.None, null, null, null, 0, default).BytesPerElement.Should().Be(12);
        new SgdBufferUpdate<float>(SgdRule.WeightDecay, null, null, null, 0, default).BytesPerElement.Should().Be(12);
        new SgdBufferUpdate<float>(SgdRule.Momentum | SgdRule.FirstStep, null, null, null, 0, default).BytesPerElement.Should().Be(20);
        new SgdBufferUpdate<double>(SgdRule.None, null, null, null, 0, default).BytesPerElement.Should().Be(24);
        new SgdBufferUpdate<double>(SgdRule.Momentum | SgdRule.Nesterov | SgdRule.WeightDecay, null, null, null, 0, default).BytesPerElement.Should().Be(40);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public unsafe void Run_AnyRange_UpdatesExactlyThatRangeWithTheOraclesBits(bool momentum)
    {
        const int length = 300;
        var weights = Bits.Random<float>(length, 5);
        var gradients = Bits.Random<float>(length, 6);
        var buffer = Bits.Random<float>(length, 7);
        var coefficients = new SgdCoefficients<float>(0.125f, 0f, 0.5f, 1f);

        // With momentum, the buffer's first step: b = g, then w = w - lr * b.
        var rule = momentum ? SgdRule.Momentum | SgdRule.FirstStep : SgdRule.None;
        foreach (var (start, count) in new[] { (0, 300), (0, 1), (1, 17), (64, 128), (250, 50), (299, 1), (150, 0) })
        {
            var w = (float[])weights.Clone();
            var b = (float[])buffer.Clone();
            var oracle = new SgdOracle<float>(weights[start..(start + count)], gradients[start..(start + count)], momentumBuffer: momentum);
            oracle.Step(0.125, momentum ? 0.5 : 0);
            var expectedW = (float[])weights.Clone();
            oracle.Weights.CopyTo(expectedW, start);
            var expectedB = (float[])buffer.Clone();
            if (momentum)
            {
                gradients.AsSpan(start, count).CopyTo(expectedB.AsSpan(start));
            }

            fixed (float* pw = w)
            fixed (float* pg = gradients)
            fixed (float* pb = b)
            {
                new SgdBufferUpdate<float>(rule, pw, pg, momentum ? pb : null, length, coefficients).Run((nuint)start, (nuint)count);
            }

            Bits.ShouldEqual<float>(w, expectedW, $"(weights, range [{start}, {start + count}))");
            Bits.ShouldEqual<float>(b, expectedB, $"(momentum buffer, range [{start}, {start + count}))");
        }
    }
}
