using System.Numerics;

namespace CyclicalLR.Tests.Sgd;

public sealed class SgdOptimizerTests
{
    public static TheoryData<double, double, double, bool> Settings => new()
    {
        // momentum, dampening, weightDecay, nesterov
        { 0, 0, 0, false },
        { 0, 0, 5e-4, false },
        { 0.9, 0, 0, false },
        { 0.9, 0.1, 0, false },
        { 0.9, 0, 1e-4, false },
        { 0.9, 0.5, 5e-4, false },
        { 0.9, 0, 0, true },
        { 0.95, 0, 5e-4, true },
        { 1.5, 0, 0, false },
    };

    [Theory]
    [MemberData(nameof(Settings))]
    public void Step_EveryLength0To256AndLargeOnes_Float_MatchesPyTorchRuleBitForBit(double momentum, double dampening, double weightDecay, bool nesterov) =>
        AssertMatchesOracle<float>(momentum, dampening, weightDecay, nesterov);

    [Theory]
    [MemberData(nameof(Settings))]
    public void Step_EveryLength0To256AndLargeOnes_Double_MatchesPyTorchRuleBitForBit(double momentum, double dampening, double weightDecay, bool nesterov) =>
        AssertMatchesOracle<double>(momentum, dampening, weightDecay, nesterov);

    [Fact]
    public void Step_Half_MatchesOracle()
    {
        var w = Bits.Random<Half>(77, 1);
        var g = Bits.Random<Half>(77, 2);
        var oracle = new SgdOracle<Half>((Half[])w.Clone(), g, momentumBuffer: true);
        var optimizer = new SgdOptimizer<Half>(momentum: 0.9, weightDecay: 0.01, nesterov: true);
        optimizer.Register(w, g);

        for (var step = 0; step < 3; step++)
        {
            optimizer.Step(0.125);
            oracle.Step(0.125, 0.9, 0, 0.01, nesterov: true);
        }

        Bits.ShouldEqual<Half>(w, oracle.Weights);
    }

    [Fact]
    public void Step_SkipNonFiniteStepsWithAnEmptyBuffer_StillApplies()
    {
        // TensorPrimitives.IsFiniteAll is false for an empty span; an empty registered buffer must not skip every step.
        double[] w = [1];
        double[] g = [0.5];
        var optimizer = new SgdOptimizer<double>(skipNonFiniteSteps: true);
        optimizer.Register(Array.Empty<double>(), Array.Empty<double>());
        optimizer.Register(w, g);

        optimizer.Step(0.25).Should().BeTrue();

        w[0].Should().Be(0.875);
        optimizer.SkippedStepCount.Should().Be(0);
    }

    [Fact]
    public void Step_PlainSgd_HandComputedValues()
    {
        double[] w = [1, -2];
        double[] g = [0.5, 0.25];
        var optimizer = new SgdOptimizer<double>();
        optimizer.Register(w, g);

        optimizer.Step(0.25).Should().BeTrue();

        w.Should().Equal(0.875, -2.0625);
    }

    [Fact]
    public void Step_Momentum_FirstStepCopiesGradientThenAccumulates()
    {
        // m = 0.5, lr = 0.25, g = 0.5 each step: b1 = 0.5, w1 = 1 - 0.125; b2 = 0.5 * 0.5 + 0.5 = 0.75, w2 = 0.875 - 0.1875.
        float[] w = [1f];
        float[] g = [0.5f];
        var optimizer = new SgdOptimizer<float>(momentum: 0.5);
        optimizer.Register(w, g);

        optimizer.Step(0.25);
        w[0].Should().Be(0.875f);
        optimizer.Step(0.25);
        w[0].Should().Be(0.6875f);
    }

    [Fact]
    public void Step_Dampening_NotAppliedOnFirstStep()
    {
        // damp = 0.5: b1 = g = 0.5 (no dampening on the first step), w1 = 0.875; b2 = 0.25 + 0.5 * 0.5 = 0.5, w2 = 0.75.
        float[] w = [1f];
        float[] g = [0.5f];
        var optimizer = new SgdOptimizer<float>(momentum: 0.5, dampening: 0.5);
        optimizer.Register(w, g);

        optimizer.Step(0.25);
        w[0].Should().Be(0.875f);
        optimizer.Step(0.25);
        w[0].Should().Be(0.75f);
    }

    [Fact]
    public void Step_Nesterov_StepsAlongGradientPlusMomentumTimesBuffer()
    {
        // b1 = 0.5, d = 0.5 + 0.5 * 0.5 = 0.75, w1 = 1 - 0.1875 = 0.8125; b2 = 0.75, d = 0.5 + 0.375 = 0.875, w2 = 0.8125 - 0.21875.
        double[] w = [1];
        double[] g = [0.5];
        var optimizer = new SgdOptimizer<double>(momentum: 0.5, nesterov: true);
        optimizer.Register(w, g);

        optimizer.Step(0.25);
        w[0].Should().Be(0.8125);
        optimizer.Step(0.25);
        w[0].Should().Be(0.59375);
    }

    [Fact]
    public void Step_WeightDecay_AddsL2TermToGradient()
    {
        // d = 0.5 + 0.5 * 1 = 1, w = 1 - 0.25 * 1.
        double[] w = [1];
        double[] g = [0.5];
        var optimizer = new SgdOptimizer<double>(weightDecay: 0.5);
        optimizer.Register(w, g);

        optimizer.Step(0.25);

        w[0].Should().Be(0.75);
    }

    [Fact]
    public void Step_CyclicalMomentumEveryIteration_MatchesOracle()
    {
        var schedule = new Triangular(0.001, 0.006, 4);
        var momentum = new CyclicalMomentum(schedule, 0.85, 0.95);
        var w = Bits.Random<float>(1000, 3);
        var g = Bits.Random<float>(1000, 4);
        var oracle = new SgdOracle<float>((float[])w.Clone(), g, momentumBuffer: true);
        var optimizer = new SgdOptimizer<float>(momentum: 0.95, weightDecay: 5e-4);
        optimizer.Register(w, g);

        for (long i = 0; i < 12; i++)
        {
            var lr = schedule.GetLearningRate(i);
            var m = momentum.GetMomentum(i);
            optimizer.Step(lr, m).Should().BeTrue();
            oracle.Step(lr, m, 0, 5e-4);
            g.AsSpan().Reverse(); // new gradients each iteration
        }

        Bits.ShouldEqual<float>(w, oracle.Weights);
        optimizer.StepCount.Should().Be(12);
    }

    [Fact]
    public void Step_MomentumZero_SkipsMomentumBranchAsPyTorch()
    {
        // Step 1 with m = 0: plain SGD, the buffer is not started. Step 2 with m = 0.5: the buffer starts as the gradient.
        float[] w = [1f];
        float[] g = [0.5f];
        var optimizer = new SgdOptimizer<float>(momentum: 0.5);
        optimizer.Register(w, g);

        optimizer.Step(0.25, 0);
        w[0].Should().Be(0.875f);
        optimizer.Step(0.25, 0.5);
        w[0].Should().Be(0.75f, "b = g = 0.5 on the buffer's first step with momentum");
        optimizer.Step(0.25, 0.5);
        w[0].Should().Be(0.5625f, "b = 0.5 * 0.5 + 0.5 = 0.75");
    }

    [Fact]
    public void Step_GradientsAliasWeights_UsesTheWeightsAsGradients()
    {
        double[] w = [2, -4];
        var optimizer = new SgdOptimizer<double>(momentum: 0.5);
        optimizer.Register(w, w);

        optimizer.Step(0.25);

        w.Should().Equal(1.5, -3);
    }

    [Fact]
    public void Step_GradientsAliasWeights_EveryLength0To100_MatchesOracle()
    {
        for (var length = 0; length <= 100; length++)
        {
            var w = Bits.Random<float>(length, length);
            var expected = (float[])w.Clone();
            var oracle = new SgdOracle<float>(expected, expected, momentumBuffer: true);
            var optimizer = new SgdOptimizer<float>(momentum: 0.9, weightDecay: 0.01, nesterov: true);
            optimizer.Register(w, w);

            for (var step = 0; step < 3; step++)
            {
                optimizer.Step(0.125);
                oracle.Step(0.125, 0.9, 0, 0.01, nesterov: true);
            }

            Bits.ShouldEqual<float>(w, expected, $"(length {length})");
        }
    }

    [Fact]
    public void Step_SharedGradientBuffer_UpdatesBothWeights()
    {
        float[] g = [1f, 2f];
        float[] a = [0f, 0f];
        float[] b = [1f, 1f];
        var optimizer = new SgdOptimizer<float>();
        optimizer.Register(a, g);
        optimizer.Register(b, g);

        optimizer.Step(0.5);

        a.Should().Equal(-0.5f, -1f);
        b.Should().Equal(0.5f, 0f);
    }

    [Fact]
    public void Step_NoBuffers_ReturnsTrue()
    {
        var optimizer = new SgdOptimizer<double>(momentum: 0.9);

        optimizer.Step(0.1).Should().BeTrue();
        optimizer.StepCount.Should().Be(1);
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    public void Step_NonFiniteGradientWithSkip_ReturnsFalseAndNoBufferChanges(float bad)
    {
        var (optimizer, weights, gradients, oracles) = MomentumModel(skip: true);
        optimizer.Step(0.01).Should().BeTrue();
        foreach (var oracle in oracles)
        {
            oracle.Step(0.01, 0.9);
        }

        var before = weights.Select(w => Bits.Of<float>(w)).ToArray();
        gradients[^1][^1] = bad;

        optimizer.Step(0.01).Should().BeFalse();

        weights.Select(w => Bits.Of<float>(w)).Should().BeEquivalentTo(before, o => o.WithStrictOrdering());
        optimizer.SkippedStepCount.Should().Be(1);
        optimizer.StepCount.Should().Be(1);

        // The momentum buffers did not change either: the next good step still matches the oracle that never saw the bad step.
        gradients[^1][^1] = 0.25f;
        optimizer.Step(0.01).Should().BeTrue();
        for (var i = 0; i < weights.Length; i++)
        {
            oracles[i].Step(0.01, 0.9);
            Bits.ShouldEqual<float>(weights[i], oracles[i].Weights, $"buffer {i}");
        }
    }

    [Fact]
    public void Step_NonFiniteGradientWithoutSkip_AppliesIt()
    {
        float[] w = [1f, 1f];
        float[] g = [float.NaN, 1f];
        var optimizer = new SgdOptimizer<float>();
        optimizer.Register(w, g);

        optimizer.Step(0.5).Should().BeTrue();

        float.IsNaN(w[0]).Should().BeTrue();
        w[1].Should().Be(0.5f);
    }

    [Fact]
    public void Step_AllocatesNothing()
    {
        var (optimizer, _, _, _) = MomentumModel(skip: true);
        optimizer.Step(0.01);
        optimizer.Step(0.01, 0.8);

        var before = GC.GetAllocatedBytesForCurrentThread();
        optimizer.Step(0.01);
        optimizer.Step(0.01, 0.85);
        var after = GC.GetAllocatedBytesForCurrentThread();

        (after - before).Should().Be(0);
    }

    /// <summary>Every non-finite or negative value, keyed by name so both NaN sign bits stay separate theory rows.</summary>
    public static TheoryData<string> BadRates => TestValues.NotFiniteNonNegativeNames;

    [Theory]
    [MemberData(nameof(BadRates))]
    public void Step_BadLearningRate_ThrowsAndNoBufferChanges(string value)
    {
        var learningRate = TestValues.NotFiniteNonNegative[value];
        var (optimizer, weights, _, oracles) = MomentumModel(skip: false);
        var before = weights.Select(w => Bits.Of<float>(w)).ToArray();

        var act = () => optimizer.Step(learningRate);

        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("learningRate");
        weights.Select(w => Bits.Of<float>(w)).Should().BeEquivalentTo(before, o => o.WithStrictOrdering());
        optimizer.StepCount.Should().Be(0);
        AssertNextStepIsTheFirst(optimizer, weights, oracles);
    }

    [Theory]
    [MemberData(nameof(BadRates))]
    public void Step_BadMomentum_ThrowsAndNoBufferChanges(string value)
    {
        var momentum = TestValues.NotFiniteNonNegative[value];
        var (optimizer, weights, _, oracles) = MomentumModel(skip: false);
        var before = weights.Select(w => Bits.Of<float>(w)).ToArray();

        var act = () => optimizer.Step(0.01, momentum);

        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("momentum");
        weights.Select(w => Bits.Of<float>(w)).Should().BeEquivalentTo(before, o => o.WithStrictOrdering());
        AssertNextStepIsTheFirst(optimizer, weights, oracles);
    }

    [Fact]
    public void Step_LearningRateOverflowingFloat_Throws()
    {
        var optimizer = new SgdOptimizer<float>();
        optimizer.Register(new float[4], new float[4]);

        var act = () => optimizer.Step(1e39);

        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("learningRate");
    }

    [Fact]
    public void Step_LearningRateOverflowingInLaterGroup_ThrowsBeforeTheFirstGroupChanges()
    {
        var optimizer = new SgdOptimizer<float>();
        float[] first = [1f];
        optimizer.Register(first, new float[] { 1f });
        optimizer.AddGroup(10).Register(new float[1], new float[1]);

        var act = () => optimizer.Step(1e38);

        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("learningRate");
        first[0].Should().Be(1f);
    }

    [Fact]
    public void Step_MomentumOnOptimizerWithoutMomentum_Throws()
    {
        var optimizer = new SgdOptimizer<double>();
        double[] w = [1];
        optimizer.Register(w, new double[] { 1 });

        var act = () => optimizer.Step(0.1, 0.9);

        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("momentum");
        w[0].Should().Be(1);
        optimizer.Step(0.1, 0).Should().BeTrue();
    }

    [Theory]
    [MemberData(nameof(BadRates))]
    public void Constructor_BadMomentum_ThrowsNamingMomentum(string value)
    {
        var momentum = TestValues.NotFiniteNonNegative[value];
        var act = () => new SgdOptimizer<float>(momentum: momentum);

        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("momentum");
    }

    [Theory]
    [MemberData(nameof(BadRates))]
    public void Constructor_BadWeightDecay_ThrowsNamingWeightDecay(string value)
    {
        var weightDecay = TestValues.NotFiniteNonNegative[value];
        var act = () => new SgdOptimizer<float>(weightDecay: weightDecay);

        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("weightDecay");
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(-0.1)]
    [InlineData(1.1)]
    [InlineData(double.PositiveInfinity)]
    public void Constructor_BadDampening_ThrowsNamingDampening(double dampening)
    {
        var act = () => new SgdOptimizer<float>(momentum: 0.9, dampening: dampening);

        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("dampening");
    }

    [Fact]
    public void Constructor_ValuesTooLargeForFloat_Throw()
    {
        var momentum = () => new SgdOptimizer<float>(momentum: 1e39);
        var decay = () => new SgdOptimizer<float>(weightDecay: 1e39);

        momentum.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("momentum");
        decay.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("weightDecay");
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(0.9, 0.1)]
    public void Constructor_NesterovWithoutMomentumOrWithDampening_ThrowsNamingNesterov(double momentum, double dampening)
    {
        var act = () => new SgdOptimizer<double>(momentum: momentum, dampening: dampening, nesterov: true);

        act.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("nesterov");
    }

    [Fact]
    public void Constructor_Defaults_ArePlainSgdLikePyTorch()
    {
        var optimizer = new SgdOptimizer<float>();

        optimizer.Momentum.Should().Be(0);
        optimizer.Dampening.Should().Be(0);
        optimizer.WeightDecay.Should().Be(0);
        optimizer.Nesterov.Should().BeFalse();
        optimizer.SkipNonFiniteSteps.Should().BeFalse();
        optimizer.Groups.Should().ContainSingle().Which.Should().BeSameAs(optimizer.DefaultGroup);
        optimizer.DefaultGroup.LearningRateMultiplier.Should().Be(1);
    }

    [Fact]
    public void ToString_ShowsSettingsInInvariantCulture()
    {
        var optimizer = new SgdOptimizer<float>(momentum: 0.9, weightDecay: 5e-4);

        optimizer.ToString().Should().Be("SgdOptimizer<Single>(momentum: 0.9, dampening: 0, weightDecay: 0.0005, nesterov: False, skipNonFiniteSteps: False, groups: 1, steps: 0)");
    }

    [Fact]
    public void Register_LengthMismatch_ThrowsNamingGradients()
    {
        var optimizer = new SgdOptimizer<float>(momentum: 0.9);

        var act = () => optimizer.Register(new float[3], new float[4]);

        act.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("gradients");
        optimizer.DefaultGroup.Count.Should().Be(0);
    }

    [Fact]
    public void Register_PartialOverlap_ThrowsNamingGradients()
    {
        var storage = new float[10];
        var optimizer = new SgdOptimizer<float>();

        var act = () => optimizer.Register(storage.AsMemory(0, 6), storage.AsMemory(4, 6));

        act.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("gradients");
        optimizer.DefaultGroup.Count.Should().Be(0);
    }

    [Fact]
    public void Register_SameWeightsTwice_ThrowsNamingWeights()
    {
        var w = new float[8];
        var optimizer = new SgdOptimizer<float>();
        optimizer.Register(w, new float[8]);

        var twice = () => optimizer.Register(w, new float[8]);
        var slice = () => optimizer.Register(w.AsMemory(2, 3), new float[3]);
        var otherGroup = () => optimizer.AddGroup(0.1).Register(w, new float[8]);

        twice.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("weights");
        slice.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("weights");
        otherGroup.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("weights");
        optimizer.Groups.Sum(group => group.Count).Should().Be(1);
    }

    [Fact]
    public void Register_WeightsOverlappingRegisteredGradients_ThrowsNamingWeights()
    {
        var g = new float[8];
        var optimizer = new SgdOptimizer<float>();
        optimizer.Register(new float[8], g);

        var act = () => optimizer.Register(g, new float[8]);

        act.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("weights");
    }

    [Fact]
    public void Register_GradientsOverlappingOtherRegisteredWeights_ThrowsNamingGradients()
    {
        var w = new float[8];
        var optimizer = new SgdOptimizer<float>();
        optimizer.Register(w, new float[8]);

        var act = () => optimizer.Register(new float[8], w);

        act.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("gradients");
    }

    [Fact]
    public void Register_AdjacentSlicesOfOneArray_AreSeparateBuffers()
    {
        var storage = new double[10];
        var gradients = Enumerable.Repeat(1.0, 10).ToArray();
        var optimizer = new SgdOptimizer<double>();
        optimizer.Register(storage.AsMemory(0, 5), gradients.AsMemory(0, 5));
        optimizer.Register(storage.AsMemory(5, 5), gradients.AsMemory(5, 5));

        optimizer.Step(0.5);

        storage.Should().AllBeEquivalentTo(-0.5);
        optimizer.DefaultGroup.ElementCount.Should().Be(10);
    }

    private static (SgdOptimizer<float> Optimizer, float[][] Weights, float[][] Gradients, SgdOracle<float>[] Oracles) MomentumModel(bool skip)
    {
        var weights = new[] { 3, 64, 1001 }.Select((n, i) => Bits.Random<float>(n, 100 + i)).ToArray();
        var gradients = new[] { 3, 64, 1001 }.Select((n, i) => Bits.Random<float>(n, 200 + i)).ToArray();
        var oracles = weights.Select((w, i) => new SgdOracle<float>((float[])w.Clone(), gradients[i], momentumBuffer: true)).ToArray();
        var optimizer = new SgdOptimizer<float>(momentum: 0.9, skipNonFiniteSteps: skip);
        for (var i = 0; i < weights.Length; i++)
        {
            optimizer.Register(weights[i], gradients[i]);
        }

        return (optimizer, weights, gradients, oracles);
    }

    private static void AssertNextStepIsTheFirst(SgdOptimizer<float> optimizer, float[][] weights, SgdOracle<float>[] oracles)
    {
        optimizer.Step(0.01);
        optimizer.Step(0.02, 0.8);
        for (var i = 0; i < weights.Length; i++)
        {
            oracles[i].Step(0.01, 0.9);
            oracles[i].Step(0.02, 0.8);
            Bits.ShouldEqual<float>(weights[i], oracles[i].Weights, $"buffer {i}");
        }
    }

    private static void AssertMatchesOracle<T>(double momentum, double dampening, double weightDecay, bool nesterov)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // One buffer of each length 0..256, an odd large one, and one above the multi-core threshold.
        var lengths = Enumerable.Range(0, 257).Append(100_003).Append(1_000_003).ToArray();
        var weights = lengths.Select(n => Bits.Random<T>(n, n)).ToArray();
        var gradients = lengths.Select(n => Bits.Random<T>(n, n + 7)).ToArray();
        var oracles = weights.Select((w, i) => new SgdOracle<T>((T[])w.Clone(), gradients[i], momentumBuffer: momentum != 0)).ToArray();
        var optimizer = new SgdOptimizer<T>(momentum, dampening, weightDecay, nesterov);
        for (var i = 0; i < lengths.Length; i++)
        {
            optimizer.Register(weights[i], gradients[i]);
        }

        double[] rates = [0.1, 0.0123, 0.5];
        double[] momenta = [momentum, momentum * 0.9, momentum];
        for (var step = 0; step < rates.Length; step++)
        {
            optimizer.Step(rates[step], momenta[step]).Should().BeTrue();
            foreach (var oracle in oracles)
            {
                oracle.Step(rates[step], momenta[step], dampening, weightDecay, nesterov);
            }

            foreach (var g in gradients)
            {
                g.AsSpan().Reverse();
            }
        }

        for (var i = 0; i < lengths.Length; i++)
        {
            Bits.ShouldEqual<T>(weights[i], oracles[i].Weights, $"(buffer of length {lengths[i]})");
        }
    }

    [Fact]
    public void Errors_MessagesSayWhatIsWrongWithTheValuesInInvariantCulture()
    {
        var w = new float[8];
        var optimizer = new SgdOptimizer<float>();
        optimizer.Register(w, new float[8]);
        optimizer.AddGroup(10).Register(new float[1], new float[1]);

        TestValues.WithCulture(TestValues.CommaDecimalCulture(), () =>
        {
            FluentActions.Invoking(() => optimizer.Register(w, new float[8])).Should().Throw<ArgumentException>()
                .WithMessage("*weights overlap weights or gradients that are already registered*registered once*");
            FluentActions.Invoking(() => optimizer.Register(new float[8], w)).Should().Throw<ArgumentException>()
                .WithMessage("*gradients overlap weights already registered*");
            FluentActions.Invoking(() => optimizer.Step(1e38)).Should().Throw<ArgumentOutOfRangeException>()
                .WithMessage("*times the group's multiplier 10 must be finite in Single*");
            FluentActions.Invoking(() => optimizer.Step(0.1, 0.5)).Should().Throw<ArgumentOutOfRangeException>()
                .WithMessage("*must be 0 for an optimizer created with momentum 0*");
            FluentActions.Invoking(() => new SgdOptimizer<float>(momentum: 1e39)).Should().Throw<ArgumentOutOfRangeException>()
                .WithMessage("*must be finite in Single*");
            FluentActions.Invoking(() => new SgdOptimizer<double>(momentum: 0.9, dampening: 0.5, nesterov: true)).Should().Throw<ArgumentException>()
                .WithMessage("*Nesterov momentum requires a momentum above 0 and zero dampening (momentum: 0.9, dampening: 0.5)*");
            return 0;
        });
    }

    /// <summary>
    /// Buffers each below the kernel's 2 MiB but together at or above it run as one step across the cores (20 bytes per
    /// float element with momentum, 12 without), observed through the claims on the calling thread's whole-step splitter.
    /// </summary>
    [Theory]
    [InlineData(52_428, 0.9, 0.9, false)] // 2 x 52,428 x 20 = 2,097,120 bytes: 32 below 2 MiB
    [InlineData(52_429, 0.9, 0.9, true)] // 2,097,160 bytes
    [InlineData(52_429, 0.9, 0.0, false)] // a step with momentum 0 touches 12 bytes per element: 1,258,296
    [InlineData(87_382, 0.9, 0.0, true)] // 2 x 87,382 x 12 = 2,097,168 bytes
    [InlineData(52_429, 0.0, 0.0, false)] // plain SGD (no momentum buffers)
    [InlineData(87_382, 0.0, 0.0, true)]
    public void Step_BuffersTogetherFromTwoMiB_RunAsOneSplitStep(int length, double momentum, double stepMomentum, bool splits)
    {
        var optimizer = new SgdOptimizer<float>(momentum: momentum);
        var group = optimizer.AddGroup(0.5);
        var weights = new[] { Bits.Random<float>(length, 1), Bits.Random<float>(length, 2) };
        var gradients = new[] { Bits.Random<float>(length, 3), Bits.Random<float>(length, 4) };
        var oracles = weights.Select((w, b) => new SgdOracle<float>((float[])w.Clone(), gradients[b], momentumBuffer: true)).ToArray();
        optimizer.Register(weights[0], gradients[0]);
        group.Register(weights[1], gradients[1]);
        var claims = SplitterClaims.During<CompositeUpdate<SgdBufferUpdate<float>>>(() => optimizer.Step(0.25, stepMomentum).Should().BeTrue());

        oracles[0].Step(0.25, stepMomentum);
        oracles[1].Step(0.125, stepMomentum);
        Bits.ShouldEqual<float>(weights[0], oracles[0].Weights, "default group");
        Bits.ShouldEqual<float>(weights[1], oracles[1].Weights, "group of multiplier 0.5");
        if (splits && Environment.ProcessorCount > 1)
        {
            claims.Should().BeGreaterThanOrEqualTo(2, "every chunk of the whole step is claimed after a read of the state word");
        }
        else
        {
            claims.Should().Be(0, "each buffer is updated on the calling thread");
        }
    }
}
