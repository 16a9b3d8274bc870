namespace CyclicalLR.Plotting.Tests;

public sealed class RangeTestPlotTests
{
    // A clean accuracy ramp (flat, rising from lr 0.001 to 0.006, falling past 0.008) against a linear sweep.
    internal static LrRangeTestResult AccuracyResult() =>
        new LrRangeTest(1e-4, 0.02, 200).Run(lr =>
            0.1 + (0.6 * Math.Clamp((lr - 0.001) / 0.005, 0, 1)) - (0.45 * Math.Clamp((lr - 0.008) / 0.012, 0, 1)));

    // A noisy loss valley against an exponential sweep, diverging past 0.1.
    internal static LrRangeTestResult LossResult()
    {
        var random = new Random(5);
        return new LrRangeTest(1e-5, 1, 200, RangeTestSweep.Exponential, RangeTestMetric.Loss).Run(lr =>
        {
            var x = Math.Log10(lr);
            return 2.3 - (2.0 / (1 + Math.Exp(-(x + 3) / 0.3))) + (0.05 * Math.Exp(5 * (x + 1))) + (0.05 * (random.NextDouble() - 0.5));
        });
    }

    [Fact]
    public void SavePng_AccuracyLinearSweep_RendersImage()
    {
        var result = AccuracyResult();
        result.Suggestion.Should().NotBeNull();
        var path = PlotAssertions.OutputPath("range-test-accuracy.png");
        RangeTestPlot.SavePng(result, path);
        PlotAssertions.ShouldBeRenderedPng(path, 800, 500);
    }

    [Fact]
    public void SaveSvg_AccuracyLinearSweep_MarksSuggestedBounds()
    {
        var result = AccuracyResult();
        var path = PlotAssertions.OutputPath("range-test-accuracy.svg");
        RangeTestPlot.SaveSvg(result, path, 640, 400);
        var s = result.Suggestion!;
        PlotAssertions.ShouldBeSvgWith(
            path,
            "learning rate",
            "accuracy",
            "base " + s.BaseLearningRate.ToString("G3", System.Globalization.CultureInfo.InvariantCulture),
            "max " + s.MaxLearningRate.ToString("G3", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void SavePngAndSvg_LossExponentialSweep_RenderWithLogAxisAndBothRules()
    {
        var result = LossResult();
        result.Suggestions.Should().HaveCount(6);
        var png = PlotAssertions.OutputPath("range-test-loss.png");
        var svg = PlotAssertions.OutputPath("range-test-loss.svg");
        RangeTestPlot.SavePng(result, png, 900, 450);
        RangeTestPlot.SaveSvg(result, svg, 900, 450);
        PlotAssertions.ShouldBeRenderedPng(png, 900, 450);
        PlotAssertions.ShouldBeSvgWith(svg, "log scale", "steepest ", "fastai valley ", "fastai slide ", "fastai minimum ", "fastai steep ", "smoothed loss", "0.001");
    }

    [Fact]
    public void CreatePlot_ExponentialSweep_XAxisInLog10()
    {
        using var plot = RangeTestPlot.CreatePlot(LossResult());
        var limits = plot.Axes.GetLimits();
        limits.Left.Should().BeApproximately(-5, 1e-9);
        limits.Right.Should().BeApproximately(0, 1e-9);
    }

    [Fact]
    public void SavePng_NoSuggestionOrNoPoints_StillRenders()
    {
        var flat = new LrRangeTest(0.1, 1, 20).Run(_ => 0.5);
        var empty = new LrRangeTest(0.1, 1, 20).Run(_ => double.NaN);
        flat.Suggestion.Should().BeNull();
        empty.Points.Should().BeEmpty();

        var flatPath = PlotAssertions.OutputPath("range-test-flat.svg");
        var emptyPath = PlotAssertions.OutputPath("range-test-empty.png");
        RangeTestPlot.SaveSvg(flat, flatPath);
        RangeTestPlot.SavePng(empty, emptyPath, 300, 200);
        PlotAssertions.ShouldBeSvgWith(flatPath, "no suggestion");
        File.ReadAllBytes(emptyPath).Length.Should().BeGreaterThan(100);
    }

    [Theory]
    [InlineData("nan-at-once")]
    [InlineData("nothing-recorded")]
    [InlineData("diverged-early")]
    public void SavePngAndSvg_FailedTest_TitleSaysStopReasonAndWhy(string name)
    {
        var loss = 1.0;
        var result = name switch
        {
            "nan-at-once" => new LrRangeTest(0.1, 1, 20, RangeTestSweep.Exponential).Run(_ => double.NaN),
            "nothing-recorded" => new LrRangeTest(0.1, 1, 20).Start().GetResult(),
            _ => new LrRangeTest(0.1, 10, 100, metric: RangeTestMetric.Loss, smoothing: 0).Run(_ => loss *= 1.6),
        };
        result.Suggestion.Should().BeNull();

        var png = PlotAssertions.OutputPath($"range-test-failed-{name}.png");
        var svg = PlotAssertions.OutputPath($"range-test-failed-{name}.svg");
        RangeTestPlot.SavePng(result, png, 700, 400);
        RangeTestPlot.SaveSvg(result, svg, 700, 400);
        PlotAssertions.ShouldBeRenderedPng(png, 700, 400);
        PlotAssertions.ShouldHaveDarkPixelsInPlotArea(png);
        var stop = $"{result.StopReason} after {result.Points.Count} of {result.Test.Iterations} points";
        var firstWords = string.Join(' ', result.NoSuggestionReason!.Split(' ').Take(4));
        PlotAssertions.ShouldBeSvgWith(svg, "no suggestion", stop, firstWords);
    }

    [Fact]
    public void SavePng_BadArguments_ThrowNamingParameter()
    {
        var result = AccuracyResult();
        var path = PlotAssertions.OutputPath("never.png");
        ((Action)(() => RangeTestPlot.SavePng(null!, path))).Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("result");
        ((Action)(() => RangeTestPlot.SavePng(result, null!))).Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("path");
        ((Action)(() => RangeTestPlot.SavePng(result, " "))).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("path");
        ((Action)(() => RangeTestPlot.SaveSvg(result, path, 0))).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("width");
        ((Action)(() => RangeTestPlot.SaveSvg(result, path, 800, 100_000))).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("height");
        ((Action)(() => RangeTestPlot.CreatePlot(null!))).Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("result");
        File.Exists(path).Should().BeFalse();
    }
}
