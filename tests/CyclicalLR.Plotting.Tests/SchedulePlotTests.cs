namespace CyclicalLR.Plotting.Tests;

public sealed class SchedulePlotTests
{
    [Fact]
    public void SavePngAndSvg_Triangular_RenderFourCycles()
    {
        var schedule = new Triangular(0.001, 0.006, 2000);
        var png = PlotAssertions.OutputPath("schedule-triangular.png");
        var svg = PlotAssertions.OutputPath("schedule-triangular.svg");
        SchedulePlot.SavePng(schedule, 0, 16_000, png);
        SchedulePlot.SaveSvg(schedule, 0, 16_000, svg, title: "Triangular, CIFAR-10 plan");
        PlotAssertions.ShouldBeRenderedPng(png, 800, 500);
        PlotAssertions.ShouldBeSvgWith(svg, "Triangular, CIFAR-10 plan", "iteration", "learning rate");
    }

    [Fact]
    public void CreatePlot_ShortRange_EveryIterationExactly()
    {
        var schedule = new Triangular2(0.1, 0.5, 3);
        using var plot = SchedulePlot.CreatePlot(schedule, 5, 30);
        var scatter = plot.GetPlottables<ScottPlot.Plottables.Scatter>().Single();
        var points = scatter.Data.GetScatterPoints();
        points.Should().HaveCount(26);
        for (var i = 0; i < points.Count; i++)
        {
            points[i].X.Should().Be(5 + i);
            points[i].Y.Should().Be(schedule.GetLearningRate(5 + i));
        }
    }

    [Fact]
    public void CreatePlot_HugeRange_SampledWithBothEnds()
    {
        var schedule = new Triangular(0.001, 0.006, 2000);
        using var plot = SchedulePlot.CreatePlot(schedule, 10, long.MaxValue);
        var points = plot.GetPlottables<ScottPlot.Plottables.Scatter>().Single().Data.GetScatterPoints();
        points.Should().HaveCount(SchedulePlot.MaxSamples);
        points[0].X.Should().Be(10);
        points[^1].Y.Should().Be(schedule.GetLearningRate(long.MaxValue));
        points.Select(p => p.X).Should().BeInAscendingOrder();
    }

    [Fact]
    public void CreatePlot_DefaultTitle_IsScheduleToString()
    {
        var schedule = new Triangular(0.001, 0.006, 2000);
        using var plot = SchedulePlot.CreatePlot(schedule, 0, 10);
        plot.Axes.Title.Label.Text.Should().Be(schedule.ToString());
    }

    [Fact]
    public void SavePng_BadArguments_ThrowNamingParameter()
    {
        var schedule = new Triangular(0.001, 0.006, 2000);
        var path = PlotAssertions.OutputPath("never-schedule.png");
        ((Action)(() => SchedulePlot.SavePng(null!, 0, 10, path))).Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("schedule");
        ((Action)(() => SchedulePlot.SavePng(schedule, -1, 10, path))).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("fromIteration");
        ((Action)(() => SchedulePlot.SavePng(schedule, 10, 10, path))).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("toIteration");
        ((Action)(() => SchedulePlot.SaveSvg(schedule, 0, 10, ""))).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("path");
        ((Action)(() => SchedulePlot.SaveSvg(schedule, 0, 10, path, 63))).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("width");
        File.Exists(path).Should().BeFalse();
    }
}
