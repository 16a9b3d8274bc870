using System.Numerics;
using Xunit.Abstractions;

namespace CyclicalLR.Tests;

/// <summary>
/// The schedules beyond the paper against <see cref="ReferenceFormula"/> (independent 256-bit arithmetic, with its own
/// Taylor-series sine and unbounded-integer SGDR cycles): landmarks out to <see cref="long.MaxValue"/>, SGDR restarts
/// at cycle starts of 2^40 scale and beyond, and dense sweeps of the first cycles.
/// </summary>
public sealed class FamilyReferenceTests(ITestOutputHelper output)
{
    /// <summary>At most this many ulps of the reference value (one correct rounding is 0.5 ulp) for the linear and geometric schedules.</summary>
    private const double MaxUlps = 4;

    /// <summary>
    /// The cosine's bound: <c>s = sin(pi/2 * t)</c> carries the rounding of <c>t</c>, of the product and of the sine
    /// (about 2.5 ulps), its square twice that plus one rounding, then the product with the amplitude and the sum:
    /// 8 ulps covers the worst case (5 is observed).
    /// </summary>
    private const double MaxCosineUlps = 8;

    /// <summary>The reference's own absolute accuracy: its 256-bit Taylor sum is exact to about 1e-76, so where the true value is 0 it may give 1e-77.</summary>
    private const double ReferenceAbsoluteError = 1e-70;

    public static TheoryData<double, double, long> CosineAnnealingCases => new()
    {
        { 0.1, 0.001, 50 },
        { 1.0, 0.0, 1 },
        { 0.05, 0.0, 3 },
        { 0.1, 1e-6, 1L << 40 },
        { 0.3, 0.0, 1_000_000_007 },
        { 0.3, 0.0, long.MaxValue / 2 },
    };

    public static TheoryData<double, long, long, double> WarmRestartCases => new()
    {
        { 0.1, 10, 1, 0.0 },
        { 0.1, 5, 2, 0.001 },
        { 0.05, 7, 3, 0.0 },
        { 1.0, 1, 2, 0.0 },
        { 0.1, 3, long.MaxValue, 0.0 },
        { 0.1, 1_000_000_007, 1, 1e-4 },
        { 0.2, 1L << 40, 2, 0.01 },
    };

    [Fact]
    public void Reference_Sine_MatchesMathSinAtKnownPoints()
    {
        foreach (var x in new[] { 0.0, 0.5, 1.0, -1.25, Math.PI / 2, 3.0, -4.5 })
        {
            ReferenceFormula.Sin(BigFloat.FromDouble(x)).ToDouble().Should().BeApproximately(Math.Sin(x), 2e-16);
        }

        ReferenceFormula.Pi.ToDouble().Should().Be(Math.PI);
    }

    [Fact]
    public void SineKernel_QuarterTurn_WithinOneUlpOfTheReference()
    {
        var worst = 0.0;
        for (var k = 0; k <= 20_000; k++)
        {
            // Dense in [0, pi/4], and geometric towards 0 where the relative error matters most.
            foreach (var x in new[] { Math.PI / 4 * k / 20_000, Math.PI / 4 * Math.Pow(2, -k / 400.0) })
            {
                var expected = ReferenceFormula.Sin(BigFloat.FromDouble(x));
                var actual = Ramp.SinQuarter(x);
                var error = BigFloat.FromDouble(actual) - expected;
                var e = expected.ToDouble();
                var ulps = Math.Abs(error.ToDouble()) / (Math.BitIncrement(e) - e);
                worst = Math.Max(worst, ulps);
            }
        }

        output.WriteLine($"sine kernel: worst {worst:R} ulps");
        worst.Should().BeLessThan(1.0);
    }

    [Theory]
    [MemberData(nameof(CosineAnnealingCases))]
    public void CosineAnnealing_LandmarksAndFirstCycles_MatchReference(double max, double min, long period)
    {
        var schedule = new CosineAnnealing(max, min, period);
        var p = period;
        var landmarks = new[] { 0, 1, p / 2, p - 1, p, p + 1, (3 * (p / 2)) + 1, (2 * p) - 1, 2 * p, (2 * p) + 1, 3 * p, 1_000_000_000_000, long.MaxValue - 1, long.MaxValue }
            .Where(i => i >= 0);
        var stride = Math.Max(1, Math.Min(p / 4_000 * 3, long.MaxValue / 4_000));
        var sweep = Enumerable.Range(0, 4_000).Select(k => k * stride);

        var worst = Check(schedule.ToString(), landmarks.Concat(sweep).Distinct(), schedule.GetLearningRate, i => ReferenceFormula.CosineAnnealing(max, min, period, i), MaxCosineUlps);

        schedule.GetLearningRate(0).Should().Be(max);
        schedule.GetLearningRate(period).Should().Be(min);
        output.WriteLine($"{schedule}: worst {worst:R} ulps");
    }

    [Theory]
    [MemberData(nameof(WarmRestartCases))]
    public void CosineWarmRestarts_AroundEveryRestart_MatchesReference(double max, long first, long multiplier, double min)
    {
        var schedule = new CosineWarmRestarts(max, first, multiplier, min);
        var iterations = new List<long> { 0, 1, first - 1, long.MaxValue - 1, long.MaxValue };
        for (var k = 0; k < 64; k++)
        {
            var start = multiplier == 1 ? (BigInteger)first * k * 1_000_003 : Start(first, multiplier, k);
            if (start > long.MaxValue)
            {
                break;
            }

            var length = multiplier == 1 ? first : first * BigInteger.Pow(multiplier, k);
            foreach (var i in new[] { start - 1, start, start + 1, start + (length / 3), start + (length / 2), start + length - 2, start + length - 1 })
            {
                if (i >= 0 && i <= long.MaxValue)
                {
                    iterations.Add((long)i);
                }
            }
        }

        iterations.AddRange(Enumerable.Range(0, 2_000).Select(k => (long)k));

        var worst = Check(schedule.ToString(), iterations.Distinct(), schedule.GetLearningRate, i => ReferenceFormula.CosineWarmRestarts(max, min, first, multiplier, i), MaxCosineUlps);

        output.WriteLine($"{schedule}: {iterations.Count} iterations, worst {worst:R} ulps");
    }

    [Theory]
    [MemberData(nameof(WarmRestartCases))]
    public void GetCycleStart_EveryCycle_IsTheExactRestartAndValueIsMaxThere(double max, long first, long multiplier, double min)
    {
        var schedule = new CosineWarmRestarts(max, first, multiplier, min);
        var checkedStarts = 0;
        for (long k = 0; k < 200; k++)
        {
            var expected = multiplier == 1 ? (BigInteger)first * k : Start(first, multiplier, (int)k);
            var actual = schedule.GetCycleStart(k);
            if (expected > long.MaxValue)
            {
                actual.Should().BeNull($"cycle {k} starts past long.MaxValue");
                continue;
            }

            actual.Should().Be((long)expected, $"cycle {k}");
            schedule.GetLearningRate(actual!.Value).Should().Be(max, $"a restart at cycle {k}");
            if (k > 0 && actual - schedule.GetCycleStart(k - 1) > 1)
            {
                schedule.GetLearningRate(actual.Value - 1).Should().BeLessThan(max, $"the end of cycle {k - 1}").And.BeGreaterThanOrEqualTo(min);
            }

            checkedStarts++;
        }

        checkedStarts.Should().BeGreaterThan(1);
        var act = () => schedule.GetCycleStart(-1);
        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("cycle");
    }

    [Fact]
    public void CosineWarmRestarts_CycleStartsAt2To40Scale_AreExact()
    {
        var schedule = new CosineWarmRestarts(0.1, 5, 2, 0.001);

        // S_40 = 5 * (2^40 - 1): the 41st restart, where PyTorch's float logarithm decides the cycle.
        var start = 5 * ((1L << 40) - 1);
        schedule.GetCycleStart(40).Should().Be(start);
        schedule.GetLearningRate(start).Should().Be(0.1);
        schedule.GetLearningRate(start - 1).Should().Be(ReferenceFormula.CosineWarmRestarts(0.1, 0.001, 5, 2, start - 1));
        ReferenceFormula.WarmRestartCycle(5, 2, start - 1).Should().Be(((BigInteger)5 * ((1L << 39) - 1), (BigInteger)5 << 39));
    }

    [Theory]
    [InlineData(1, 3, 121)]
    [InlineData(1, 10, 111)]
    [InlineData(1, 2, 281_474_976_710_654)]
    public void CosineWarmRestarts_WherePyTorchsFloatLogarithmMisplacesTheCycle_IsExact(long first, long multiplier, long iteration)
    {
        var schedule = new CosineWarmRestarts(0.1, first, multiplier, 0.001);

        // PyTorch 1.13: n = int(math.log(epoch / T_0 * (T_mult - 1) + 1, T_mult)); log(243, 3) is 4.999999999999999.
        var pyTorchCycle = (long)Math.Log(((double)iteration / first * (multiplier - 1)) + 1, multiplier);
        var (start, _) = ReferenceFormula.WarmRestartCycle(first, multiplier, iteration);
        var exactCycle = Enumerable.Range(0, 64).Last(k => schedule.GetCycleStart(k) is { } s && s <= iteration);

        pyTorchCycle.Should().NotBe(exactCycle, "this is a place where PyTorch's float logarithm is off by one");
        schedule.GetCycleStart(exactCycle).Should().Be((long)start);
        schedule.GetLearningRate(iteration).Should().Be(ReferenceFormula.CosineWarmRestarts(0.1, 0.001, first, multiplier, iteration));
    }

    [Theory]
    [InlineData(0.1, 0.95)]
    [InlineData(1.0, 0.5)]
    [InlineData(0.3, 0.9999999)]
    public void Decays_Landmarks_MatchReference(double lr, double gamma)
    {
        var exponential = new ExponentialDecay(lr, gamma);
        var step = new StepDecay(lr, 7, gamma);
        var multi = new MultiStepDecay(lr, [9, 3, 3, 1_000_000], gamma);
        long[] iterations = [0, 1, 2, 3, 6, 7, 8, 9, 59, 100, 1_000, 999_999, 1_000_000, 123_456_789, 1L << 40, long.MaxValue];

        Check(exponential.ToString(), iterations, exponential.GetLearningRate, i => ReferenceFormula.Geometric(lr, gamma, i));
        Check(step.ToString(), iterations, step.GetLearningRate, i => ReferenceFormula.Geometric(lr, gamma, i / 7));
        Check(multi.ToString(), iterations, multi.GetLearningRate, i => ReferenceFormula.Geometric(lr, gamma, new long[] { 3, 3, 9, 1_000_000 }.Count(m => m <= i)));
    }

    [Theory]
    [InlineData(0.001, 0.1, 10)]
    [InlineData(0.1, 0.0, 7)]
    [InlineData(0.006, 0.001, 2000)]
    [InlineData(0.0, 1.0, long.MaxValue)]
    public void LinearRampAndPolynomialDecay_Sweep_MatchReference(double start, double end, long n)
    {
        var ramp = new LinearRamp(start, end, n);
        var squared = new PolynomialDecay(end, n, 2);
        var straight = new PolynomialDecay(start, n);
        var iterations = Enumerable.Range(0, 3_000).Select(k => (long)k).Concat([n / 3, n / 2, n - 2, n - 1, n, long.MaxValue]).Where(i => i >= 0).ToArray();

        Check(ramp.ToString(), iterations, ramp.GetLearningRate, i => ReferenceFormula.LinearRamp(start, end, n, i));
        Check(squared.ToString(), iterations, squared.GetLearningRate, i => ReferenceFormula.Polynomial(end, n, 2, i));
        Check(straight.ToString(), iterations, straight.GetLearningRate, i => ReferenceFormula.Polynomial(start, n, 1, i));
    }

    private static BigInteger Start(long first, long multiplier, int k) => first * (BigInteger.Pow(multiplier, k) - 1) / (multiplier - 1);

    private static double Check(string name, IEnumerable<long> iterations, Func<long, double> actual, Func<long, double> expected, double maxUlps = MaxUlps)
    {
        var worst = 0.0;
        var count = 0;
        foreach (var i in iterations)
        {
            var e = expected(i);
            var a = actual(i);
            var ulps = a == e || Math.Abs(a - e) <= ReferenceAbsoluteError ? 0 : Math.Abs(a - e) / Math.Max(Math.BitIncrement(Math.Abs(e)) - Math.Abs(e), double.Epsilon);
            ulps.Should().BeLessThanOrEqualTo(maxUlps, $"{name} at iteration {i}: actual {a:R}, reference {e:R}");
            worst = Math.Max(worst, ulps);
            count++;
        }

        count.Should().BeGreaterThan(5);
        return worst;
    }
}
