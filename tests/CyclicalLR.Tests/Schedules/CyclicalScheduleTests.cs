using System.Collections.Concurrent;

namespace CyclicalLR.Tests;

public sealed class CyclicalScheduleTests
{
    public static TheoryData<string> BadScaleResults => new([.. TestValues.NonFinite.Keys, "-1", "-double.Epsilon"]);

    [Fact]
    public void Constructor_Parameters_AreExposed()
    {
        Func<long, double> scale = static x => 1.0 / x;
        var schedule = new CyclicalSchedule(0.001, 0.01, 3, scale, ScaleMode.Cycle, 2);

        (schedule.BaseLearningRate, schedule.MaxLearningRate, schedule.StepSize, schedule.StepSizeDown, schedule.CycleLength, schedule.ScaleMode)
            .Should().Be((0.001, 0.01, 3L, 2L, 5L, ScaleMode.Cycle));
        schedule.Scale.Should().BeSameAs(scale);
    }

    [Fact]
    public void Constructor_NullScale_ThrowsArgumentNullNamingScale()
    {
        var act = () => new CyclicalSchedule(0.001, 0.01, 3, null!, ScaleMode.Cycle);

        act.Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("scale");
    }

    [Theory]
    [InlineData(2)]
    [InlineData(-1)]
    [InlineData(int.MaxValue)]
    public void Constructor_UndefinedScaleMode_ThrowsNamingScaleMode(int mode)
    {
        var act = () => new CyclicalSchedule(0.001, 0.01, 3, static _ => 1.0, (ScaleMode)mode);

        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*must be ScaleMode.Cycle or ScaleMode.Iterations.*").Which.ParamName.Should().Be("scaleMode");
    }

    [Fact]
    public void GetLearningRate_CycleMode_ScaleReceivesOneBasedCycleNumber()
    {
        var seen = new ConcurrentQueue<long>();
        var schedule = new CyclicalSchedule(0.0, 1.0, 3, x => { seen.Enqueue(x); return 1.0; }, ScaleMode.Cycle, 2);

        foreach (var i in new long[] { 0, 4, 5, 9, 10, long.MaxValue })
        {
            schedule.GetLearningRate(i);
        }

        seen.Should().Equal(1, 1, 2, 2, 3, (long.MaxValue / 5) + 1);
    }

    [Fact]
    public void GetLearningRate_IterationsMode_ScaleReceivesTheIteration()
    {
        var seen = new ConcurrentQueue<long>();
        var schedule = new CyclicalSchedule(0.0, 1.0, 3, x => { seen.Enqueue(x); return 1.0; }, ScaleMode.Iterations);

        foreach (var i in new long[] { 0, 4, 5, 9, long.MaxValue })
        {
            schedule.GetLearningRate(i);
        }

        seen.Should().Equal(0, 4, 5, 9, long.MaxValue);
    }

    [Fact]
    public void GetLearningRate_HalvingScaleByCycle_EqualsTriangular2()
    {
        var custom = new CyclicalSchedule(0.001, 0.01, 3, static x => Math.ScaleB(1.0, -(int)Math.Min(x - 1, 2000)), ScaleMode.Cycle, 2);
        var triangular2 = new Triangular2(0.001, 0.01, 3, 2);

        foreach (var i in Enumerable.Range(0, 200).Select(i => (long)i).Append(long.MaxValue))
        {
            custom.GetLearningRate(i).Should().Be(triangular2.GetLearningRate(i), $"iteration {i}");
        }
    }

    [Fact]
    public void GetLearningRate_GammaPowerByIteration_EqualsExpRange()
    {
        var custom = new CyclicalSchedule(0.001, 0.01, 3, static x => Math.Pow(0.95, x), ScaleMode.Iterations, 6);
        var expRange = new ExpRange(0.001, 0.01, 3, 0.95, 6);

        foreach (var i in Enumerable.Range(0, 200).Select(i => (long)i).Append(long.MaxValue))
        {
            custom.GetLearningRate(i).Should().Be(expRange.GetLearningRate(i), $"iteration {i}");
        }
    }

    [Theory]
    [MemberData(nameof(BadScaleResults))]
    public void GetLearningRate_ScaleReturnsNonFiniteOrNegative_ThrowsInvalidOperation(string result)
    {
        var value = result switch
        {
            "-1" => -1.0,
            "-double.Epsilon" => -double.Epsilon,
            _ => TestValues.NonFinite[result],
        };
        var schedule = new CyclicalSchedule(0.001, 0.01, 3, _ => value, ScaleMode.Cycle);
        var momentum = new CyclicalMomentum(schedule);

        ((Action)(() => schedule.GetLearningRate(1))).Should().Throw<InvalidOperationException>().WithMessage("*scale function*cycle 1*");
        ((Action)(() => schedule.GetAmplitudeFraction(0))).Should().Throw<InvalidOperationException>();
        ((Action)(() => momentum.GetMomentum(2))).Should().Throw<InvalidOperationException>();
    }

    [Theory]
    [InlineData(1e300, 1e10)]
    [InlineData(double.MaxValue, 10.0)]
    [InlineData(1e308, 10.0)]
    [InlineData(double.MaxValue, double.MaxValue)]
    public void GetLearningRate_ScaleFiniteButHuge_ThrowsInvalidOperationInsteadOfInfinity(double result, double maxLearningRate)
    {
        var schedule = new CyclicalSchedule(0.001, maxLearningRate, 3, _ => result, ScaleMode.Cycle);

        schedule.GetLearningRate(0).Should().Be(0.001, "at a cycle's start the scaled amplitude is 0 * huge = 0");
        schedule.GetAmplitudeFraction(3).Should().Be(result, "the fraction itself is finite");
        var act = () => schedule.GetLearningRate(3);

        act.Should().Throw<InvalidOperationException>().WithMessage("*iteration 3 is not finite*for cycle 1*");
    }

    [Fact]
    public void GetLearningRate_BadScaleInEachMode_MessageNamesValueAndTheArgumentItGot()
    {
        var byIteration = new CyclicalSchedule(0.5, 2.5, 3, static x => x == 7 ? -0.25 : 1.0, ScaleMode.Iterations);
        ((Action)(() => byIteration.GetLearningRate(7))).Should().Throw<InvalidOperationException>()
            .WithMessage("The scale function returned -0.25 for iteration 7; it must return a finite number greater than or equal to 0.");

        var byCycle = new CyclicalSchedule(0.5, 2.5, 3, static x => x == 3 ? double.NaN : 1.0, ScaleMode.Cycle, 2);
        ((Action)(() => byCycle.GetAmplitudeFraction(10))).Should().Throw<InvalidOperationException>()
            .WithMessage("The scale function returned NaN for cycle 3; it must return a finite number greater than or equal to 0.");
    }

    [Fact]
    public void GetLearningRate_RateNotFiniteInEachMode_MessageNamesIterationScaleAndAmplitude()
    {
        var byIteration = new CyclicalSchedule(0.5, 2.5, 3, static x => x == 9 ? double.MaxValue : 1.0, ScaleMode.Iterations);
        ((Action)(() => byIteration.GetLearningRate(9))).Should().Throw<InvalidOperationException>().WithMessage(
            "The learning rate at iteration 9 is not finite: the scale function returned 1.7976931348623157E+308 for iteration 9, too large for the amplitude 2.");

        // Iteration 13 is the peak of cycle 3 (zero-based index 2) of a 3 + 2 cycle.
        var byCycle = new CyclicalSchedule(0.5, 2.5, 3, static x => x == 3 ? 1e308 : 1.0, ScaleMode.Cycle, 2);
        ((Action)(() => byCycle.GetLearningRate(13))).Should().Throw<InvalidOperationException>().WithMessage(
            "The learning rate at iteration 13 is not finite: the scale function returned 1E+308 for cycle 3, too large for the amplitude 2.");
    }

    [Fact]
    public void GetLearningRate_ScaleLargeButRateFinite_ReturnsIt()
    {
        var schedule = new CyclicalSchedule(0.0, 1.0, 1, static _ => 1e300, ScaleMode.Cycle);

        schedule.GetLearningRate(1).Should().Be(1e300);
    }

    [Fact]
    public void GetLearningRate_NegativeIteration_ThrowsBeforeCallingScale()
    {
        var calls = 0;
        var schedule = new CyclicalSchedule(0.001, 0.01, 3, _ => { Interlocked.Increment(ref calls); return 1.0; }, ScaleMode.Iterations);

        var act = () => schedule.GetLearningRate(-1);

        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("iteration");
        calls.Should().Be(0);
    }

    [Fact]
    public void GetLearningRate_ScaleZero_IsBase()
    {
        var schedule = new CyclicalSchedule(0.001, 0.01, 3, static _ => 0.0, ScaleMode.Cycle);

        new long[] { 0, 1, 3, 5 }.Select(schedule.GetLearningRate).Should().AllBeEquivalentTo(0.001);
    }

    [Fact]
    public void ToString_CommaDecimalCulture_ShowsParametersInvariantly()
    {
        var schedule = new CyclicalSchedule(0.001, 0.01, 3, static x => 1.0 / x, ScaleMode.Iterations, 2);

        var text = TestValues.WithCulture(TestValues.CommaDecimalCulture(), schedule.ToString);

        text.Should().Be("CyclicalSchedule(baseLearningRate: 0.001, maxLearningRate: 0.01, stepSize: 3, stepSizeDown: 2, scaleMode: Iterations)");
    }
}
