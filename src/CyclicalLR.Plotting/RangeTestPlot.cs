using ScottPlot;

namespace CyclicalLR;

/// <summary>
/// Plots an LR range test like fastai's <c>lr_find</c>: the metric against the learning rate, raw and smoothed, with
/// the suggested bounds marked as vertical lines.
/// </summary>
/// <remarks>
/// <para>
/// The x axis is logarithmic for an <see cref="RangeTestSweep.Exponential"/> sweep and linear for a
/// <see cref="RangeTestSweep.Linear"/> one. Raw metrics are light dots, the smoothed metric
/// (<see cref="LrRangeTestResult.ZeroLagMetric"/>, the curve the rules read) a line. The suggestion's base and max are solid vertical lines
/// (green and red), named with their values in the legend right of the plot; for a loss, the <see cref="LrBoundsRule.LossMinimumOverTen"/> max is also drawn, dotted. With no
/// suggestion the title says so. Rendering uses ScottPlot 5 (SkiaSharp); each Save call builds and disposes its own plot.
/// </para>
/// <para>Leslie N. Smith, <i>Cyclical Learning Rates for Training Neural Networks</i>, arXiv 1506.01186, figure 3.</para>
/// </remarks>
public static class RangeTestPlot
{
    /// <summary>Builds the plot, to restyle or render yourself.</summary>
    /// <param name="result">The range test to plot.</param>
    /// <returns>A new ScottPlot <see cref="Plot"/>; the caller owns (and disposes) it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="result"/> is <see langword="null"/>.</exception>
    public static Plot CreatePlot(LrRangeTestResult result)
    {
        Guard.NotNull(result);
        var test = result.Test;
        var log = test.Sweep == RangeTestSweep.Exponential;
        double X(double lr) => log ? Math.Log10(lr) : lr;

        var n = result.Points.Count;
        var xs = new double[n];
        var raw = new double[n];
        var smooth = new double[n];
        for (var i = 0; i < n; i++)
        {
            var p = result.Points[i];
            xs[i] = X(p.LearningRate);
            raw[i] = p.Metric;
            smooth[i] = result.ZeroLagMetric[i];
        }

        var plot = new Plot();
        var metricName = test.Metric == RangeTestMetric.Accuracy ? "accuracy" : "loss";
        if (n > 0)
        {
            var dots = plot.Add.ScatterPoints(xs, raw);
            dots.Color = Colors.SteelBlue.WithOpacity(0.35);
            dots.MarkerSize = 4;
            dots.LegendText = metricName;

            var line = plot.Add.ScatterLine(xs, smooth);
            line.Color = Colors.SteelBlue;
            line.LineWidth = 2;
            line.LegendText = "smoothed " + metricName + " (zero-lag)";
        }

        var suggestion = result.Suggestion;
        if (suggestion is not null)
        {
            Mark(plot, X(suggestion.BaseLearningRate), "base " + PlotFile.Format(suggestion.BaseLearningRate), Colors.ForestGreen, LinePattern.Solid);
            Mark(plot, X(suggestion.MaxLearningRate), "max " + PlotFile.Format(suggestion.MaxLearningRate), Colors.Crimson, LinePattern.Solid);
            foreach (var other in result.Suggestions.Skip(1))
            {
                Mark(plot, X(other.MaxLearningRate), "min/10 " + PlotFile.Format(other.MaxLearningRate), Colors.DarkOrange, LinePattern.Dotted);
            }
        }

        plot.Title(suggestion is null
            ? $"LR range test ({test.Sweep.ToString().ToLowerInvariant()} sweep): no suggestion"
            : $"LR range test ({test.Sweep.ToString().ToLowerInvariant()} sweep): {suggestion.Rule}");
        plot.XLabel(log ? "learning rate (log scale)" : "learning rate");
        plot.YLabel(metricName);
        if (log)
        {
            PlotFile.LogBottomAxis(plot);
            plot.Axes.SetLimitsX(X(test.MinLearningRate), X(test.MaxLearningRate));
        }

        plot.ShowLegend(Edge.Right);
        return plot;
    }

    /// <summary>Renders the plot to a PNG file.</summary>
    /// <param name="result">The range test to plot.</param>
    /// <param name="path">The file to write (created or overwritten).</param>
    /// <param name="width">Width in pixels; 64 to 16,384.</param>
    /// <param name="height">Height in pixels; 64 to 16,384.</param>
    /// <exception cref="ArgumentNullException"><paramref name="result"/> or <paramref name="path"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty or white space.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="width"/> or <paramref name="height"/> is outside 64 to 16,384.</exception>
    public static void SavePng(LrRangeTestResult result, string path, int width = 800, int height = 500) =>
        Save(result, path, width, height, svg: false);

    /// <summary>Renders the plot to an SVG file.</summary>
    /// <param name="result">The range test to plot.</param>
    /// <param name="path">The file to write (created or overwritten).</param>
    /// <param name="width">Width in pixels; 64 to 16,384.</param>
    /// <param name="height">Height in pixels; 64 to 16,384.</param>
    /// <exception cref="ArgumentNullException"><paramref name="result"/> or <paramref name="path"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty or white space.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="width"/> or <paramref name="height"/> is outside 64 to 16,384.</exception>
    public static void SaveSvg(LrRangeTestResult result, string path, int width = 800, int height = 500) =>
        Save(result, path, width, height, svg: true);

    private static void Save(LrRangeTestResult result, string path, int width, int height, bool svg)
    {
        Guard.NotNull(result);
        PlotFile.Render(path, width, height, svg, () => CreatePlot(result));
    }

    private static void Mark(Plot plot, double x, string label, Color color, LinePattern pattern)
    {
        var line = plot.Add.VerticalLine(x);
        line.Color = color;
        line.LineWidth = 1.5f;
        line.LinePattern = pattern;
        line.LegendText = label;
    }
}
