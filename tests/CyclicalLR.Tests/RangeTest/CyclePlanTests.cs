namespace CyclicalLR.Tests;

public sealed class CyclePlanTests
{
    [Fact]
    public void Create_Cifar10_MatchesPaper()
    {
        // Smith, section 3.2: CIFAR-10, 50,000 training images, batch 100 -> 500 iterations per epoch; stepsize = 2000.
        var plan = CyclePlan.Create(datasetSize: 50_000, batchSize: 100);
        plan.IterationsPerEpoch.Should().Be(500);
        plan.EpochsPerStep.Should().Be(4);
        plan.StepSize.Should().Be(2000);
        plan.CycleLength.Should().Be(4000);
        plan.Cycles.Should().Be(4);
        plan.TotalIterations.Should().Be(16_000);
        plan.TotalEpochs.Should().Be(32);
        plan.ToString().Should().Be("CyclePlan(500 iterations/epoch, stepSize: 2000 (4 epochs), 4 cycles, 16000 iterations = 32 epochs)");
    }

    [Fact]
    public void ToTriangular_Cifar10_EndsAtBaseAtTheLastIteration()
    {
        var plan = CyclePlan.Create(50_000, 100);
        var schedule = plan.ToTriangular(0.001, 0.006);
        schedule.StepSize.Should().Be(2000);
        schedule.GetLearningRate(plan.TotalIterations).Should().Be(0.001, "training stops at the end of a cycle");
        schedule.GetLearningRate(plan.TotalIterations - plan.StepSize).Should().BeApproximately(0.006, 1e-15);
    }

    [Fact]
    public void ToTriangular_FromSuggestion_UsesPlanStepSize()
    {
        var s = SyntheticCurves.AccuracyTest().Run(SyntheticCurves.Accuracy).Suggestion!;
        var schedule = CyclePlan.Create(50_000, 100).ToTriangular(s);
        schedule.BaseLearningRate.Should().Be(s.BaseLearningRate);
        schedule.StepSize.Should().Be(2000);
        var act = () => CyclePlan.Create(50_000, 100).ToTriangular((LrBoundsSuggestion)null!);
        act.Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("suggestion");
    }

    [Theory]
    [InlineData(50_001, 100, false, 501)]
    [InlineData(50_001, 100, true, 500)]
    [InlineData(50_099, 100, true, 500)]
    [InlineData(1, 100, false, 1)]
    [InlineData(100, 100, true, 1)]
    [InlineData(60_000, 64, false, 938)]
    [InlineData(60_000, 64, true, 937)]
    public void Create_PartialLastBatch_CeilingUnlessDropLast(long dataset, int batch, bool dropLast, long expected)
    {
        CyclePlan.Create(dataset, batch, dropLast: dropLast).IterationsPerEpoch.Should().Be(expected);
    }

    [Theory]
    [InlineData(2.0, 1000)]
    [InlineData(8.0, 4000)]
    [InlineData(2.5, 1250)]
    [InlineData(3.001, 1501)] // 1500.5 rounds away from zero
    public void Create_EpochsPerStepInRange_RoundsStepSize(double epochs, long step)
    {
        var plan = CyclePlan.Create(50_000, 100, epochs);
        plan.StepSize.Should().Be(step);
        plan.TotalIterations.Should().Be(4 * 2 * step);
        (plan.TotalIterations % plan.CycleLength).Should().Be(0);
    }

    [Theory]
    [InlineData(1.999)]
    [InlineData(8.001)]
    [InlineData(1)]
    [InlineData(20)]
    public void Create_EpochsPerStepOutsideSmithRange_NeedsOptIn(double epochs)
    {
        var act = () => CyclePlan.Create(50_000, 100, epochs);
        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("epochsPerStep");
        CyclePlan.Create(50_000, 100, epochs, allowOutOfRange: true).EpochsPerStep.Should().Be(epochs);
    }

    [Fact]
    public void Create_TinyStep_AtLeastOneIteration()
    {
        CyclePlan.Create(10, 10, 0.01, allowOutOfRange: true).StepSize.Should().Be(1);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(1)]
    public void Create_FewerThanFourCycles_NeedsOptIn(int cycles)
    {
        var act = () => CyclePlan.Create(50_000, 100, cycles: cycles);
        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("cycles");
        CyclePlan.Create(50_000, 100, cycles: cycles, allowOutOfRange: true).TotalIterations.Should().Be(cycles * 4000L);
    }

    [Theory]
    [InlineData(0L, 100, 4.0, 4, "datasetSize")]
    [InlineData(-1L, 100, 4.0, 4, "datasetSize")]
    [InlineData(50_000L, 0, 4.0, 4, "batchSize")]
    [InlineData(50_000L, -100, 4.0, 4, "batchSize")]
    [InlineData(50_000L, 100, double.NaN, 4, "epochsPerStep")]
    [InlineData(50_000L, 100, double.PositiveInfinity, 4, "epochsPerStep")]
    [InlineData(50_000L, 100, 0.0, 4, "epochsPerStep")]
    [InlineData(50_000L, 100, -4.0, 4, "epochsPerStep")]
    [InlineData(50_000L, 100, 4.0, 0, "cycles")]
    [InlineData(50_000L, 100, 4.0, -4, "cycles")]
    public void Create_BadArguments_ThrowNamingParameter(long dataset, int batch, double epochs, int cycles, string name)
    {
        foreach (var optIn in new[] { false, true })
        {
            var act = () => CyclePlan.Create(dataset, batch, epochs, cycles, allowOutOfRange: optIn);
            act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be(name);
        }
    }

    [Fact]
    public void Create_DropLastWithDatasetBelowBatch_Throws()
    {
        var act = () => CyclePlan.Create(99, 100, dropLast: true);
        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("datasetSize");
    }

    [Fact]
    public void Create_TotalOverflowingLong_Throws()
    {
        var act = () => CyclePlan.Create(long.MaxValue, 1, 8, int.MaxValue);
        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("datasetSize");
        var big = CyclePlan.Create(long.MaxValue / 128, 1, 8, 4);
        big.TotalIterations.Should().BePositive();
    }

    [Theory]
    [InlineData(long.MaxValue, 1, 4.0, 4, false, "is too large for a plan: datasetSize")]
    [InlineData(1_000_000_000_000, 1, 8.0, int.MaxValue, false, "is too large: datasetSize")]
    [InlineData(1_000_000_000_000, 1, 1e8, 4, true, "is too large: datasetSize")]
    public void Create_Overflow_SaysWhatIsTooLarge(long datasetSize, int batchSize, double epochsPerStep, int cycles, bool allowOutOfRange, string phrase)
    {
        var act = () => CyclePlan.Create(datasetSize, batchSize, epochsPerStep, cycles, allowOutOfRange);

        act.Should().Throw<ArgumentOutOfRangeException>().Which.Message.Should().Contain(phrase);
    }

    [Fact]
    public void Create_OutsideSmithsRange_SaysHowToAllowIt()
    {
        var epochs = () => CyclePlan.Create(50_000, 100, epochsPerStep: 9);
        var cycles = () => CyclePlan.Create(50_000, 100, cycles: 3);

        epochs.Should().Throw<ArgumentOutOfRangeException>().Which.Message.Should().Contain("must be from 2 to 8").And.Contain("allowOutOfRange: true");
        cycles.Should().Throw<ArgumentOutOfRangeException>().Which.Message.Should().Contain("must be at least 4").And.Contain("allowOutOfRange: true");
    }

    [Fact]
    public void ToExpRange_NullSuggestion_ThrowsArgumentNull()
    {
        var plan = CyclePlan.Create(50_000, 100);

        var act = () => plan.ToExpRange((LrBoundsSuggestion)null!, 0.999);

        act.Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("suggestion");
    }

    [Theory]
    [InlineData(long.MaxValue, 1, 4.0, 4, false, "datasetSize")]
    [InlineData(long.MaxValue / 16, 1, 8.0, 4, false, "datasetSize")]
    [InlineData(1L << 58, 1, 8.0, 4, false, "datasetSize")] // total 2^64: over long.MaxValue by a factor of 2, not 4
    [InlineData(1_000_000_000_000, 1, 8.0, int.MaxValue, false, "cycles")]
    [InlineData(1_000_000_000_000, 1, 1e8, 4, true, "epochsPerStep")]
    [InlineData(1_000_000_000_000, 1, 1e300, 1, true, "epochsPerStep")]
    public void Create_Overflow_NamesTheParameterToChange(long datasetSize, int batchSize, double epochsPerStep, int cycles, bool allowOutOfRange, string paramName)
    {
        var act = () => CyclePlan.Create(datasetSize, batchSize, epochsPerStep, cycles, allowOutOfRange);

        var exception = act.Should().Throw<ArgumentOutOfRangeException>().Which;
        exception.ParamName.Should().Be(paramName);
        exception.Message.Should().Contain(datasetSize.ToString(System.Globalization.CultureInfo.InvariantCulture)).And.Contain("overflows");
    }

    [Fact]
    public void Create_TotalOfExactlyTwoToThe63_ThrowsAndJustBelowFits()
    {
        // 2^57 iterations per epoch, 8 epochs per step, 4 cycles: 4 * 2 * 2^60 = 2^63, one more than long.MaxValue.
        var act = () => CyclePlan.Create(1L << 57, 1, 8, 4);
        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("datasetSize");

        // The check runs in double; 2^57 - 16 is the largest size below 2^57 that a double holds exactly.
        var largest = CyclePlan.Create((1L << 57) - 16, 1, 8, 4);
        largest.StepSize.Should().Be((1L << 60) - 128);
        largest.TotalIterations.Should().Be(long.MaxValue - 1023);
    }

    [Fact]
    public void Create_DefaultPlanOnHugeDataset_BlamesDatasetSizeNotTheDefaultEpochsPerStep()
    {
        // Issue 11: CyclePlan.Create(long.MaxValue, 1) used to name epochsPerStep, which the caller never passed.
        var act = () => CyclePlan.Create(long.MaxValue, 1);

        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("datasetSize");
    }

    [Fact]
    public void ToEveryPolicy_UsesPlanStepSizeAndBounds()
    {
        var plan = CyclePlan.Create(50_000, 100);
        var t2 = plan.ToTriangular2(0.001, 0.006);
        var exp = plan.ToExpRange(0.001, 0.006, 0.99994);
        var custom = plan.ToCyclicalSchedule(0.001, 0.006, static c => 1.0 / c, ScaleMode.Cycle);

        (t2.StepSize, t2.StepSizeDown, t2.BaseLearningRate, t2.MaxLearningRate).Should().Be((2000L, 2000L, 0.001, 0.006));
        (exp.StepSize, exp.Gamma, exp.MaxLearningRate).Should().Be((2000L, 0.99994, 0.006));
        (custom.StepSize, custom.ScaleMode).Should().Be((2000L, ScaleMode.Cycle));
        t2.GetLearningRate(plan.TotalIterations).Should().Be(0.001);
        ((Action)(() => plan.ToExpRange(0.001, 0.006, 1.5))).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("gamma");
    }

    [Fact]
    public void ToEveryPolicy_FromSuggestionAndResult_UsesSuggestedBounds()
    {
        var result = SyntheticCurves.AccuracyTest().Run(SyntheticCurves.Accuracy);
        var s = result.Suggestion!;
        var plan = CyclePlan.Create(50_000, 100);

        foreach (var schedule in new ICyclicalSchedule[]
        {
            plan.ToTriangular(result), plan.ToTriangular2(s), plan.ToTriangular2(result), plan.ToExpRange(s, 0.999),
            plan.ToExpRange(result, 0.999), plan.ToCyclicalSchedule(result, static _ => 1.0, ScaleMode.Iterations),
        })
        {
            (schedule.BaseLearningRate, schedule.MaxLearningRate).Should().Be((s.BaseLearningRate, s.MaxLearningRate));
            schedule.GetLearningRate(plan.StepSize).Should().BeApproximately(schedule is ExpRange ? s.BaseLearningRate + ((s.MaxLearningRate - s.BaseLearningRate) * Math.Pow(0.999, 2000)) : s.MaxLearningRate, 1e-15);
        }

        ((Action)(() => plan.ToTriangular2((LrBoundsSuggestion)null!))).Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("suggestion");
        ((Action)(() => plan.ToExpRange((LrRangeTestResult)null!, 0.9))).Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("result");
    }

    [Fact]
    public void ToEveryPolicy_ResultWithoutSuggestion_ThrowsWithTheReason()
    {
        var recorder = new LrRangeTest(0.1, 1, 20).Start();
        recorder.Record(0.1);
        recorder.Record(double.NaN);
        var result = recorder.GetResult();
        result.Suggestion.Should().BeNull();
        var plan = CyclePlan.Create(50_000, 100);

        foreach (var act in new Action[]
        {
            () => plan.ToTriangular(result), () => plan.ToTriangular2(result), () => plan.ToExpRange(result, 0.999),
            () => plan.ToCyclicalSchedule(result, static _ => 1.0, ScaleMode.Cycle),
        })
        {
            var exception = act.Should().Throw<ArgumentException>().Which;
            exception.Should().NotBeOfType<ArgumentNullException>();
            exception.ParamName.Should().Be("result");
            exception.Message.Should().Contain("The range test suggests no bounds: " + result.NoSuggestionReason);
        }
    }
}
