using CsCheck;

namespace CyclicalLR.Tests;

public sealed class ExpRangeTests
{
    public static TheoryData<string> BadGammas => new([.. TestValues.NonFinite.Keys, "0", "-0", "-0.5", "1 + ulp", "2", "double.MaxValue"]);

    [Fact]
    public void Constructor_Parameters_AreExposed()
    {
        var schedule = new ExpRange(0.01, 0.1, 3, 0.95, 6);

        (schedule.BaseLearningRate, schedule.MaxLearningRate, schedule.StepSize, schedule.StepSizeDown, schedule.CycleLength, schedule.Gamma)
            .Should().Be((0.01, 0.1, 3L, 6L, 9L, 0.95));
        new ExpRange(0.01, 0.1, 3, 0.95).StepSizeDown.Should().Be(3);
    }

    [Theory]
    [MemberData(nameof(BadGammas))]
    public void Constructor_GammaOutsideZeroToOne_ThrowsNamingGamma(string gamma)
    {
        var value = gamma switch
        {
            "0" => 0.0,
            "-0" => -0.0,
            "-0.5" => -0.5,
            "1 + ulp" => Math.BitIncrement(1.0),
            "2" => 2.0,
            "double.MaxValue" => double.MaxValue,
            _ => TestValues.NonFinite[gamma],
        };

        var act = () => new ExpRange(0.001, 0.006, 4, value);

        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("gamma");
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(double.Epsilon)]
    [InlineData(0.99994)]
    public void Constructor_GammaInRange_Accepted(double gamma)
    {
        new ExpRange(0.001, 0.006, 4, gamma).Gamma.Should().Be(gamma);
    }

    [Fact]
    public void GetLearningRate_GammaOne_EqualsTriangularBitForBit()
    {
        var expRange = new ExpRange(0.001, 0.01, 5, 1.0, 3);
        var triangular = new Triangular(0.001, 0.01, 5, 3);

        foreach (var i in Enumerable.Range(0, 100).Select(i => (long)i).Append(1_000_000_000_000).Append(long.MaxValue))
        {
            expRange.GetLearningRate(i).Should().Be(triangular.GetLearningRate(i));
        }
    }

    [Fact]
    public void GetLearningRate_ScalesByGammaToTheIteration_NotTheCycle()
    {
        var schedule = new ExpRange(0.0, 1.0, 4, 0.5);

        // Iteration 12 is the peak of the second cycle: p = 1, scale 0.5^12 (TorchSharp would use 0.5^1).
        schedule.GetLearningRate(12).Should().Be(Math.Pow(0.5, 12));
        schedule.GetLearningRate(2).Should().Be(0.5 * 0.25);
    }

    [Fact]
    public void GetLearningRate_FarIterations_IsExactlyBase()
    {
        var schedule = new ExpRange(0.001, 0.006, 2000, 0.99994);

        schedule.GetLearningRate(1_000_000_000_000).Should().Be(0.001);
        schedule.GetLearningRate(long.MaxValue - 1).Should().Be(0.001);
    }

    [Fact]
    public void GetLearningRate_Property_NeverAboveTriangularWithTheSameParameters()
    {
        var gen = Gen.Select(Gen.Double[0, 1], Gen.Double[0, 1], Gen.Long[1, 10_000], Gen.Long[1, 10_000], Gen.Double[0.9, 1], Gen.Long[0, 1_000_000]);

        Property.ForAll(gen, t =>
        {
            var (a, b, up, down, gamma, i) = t;
            var (baseLr, maxLr) = (Math.Min(a, b), Math.Max(a, b));
            var expRange = new ExpRange(baseLr, maxLr, up, Math.Max(gamma, double.Epsilon), down);
            var triangular = new Triangular(baseLr, maxLr, up, down);
            expRange.GetLearningRate(i).Should().BeLessThanOrEqualTo(triangular.GetLearningRate(i)).And.BeGreaterThanOrEqualTo(baseLr);
        }, seed: 4);
    }

    [Fact]
    public void ToString_CommaDecimalCulture_ShowsParametersInvariantly()
    {
        var text = TestValues.WithCulture(TestValues.CommaDecimalCulture(), new ExpRange(0.001, 0.006, 2000, 0.99994, 1000).ToString);

        text.Should().Be("ExpRange(baseLearningRate: 0.001, maxLearningRate: 0.006, stepSize: 2000, stepSizeDown: 1000, gamma: 0.99994)");
    }
}
