using System.Globalization;
using ScottPlot;

namespace CyclicalLR;

/// <summary>Plots a learning-rate or a momentum schedule over a range of iterations.</summary>
/// <remarks>
/// The learning rate is drawn against the iteration for every iteration of the range when it has at most
/// <see cref="MaxSamples"/> iterations; a longer range is sampled at <see cref="MaxSamples"/> evenly spaced iterations
/// (both ends included), so peaks narrower than the spacing may be cut. The default title is the schedule's
/// <c>ToString()</c> in short: numbers with 4 significant digits, and without parameter names when it is still longer than
/// 100 characters, so a title fits an 800-pixel plot. The momentum methods have their own names because a 1cycle schedule is
/// both kinds. Rendering uses ScottPlot 5 (SkiaSharp); each Save call builds and disposes its own plot.
/// </remarks>
public static class SchedulePlot
{
    /// <summary>The most iterations evaluated for one plot.</summary>
    public const int MaxSamples = 20_001;

    /// <summary>Builds the plot, to restyle or render yourself.</summary>
    /// <param name="schedule">The schedule to draw.</param>
    /// <param name="fromIteration">The first iteration drawn; at least 0.</param>
    /// <param name="toIteration">The last iteration drawn (inclusive); greater than <paramref name="fromIteration"/>.</param>
    /// <param name="title">
    /// The title, or <see langword="null"/> for the short form of the schedule's <c>ToString()</c> (numbers with 4
    /// significant digits; without parameter names when still long).
    /// </param>
    /// <returns>A new ScottPlot <see cref="Plot"/>; the caller owns (and disposes) it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="schedule"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fromIteration"/> is negative.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="toIteration"/> is not greater than <paramref name="fromIteration"/>.</exception>
    public static Plot CreatePlot(ILearningRateSchedule schedule, long fromIteration, long toIteration, string? title = null)
    {
        Guard.NotNull(schedule);
        return Create(schedule.GetLearningRate, "learning rate", fromIteration, toIteration, title ?? PlotTitle.For(schedule));
    }

    /// <summary>Builds the plot of a momentum schedule, to restyle or render yourself.</summary>
    /// <param name="momentum">The momentum schedule to draw (a <see cref="CyclicalMomentum"/>, <see cref="MomentumWarmup"/>, a 1cycle policy, ...).</param>
    /// <param name="fromIteration">The first iteration drawn; at least 0.</param>
    /// <param name="toIteration">The last iteration drawn (inclusive); greater than <paramref name="fromIteration"/>.</param>
    /// <param name="title">The title, or <see langword="null"/> for the short form of the schedule's <c>ToString()</c>.</param>
    /// <returns>A new ScottPlot <see cref="Plot"/> of momentum against iteration; the caller owns (and disposes) it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="momentum"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fromIteration"/> is negative.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="toIteration"/> is not greater than <paramref name="fromIteration"/>.</exception>
    public static Plot CreateMomentumPlot(IMomentumSchedule momentum, long fromIteration, long toIteration, string? title = null)
    {
        Guard.NotNull(momentum);
        return Create(momentum.GetMomentum, "momentum", fromIteration, toIteration, title ?? PlotTitle.For(momentum));
    }

    private static Plot Create(Func<long, double> evaluate, string yLabel, long fromIteration, long toIteration, string title)
    {
        Guard.AtLeast(fromIteration, 0);
        if (toIteration <= fromIteration)
        {
            Guard.ThrowOutOfRange(nameof(toIteration), toIteration, string.Create(CultureInfo.InvariantCulture, $"must be greater than fromIteration ({fromIteration})."));
        }

        var span = (ulong)(toIteration - fromIteration);
        var every = span < MaxSamples;
        var count = every ? (int)span + 1 : MaxSamples;
        var xs = new double[count];
        var ys = new double[count];
        for (var i = 0; i < count; i++)
        {
            // Sampled: offsets rounded down, the last one exactly the span (a double near 2^63 does not fit a long).
            var offset = every || i == count - 1 ? (ulong)i : (ulong)((double)span * i / (count - 1));
            var iteration = i == count - 1 ? toIteration : fromIteration + (long)offset;
            xs[i] = iteration;
            ys[i] = evaluate(iteration);
        }

        var plot = new Plot();
        var line = plot.Add.ScatterLine(xs, ys);
        line.LineWidth = 2;
        plot.Title(title, size: 12);
        plot.XLabel("iteration");
        plot.YLabel(yLabel);
        return plot;
    }

    /// <summary>Renders the schedule to a PNG file.</summary>
    /// <param name="schedule">The schedule to draw.</param>
    /// <param name="fromIteration">The first iteration drawn; at least 0.</param>
    /// <param name="toIteration">The last iteration drawn (inclusive); greater than <paramref name="fromIteration"/>.</param>
    /// <param name="path">The file to write (created or overwritten).</param>
    /// <param name="width">Width in pixels; 64 to 16,384.</param>
    /// <param name="height">Height in pixels; 64 to 16,384.</param>
    /// <param name="title">
    /// The title, or <see langword="null"/> for the short form of the schedule's <c>ToString()</c> (numbers with 4
    /// significant digits; without parameter names when still long).
    /// </param>
    /// <exception cref="ArgumentNullException"><paramref name="schedule"/> or <paramref name="path"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty or white space.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fromIteration"/> is negative, or <paramref name="toIteration"/> is not greater than it.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="width"/> or <paramref name="height"/> is outside 64 to 16,384.</exception>
    public static void SavePng(ILearningRateSchedule schedule, long fromIteration, long toIteration, string path, int width = 800, int height = 500, string? title = null) =>
        Save(schedule, fromIteration, toIteration, path, width, height, title, svg: false);

    /// <summary>Renders the schedule to an SVG file.</summary>
    /// <param name="schedule">The schedule to draw.</param>
    /// <param name="fromIteration">The first iteration drawn; at least 0.</param>
    /// <param name="toIteration">The last iteration drawn (inclusive); greater than <paramref name="fromIteration"/>.</param>
    /// <param name="path">The file to write (created or overwritten).</param>
    /// <param name="width">Width in pixels; 64 to 16,384.</param>
    /// <param name="height">Height in pixels; 64 to 16,384.</param>
    /// <param name="title">
    /// The title, or <see langword="null"/> for the short form of the schedule's <c>ToString()</c> (numbers with 4
    /// significant digits; without parameter names when still long).
    /// </param>
    /// <exception cref="ArgumentNullException"><paramref name="schedule"/> or <paramref name="path"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty or white space.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fromIteration"/> is negative, or <paramref name="toIteration"/> is not greater than it.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="width"/> or <paramref name="height"/> is outside 64 to 16,384.</exception>
    public static void SaveSvg(ILearningRateSchedule schedule, long fromIteration, long toIteration, string path, int width = 800, int height = 500, string? title = null) =>
        Save(schedule, fromIteration, toIteration, path, width, height, title, svg: true);

    /// <summary>Renders a momentum schedule to a PNG file.</summary>
    /// <param name="momentum">The momentum schedule to draw.</param>
    /// <param name="fromIteration">The first iteration drawn; at least 0.</param>
    /// <param name="toIteration">The last iteration drawn (inclusive); greater than <paramref name="fromIteration"/>.</param>
    /// <param name="path">The file to write (created or overwritten).</param>
    /// <param name="width">Width in pixels; 64 to 16,384.</param>
    /// <param name="height">Height in pixels; 64 to 16,384.</param>
    /// <param name="title">The title, or <see langword="null"/> for the short form of the schedule's <c>ToString()</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="momentum"/> or <paramref name="path"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty or white space.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fromIteration"/> is negative, or <paramref name="toIteration"/> is not greater than it.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="width"/> or <paramref name="height"/> is outside 64 to 16,384.</exception>
    public static void SaveMomentumPng(IMomentumSchedule momentum, long fromIteration, long toIteration, string path, int width = 800, int height = 500, string? title = null)
    {
        Guard.NotNull(momentum);
        PlotFile.Render(path, width, height, svg: false, () => CreateMomentumPlot(momentum, fromIteration, toIteration, title));
    }

    /// <summary>Renders a momentum schedule to an SVG file.</summary>
    /// <param name="momentum">The momentum schedule to draw.</param>
    /// <param name="fromIteration">The first iteration drawn; at least 0.</param>
    /// <param name="toIteration">The last iteration drawn (inclusive); greater than <paramref name="fromIteration"/>.</param>
    /// <param name="path">The file to write (created or overwritten).</param>
    /// <param name="width">Width in pixels; 64 to 16,384.</param>
    /// <param name="height">Height in pixels; 64 to 16,384.</param>
    /// <param name="title">The title, or <see langword="null"/> for the short form of the schedule's <c>ToString()</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="momentum"/> or <paramref name="path"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty or white space.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fromIteration"/> is negative, or <paramref name="toIteration"/> is not greater than it.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="width"/> or <paramref name="height"/> is outside 64 to 16,384.</exception>
    public static void SaveMomentumSvg(IMomentumSchedule momentum, long fromIteration, long toIteration, string path, int width = 800, int height = 500, string? title = null)
    {
        Guard.NotNull(momentum);
        PlotFile.Render(path, width, height, svg: true, () => CreateMomentumPlot(momentum, fromIteration, toIteration, title));
    }

    private static void Save(ILearningRateSchedule schedule, long fromIteration, long toIteration, string path, int width, int height, string? title, bool svg)
    {
        Guard.NotNull(schedule);
        PlotFile.Render(path, width, height, svg, () => CreatePlot(schedule, fromIteration, toIteration, title));
    }
}
