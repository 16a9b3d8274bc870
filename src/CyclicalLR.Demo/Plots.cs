using ScottPlot;

namespace CyclicalLR.Demo;

/// <summary>The demo's PNG plots, drawn with ScottPlot (which the CyclicalLR.Plotting package brings in).</summary>
internal static class Plots
{
    private const int Width = 800;
    private const int Height = 450;

    /// <summary>Plots one or more curves against a shared x axis and saves a PNG.</summary>
    /// <param name="path">The PNG file to write.</param>
    /// <param name="title">The plot title.</param>
    /// <param name="xLabel">The x axis label.</param>
    /// <param name="yLabel">The y axis label.</param>
    /// <param name="series">Named curves; names are shown in a legend when there is more than one.</param>
    /// <param name="verticalLines">Labelled x positions drawn as dashed lines (for example the suggested bounds).</param>
    public static void SaveLines(
        string path,
        string title,
        string xLabel,
        string yLabel,
        IReadOnlyList<(string Name, double[] X, double[] Y)> series,
        IReadOnlyList<(string Name, double X)>? verticalLines = null)
    {
        var plot = new Plot();
        foreach (var (name, x, y) in series)
        {
            var line = plot.Add.ScatterLine(x, y);
            line.LegendText = name;
            line.LineWidth = 2;
        }

        foreach (var (name, x) in verticalLines ?? [])
        {
            var marker = plot.Add.VerticalLine(x);
            marker.LegendText = name;
            marker.LinePattern = LinePattern.Dashed;
        }

        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        if (series.Count + (verticalLines?.Count ?? 0) > 1)
        {
            plot.ShowLegend(Alignment.LowerRight);
        }

        plot.SavePng(path, Width, Height);
    }
}
