namespace CyclicalLR.Tests;

public sealed class OneCycleTests
{
    [Fact]
    public void Constructor_Defaults_ArePyTorchs()
    {
        var schedule = new OneCycle(0.1, 100);

        (schedule.PctStart, schedule.AnnealStrategy, schedule.DivFactor, schedule.FinalDivFactor, schedule.ThreePhase, schedule.BaseMomentum, schedule.MaxMomentum)
            .Should().Be((0.3, AnnealStrategy.Cosine, 25.0, 1e4, false, 0.85, 0.95));
        schedule.InitialLearningRate.Should().Be(0.004);
        schedule.FinalLearningRate.Should().Be(0.004 / 1e4);
    }

    [Theory]
    [InlineData(AnnealStrategy.Cosine, false)]
    [InlineData(AnnealStrategy.Linear, false)]
    [InlineData(AnnealStrategy.Cosine, true)]
    [InlineData(AnnealStrategy.Linear, true)]
    public void GetLearningRate_PhaseEnds_AreExactAndMomentumMovesOpposite(AnnealStrategy strategy, bool threePhase)
    {
        var schedule = new OneCycle(0.5, 101, 0.2, strategy, 10, 100, threePhase, 0.8, 0.9);

        // The rise ends at step 0.2 * 101 - 1 = 19.2 (fractional, as in PyTorch): the peak itself is between steps.
        schedule.GetLearningRate(0).Should().Be(0.05);
        schedule.GetMomentum(0).Should().Be(0.9);
        schedule.GetLearningRate(100).Should().Be(0.0005);
        schedule.GetMomentum(100).Should().Be(0.9);
        var rates = Enumerable.Range(0, 101).Select(i => schedule.GetLearningRate(i)).ToArray();
        var momenta = Enumerable.Range(0, 101).Select(i => schedule.GetMomentum(i)).ToArray();
        rates.Take(20).Should().BeInAscendingOrder();
        rates.Max().Should().BeLessThanOrEqualTo(0.5).And.BeGreaterThan(0.49);
        rates.Should().OnlyContain(r => r >= 0.0005 && r <= 0.5);
        momenta.Should().OnlyContain(m => m >= 0.8 && m <= 0.9);
        for (var i = 0; i < 20; i++)
        {
            // While the rate rises, the momentum falls by the same fraction.
            ((rates[i] - 0.05) / (0.5 - 0.05)).Should().BeApproximately((0.9 - momenta[i]) / (0.9 - 0.8), 1e-12);
        }

        rates.Skip(20).Should().BeInDescendingOrder();
    }

    [Fact]
    public void GetLearningRate_IntegerPeak_IsExactlyMax()
    {
        var schedule = new OneCycle(0.1, 100, 0.31);

        schedule.GetLearningRate(30).Should().Be(0.1, "0.31 * 100 - 1 = 30 ends the rise at a whole step");
        schedule.GetMomentum(30).Should().Be(0.85);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(1L)]
    [InlineData(1_000L)]
    [InlineData(long.MaxValue - 40)]
    public void GetLearningRate_AtAndAfterTotalSteps_HoldsTheFinalValues(long past)
    {
        var schedule = new OneCycle(0.1, 40);
        var iteration = 40 + past;

        schedule.GetLearningRate(iteration).Should().Be(schedule.FinalLearningRate);
        schedule.GetLearningRate(39).Should().Be(schedule.FinalLearningRate, "the last step ends the anneal");
        schedule.GetMomentum(iteration).Should().Be(0.95);
        schedule.GetMomentum(39).Should().Be(0.95);
    }

    [Theory]
    [InlineData(0.1, 10)]
    [InlineData(0.0, 10)]
    [InlineData(0.3, 1)]
    [InlineData(1.0, 7)]
    [InlineData(0.5, 2)]
    public void GetLearningRate_DegeneratePhases_FiniteAndInBounds(double pctStart, long totalSteps)
    {
        foreach (var threePhase in pctStart <= 0.5 ? new[] { false, true } : [false])
        {
            foreach (var strategy in new[] { AnnealStrategy.Cosine, AnnealStrategy.Linear })
            {
                var schedule = new OneCycle(1.0, totalSteps, pctStart, strategy, 10, 10, threePhase);
                for (long i = 0; i <= totalSteps + 1; i++)
                {
                    schedule.GetLearningRate(i).Should().BeInRange(0.01, 1.0, $"{schedule} at {i}");
                    schedule.GetMomentum(i).Should().BeInRange(0.85, 0.95, $"{schedule} at {i}");
                }
            }
        }
    }

    [Fact]
    public void GetLearningRate_ZeroLengthRise_TakesItsEndWherePyTorchDividesByZero()
    {
        // 0.1 * 10 - 1 = 0: the rise ends at step 0, where PyTorch computes 0 / 0.
        var schedule = new OneCycle(1.0, 10, 0.1);

        schedule.GetLearningRate(0).Should().Be(1.0);
        schedule.GetMomentum(0).Should().Be(0.85);
    }

    [Theory]
    [InlineData(0.50000000000000011)]
    [InlineData(0.75)]
    public void Constructor_ThreePhaseWithPctStartAboveHalf_ThrowsNamingPctStart(double pctStart)
    {
        var act = () => new OneCycle(0.1, 100, pctStart, threePhase: true);

        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("pctStart");
    }

    [Theory]
    [InlineData(1.5)]
    [InlineData(1.0000000000000002)]
    public void Constructor_PctStartAboveOne_ThrowsNamingPctStart(double pctStart)
    {
        var act = () => new OneCycle(0.1, 100, pctStart);

        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("pctStart");
    }

    [Theory]
    [InlineData("divFactor")]
    [InlineData("finalDivFactor")]
    public void Constructor_DivisionFactorBelowOne_ThrowsNamingIt(string parameter)
    {
        var act = () => parameter == "divFactor" ? new OneCycle(0.1, 100, divFactor: 0.5) : new OneCycle(0.1, 100, finalDivFactor: 0.999);

        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be(parameter);
    }

    [Fact]
    public void Constructor_MaxMomentumBelowBase_ThrowsNamingMaxMomentum()
    {
        var act = () => new OneCycle(0.1, 100, baseMomentum: 0.95, maxMomentum: 0.85);

        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("maxMomentum");
    }

    [Fact]
    public void ToString_ShowsEveryParameter()
    {
        new OneCycle(0.1, 100).ToString().Should().Be(
            "OneCycle(maxLearningRate: 0.1, totalSteps: 100, pctStart: 0.3, annealStrategy: Cosine, divFactor: 25, finalDivFactor: 10000, threePhase: false, baseMomentum: 0.85, maxMomentum: 0.95)");
    }
}
