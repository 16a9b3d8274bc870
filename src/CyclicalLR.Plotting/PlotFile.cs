using System.Globalization;
using ScottPlot;

namespace CyclicalLR;

/// <summary>Shared checks, styling and saving for the plot helpers.</summary>
internal static class PlotFile
{
    /// <summary>The smallest width or height accepted, in pixels.</summary>
    public const int MinimumSize = 64;

    /// <summary>The largest width or height accepted, in pixels.</summary>
    public const int MaximumSize = 16_384;

    private static void CheckTarget(string path, int width, int height)
    {
        Guard.NotNull(path);
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new ArgumentException("path must name a file.", nameof(path));
        }

        CheckSize(width, nameof(width));
        CheckSize(height, nameof(height));
    }

    /// <summary>Checks the target, then creates the plot, saves it as SVG or PNG and disposes it.</summary>
    public static void Render(string path, int width, int height, bool svg, Func<Plot> createPlot)
    {
        CheckTarget(path, width, height);
        using var plot = createPlot();
        if (svg)
        {
            plot.SaveSvg(path, width, height);
        }
        else
        {
            plot.SavePng(path, width, height);
        }
    }

    /// <summary>Makes the bottom axis show <c>10^v</c> for the plotted <c>v = log10(x)</c>, with log-spaced minor ticks.</summary>
    public static void LogBottomAxis(Plot plot)
    {
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
            IntegerTicksOnly = true,
            LabelFormatter = v => Math.Pow(10, v).ToString("G3", CultureInfo.InvariantCulture),
        };
        plot.Grid.MajorLineColor = Colors.Black.WithOpacity(0.15);
        plot.Grid.MinorLineColor = Colors.Black.WithOpacity(0.05);
        plot.Grid.MinorLineWidth = 1;
    }

    public static string Format(double value) => value.ToString("G3", CultureInfo.InvariantCulture);

    private static void CheckSize(int value, string name)
    {
        if (value is < MinimumSize or > MaximumSize)
        {
            Guard.ThrowOutOfRange(name, value, string.Create(CultureInfo.InvariantCulture, $"must be from {MinimumSize} to {MaximumSize} pixels."));
        }
    }
}
