namespace CyclicalLR.Tests.Sgd;

/// <summary>
/// Where the SGD kernel splits one buffer across cores: from 2 MiB touched (README, "Memory and speed": 12 bytes per float
/// element, 20 with momentum), observed through the claims on the calling thread's splitter, with the oracle's bits either way.
/// </summary>
public sealed class SgdKernelTests
{
    [Theory]
    [InlineData(false, 174_762, false)] // 12 bytes x 174,762 = 2,097,144: 8 bytes below 2 MiB
    [InlineData(false, 174_763, true)] // 2,097,156 bytes
    [InlineData(false, 104_858, false)] // the momentum threshold without momentum: 1,258,296 bytes
    [InlineData(true, 104_857, false)] // 20 bytes x 104,857 = 2,097,140
    [InlineData(true, 104_858, true)] // 2,097,160 bytes
    public void Update_Float_SplitsFromTwoMiBTouched(bool momentum, int length, bool splits)
    {
        var weights = Bits.Random<float>(length, 1);
        var gradients = Bits.Random<float>(length, 2);
        var buffer = momentum ? new float[length] : [];
        var oracle = new SgdOracle<float>((float[])weights.Clone(), gradients, momentum);
        var rule = momentum ? SgdRule.Momentum | SgdRule.FirstStep : SgdRule.None;
        var coefficients = new SgdCoefficients<float>(0.25f, 0f, momentum ? 0.9f : 0f, 1f);
        var claims = SplitterClaims.During<SgdBufferUpdate<float>>(() => SgdKernel.Update(rule, weights.AsSpan(), gradients, buffer, coefficients));

        oracle.Step(0.25, momentum ? 0.9 : 0);
        Bits.ShouldEqual<float>(weights, oracle.Weights);
        if (splits && Environment.ProcessorCount > 1)
        {
            var (chunks, _) = ParallelWork<SgdBufferUpdate<float>>.Chunks((nuint)length, momentum ? 20 : 12);
            claims.Should().BeGreaterThanOrEqualTo(chunks, "every chunk is claimed once, after a read of the state word");
        }
        else
        {
            claims.Should().Be(0, "the calling thread runs the whole update without the splitter");
        }
    }
}
