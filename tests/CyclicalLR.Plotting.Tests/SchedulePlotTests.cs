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
    public void CreatePlot_DefaultTitle_IsScheduleToStringWhenShort()
    {
        var schedule = new Triangular(0.001, 0.006, 2000);
        using var plot = SchedulePlot.CreatePlot(schedule, 0, 10);
        plot.Axes.Title.Label.Text.Should().Be(schedule.ToString());
    }

    [Fact]
    public void CreatePlot_SeventeenDigitParameters_TitleUsesFourSignificantDigits()
    {
        // 0.1 + 0.2 and 0.001 * 3 print with 17 significant digits; a ten-digit step size stays whole.
        var schedule = new Triangular(0.1 + 0.2, 0.001 * 3000, 1_234_567_890, 3);
        schedule.ToString().Should().Contain("0.30000000000000004");

        using var plot = SchedulePlot.CreatePlot(schedule, 0, 10);

        plot.Axes.Title.Label.Text.Should().Be("Triangular(baseLearningRate: 0.3, maxLearningRate: 3, stepSize: 1234567890, stepSizeDown: 3)");
        using var paint = ScottPlot.Paint.NewDisposablePaint();
        plot.Axes.Title.Label.Measure(paint).Width.Should().BeLessThan(800 - 100, "the title fits an 800-pixel plot beside its margins");
    }

    [Fact]
    public void CreatePlot_LongNestedSchedule_TitleDropsParameterNamesAndStaysShort()
    {
        var inner = new ExpRange(0.1 + 0.2, 0.7 + 0.1, 2000, 0.99994000000000001);
        var schedule = new LinearWarmup(new ScaledSchedule(inner, 1.0 / 3), 500, 1e-5 / 3);
        schedule.ToString()!.Length.Should().BeGreaterThan(200);

        using var plot = SchedulePlot.CreatePlot(schedule, 0, 10);

        var title = plot.Axes.Title.Label.Text;
        title.Should().Be("LinearWarmup(500, 3.333E-06, ScaledSchedule(0.3333, ExpRange(0.3, 0.8, 2000, 2000, 0.9999)))");
        using var paint = ScottPlot.Paint.NewDisposablePaint();
        plot.Axes.Title.Label.Measure(paint).Width.Should().BeLessThan(700);
        plot.Title(schedule.ToString()!, size: 12);
        plot.Axes.Title.Label.Measure(paint).Width.Should().BeGreaterThan(800, "the full ToString() would be cut off");
    }

    [Fact]
    public void CreateMomentumPlot_CyclicalMomentum_PlotsMomentumWithItsLabel()
    {
        var momentum = new CyclicalMomentum(new Triangular(0.001, 0.006, 4), 0.85, 0.95);
        using var plot = SchedulePlot.CreateMomentumPlot(momentum, 0, 8);

        var points = plot.GetPlottables<ScottPlot.Plottables.Scatter>().Single().Data.GetScatterPoints();
        points.Select(p => p.Y).Should().Equal(Enumerable.Range(0, 9).Select(i => momentum.GetMomentum(i)));
        plot.Axes.Left.Label.Text.Should().Be("momentum");
        plot.Axes.Title.Label.Text.Should().Be("CyclicalMomentum(0.85, 0.95, Triangular(0.001, 0.006, 4, 4))");
    }

    [Fact]
    public void SaveMomentumPngAndSvg_WarmupMomentum_Render()
    {
        var lr = new Triangular(0.001, 0.006, 2000);
        var momentum = new LinearWarmup(lr, 500, 0).FollowMomentum(new CyclicalMomentum(lr, 0.85, 0.95));
        var png = PlotAssertions.OutputPath("momentum-warmup.png");
        var svg = PlotAssertions.OutputPath("momentum-warmup.svg");
        SchedulePlot.SaveMomentumPng(momentum, 0, 8_500, png);
        SchedulePlot.SaveMomentumSvg(momentum, 0, 8_500, svg, title: "warm-up, then cyclical momentum");
        PlotAssertions.ShouldBeRenderedPng(png, 800, 500);
        PlotAssertions.ShouldBeSvgWith(svg, "warm-up, then cyclical momentum", "iteration", "momentum");
        ((Action)(() => SchedulePlot.SaveMomentumPng(null!, 0, 10, png))).Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("momentum");
        ((Action)(() => SchedulePlot.CreateMomentumPlot(momentum, 5, 5))).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("toIteration");
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
