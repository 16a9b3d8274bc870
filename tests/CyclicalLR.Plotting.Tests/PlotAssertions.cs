using SkiaSharp;

namespace CyclicalLR.Plotting.Tests;

/// <summary>Checks on rendered files. The plots land in the test output folder (plots/) so a person can look at them.</summary>
internal static class PlotAssertions
{
    public static string OutputPath(string fileName)
    {
        var dir = Path.Combine(AppContext.BaseDirectory, "plots");
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, fileName);
        File.Delete(path);
        return path;
    }

    /// <summary>A decodable PNG of the requested size, drawn in more than a few colours (not a blank canvas).</summary>
    public static void ShouldBeRenderedPng(string path, int width, int height)
    {
        File.Exists(path).Should().BeTrue();
        var bytes = File.ReadAllBytes(path);
        bytes.Take(8).Should().Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A });
        using var bitmap = SKBitmap.Decode(bytes);
        bitmap.Width.Should().Be(width);
        bitmap.Height.Should().Be(height);
        var colours = new HashSet<uint>();
        for (var y = 0; y < height; y += 3)
        {
            for (var x = 0; x < width; x += 3)
            {
                colours.Add((uint)bitmap.GetPixel(x, y));
            }
        }

        colours.Count.Should().BeGreaterThan(8, "a plot has axes, text and lines in several colours");
    }

    /// <summary>An SVG document that contains the given texts.</summary>
    public static void ShouldBeSvgWith(string path, params string[] texts)
    {
        File.Exists(path).Should().BeTrue();
        var svg = File.ReadAllText(path);
        svg.Should().Contain("<svg").And.Contain("</svg>");
        foreach (var text in texts)
        {
            svg.Should().Contain(text);
        }
    }

    /// <summary>Something dark is drawn in the middle of the image (text or a curve), not only a frame on white.</summary>
    public static void ShouldHaveDarkPixelsInPlotArea(string path)
    {
        using var bitmap = SKBitmap.Decode(File.ReadAllBytes(path));
        var dark = 0;
        for (var y = bitmap.Height / 4; y < bitmap.Height * 3 / 4; y++)
        {
            for (var x = bitmap.Width / 4; x < bitmap.Width * 3 / 4; x++)
            {
                var c = bitmap.GetPixel(x, y);
                if (c.Red + c.Green + c.Blue < 3 * 160)
                {
                    dark++;
                }
            }
        }

        dark.Should().BeGreaterThan(50, "the plot area shows a curve or a message, not a blank canvas");
    }
}
