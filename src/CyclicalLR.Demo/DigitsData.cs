using System.Globalization;
using System.IO.Compression;

namespace CyclicalLR.Demo;

/// <summary>
/// The embedded default data set: the UCI handwritten digits (E. Alpaydin, C. Kaynak, 1998; CC BY 4.0), 1,797 8x8
/// images of the digits 0..9. See <c>Data/ATTRIBUTION.md</c>.
/// </summary>
internal static class DigitsData
{
    /// <summary>Number of samples in the file.</summary>
    public const int SampleCount = 1797;

    /// <summary>Number of samples in the fixed test split; the other 1,437 are the training split.</summary>
    public const int TestCount = 360;

    /// <summary>Seed of the fixed shuffle that makes the split (independent of the demo's <c>--seed</c>).</summary>
    public const int SplitSeed = 0;

    private const int Features = 64;
    private const int Classes = 10;
    private const string ResourceName = "CyclicalLR.Demo.Data.digits.csv.gz";

    /// <summary>Loads the embedded file and splits it: a shuffle with <c>new Random(0)</c>, then 1,437 train / 360 test.</summary>
    /// <returns>The fixed split; pixel counts 0..16 are divided by 16.</returns>
    public static DataSplit Load()
    {
        using var resource = typeof(DigitsData).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing.");
        using var gzip = new GZipStream(resource, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        var all = Parse(reader, "digits.csv.gz");

        var order = new int[all.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        new Random(SplitSeed).Shuffle(order);
        var trainCount = all.Count - TestCount;
        var train = all.Select("UCI digits, train", order.AsSpan(0, trainCount));
        var test = all.Select("UCI digits, test", order.AsSpan(trainCount));
        var description = string.Create(
            CultureInfo.InvariantCulture,
            $"UCI handwritten digits (embedded, 8x8, pixels/16): {all.Count} images shuffled with new Random({SplitSeed}), first {trainCount} train, last {TestCount} test");
        return new DataSplit(train, test, description);
    }

    /// <summary>Parses rows of 64 pixel counts (0..16) and a label (0..9).</summary>
    internal static Dataset Parse(TextReader reader, string source)
    {
        var features = new List<float>(SampleCount * Features);
        var labels = new List<byte>(SampleCount);
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            var fields = line.Split(',');
            if (fields.Length != Features + 1)
            {
                throw new InvalidDataException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{source}, line {lineNumber}: expected {Features + 1} comma-separated values, found {fields.Length}."));
            }

            for (var i = 0; i < Features; i++)
            {
                features.Add(ParseInt(fields[i], 16, source, lineNumber) / 16f);
            }

            labels.Add((byte)ParseInt(fields[Features], Classes - 1, source, lineNumber));
        }

        return new Dataset("UCI digits", [.. features], [.. labels], Features, Classes);
    }

    private static int ParseInt(string field, int max, string source, int lineNumber)
    {
        if (!int.TryParse(field, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value > max)
        {
            throw new InvalidDataException(string.Create(
                CultureInfo.InvariantCulture,
                $"{source}, line {lineNumber}: '{field}' is not an integer in 0..{max}."));
        }

        return value;
    }
}
