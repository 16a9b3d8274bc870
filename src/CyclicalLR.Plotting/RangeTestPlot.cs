using System.Globalization;
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
/// (green and red), named with their values in the legend right of the plot; for a loss, every other rule's max (minimum / 10 and fastai's
/// four) is also drawn, dotted. With no suggestion the title says so, with the stop reason, the number of points and
/// <see cref="LrRangeTestResult.NoSuggestionReason"/>; with no points at all the plot area says so too (never a blank image). Rendering uses ScottPlot 5 (SkiaSharp); each Save call builds and disposes its own plot.
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
            Color[] others = [Colors.DarkOrange, Colors.Purple, Colors.Teal, Colors.Brown, Colors.Gray];
            var k = 0;
            foreach (var other in result.Suggestions.Skip(1))
            {
                Mark(plot, X(other.MaxLearningRate), ShortName(other.Rule) + " " + PlotFile.Format(other.MaxLearningRate), others[k++ % others.Length], LinePattern.Dotted);
            }
        }

        var sweep = test.Sweep.ToString().ToLowerInvariant();
        if (suggestion is null)
        {
            // Say what happened, in the title and in the plot area, so a failed test never renders as a blank image.
            var stop = string.Create(CultureInfo.InvariantCulture, $"{result.StopReason} after {n} of {test.Iterations} points");
            plot.Title($"LR range test ({sweep} sweep): no suggestion\n{stop}\n" + Wrap(result.NoSuggestionReason ?? string.Empty, 60));
            plot.Axes.Title.Label.FontSize = 12;
            if (n == 0)
            {
                var text = plot.Add.Text("no points recorded: " + stop, X(test.MinLearningRate), 0.5);
                text.LabelFontSize = 14;
                text.LabelFontColor = Colors.Crimson;
                plot.Axes.SetLimitsY(0, 1);
            }
        }
        else
        {
            plot.Title($"LR range test ({sweep} sweep): {suggestion.Rule}");
        }
        plot.XLabel(log ? "learning rate (log scale)" : "learning rate");
        plot.YLabel(metricName);
        if (log)
        {
            PlotFile.LogBottomAxis(plot);
            plot.Axes.SetLimitsX(X(test.MinLearningRate), X(test.MaxLearningRate));
        }

        if (n == 0 && !log)
        {
            plot.Axes.SetLimitsX(test.MinLearningRate, test.MaxLearningRate);
        }

        if (plot.GetPlottables().Any(p => p.LegendItems.Any(i => !string.IsNullOrEmpty(i.LabelText))))
        {
            plot.ShowLegend(Edge.Right);
        }

        return plot;
    }

    /// <summary>The label of a rule's max line: fastai's rule names, "min/10" and "steepest" for ours.</summary>
    private static string ShortName(LrBoundsRule rule) => rule switch
    {
        LrBoundsRule.LossMinimumOverTen => "min/10",
        LrBoundsRule.LossSteepestDescent => "steepest",
        LrBoundsRule.FastaiValley => "fastai valley",
        LrBoundsRule.FastaiSlide => "fastai slide",
        LrBoundsRule.FastaiMinimum => "fastai minimum",
        LrBoundsRule.FastaiSteep => "fastai steep",
        _ => rule.ToString(),
    };

    /// <summary>Breaks a sentence into lines of at most about <paramref name="width"/> characters, at spaces.</summary>
    private static string Wrap(string text, int width)
    {
        var lines = new List<string>();
        var line = new System.Text.StringBuilder();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width)
            {
                lines.Add(line.ToString());
                line.Clear();
            }

            line.Append(line.Length > 0 ? " " : string.Empty).Append(word);
        }

        if (line.Length > 0)
        {
            lines.Add(line.ToString());
        }

        return string.Join("\n", lines);
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
