namespace CyclicalLR.Plotting.Tests;

public sealed class CurvePlotTests
{
    private static CurveSeries[] Policies()
    {
        var iterations = Enumerable.Range(1, 100).Select(i => i * 100.0).ToArray();
        return
        [
            new CurveSeries("fixed", iterations, iterations.Select(i => 0.8 * (1 - Math.Exp(-i / 4000))).ToArray()),
            new CurveSeries("triangular", iterations, iterations.Select(i => 0.82 * (1 - Math.Exp(-i / 2000))).ToArray()),
        ];
    }

    [Fact]
    public void SavePngAndSvg_TwoPolicies_RenderWithLegend()
    {
        var png = PlotAssertions.OutputPath("curves.png");
        var svg = PlotAssertions.OutputPath("curves.svg");
        CurvePlot.SavePng(Policies(), png, "Test accuracy", "iteration", "accuracy");
        CurvePlot.SaveSvg(Policies(), svg, "Test accuracy", "iteration", "accuracy", logX: true, width: 700, height: 400);
        PlotAssertions.ShouldBeRenderedPng(png, 800, 500);
        PlotAssertions.ShouldBeSvgWith(svg, "Test accuracy", "fixed", "triangular");
    }

    [Fact]
    public void CreatePlot_LogX_RejectsNonPositiveX()
    {
        var series = new CurveSeries("zero", [0.0, 1.0], [1.0, 2.0]);
        var act = () => CurvePlot.CreatePlot([series], logX: true);
        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("series");
        using var plot = CurvePlot.CreatePlot([series]);
        plot.GetPlottables<ScottPlot.Plottables.Scatter>().Should().ContainSingle();
    }

    [Fact]
    public void CreatePlot_NullElement_Throws()
    {
        var act = () => CurvePlot.CreatePlot([Policies()[0], null!]);
        act.Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("series");
    }

    [Fact]
    public void CurveSeries_CopiesValues()
    {
        var x = new[] { 1.0, 2.0 };
        var series = new CurveSeries("s", x, [3.0, 4.0]);
        x[0] = 99;
        series.X.Should().Equal(1.0, 2.0);
        series.Y.Should().Equal(3.0, 4.0);
        series.Name.Should().Be("s");
    }

    [Fact]
    public void CurveSeries_BadArguments_ThrowNamingParameter()
    {
        ((Action)(() => _ = new CurveSeries(null!, [1.0], [1.0]))).Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("name");
        ((Action)(() => _ = new CurveSeries("s", null!, [1.0]))).Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("x");
        ((Action)(() => _ = new CurveSeries("s", [1.0], null!))).Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("y");
        ((Action)(() => _ = new CurveSeries("s", [1.0, 2.0], [1.0]))).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("y");
        ((Action)(() => _ = new CurveSeries("s", [double.NaN], [1.0]))).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("x");
        ((Action)(() => _ = new CurveSeries("s", [1.0], [double.PositiveInfinity]))).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("y");
    }

    [Fact]
    public void SavePng_BadTarget_Throws()
    {
        ((Action)(() => CurvePlot.SavePng(Policies(), null!))).Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("path");
        ((Action)(() => CurvePlot.SavePng(null!, "x.png"))).Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("series");
        ((Action)(() => CurvePlot.SavePng(Policies(), "x.png", height: 10))).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("height");
    }
}
