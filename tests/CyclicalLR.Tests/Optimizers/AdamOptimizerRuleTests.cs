using System.Numerics;
using CyclicalLR.Tests.Sgd;

namespace CyclicalLR.Tests.Adam;

/// <summary>The whole vector, multi-core and scalar paths against <see cref="AdamOracle{T}"/>, bit for bit.</summary>
public sealed class AdamOptimizerRuleTests
{
    /// <summary>Above the 2 MiB split threshold for float (28 bytes per element), odd, not a multiple of any vector width.</summary>
    private const int ParallelLength = 1_000_003;

    public static TheoryData<int> Lengths()
    {
        var data = new TheoryData<int>();
        for (var n = 0; n <= 256; n++)
        {
            data.Add(n);
        }

        data.Add(10_007);
        data.Add(100_003);
        data.Add(ParallelLength);
        return data;
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Step_Float_EveryRule_MatchesScalarOracleBitForBit(int length) => AssertEveryRule<float>(length);

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Step_Double_EveryRule_MatchesScalarOracleBitForBit(int length) => AssertEveryRule<double>(length);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(17)]
    [InlineData(257)]
    public void Step_Half_EveryRule_MatchesScalarOracleBitForBit(int length) => AssertEveryRule<Half>(length);

    [Theory]
    [InlineData(0.0, 5)]
    [InlineData(0.5, 40)]
    [InlineData(0.9, 200)]
    public void Step_BiasCorrectionReachesOne_MatchesOracleEveryStep(double beta2, int steps)
    {
        // beta2 = 0 makes sqrt(1 - beta2^t) exactly 1 from the first step; 0.5 (t >= 25) and 0.9 (t >= 158 in float,
        // t >= 349 in double, so only float crosses here) cross over mid-run: the kernel skips the division by it from then on.
        int[] lengths = steps <= 5 ? [1, 15, 16, 17, 100, 10_007, ParallelLength] : [1, 15, 16, 17, 100, 1_003];
        foreach (var length in lengths)
        {
            AssertLongRun<float>(length, beta2, steps);
            AssertLongRun<double>(length, beta2, steps);
        }
    }

    [Fact]
    public void Step_OffsetSlicesOfOneArray_MatchOracle()
    {
        // Weights starting at every offset within a vector, so that the aligned main loop, the head and the tail all move.
        for (var offset = 0; offset < 17; offset++)
        {
            var backing = Bits.Random<float>(300, seed: offset);
            var gradients = Bits.Random<float>(300, seed: 100 + offset);
            var weights = new Memory<float>(backing, offset, 250);
            var expected = weights.ToArray();
            var optimizer = new AdamOptimizer<float>(weightDecay: 0.01, amsgrad: true);
            optimizer.Register(weights, gradients.AsMemory(0, 250));
            var oracle = new AdamOracle<float>(250, 0.999, 1e-8, decoupled: false, amsgrad: true);
            for (var step = 0; step < 3; step++)
            {
                optimizer.Step(0.01, 0.9 - (0.05 * step)).Should().BeTrue();
                oracle.Step(expected, gradients[..250], 0.01, 0.9 - (0.05 * step), 0.01);
            }

            Bits.ShouldEqual<float>(weights.Span, expected, $"at offset {offset}");
        }
    }

    [Fact]
    public void Step_GradientsAreTheWeights_MatchesOracle()
    {
        var weights = Bits.Random<double>(77, seed: 5);
        var expected = (double[])weights.Clone();
        var optimizer = new AdamOptimizer<double>(weightDecay: 0.1);
        optimizer.Register(weights, weights);
        var oracle = new AdamOracle<double>(77, 0.999, 1e-8, decoupled: false, amsgrad: false);
        for (var step = 0; step < 4; step++)
        {
            optimizer.Step(0.05);
            oracle.Step(expected, expected, 0.05, 0.9, 0.1);
        }

        Bits.ShouldEqual<double>(weights, expected);
    }

    /// <summary>
    /// Gradients that are the weights, at every length to 160 and one split across the cores, for every rule: the vector loop
    /// loads the next vector's inputs before it stores the current vector's results, so each element must still be updated
    /// from its own original value.
    /// </summary>
    [Theory]
    [InlineData(false, 0.0, false)]
    [InlineData(false, 0.1, true)]
    [InlineData(true, 0.05, false)]
    [InlineData(true, 0.05, true)]
    public void Step_GradientsAreTheWeights_EveryLengthAndRule_MatchesOracle(bool decoupled, double weightDecay, bool amsgrad)
    {
        foreach (var length in Enumerable.Range(0, 161).Append(300_001))
        {
            AssertGradientsAreTheWeights<float>(length, decoupled, weightDecay, amsgrad);
            AssertGradientsAreTheWeights<double>(length, decoupled, weightDecay, amsgrad);
        }
    }

    private static void AssertGradientsAreTheWeights<T>(int length, bool decoupled, double weightDecay, bool amsgrad)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var weights = Bits.Random<T>(length, seed: length);
        var expected = (T[])weights.Clone();
        var optimizer = new AdamOptimizer<T>(weightDecay: weightDecay, decoupledWeightDecay: decoupled, amsgrad: amsgrad);
        optimizer.Register(weights, weights);
        var oracle = new AdamOracle<T>(length, 0.999, 1e-8, decoupled, amsgrad);
        for (var step = 0; step < 3; step++)
        {
            optimizer.Step(0.05).Should().BeTrue();
            oracle.Step(expected, expected, 0.05, 0.9, weightDecay);
        }

        Bits.ShouldEqual<T>(weights, expected, $"{typeof(T).Name}, length {length}");
    }

    private static void AssertLongRun<T>(int length, double beta2, int steps)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        foreach (var (decoupled, weightDecay, amsgrad) in new[] { (false, 0.0, false), (true, 0.05, true), (false, 0.01, true) })
        {
            var weights = Bits.Random<T>(length, seed: length + steps, scale: 2);
            var expected = (T[])weights.Clone();
            var gradients = new T[length];
            var optimizer = new AdamOptimizer<T>(beta2: beta2, weightDecay: weightDecay, decoupledWeightDecay: decoupled, amsgrad: amsgrad);
            optimizer.Register(weights, gradients);
            var oracle = new AdamOracle<T>(length, beta2, 1e-8, decoupled, amsgrad);
            for (var step = 0; step < steps; step++)
            {
                Bits.Random<T>(length, seed: step, scale: step % 3 == 0 ? 0.01 : 1).CopyTo(gradients, 0);
                optimizer.Step(1e-3, 0.9).Should().BeTrue();
                oracle.Step(expected, gradients, 1e-3, 0.9, weightDecay);
                if (length < 1000 || step % 10 == 9)
                {
                    Bits.ShouldEqual<T>(weights, expected, $"(beta2 {beta2}, length {length}, step {step + 1}, decoupled {decoupled}, amsgrad {amsgrad})");
                }
            }

            Bits.ShouldEqual<T>(weights, expected, $"(beta2 {beta2}, length {length}, after {steps} steps)");
        }
    }

    private static void AssertEveryRule<T>(int length)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        (bool Decoupled, double WeightDecay, bool AmsGrad)[] rules =
        [
            (false, 0, false), (false, 0.01, false), (true, 0.05, false),
            (false, 0, true), (false, 0.02, true), (true, 0.1, true),
        ];
        foreach (var (decoupled, weightDecay, amsgrad) in rules)
        {
            var seed = length + (decoupled ? 1000 : 0) + (amsgrad ? 2000 : 0) + (weightDecay != 0 ? 4000 : 0);
            var weights = Bits.Random<T>(length, seed, scale: 2);
            var expected = (T[])weights.Clone();
            var gradients = new T[length];
            var optimizer = new AdamOptimizer<T>(beta2: 0.99, epsilon: 1e-6, weightDecay: weightDecay, decoupledWeightDecay: decoupled, amsgrad: amsgrad);
            optimizer.Register(weights, gradients);
            var oracle = new AdamOracle<T>(length, 0.99, 1e-6, decoupled, amsgrad);
            for (var step = 0; step < 4; step++)
            {
                // Gradients shrink on the last step so that AMSGrad's maximum keeps an older v somewhere.
                Bits.Random<T>(length, seed + (10 * step), scale: step == 3 ? 0.01 : 1).CopyTo(gradients, 0);
                var lr = 0.001 * (step + 1);
                var beta1 = 0.95 - (0.05 * step);
                optimizer.Step(lr, beta1).Should().BeTrue();
                oracle.Step(expected, gradients, lr, beta1, weightDecay);
            }

            var label = $"(decoupled {decoupled}, weightDecay {weightDecay}, amsgrad {amsgrad}, length {length})";
            Bits.ShouldEqual<T>(weights, expected, label);
        }
    }
}
