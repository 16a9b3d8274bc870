using System.Numerics;

namespace CyclicalLR.Tests.Sgd;

/// <summary>
/// Parameter groups through the public API: what a learning-rate multiplier and a group's own weight decay do to the
/// numbers (against <see cref="SgdOracle{T}"/>), and <see cref="SgdOptimizer{T}.AddGroup(double, double?)"/>'s checks.
/// </summary>
public sealed class SgdGroupTests
{
    /// <summary>momentum, dampening, weightDecay, nesterov: plain, decay, momentum with dampening, Nesterov with decay.</summary>
    public static TheoryData<double, double, double, bool> Settings => new()
    {
        { 0, 0, 0, false },
        { 0, 0, 5e-4, false },
        { 0.9, 0.1, 0, false },
        { 0.9, 0, 1e-2, true },
    };

    [Theory]
    [MemberData(nameof(Settings))]
    public void Step_GroupMultipliers_Float_EachGroupStepsWithRateTimesMultiplier(double momentum, double dampening, double weightDecay, bool nesterov) =>
        AssertMultipliersMatchOracle<float>(momentum, dampening, weightDecay, nesterov);

    [Theory]
    [MemberData(nameof(Settings))]
    public void Step_GroupMultipliers_Double_EachGroupStepsWithRateTimesMultiplier(double momentum, double dampening, double weightDecay, bool nesterov) =>
        AssertMultipliersMatchOracle<double>(momentum, dampening, weightDecay, nesterov);

    [Fact]
    public void Step_GroupMultipliers_Half_EachGroupStepsWithRateTimesMultiplier() =>
        AssertMultipliersMatchOracle<Half>(0.9, 0, 1e-2, nesterov: true);

    [Fact]
    public void Step_MultiplierTenth_HandComputedValues()
    {
        // lr 0.5 * multiplier 0.25 = 0.125 (a multiplier of 4 or a division would give 2 or the other way round).
        double[] w = [1, -2];
        double[] g = [0.5, 0.25];
        var optimizer = new SgdOptimizer<double>();
        optimizer.AddGroup(0.25).Register(w, g);

        optimizer.Step(0.5).Should().BeTrue();

        w.Should().Equal(1 - (0.125 * 0.5), -2 - (0.125 * 0.25));
        w.Should().Equal(0.9375, -2.03125);
    }

    [Fact]
    public void Step_MultiplierThree_HandComputedValues()
    {
        double[] w = [1];
        double[] g = [0.5];
        var optimizer = new SgdOptimizer<double>();
        optimizer.AddGroup(3).Register(w, g);

        optimizer.Step(0.25);

        w[0].Should().Be(1 - (0.75 * 0.5));
    }

    [Fact]
    public void Step_MultiplierZero_LeavesTheGroupsWeightsBitForBitWhileOtherGroupsMove()
    {
        // Like a PyTorch group with lr 0: a step of 0 * d, so the weights keep their bits (-0 stays -0); the default group moves.
        float[] frozen = [1f, -0f, 3f];
        float[] g = [0.5f, 0.5f, -0.25f];
        float[] moving = [1f];
        float[] g2 = [0.5f];
        var optimizer = new SgdOptimizer<float>(momentum: 0.5, weightDecay: 0.5);
        var zero = optimizer.AddGroup(0);
        zero.Register(frozen, g);
        optimizer.Register(moving, g2);

        optimizer.Step(0.25);
        optimizer.Step(0.25);

        Bits.ShouldEqual<float>(frozen, new[] { 1f, -0f, 3f });
        zero.LearningRateMultiplier.Should().Be(0);

        // b1 = d1 = 0.5 + 0.5 * 1 = 1, w1 = 0.75; d2 = 0.5 + 0.375 = 0.875, b2 = 0.5 * 1 + 0.875 = 1.375, w2 = 0.75 - 0.34375.
        moving[0].Should().Be(0.40625f);
    }

    [Fact]
    public void Step_MultiplierProductIsRoundedOnceFromDouble()
    {
        // lr * multiplier is computed in double and rounded once to float: (float)(0.1 * 0.3), not 0.1f * 0.3f.
        float[] w = [1f];
        float[] g = [1f];
        var optimizer = new SgdOptimizer<float>();
        optimizer.AddGroup(0.3).Register(w, g);

        optimizer.Step(0.1);

        w[0].Should().Be(1f - (float)(0.1 * 0.3));
        ((float)(0.1 * 0.3)).Should().NotBe(0.1f * 0.3f, "the test must tell the two roundings apart");
    }

    [Fact]
    public void AddGroup_OwnWeightDecay_OverridesTheOptimizerDefault()
    {
        // Default group: d = 0.5 + 0.5 * 1 = 1. Own 0.25: d = 0.75. Own 0: d = 0.5. Null: the optimizer's 0.5.
        double[] wDefault = [1], wOwn = [1], wZero = [1], wInherited = [1];
        double[] g = [0.5];
        var optimizer = new SgdOptimizer<double>(weightDecay: 0.5);
        optimizer.Register(wDefault, g);
        var own = optimizer.AddGroup(1, weightDecay: 0.25);
        var zero = optimizer.AddGroup(1, weightDecay: 0);
        var inherited = optimizer.AddGroup(1);
        own.Register(wOwn, g);
        zero.Register(wZero, g);
        inherited.Register(wInherited, g);

        optimizer.Step(0.5);

        own.WeightDecay.Should().Be(0.25);
        zero.WeightDecay.Should().Be(0);
        inherited.WeightDecay.Should().Be(0.5);
        wDefault[0].Should().Be(0.5);
        wOwn[0].Should().Be(0.625);
        wZero[0].Should().Be(0.75);
        wInherited[0].Should().Be(0.5);
    }

    [Fact]
    public void AddGroup_OwnWeightDecayWithoutADefault_DecaysOnlyThatGroup()
    {
        float[] wDefault = [2f], wOwn = [2f];
        float[] g = [0f];
        var optimizer = new SgdOptimizer<float>();
        optimizer.Register(wDefault, g);
        optimizer.AddGroup(1, weightDecay: 0.5).Register(wOwn, g);

        optimizer.Step(0.5);

        wDefault[0].Should().Be(2f, "the default group has no weight decay and a zero gradient");
        wOwn[0].Should().Be(1.5f, "d = 0 + 0.5 * 2 = 1, w = 2 - 0.5 * 1");
    }

    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(0.1, 5e-4)]
    [InlineData(3.0, 0.0)]
    public void AddGroup_OwnWeightDecay_WithMomentum_MatchesOracle(double optimizerDecay, double groupDecay)
    {
        var w = Bits.Random<float>(203, 1);
        var g = Bits.Random<float>(203, 2);
        var oracle = new SgdOracle<float>((float[])w.Clone(), g, momentumBuffer: true);
        var optimizer = new SgdOptimizer<float>(momentum: 0.9, weightDecay: optimizerDecay);
        optimizer.AddGroup(0.5, groupDecay).Register(w, g);

        foreach (var lr in new[] { 0.1, 0.05, 0.2 })
        {
            optimizer.Step(lr);
            oracle.Step(lr * 0.5, 0.9, 0, groupDecay);
        }

        Bits.ShouldEqual<float>(w, oracle.Weights);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.9)]
    public void AddGroup_NoWeightDecay_UsesTheGradientAsItIsEvenBesideInfiniteWeights(double momentum)
    {
        // PyTorch adds nothing to the gradient when a group's weight decay is 0 (d = g): an infinite weight stays infinite.
        // Adding 0 * w would make d NaN there (and NaN would spread through the momentum buffer).
        double[] w = [double.PositiveInfinity, 1, double.NegativeInfinity, -2];
        double[] g = [0.5, -0.25, 0.125, 1];
        var oracle = new SgdOracle<double>((double[])w.Clone(), g, momentumBuffer: momentum != 0);
        var optimizer = new SgdOptimizer<double>(momentum, weightDecay: 0.1);
        optimizer.AddGroup(1, weightDecay: 0).Register(w, g);

        optimizer.Step(0.5);
        optimizer.Step(0.25);
        oracle.Step(0.5, momentum);
        oracle.Step(0.25, momentum);

        Bits.ShouldEqual<double>(w, oracle.Weights);
        w[0].Should().Be(double.PositiveInfinity);
        w[2].Should().Be(double.NegativeInfinity);
    }

    [Fact]
    public void AddGroup_ValidArguments_AddsTheGroupInOrderWithItsSettings()
    {
        var optimizer = new SgdOptimizer<float>(weightDecay: 1e-3);

        var first = optimizer.AddGroup(0);
        var second = optimizer.AddGroup(2.5, 0);

        optimizer.Groups.Should().Equal(optimizer.DefaultGroup, first, second);
        first.LearningRateMultiplier.Should().Be(0);
        first.WeightDecay.Should().Be(1e-3);
        second.LearningRateMultiplier.Should().Be(2.5);
        second.WeightDecay.Should().Be(0);
        second.Count.Should().Be(0);
        second.ElementCount.Should().Be(0);
    }

    [Fact]
    public void ToString_ShowsMultiplierDecayAndSizeInInvariantCulture()
    {
        var optimizer = new SgdOptimizer<float>(weightDecay: 5e-4);
        var group = optimizer.AddGroup(0.1, 0);
        group.Register(new float[4000], new float[4000]);
        group.Register(new float[96], new float[96]);

        var text = TestValues.WithCulture(TestValues.CommaDecimalCulture(), group.ToString);

        text.Should().Be("SgdParameterGroup(learningRateMultiplier: 0.1, weightDecay: 0, buffers: 2, elements: 4096)");
        optimizer.DefaultGroup.ToString().Should().Be("SgdParameterGroup(learningRateMultiplier: 1, weightDecay: 0.0005, buffers: 0, elements: 0)");
    }

    /// <summary>NaN of both signs, the infinities and negative values, keyed by name.</summary>
    public static TheoryData<string> BadValues => TestValues.NotFiniteNonNegativeNames;

    [Theory]
    [MemberData(nameof(BadValues))]
    public void AddGroup_BadMultiplier_ThrowsNamingItAndChangesNothing(string value)
    {
        var multiplier = TestValues.NotFiniteNonNegative[value];
        var (optimizer, weights, oracle) = OneBufferModel();

        var act = () => optimizer.AddGroup(multiplier);

        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("learningRateMultiplier");
        AssertUnchanged(optimizer, weights, oracle);
    }

    [Theory]
    [MemberData(nameof(BadValues))]
    public void AddGroup_BadWeightDecay_ThrowsNamingItAndChangesNothing(string value)
    {
        var weightDecay = TestValues.NotFiniteNonNegative[value];
        var (optimizer, weights, oracle) = OneBufferModel();

        var act = () => optimizer.AddGroup(1, weightDecay);

        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("weightDecay");
        AssertUnchanged(optimizer, weights, oracle);
    }

    [Theory]
    [InlineData(1e39)]
    [InlineData(double.MaxValue)]
    public void AddGroup_WeightDecayTooLargeForFloat_ThrowsNamingWeightDecay(double weightDecay)
    {
        var (optimizer, weights, oracle) = OneBufferModel();

        var act = () => optimizer.AddGroup(0.5, weightDecay);

        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("weightDecay");
        AssertUnchanged(optimizer, weights, oracle);
    }

    [Fact]
    public void AddGroup_BadMultiplierWithBadWeightDecay_NamesTheMultiplierFirst()
    {
        var optimizer = new SgdOptimizer<double>();

        var act = () => optimizer.AddGroup(-1, double.NaN);

        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("learningRateMultiplier");
        optimizer.Groups.Should().ContainSingle();
    }

    private static (SgdOptimizer<float> Optimizer, float[] Weights, SgdOracle<float> Oracle) OneBufferModel()
    {
        var w = Bits.Random<float>(37, 5);
        var g = Bits.Random<float>(37, 6);
        var oracle = new SgdOracle<float>((float[])w.Clone(), g, momentumBuffer: true);
        var optimizer = new SgdOptimizer<float>(momentum: 0.9, weightDecay: 1e-3);
        optimizer.Register(w, g);
        optimizer.Step(0.1);
        oracle.Step(0.1, 0.9, 0, 1e-3);
        return (optimizer, w, oracle);
    }

    /// <summary>Asserts no group was added, the weights are as before, and the next step continues as if nothing happened.</summary>
    private static void AssertUnchanged(SgdOptimizer<float> optimizer, float[] weights, SgdOracle<float> oracle)
    {
        optimizer.Groups.Should().ContainSingle().Which.Should().BeSameAs(optimizer.DefaultGroup);
        Bits.ShouldEqual<float>(weights, oracle.Weights);
        optimizer.Step(0.2);
        oracle.Step(0.2, 0.9, 0, 1e-3);
        Bits.ShouldEqual<float>(weights, oracle.Weights);
        optimizer.StepCount.Should().Be(2);
    }

    private static void AssertMultipliersMatchOracle<T>(double momentum, double dampening, double weightDecay, bool nesterov)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // The default group (multiplier 1), then groups of multiplier 0.1, 3, 0 and 1, each with buffers of several lengths
        // (scalar, vector and odd). Rates and momenta change every step, like a cyclical schedule.
        double[] multipliers = [1, 0.1, 3, 0, 1, 0.37];
        int[] lengths = [1, 7, 64, 257, 1001];
        var optimizer = new SgdOptimizer<T>(momentum, dampening, weightDecay, nesterov);
        var groups = multipliers.Select((m, i) => i == 0 ? optimizer.DefaultGroup : optimizer.AddGroup(m)).ToArray();
        var buffers = new List<(T[] W, T[] G, SgdOracle<T> Oracle, double Multiplier)>();
        for (var k = 0; k < groups.Length; k++)
        {
            foreach (var n in lengths)
            {
                var seed = (k * 10_000) + n;
                var w = Bits.Random<T>(n, seed);
                var g = Bits.Random<T>(n, seed + 1);
                groups[k].Register(w, g);
                buffers.Add((w, g, new SgdOracle<T>((T[])w.Clone(), g, momentum != 0), multipliers[k]));
            }
        }

        double[] rates = [0.1, 0.0123, 0.7, 0.05];
        double[] momenta = [momentum, momentum * 0.9, momentum, momentum * 0.95];
        for (var step = 0; step < rates.Length; step++)
        {
            optimizer.Step(rates[step], momenta[step]).Should().BeTrue();
            foreach (var (_, g, oracle, multiplier) in buffers)
            {
                oracle.Step(rates[step] * multiplier, momenta[step], dampening, weightDecay, nesterov);
                g.AsSpan().Reverse();
            }
        }

        foreach (var (w, _, oracle, multiplier) in buffers)
        {
            Bits.ShouldEqual<T>(w, oracle.Weights, $"(multiplier {multiplier}, length {w.Length})");
        }
    }
}
