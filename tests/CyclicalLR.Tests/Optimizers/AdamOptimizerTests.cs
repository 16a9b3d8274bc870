using System.Globalization;
using CyclicalLR.Tests.Sgd;

namespace CyclicalLR.Tests.Adam;

public sealed class AdamOptimizerTests
{
    public static TheoryData<string> NotFiniteNonNegativeNames => TestValues.NotFiniteNonNegativeNames;

    public static TheoryData<string> BadBetas
    {
        get
        {
            var data = new TheoryData<string>(TestValues.NotFiniteNonNegative.Keys);
            data.Add("1");
            data.Add("1.5");
            return data;
        }
    }

    public static TheoryData<string> BadEpsilons
    {
        get
        {
            var data = new TheoryData<string>(TestValues.NotFiniteNonNegative.Keys);
            data.Add("0");
            data.Add("-0");
            return data;
        }
    }

    [Fact]
    public void Constructor_Defaults_AreTorchAdams()
    {
        var optimizer = new AdamOptimizer<float>();

        optimizer.Beta1.Should().Be(0.9);
        optimizer.Beta2.Should().Be(0.999);
        optimizer.Epsilon.Should().Be(1e-8);
        optimizer.WeightDecay.Should().Be(0);
        optimizer.DecoupledWeightDecay.Should().BeFalse();
        optimizer.AmsGrad.Should().BeFalse();
        optimizer.SkipNonFiniteSteps.Should().BeFalse();
        optimizer.Groups.Should().Equal(optimizer.DefaultGroup);
        optimizer.DefaultGroup.LearningRateMultiplier.Should().Be(1);
    }

    [Fact]
    public void AdamWCreate_IsDecoupledWithTorchAdamWDefaults()
    {
        var optimizer = AdamW.Create<double>(amsgrad: true);

        optimizer.DecoupledWeightDecay.Should().BeTrue();
        optimizer.WeightDecay.Should().Be(0.01);
        optimizer.AmsGrad.Should().BeTrue();
        (optimizer.Beta1, optimizer.Beta2, optimizer.Epsilon).Should().Be((0.9, 0.999, 1e-8));
    }

    [Theory]
    [MemberData(nameof(BadBetas))]
    public void Constructor_BadBetas_ThrowNamingThem(string value)
    {
        var beta = Value(value);
        FluentActions.Invoking(() => new AdamOptimizer<float>(beta1: beta)).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("beta1");
        FluentActions.Invoking(() => new AdamOptimizer<float>(beta2: beta)).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("beta2");
    }

    [Theory]
    [MemberData(nameof(BadEpsilons))]
    public void Constructor_BadEpsilon_ThrowsNamingEpsilon(string value) =>
        FluentActions.Invoking(() => new AdamOptimizer<double>(epsilon: Value(value))).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("epsilon");

    [Fact]
    public void Constructor_EpsilonZeroOrInfiniteInFloat_Throws()
    {
        FluentActions.Invoking(() => new AdamOptimizer<float>(epsilon: 1e-50)).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("epsilon");
        FluentActions.Invoking(() => new AdamOptimizer<float>(epsilon: 1e39)).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("epsilon");
        FluentActions.Invoking(() => new AdamOptimizer<float>(weightDecay: 1e39)).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("weightDecay");
        new AdamOptimizer<double>(epsilon: 1e-50).Epsilon.Should().Be(1e-50);
    }

    [Theory]
    [MemberData(nameof(NotFiniteNonNegativeNames))]
    public void Constructor_BadWeightDecay_ThrowsNamingWeightDecay(string value)
    {
        FluentActions.Invoking(() => new AdamOptimizer<float>(weightDecay: Value(value))).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("weightDecay");
        FluentActions.Invoking(() => AdamW.Create<float>(weightDecay: Value(value))).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("weightDecay");
    }

    [Theory]
    [MemberData(nameof(NotFiniteNonNegativeNames))]
    public void AddGroup_BadArguments_ThrowNamingThemAndAddNothing(string value)
    {
        var optimizer = new AdamOptimizer<float>();
        FluentActions.Invoking(() => optimizer.AddGroup(Value(value))).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("learningRateMultiplier");
        FluentActions.Invoking(() => optimizer.AddGroup(1, Value(value))).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("weightDecay");
        optimizer.Groups.Should().HaveCount(1);
    }

    [Theory]
    [MemberData(nameof(NotFiniteNonNegativeNames))]
    public void Step_BadLearningRate_ThrowsAndNothingChanges(string value)
    {
        var model = new Model(decoupled: true, amsgrad: true);
        model.StepBoth(0.01, 0.9);
        var before = model.StateBytes();

        FluentActions.Invoking(() => model.Optimizer.Step(Value(value))).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("learningRate");

        model.StateBytes().Should().Equal(before);
        model.StepBoth(0.02, 0.85);
        model.AssertMatches();
    }

    [Theory]
    [MemberData(nameof(BadBetas))]
    public void Step_BadBeta1_ThrowsAndNothingChanges(string value)
    {
        var model = new Model(decoupled: false, amsgrad: false);
        model.StepBoth(0.01, 0.9);
        var before = model.StateBytes();

        FluentActions.Invoking(() => model.Optimizer.Step(0.01, Value(value))).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("beta1");

        model.StateBytes().Should().Equal(before);
        model.StepBoth(0.02, 0.85);
        model.AssertMatches();
    }

    [Fact]
    public void Step_StepSizeOverflowingFloatInALaterGroup_ThrowsBeforeTheFirstGroupChanges()
    {
        var optimizer = new AdamOptimizer<float>();
        float[] w0 = [1, 2], g0 = [0.5f, 0.5f], w1 = [3], g1 = [1];
        optimizer.Register(w0, g0);
        optimizer.AddGroup(1e6).Register(w1, g1);

        // 1e32 * 1e6 = 1e38 fits a float, but the first step size 1e38 / (1 - 0.9) does not.
        FluentActions.Invoking(() => optimizer.Step(1e32)).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("learningRate");

        w0.Should().Equal(1, 2);
        w1.Should().Equal(3);
        optimizer.StepCount.Should().Be(0);
    }

    [Fact]
    public void Step_AdamWFactorOverflowingFloat_Throws()
    {
        var optimizer = new AdamOptimizer<float>(weightDecay: 1e30, decoupledWeightDecay: true);
        float[] w = [1];
        optimizer.Register(w, new float[1]);

        FluentActions.Invoking(() => optimizer.Step(1e10)).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("learningRate");
        w.Should().Equal(1);
    }

    [Fact]
    public void Step_AdamWithHugeL2WeightDecay_HasNoAdamWFactorToCheck()
    {
        // 1 - 1e21 * 1e18 is -Infinity in float, but Adam's L2 decay never computes it: the step is Adam's (about lr per weight).
        var optimizer = new AdamOptimizer<float>(weightDecay: 1e18);
        float[] w = [1e-10f], g = [0];
        float[] expected = [1e-10f];
        var oracle = new AdamOracle<float>(1, 0.999, 1e-8, decoupled: false, amsgrad: false);
        optimizer.Register(w, g);

        optimizer.Step(1e21).Should().BeTrue();
        oracle.Step(expected, g, 1e21, 0.9, 1e18);

        Bits.ShouldEqual<float>(w, expected);
        w[0].Should().BeApproximately(-1e21f, 1e16f);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Step_GroupWithoutWeightDecay_UsesTheGradientAsItIsEvenBesideInfiniteWeights(bool decoupled)
    {
        // With a weight decay of 0 PyTorch adds nothing to the gradient (d = g): an infinite weight stays infinite and its
        // neighbours move as Adam moves them. Adding 0 * w would make d NaN at the infinite weights.
        var optimizer = new AdamOptimizer<double>(weightDecay: 0.1, decoupledWeightDecay: decoupled);
        double[] w = [double.PositiveInfinity, 1, double.NegativeInfinity, -2], g = [0.5, -0.25, 0.125, 1];
        var expected = (double[])w.Clone();
        var oracle = new AdamOracle<double>(4, 0.999, 1e-8, decoupled, amsgrad: false);
        optimizer.AddGroup(1, weightDecay: 0).Register(w, g);

        optimizer.Step(0.01).Should().BeTrue();
        optimizer.Step(0.02).Should().BeTrue();
        oracle.Step(expected, g, 0.01, 0.9, 0);
        oracle.Step(expected, g, 0.02, 0.9, 0);

        Bits.ShouldEqual<double>(w, expected);
        w[0].Should().Be(double.PositiveInfinity);
        w[2].Should().Be(double.NegativeInfinity);
    }

    /// <summary>
    /// Buffers each below the kernel's 2 MiB but together at or above it run as one step across the cores (28 bytes per
    /// float element, 36 with AMSGrad), observed through the claims on the calling thread's whole-step splitter.
    /// </summary>
    [Theory]
    [InlineData(37_449, false, false)] // 2 x 37,449 x 28 = 2,097,144 bytes: 8 below 2 MiB
    [InlineData(37_450, false, true)] // 2,097,200 bytes
    [InlineData(29_127, true, false)] // 2 x 29,127 x 36 = 2,097,144 bytes
    [InlineData(29_128, true, true)] // 2,097,216 bytes
    [InlineData(37_449, true, true)] // AMSGrad's third array: 2,696,328 bytes
    public void Step_BuffersTogetherFromTwoMiB_RunAsOneSplitStep(int length, bool amsgrad, bool splits)
    {
        var optimizer = new AdamOptimizer<float>(weightDecay: 0.01, decoupledWeightDecay: true, amsgrad: amsgrad);
        var group = optimizer.AddGroup(0.5);
        var weights = new[] { Bits.Random<float>(length, 1), Bits.Random<float>(length, 2) };
        var gradients = new[] { Bits.Random<float>(length, 3), Bits.Random<float>(length, 4) };
        var expected = weights.Select(w => (float[])w.Clone()).ToArray();
        optimizer.Register(weights[0], gradients[0]);
        group.Register(weights[1], gradients[1]);
        var claims = SplitterClaims.During<CompositeUpdate<AdamBufferUpdate<float>>>(() => optimizer.Step(0.01, 0.85).Should().BeTrue());

        new AdamOracle<float>(length, 0.999, 1e-8, decoupled: true, amsgrad).Step(expected[0], gradients[0], 0.01, 0.85, 0.01);
        new AdamOracle<float>(length, 0.999, 1e-8, decoupled: true, amsgrad).Step(expected[1], gradients[1], 0.005, 0.85, 0.01);
        Bits.ShouldEqual<float>(weights[0], expected[0], "default group");
        Bits.ShouldEqual<float>(weights[1], expected[1], "group of multiplier 0.5");
        if (splits && Environment.ProcessorCount > 1)
        {
            claims.Should().BeGreaterThanOrEqualTo(2, "every chunk of the whole step is claimed after a read of the state word");
        }
        else
        {
            claims.Should().Be(0, "each buffer is updated on the calling thread");
        }
    }

    [Fact]
    public void Errors_MessagesSayWhatIsWrongWithTheValuesInInvariantCulture()
    {
        var optimizer = new AdamOptimizer<float>();
        optimizer.AddGroup(1e6).Register(new float[1], new float[1]);

        TestValues.WithCulture(TestValues.CommaDecimalCulture(), () =>
        {
            FluentActions.Invoking(() => new AdamOptimizer<float>(epsilon: 1e-50)).Should().Throw<ArgumentOutOfRangeException>()
                .WithMessage("epsilon must be above 0 and finite in Single. It was 1E-50.*");
            FluentActions.Invoking(() => new AdamOptimizer<float>(beta2: 1)).Should().Throw<ArgumentOutOfRangeException>()
                .WithMessage("beta2 must be a finite number in [0, 1). It was 1.*");
            FluentActions.Invoking(() => optimizer.Step(0.1, 1.5)).Should().Throw<ArgumentOutOfRangeException>()
                .WithMessage("beta1 must be a finite number in [0, 1). It was 1.5.*");
            FluentActions.Invoking(() => optimizer.Step(1e32, 0.9)).Should().Throw<ArgumentOutOfRangeException>()
                .WithMessage("learningRate times the group's multiplier 1000000 must give a learning rate, a first step size lr / (1 - beta1) (beta1 0.9) and an AdamW factor 1 - lr * weightDecay that are finite in Single. It was 1E+32.*");
            return 0;
        });
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("-NaN")]
    [InlineData("+Infinity")]
    [InlineData("-Infinity")]
    public void Step_NonFiniteGradientWithSkip_ReturnsFalseAndNothingButTheSkipCountChanges(string name)
    {
        var bad = name switch
        {
            "NaN" => (float)TestValues.PositiveNaN,
            "-NaN" => (float)TestValues.NegativeNaN,
            "+Infinity" => float.PositiveInfinity,
            _ => float.NegativeInfinity,
        };
        var model = new Model(decoupled: true, amsgrad: true, skip: true);
        model.StepBoth(0.01, 0.9);
        var weightsBefore = model.Weights.Select(w => Bits.Of<float>(w)).ToArray();
        var saved = model.Gradients[2][3];
        model.Gradients[2][3] = bad;

        model.Optimizer.Step(0.01).Should().BeFalse();

        model.Weights.Select(w => Bits.Of<float>(w)).Should().BeEquivalentTo(weightsBefore, o => o.WithStrictOrdering());
        model.Optimizer.SkippedStepCount.Should().Be(1);
        model.Optimizer.StepCount.Should().Be(1);
        model.Gradients[2][3] = saved;
        model.StepBoth(0.02, 0.85);
        model.AssertMatches();
    }

    [Fact]
    public void Step_NonFiniteGradientWithoutSkip_AppliesItAsPyTorch()
    {
        var optimizer = new AdamOptimizer<double>();
        double[] w = [1, 2];
        optimizer.Register(w, new[] { double.NaN, 1 });

        optimizer.Step(0.1).Should().BeTrue();

        double.IsNaN(w[0]).Should().BeTrue();
        w[1].Should().BeApproximately(1.9, 1e-8, "the first step moves by lr * g / (|g| + eps)");
    }

    [Fact]
    public void Step_BiasCorrectionCountsEachBuffersOwnSteps()
    {
        var optimizer = new AdamOptimizer<double>();
        double[] first = [1, -1], firstGrad = [0.3, -0.2], later = [2, 0.5], laterGrad = [0.1, 0.4];
        var firstOracle = new AdamOracle<double>(2, 0.999, 1e-8, decoupled: false, amsgrad: false);
        var laterOracle = new AdamOracle<double>(2, 0.999, 1e-8, decoupled: false, amsgrad: false);
        var firstExpected = (double[])first.Clone();
        var laterExpected = (double[])later.Clone();
        optimizer.Register(first, firstGrad);
        for (var i = 0; i < 3; i++)
        {
            optimizer.Step(0.01);
            firstOracle.Step(firstExpected, firstGrad, 0.01, 0.9, 0);
        }

        optimizer.Register(later, laterGrad);
        optimizer.Step(0.01);
        firstOracle.Step(firstExpected, firstGrad, 0.01, 0.9, 0);
        laterOracle.Step(laterExpected, laterGrad, 0.01, 0.9, 0);

        Bits.ShouldEqual<double>(first, firstExpected);
        Bits.ShouldEqual<double>(later, laterExpected, "a buffer registered later takes its own first, bias-corrected step");
        optimizer.StepCount.Should().Be(4);

        // Adam's first step moves every weight by about lr (m/sqrt(v) = sign(g) after bias correction).
        later[0].Should().BeApproximately(2 - 0.01, 1e-9);
    }

    [Fact]
    public void Step_LearningRateZero_StillCountsTheStepAsPyTorch()
    {
        var optimizer = new AdamOptimizer<double>();
        double[] w = [1], g = [0.5];
        var expected = (double[])w.Clone();
        var oracle = new AdamOracle<double>(1, 0.999, 1e-8, decoupled: false, amsgrad: false);
        optimizer.Register(w, g);

        optimizer.Step(0);
        oracle.Step(expected, g, 0, 0.9, 0);
        optimizer.Step(0.1);
        oracle.Step(expected, g, 0.1, 0.9, 0);

        Bits.ShouldEqual<double>(w, expected);
    }

    [Fact]
    public void Step_Groups_UseTheirMultiplierAndWeightDecay()
    {
        foreach (var decoupled in new[] { false, true })
        {
            var optimizer = new AdamOptimizer<float>(weightDecay: 0.05, decoupledWeightDecay: decoupled);
            var weights = new[] { Bits.Random<float>(33, 1), Bits.Random<float>(40, 2), Bits.Random<float>(9, 3) };
            var gradients = new[] { Bits.Random<float>(33, 4), Bits.Random<float>(40, 5), Bits.Random<float>(9, 6) };
            var expected = weights.Select(w => (float[])w.Clone()).ToArray();
            optimizer.Register(weights[0], gradients[0]);
            optimizer.AddGroup(0.1, weightDecay: 0).Register(weights[1], gradients[1]);
            var inherits = optimizer.AddGroup(2);
            inherits.Register(weights[2], gradients[2]);
            inherits.WeightDecay.Should().Be(0.05);
            (double Multiplier, double Decay)[] settings = [(1, 0.05), (0.1, 0), (2, 0.05)];
            var oracles = weights.Select(w => new AdamOracle<float>(w.Length, 0.999, 1e-8, decoupled, amsgrad: false)).ToArray();
            for (var step = 0; step < 3; step++)
            {
                optimizer.Step(0.01, 0.9 - (0.02 * step));
                for (var b = 0; b < 3; b++)
                {
                    oracles[b].Step(expected[b], gradients[b], 0.01 * settings[b].Multiplier, 0.9 - (0.02 * step), settings[b].Decay);
                }
            }

            for (var b = 0; b < 3; b++)
            {
                Bits.ShouldEqual<float>(weights[b], expected[b], $"buffer {b}, decoupled {decoupled}");
            }

            optimizer.Groups[1].ToString().Should().Be("AdamParameterGroup(learningRateMultiplier: 0.1, weightDecay: 0, buffers: 1, elements: 40)");
        }
    }

    [Fact]
    public void Register_BadPairs_ThrowNamingTheBufferAndRegisterNothing()
    {
        var optimizer = new AdamOptimizer<float>();
        var array = new float[10];
        var gradients = new float[10];
        optimizer.Register(array.AsMemory(0, 4), gradients.AsMemory(0, 4));
        var group = optimizer.AddGroup(1);

        FluentActions.Invoking(() => optimizer.Register(new float[3], new float[2])).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("gradients");
        FluentActions.Invoking(() => optimizer.Register(array.AsMemory(4, 4), array.AsMemory(5, 4))).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("gradients");
        FluentActions.Invoking(() => group.Register(array.AsMemory(0, 4), new float[4])).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("weights");
        FluentActions.Invoking(() => group.Register(gradients.AsMemory(2, 4), new float[4])).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("weights");
        FluentActions.Invoking(() => group.Register(new float[4], array.AsMemory(3, 4))).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("gradients");

        optimizer.DefaultGroup.Count.Should().Be(1);
        group.Count.Should().Be(0);
        group.Register(array.AsMemory(4, 6), gradients.AsMemory(0, 6));
        group.ElementCount.Should().Be(6);
    }

    [Fact]
    public void Step_AllocatesNothing()
    {
        var model = new Model(decoupled: true, amsgrad: true, skip: true);
        model.Optimizer.Step(0.01);
        model.Optimizer.Step(0.01, 0.8);

        var before = GC.GetAllocatedBytesForCurrentThread();
        model.Optimizer.Step(0.01);
        model.Optimizer.Step(0.01, 0.85);
        var after = GC.GetAllocatedBytesForCurrentThread();

        (after - before).Should().Be(0);
    }

    [Fact]
    public void ToString_ShowsSettingsInInvariantCulture()
    {
        var optimizer = AdamW.Create<float>(weightDecay: 0.05);
        var text = TestValues.WithCulture(TestValues.CommaDecimalCulture(), optimizer.ToString);

        text.Should().Be("AdamOptimizer<Single>(beta1: 0.9, beta2: 0.999, epsilon: 1E-08, weightDecay: 0.05, decoupledWeightDecay: True, amsgrad: False, skipNonFiniteSteps: False, groups: 1, steps: 0)");
    }

    private static double Value(string name) => name switch
    {
        "1" => 1.0,
        "1.5" => 1.5,
        "0" => 0.0,
        "-0" => -0.0,
        _ => TestValues.NotFiniteNonNegative[name],
    };

    /// <summary>Three float buffers in two groups, with an oracle per buffer.</summary>
    private sealed class Model
    {
        private readonly AdamOracle<float>[] _oracles;
        private readonly float[][] _expected;
        private readonly double[] _multipliers = [1, 1, 0.5];
        private readonly double _weightDecay;

        public Model(bool decoupled, bool amsgrad, bool skip = false)
        {
            _weightDecay = 0.01;
            Optimizer = new AdamOptimizer<float>(weightDecay: _weightDecay, decoupledWeightDecay: decoupled, amsgrad: amsgrad, skipNonFiniteSteps: skip);
            Weights = [Bits.Random<float>(5, 1), Bits.Random<float>(70, 2), Bits.Random<float>(9, 3)];
            Gradients = [Bits.Random<float>(5, 4), Bits.Random<float>(70, 5), Bits.Random<float>(9, 6)];
            _expected = [.. Weights.Select(w => (float[])w.Clone())];
            Optimizer.Register(Weights[0], Gradients[0]);
            Optimizer.Register(Weights[1], Gradients[1]);
            Optimizer.AddGroup(0.5).Register(Weights[2], Gradients[2]);
            _oracles = [.. Weights.Select(w => new AdamOracle<float>(w.Length, 0.999, 1e-8, decoupled, amsgrad))];
        }

        public AdamOptimizer<float> Optimizer { get; }

        public float[][] Weights { get; }

        public float[][] Gradients { get; }

        public void StepBoth(double lr, double beta1)
        {
            Optimizer.Step(lr, beta1).Should().BeTrue();
            for (var b = 0; b < 3; b++)
            {
                _oracles[b].Step(_expected[b], Gradients[b], lr * _multipliers[b], beta1, _weightDecay);
            }
        }

        public void AssertMatches()
        {
            for (var b = 0; b < 3; b++)
            {
                Bits.ShouldEqual<float>(Weights[b], _expected[b], string.Create(CultureInfo.InvariantCulture, $"buffer {b}"));
            }
        }

        public byte[] StateBytes()
        {
            using var stream = new MemoryStream();
            Optimizer.SaveState(stream, includeWeights: true);
            return stream.ToArray();
        }
    }
}
