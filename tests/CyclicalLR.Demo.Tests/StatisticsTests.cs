namespace CyclicalLR.Demo.Tests;

public sealed class StatisticsTests
{
    [Fact]
    public void StudentTQuantile_ClosedForms_OneAndTwoDegreesOfFreedom()
    {
        // df 1 is Cauchy: t = tan(pi * (p - 1/2)); df 2: t = (2p - 1) / sqrt(2p(1 - p)); p = 0.975.
        Statistics.StudentTQuantile(0.95, 1).Should().BeApproximately(Math.Tan(Math.PI * 0.475), 1e-9);
        Statistics.StudentTQuantile(0.95, 2).Should().BeApproximately(0.95 / Math.Sqrt(2 * 0.975 * 0.025), 1e-11);
    }

    [Theory]
    [InlineData(3, 3.182446305284263)]
    [InlineData(4, 2.776445105197793)]
    [InlineData(9, 2.262157162740992)]
    [InlineData(19, 2.093024054408263)]
    [InlineData(30, 2.042272456301238)]
    public void StudentTQuantile_95Percent_MatchesTables(int degreesOfFreedom, double expected)
    {
        Statistics.StudentTQuantile(0.95, degreesOfFreedom).Should().BeApproximately(expected, 1e-10);
    }

    [Fact]
    public void StudentTCentralProbability_ThreeDegreesOfFreedom_ClosedForm()
    {
        // A(t|3) = (2/pi) (theta + sin(theta) cos(theta)), theta = atan(t / sqrt(3)); at t = sqrt(3), theta = pi/4.
        Statistics.StudentTCentralProbability(Math.Sqrt(3), 3).Should().BeApproximately((2 / Math.PI) * ((Math.PI / 4) + 0.5), 1e-15);
        Statistics.StudentTCentralProbability(0, 5).Should().Be(0);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void StudentTQuantile_BadConfidence_Throws(double level)
    {
        var act = () => Statistics.StudentTQuantile(level, 3);

        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("confidence");
    }

    [Fact]
    public void PairedDifference_FourSeeds_ByHand()
    {
        // Differences 0.01, 0.02, 0.03, 0: mean 0.015, sd sqrt(0.0005 / 3), t(0.975, 3) = 3.182446305284263.
        var difference = PairedDifference.Of([0.90, 0.92, 0.95, 0.91], [0.89, 0.90, 0.92, 0.91]);

        var halfWidth = 3.182446305284263 * Math.Sqrt(0.0005 / 3) / 2;
        difference.Mean.Should().BeApproximately(0.015, 1e-15);
        difference.Lower.Should().BeApproximately(0.015 - halfWidth, 1e-12);
        difference.Upper.Should().BeApproximately(0.015 + halfWidth, 1e-12);
        difference.Lower.Should().BeApproximately(-0.0055426, 1e-7);
        difference.Count.Should().Be(4);
        difference.Verdict.Should().Be("within noise: interval contains 0");
        difference.ToPoints().Should().Be("+1.50 points [-0.55, +3.55]");
    }

    [Fact]
    public void PairedDifference_VerdictComesFromTheInterval()
    {
        PairedDifference.Of([0.92, 0.93, 0.94], [0.90, 0.90, 0.90]).Verdict.Should().Be("better: interval above 0");
        PairedDifference.Of([0.90, 0.90, 0.90], [0.92, 0.93, 0.94]).Verdict.Should().Be("worse: interval below 0");
        PairedDifference.Of([0.9, 0.9], [0.9, 0.9]).Verdict.Should().Be("within noise: interval contains 0");
    }

    [Fact]
    public void PairedDifference_PairsBySeed_NotByPooling()
    {
        // Large spread between seeds, the same gain on each: pooled standard errors would call it noise, pairing does not.
        var difference = PairedDifference.Of([0.81, 0.91, 0.71], [0.80, 0.90, 0.70]);

        difference.Lower.Should().BeApproximately(0.01, 1e-12);
        difference.Upper.Should().BeApproximately(0.01, 1e-12);
        difference.Verdict.Should().Be("better: interval above 0");
    }

    [Fact]
    public void PairedDifference_OneSeed_NoInterval_MismatchThrows()
    {
        var one = PairedDifference.Of([0.9], [0.8]);
        one.HasInterval.Should().BeFalse();
        double.IsNaN(one.Lower).Should().BeTrue();
        one.Verdict.Should().Be("one seed: no interval");
        one.ToPoints().Should().Be("+10.00 points (one seed)");

        var act = () => PairedDifference.Of([0.9, 0.8], [0.8]);
        act.Should().Throw<ArgumentException>().WithParameterName("b");
    }
}
