using CsCheck;

namespace CyclicalLR.Tests;

public sealed class CyclicalMomentumTests
{
    private static readonly Triangular Schedule = new(0.001, 0.006, 4);

    public static TheoryData<string> BadMomenta => TestValues.NotFiniteNonNegativeNames;

    [Fact]
    public void Constructor_Defaults_ArePyTorchs()
    {
        var momentum = new CyclicalMomentum(Schedule);

        (momentum.BaseMomentum, momentum.MaxMomentum).Should().Be((0.8, 0.9));
        momentum.Schedule.Should().BeSameAs(Schedule);
    }

    [Fact]
    public void Constructor_NullSchedule_ThrowsArgumentNullNamingSchedule()
    {
        var act = () => new CyclicalMomentum(null!, 0.85, 0.95);

        act.Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("schedule");
    }

    [Theory]
    [MemberData(nameof(BadMomenta))]
    public void Constructor_BadBaseMomentum_ThrowsNamingIt(string value)
    {
        var act = () => new CyclicalMomentum(Schedule, TestValues.NotFiniteNonNegative[value], 0.95);

        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("baseMomentum");
    }

    [Theory]
    [MemberData(nameof(BadMomenta))]
    public void Constructor_BadMaxMomentum_ThrowsNamingIt(string value)
    {
        var act = () => new CyclicalMomentum(Schedule, 0.0, TestValues.NotFiniteNonNegative[value]);

        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("maxMomentum");
    }

    [Fact]
    public void Constructor_MaxBelowBase_ThrowsNamingMaxMomentum()
    {
        var act = () => new CyclicalMomentum(Schedule, 0.95, 0.85);

        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("maxMomentum");
    }

    [Theory]
    [InlineData(1.5)]
    [InlineData(20.0)]
    [InlineData(1e300)]
    public void GetMomentum_ScaleAboveOne_StaysWithinMomentumBounds(double scale)
    {
        var schedule = new CyclicalSchedule(0.001, 0.01, 4, _ => scale, ScaleMode.Cycle);
        var momentum = new CyclicalMomentum(schedule, 0.85, 0.95);

        for (long i = 0; i <= 16; i++)
        {
            momentum.GetMomentum(i).Should().BeInRange(0.85, 0.95, $"iteration {i}");
        }

        momentum.GetMomentum(0).Should().Be(0.95);
        momentum.GetMomentum(4).Should().Be(0.85, "the fraction 20 is past the peak: the momentum saturates at its base");
        momentum.GetMomentum(1).Should().BeApproximately(Math.Max(0.85, 0.95 - (0.1 * 0.25 * scale)), 1e-15);
    }

    [Fact]
    public void GetMomentum_Triangular_InverseOfTheLearningRate()
    {
        var momentum = new CyclicalMomentum(new Triangular(0.0, 1.0, 4), 0.5, 0.75);

        new long[] { 0, 1, 2, 3, 4, 5, 8 }.Select(momentum.GetMomentum).Should().Equal(0.75, 0.6875, 0.625, 0.5625, 0.5, 0.5625, 0.75);
    }

    [Fact]
    public void GetMomentum_Triangular2_AmplitudeHalvesWithTheLearningRate()
    {
        var momentum = new CyclicalMomentum(new Triangular2(0.0, 1.0, 2), 0.5, 0.75);

        new long[] { 2, 6, 10 }.Select(momentum.GetMomentum).Should().Equal(0.5, 0.625, 0.6875);
    }

    [Fact]
    public void GetMomentum_Property_WithinBoundsAndMaxExactlyWhereRateIsBase()
    {
        var gen = Gen.Select(Gen.Double[0, 1], Gen.Double[0, 1], Gen.Long[1, 1_000], Gen.Long[1, 1_000], Gen.Long[0, long.MaxValue], Gen.Int[0, 2]);

        Property.ForAll(gen, t =>
        {
            var (a, b, up, down, i, kind) = t;
            var (baseM, maxM) = (Math.Min(a, b), Math.Max(a, b));
            ICyclicalSchedule lr = kind switch
            {
                0 => new Triangular(0.001, 0.01, up, down),
                1 => new Triangular2(0.001, 0.01, up, down),
                _ => new ExpRange(0.001, 0.01, up, 0.999, down),
            };
            var momentum = new CyclicalMomentum(lr, baseM, maxM);
            var cycle = up + down;

            momentum.GetMomentum(i).Should().BeInRange(baseM, maxM);
            var start = i / cycle * cycle;
            lr.GetLearningRate(start).Should().Be(0.001);
            momentum.GetMomentum(start).Should().Be(maxM);
            if (kind == 0 && start <= long.MaxValue - up)
            {
                momentum.GetMomentum(start + up).Should().Be(baseM, "the momentum is at its base where the rate peaks");
            }
        }, seed: 5);
    }

    [Fact]
    public void ToString_CommaDecimalCulture_ShowsBoundsAndSchedule()
    {
        var text = TestValues.WithCulture(TestValues.CommaDecimalCulture(), new CyclicalMomentum(Schedule, 0.85, 0.95).ToString);

        text.Should().Be("CyclicalMomentum(baseMomentum: 0.85, maxMomentum: 0.95, schedule: Triangular(baseLearningRate: 0.001, maxLearningRate: 0.006, stepSize: 4, stepSizeDown: 4))");
    }
}
