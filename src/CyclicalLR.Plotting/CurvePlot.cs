using ScottPlot;

namespace CyclicalLR;

/// <summary>Plots several named series of y against x as lines, for example test accuracy against iteration for each policy.</summary>
/// <remarks>
/// Each series is a line in its own colour from ScottPlot's default palette, named in the legend. With
/// <c>logX</c> the x axis is logarithmic (every x must then be greater than 0). Rendering uses ScottPlot 5
/// (SkiaSharp); each Save call builds and disposes its own plot.
/// </remarks>
public static class CurvePlot
{
    /// <summary>Builds the plot, to restyle or render yourself.</summary>
    /// <param name="series">The series to draw; not null, no null element (may be empty).</param>
    /// <param name="title">The title; empty for none.</param>
    /// <param name="xLabel">The x-axis label; empty for none.</param>
    /// <param name="yLabel">The y-axis label; empty for none.</param>
    /// <param name="logX">Draw the x axis on a log scale.</param>
    /// <returns>A new ScottPlot <see cref="Plot"/>; the caller owns (and disposes) it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="series"/>, an element of it, or a label is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="logX"/> is set and some x is not greater than 0 (reported on <paramref name="series"/>).</exception>
    public static Plot CreatePlot(IEnumerable<CurveSeries> series, string title = "", string xLabel = "", string yLabel = "", bool logX = false)
    {
        Guard.NotNull(series);
        Guard.NotNull(title);
        Guard.NotNull(xLabel);
        Guard.NotNull(yLabel);
        var list = series.ToArray();
        foreach (var s in list)
        {
            Guard.NotNull(s, nameof(series));
            if (logX && !s.XArray.All(v => v > 0))
            {
                Guard.ThrowOutOfRange(nameof(series), s.Name, "has an x value that is not greater than 0, which a log x axis cannot show.");
            }
        }

        var plot = new Plot();
        foreach (var s in list)
        {
            var xs = logX ? s.XArray.Select(Math.Log10).ToArray() : s.XArray;
            var line = plot.Add.ScatterLine(xs, s.YArray);
            line.LineWidth = 2;
            line.LegendText = s.Name;
        }

        if (logX)
        {
            PlotFile.LogBottomAxis(plot);
        }

        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        if (list.Length > 0)
        {
            plot.ShowLegend(Alignment.LowerRight);
        }

        return plot;
    }

    /// <summary>Renders the series to a PNG file.</summary>
    /// <param name="series">The series to draw; not null, no null element.</param>
    /// <param name="path">The file to write (created or overwritten).</param>
    /// <param name="title">The title; empty for none.</param>
    /// <param name="xLabel">The x-axis label; empty for none.</param>
    /// <param name="yLabel">The y-axis label; empty for none.</param>
    /// <param name="logX">Draw the x axis on a log scale.</param>
    /// <param name="width">Width in pixels; 64 to 16,384.</param>
    /// <param name="height">Height in pixels; 64 to 16,384.</param>
    /// <exception cref="ArgumentNullException"><paramref name="series"/>, an element of it, <paramref name="path"/> or a label is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty or white space.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="width"/> or <paramref name="height"/> is outside 64 to 16,384, or <paramref name="logX"/> is set and some x is not greater than 0.</exception>
    public static void SavePng(IEnumerable<CurveSeries> series, string path, string title = "", string xLabel = "", string yLabel = "", bool logX = false, int width = 800, int height = 500) =>
        Save(series, path, title, xLabel, yLabel, logX, width, height, svg: false);

    /// <summary>Renders the series to an SVG file.</summary>
    /// <param name="series">The series to draw; not null, no null element.</param>
    /// <param name="path">The file to write (created or overwritten).</param>
    /// <param name="title">The title; empty for none.</param>
    /// <param name="xLabel">The x-axis label; empty for none.</param>
    /// <param name="yLabel">The y-axis label; empty for none.</param>
    /// <param name="logX">Draw the x axis on a log scale.</param>
    /// <param name="width">Width in pixels; 64 to 16,384.</param>
    /// <param name="height">Height in pixels; 64 to 16,384.</param>
    /// <exception cref="ArgumentNullException"><paramref name="series"/>, an element of it, <paramref name="path"/> or a label is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty or white space.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="width"/> or <paramref name="height"/> is outside 64 to 16,384, or <paramref name="logX"/> is set and some x is not greater than 0.</exception>
    public static void SaveSvg(IEnumerable<CurveSeries> series, string path, string title = "", string xLabel = "", string yLabel = "", bool logX = false, int width = 800, int height = 500) =>
        Save(series, path, title, xLabel, yLabel, logX, width, height, svg: true);

    private static void Save(IEnumerable<CurveSeries> series, string path, string title, string xLabel, string yLabel, bool logX, int width, int height, bool svg)
    {
        Guard.NotNull(series);
        PlotFile.Render(path, width, height, svg, () => CreatePlot(series, title, xLabel, yLabel, logX));
    }
}
