namespace CyclicalLR.Demo.Tests;

public sealed class DemoPipelineTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "cyclicallr-demo-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private DemoOptions Quick(string name, int seed = 1) => DemoOptions.QuickDefaults with { Seed = seed, OutputDirectory = Path.Combine(_directory, name) };

    [Fact]
    public void Run_Quick_EndToEndWritesEveryReportFile()
    {
        var log = new StringWriter();
        var options = Quick("report");

        var result = DemoPipeline.Run(options, log);

        string[] expected =
        [
            "report.md", "range-test.png", "range-test.csv", "schedules.csv", "accuracy.csv", "accuracy.png", "table.csv",
            "schedule-fixed.png", "schedule-triangular.png", "schedule-triangular2.png", "schedule-exp-range.png", "schedule-decay.png",
            "schedule-one-cycle.png",
        ];
        foreach (var name in expected)
        {
            var file = new FileInfo(Path.Combine(options.OutputDirectory, name));
            file.Exists.Should().BeTrue(name);
            file.Length.Should().BePositive(name);
        }

        foreach (var png in expected.Where(n => n.EndsWith(".png", StringComparison.Ordinal)))
        {
            File.ReadAllBytes(Path.Combine(options.OutputDirectory, png)).AsSpan(0, 4).ToArray().Should().Equal(0x89, (byte)'P', (byte)'N', (byte)'G');
        }

        var report = File.ReadAllText(Path.Combine(options.OutputDirectory, "report.md"));
        report.Should().Contain(result.Table.ToMarkdown());
        foreach (var png in expected.Where(n => n.EndsWith(".png", StringComparison.Ordinal)))
        {
            report.Should().Contain($"]({png})");
        }

        result.Policies.Should().HaveCount(6);
        result.Table.Plan.Budgets.Should().Equal(1, 2);
        result.Policies.Should().OnlyContain(p => p.Runs.Count == 2 && p.TotalIterations == 2 * 2 * result.StepSize);
        result.RangeTest.BaseLearningRate.Should().BeLessThan(result.RangeTest.MaxLearningRate);
        result.Policies[0].Finals(0).Should().OnlyContain(a => a > 0.5, "a cycle of training learns the digits well beyond chance (10%)");
        report.Should().Contain("paired").And.Contain("interval");
        log.ToString().Should().Contain("Step 1").And.Contain("Step 2").And.Contain("Step 3").And.Contain("| policy |");
    }

    [Fact]
    public void Run_QuickCyclicalMomentum_WritesTheMomentumColumns()
    {
        var options = Quick("momentum") with { CyclicalMomentum = true };

        var result = DemoPipeline.Run(options, TextWriter.Null);

        var header = File.ReadLines(Path.Combine(options.OutputDirectory, "schedules.csv")).First();
        header.Should().EndWith(",triangular_momentum,triangular2_momentum,exp-range_momentum,one-cycle_momentum");
        File.ReadAllText(Path.Combine(options.OutputDirectory, "report.md")).Should().Contain("cycled 0.95-0.85 against the learning rate");
        result.Policies.Should().HaveCount(6);
    }

    [Theory]
    [InlineData(1e-4, false)] // the default: the exponential sweep starts on the flat part
    [InlineData(0.02, true)] // a sweep that starts where the accuracy already climbs
    public void RangeTest_Digits_ExplanationSaysWhenTheSweepStartsOnTheRise(double minLearningRate, bool alreadyRising)
    {
        var options = new DemoOptions { RangeMinLearningRate = minLearningRate };
        var split = DigitsData.Load();
        var plan = DemoPlan.Create(options, split);

        var range = RangeTestRunner.Run(split.Train, new TrainingSettings(options.Hidden, options.BatchSize, DemoPipeline.Momentum), options.RangeEpochs, plan.RangeIterations, options.RangeMinLearningRate, options.RangeMaxLearningRate, options.Seed);

        range.Description.Should().StartWith("exponential sweep");
        if (alreadyRising)
        {
            range.Suggestion.Explanation.Should().Contain("already rising at the first point");
        }
        else
        {
            range.Suggestion.Explanation.Should().NotContain("already rising");
            range.BaseLearningRate.Should().BeGreaterThan(5 * minLearningRate, "base is read where the curve leaves its flat start");
        }
    }

    [Fact]
    public void Run_Quick_SameSeedSameNumbers_OtherSeedOtherNumbers()
    {
        var a = DemoPipeline.Run(Quick("a"), TextWriter.Null);
        var b = DemoPipeline.Run(Quick("b") with { Threads = 1 }, TextWriter.Null);
        var c = DemoPipeline.Run(Quick("c", seed: 2), TextWriter.Null);

        a.RangeTest.Result.Points.Should().Equal(b.RangeTest.Result.Points);
        a.Table.ToCsv().Should().Be(b.Table.ToCsv());
        for (var p = 0; p < a.Policies.Count; p++)
        {
            for (var s = 0; s < a.Policies[p].Runs.Count; s++)
            {
                a.Policies[p].Runs[s].Accuracy.Should().Equal(b.Policies[p].Runs[s].Accuracy);
                a.Policies[p].Finals(0)[s].Should().Be(b.Policies[p].Finals(0)[s]);
            }
        }

        File.ReadAllText(Path.Combine(_directory, "a", "accuracy.csv")).Should().Be(File.ReadAllText(Path.Combine(_directory, "b", "accuracy.csv")));
        c.Table.ToCsv().Should().NotBe(a.Table.ToCsv());
    }

    [Fact]
    public void Run_QuickOnIdxFolder_TrainsOnTheFilesAndWritesTheReport()
    {
        // 4 classes of 4x4 images: class c lights row c, plus noise. Learnable, so the range test finds bounds.
        using var files = new IdxFiles();
        var random = new Random(5);
        (byte[] Images, byte[] Labels) Make(int count)
        {
            var pixels = new byte[count * 16];
            var labels = new byte[count];
            for (var i = 0; i < count; i++)
            {
                labels[i] = (byte)(i % 4);
                for (var p = 0; p < 16; p++)
                {
                    pixels[(i * 16) + p] = (byte)((p / 4 == labels[i] ? 160 : 0) + random.Next(90));
                }
            }

            return (pixels, labels);
        }

        var (trainImages, trainLabels) = Make(400);
        var (testImages, testLabels) = Make(100);
        files.WriteGzip("train-images-idx3-ubyte.gz", IdxFiles.Idx(0x08, [400, 4, 4], trainImages));
        files.WriteGzip("train-labels-idx1-ubyte.gz", IdxFiles.Labels(trainLabels));
        files.WriteGzip("t10k-images-idx3-ubyte.gz", IdxFiles.Idx(0x08, [100, 4, 4], testImages));
        files.WriteGzip("t10k-labels-idx1-ubyte.gz", IdxFiles.Labels(testLabels));
        var options = Quick("idx") with { DataDirectory = files.Directory };

        var result = DemoPipeline.Run(options, TextWriter.Null);

        result.Data.Should().Contain("400 train images").And.Contain("100 test images").And.Contain("4 classes");
        result.IterationsPerEpoch.Should().Be(13); // ceil(400 / 32)
        result.Policies.Should().OnlyContain(p => p.FinalMean > 0.9, "the classes are separable");
        result.RangeTest.Result.Should().NotBeNull();
        new FileInfo(Path.Combine(options.OutputDirectory, "report.md")).Length.Should().BePositive();
    }

    [Fact]
    public void Run_RangeTooLowToLearn_Exit1SaysTheRangeTestGaveNoBounds()
    {
        var error = new StringWriter();

        var code = Program.Run(
            ["--quick", "--range-min-lr", "1e-9", "--range-max-lr", "2e-9", "--out", Path.Combine(_directory, "none")],
            new StringWriter(),
            error);

        code.Should().Be(1);
        error.ToString().Should().Contain("The range test suggests no bounds");
        Directory.Exists(Path.Combine(_directory, "none")).Should().BeFalse("nothing is written when step 1 fails");
    }
}
