namespace CyclicalLR.Demo.Tests;

/// <summary>
/// Every option with 0, -1, NaN, huge, empty, missing and duplicated values, alone and after <c>--quick</c>, through the
/// parser and then the plan on the embedded digits: each command line is either accepted with a plan inside the demo's
/// limits, or rejected with an <see cref="OptionException"/> of one line that names the option. Nothing else is thrown.
/// </summary>
public sealed class OptionsFuzzTests
{
    private static readonly DataSplit Digits = DigitsData.Load();

    private static readonly string[] ValueOptions =
    [
        "--seed", "--seeds", "--out", "--data", "--train-limit", "--hidden", "--batch", "--epochs-per-step", "--cycles",
        "--range-epochs", "--range-min-lr", "--range-max-lr", "--fixed-lr", "--threads",
    ];

    private static readonly string[] Values =
    [
        "0", "-1", "1", "NaN", "-NaN", "Infinity", "-Infinity", "1e-320", "0.5", "2147483647", "2147483648", "-2147483648",
        "9223372036854775807", "1e300", "1e40", "3.5e38", "1e9", "1e6", "65536", "", " 1", "1,5", "0x10", "abc",
    ];

    public static TheoryData<string[]> CommandLines()
    {
        var data = new TheoryData<string[]>();
        foreach (var option in ValueOptions)
        {
            data.Add([option]); // missing value
            data.Add([option, "--quick"]); // missing value before another option
            data.Add([option, "1", option, "1"]); // duplicated
            foreach (var value in Values)
            {
                data.Add([option, value]);
                data.Add(["--quick", option, value]);
            }
        }

        data.Add(["--quick", "--quick"]);
        data.Add(["--help", "-h"]);
        data.Add(["--seed", "2147483647", "--seeds", "2"]);
        data.Add(["--seed", "2147483646", "--seeds", "2"]);
        data.Add(["--cycles", "1000", "--epochs-per-step", "1e5"]);
        data.Add(["--range-min-lr", "3e38", "--range-max-lr", "3.4e38"]);
        return data;
    }

    [Theory]
    [MemberData(nameof(CommandLines))]
    public void ParseThenPlan_AnyCommandLine_PlanWithinLimitsOrOneLineOptionError(string[] args)
    {
        DemoPlan plan;
        DemoOptions options;
        try
        {
            options = DemoOptionsParser.Parse(args);
            if (options.DataDirectory is not null)
            {
                return; // the data folder's own rules are tested in IdxReaderTests and CommandLineTests.
            }

            plan = DemoPlan.Create(options, Digits);
        }
        catch (OptionException ex)
        {
            ex.Message.Should().NotContain("\n").And.MatchRegex("--[a-z]");
            return;
        }

        plan.RangeIterations.Should().BeInRange(LrRangeTest.MinimumIterations, DemoOptions.MaxRangeIterations);
        plan.Cycles.TotalIterations.Should().BeInRange(1, DemoOptions.MaxIterationsPerRun);
        plan.Seeds.Should().HaveCount(options.Seeds).And.OnlyContain(s => s >= 0);
        plan.EvaluateAt.Should().HaveCountLessThanOrEqualTo((32 * options.Cycles) + 2); // every floor(step / 8) iterations, plus the end
        var concurrent = Math.Min(options.Threads, (long)options.Seeds * DemoPlan.RunsPerSeed(options.Cycles));
        (Mlp.ParameterCount(Digits.Train.FeatureCount, options.Hidden, Digits.Train.ClassCount) * concurrent).Should().BeLessThanOrEqualTo(DemoOptions.MaxParameters);
        options.BatchSize.Should().BeLessThanOrEqualTo(Digits.Train.Count);
        foreach (var rate in new[] { options.RangeMinLearningRate, options.RangeMaxLearningRate, options.FixedLearningRate ?? 1 })
        {
            rate.Should().BeGreaterThan(0).And.BeLessThanOrEqualTo(float.MaxValue);
        }

        // What the plan accepts, the library accepts.
        var schedule = new Triangular(options.RangeMinLearningRate, options.RangeMaxLearningRate, plan.Cycles.StepSize);
        schedule.GetLearningRate(plan.Cycles.TotalIterations).Should().BeLessThanOrEqualTo(float.MaxValue);
        var act = () => new LrRangeTest(options.RangeMinLearningRate, options.RangeMaxLearningRate, plan.RangeIterations);
        act.Should().NotThrow();
    }

    [Theory]
    [InlineData("--hidden", "666666", true)]
    [InlineData("--hidden", "666667", false)]
    [InlineData("--batch", "1437", true)]
    [InlineData("--batch", "1438", false)]
    [InlineData("--seeds", "100", true)]
    [InlineData("--cycles", "1000", true)]
    public void ParseThenPlan_AtTheLimit_AcceptedJustPastIt_Rejected(string option, string value, bool accepted)
    {
        var act = () => DemoPlan.Create(DemoOptionsParser.Parse([option, value, "--threads", "1"]), Digits);

        if (accepted)
        {
            act.Should().NotThrow();
        }
        else
        {
            act.Should().Throw<OptionException>().WithMessage($"{option} {value} *");
        }
    }

    [Theory]
    [InlineData(2, 1, 10, true)]
    [InlineData(1, 2, 11, true)] // 11 threads, but only 9 runs (1 seed x (3 shared + 3 x 2 budgets)) to train at once
    [InlineData(2, 1, 11, false)] // 12 runs (2 seeds x 6 policies x 1 budget), 11 at once
    public void ParseThenPlan_HiddenTimesThreads_BoundedByTheRunsTrainedAtOnce(int seeds, int cycles, int threads, bool accepted)
    {
        // 66666 hidden units on the digits: 4,999,960 weights; ten such networks at once fit the 50,000,000 limit, eleven not.
        string[] args = ["--hidden", "66666", "--seeds", $"{seeds}", "--cycles", $"{cycles}", "--threads", $"{threads}"];
        var act = () => DemoPlan.Create(DemoOptionsParser.Parse(args), Digits);

        if (accepted)
        {
            act.Should().NotThrow();
        }
        else
        {
            act.Should().Throw<OptionException>().WithMessage("--hidden 66666 gives networks of 4999960 weights for 64 inputs and 10 classes, 11 trained at once (--threads 11)*use --hidden 60605 or less, or fewer --threads.");
        }
    }

    [Fact]
    public void Plan_ImagesTooLargeForAnyNetwork_InvalidDataNamesThePixels()
    {
        // 50 networks at once leave 1,000,000 weights each; one hidden unit over 1,000,000 pixels needs 1,000,005.
        var wide = new Dataset("wide", new float[10 * 1_000_000], [0, 1, 0, 1, 0, 1, 0, 1, 0, 1], 1_000_000, 2);

        var act = () => DemoPlan.Create(DemoOptionsParser.Parse(["--hidden", "1", "--batch", "4", "--seeds", "10", "--threads", "50"]), Digits with { Train = wide });

        act.Should().Throw<InvalidDataException>().WithMessage("The images have 1000000 pixels: even one hidden unit gives more than the 50000000 weights the demo allows for 50 networks trained at once.");
    }

    [Fact]
    public void Plan_TooFewTrainingImages_InvalidData()
    {
        var tiny = Digits with { Train = Digits.Train.Slice("tiny", 0, 4) };

        var act = () => DemoPlan.Create(DemoOptionsParser.Parse(["--batch", "2"]), tiny);

        act.Should().Throw<InvalidDataException>().WithMessage("The training set has 4 images; the demo needs at least 10.");
    }

    [Fact]
    public void Plan_Defaults_TwoEpochStepsEightCycles()
    {
        var plan = DemoPlan.Create(new DemoOptions(), Digits);

        plan.Cycles.StepSize.Should().Be(90);
        plan.Cycles.TotalIterations.Should().Be(1440);
        plan.RangeIterations.Should().Be(288); // 8 epochs of ceil(1150 / 32) = 36 iterations
        plan.Seeds.Should().Equal(Enumerable.Range(1, 10));
    }
}
