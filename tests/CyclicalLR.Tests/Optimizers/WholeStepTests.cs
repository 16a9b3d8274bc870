using System.Numerics;
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
}
