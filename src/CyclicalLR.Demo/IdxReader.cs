using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;

namespace CyclicalLR.Demo;

/// <summary>
/// Reads gzip-compressed IDX files, the format of MNIST and Fashion-MNIST
/// (<c>train-images-idx3-ubyte.gz</c>, <c>train-labels-idx1-ubyte.gz</c>, <c>t10k-images-idx3-ubyte.gz</c>,
/// <c>t10k-labels-idx1-ubyte.gz</c>), and rejects malformed files with an <see cref="InvalidDataException"/> that names
/// the file and what is wrong.
/// </summary>
/// <remarks>
/// An IDX file is a big-endian header, <c>00 00 08 n</c> (two zero bytes, type 0x08 = unsigned byte, <c>n</c>
/// dimensions), then <c>n</c> 32-bit sizes, then exactly the product of the sizes in bytes. Images are
/// <c>n = 3</c> (count, rows, columns) and are scaled to [0, 1] by dividing by 255; labels are <c>n = 1</c>.
/// </remarks>
internal static class IdxReader
{
    private static readonly string[] TrainImageNames = ["train-images-idx3-ubyte.gz", "train-images.idx3-ubyte.gz"];
    private static readonly string[] TrainLabelNames = ["train-labels-idx1-ubyte.gz", "train-labels.idx1-ubyte.gz"];
    private static readonly string[] TestImageNames = ["t10k-images-idx3-ubyte.gz", "t10k-images.idx3-ubyte.gz"];
    private static readonly string[] TestLabelNames = ["t10k-labels-idx1-ubyte.gz", "t10k-labels.idx1-ubyte.gz"];

    /// <summary>Loads the four MNIST-format files of <paramref name="directory"/> as a train/test split.</summary>
    /// <param name="directory">A folder with the gzip files named as in MNIST (see the class summary).</param>
    /// <param name="trainLimit">Use only the first this many training images; <see langword="null"/> for all.</param>
    /// <returns>The split the files define (MNIST's own), pixels divided by 255.</returns>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="FileNotFoundException">One of the four files is missing.</exception>
    /// <exception cref="InvalidDataException">A file is not gzip, not IDX, truncated, or the files disagree.</exception>
    public static DataSplit LoadFolder(string directory, int? trainLimit = null)
    {
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"The data folder '{directory}' does not exist.");
        }

        var trainImages = Find(directory, TrainImageNames);
        var trainLabels = Find(directory, TrainLabelNames);
        var testImages = Find(directory, TestImageNames);
        var testLabels = Find(directory, TestLabelNames);

        var train = Load(trainImages, trainLabels, "train");
        var test = Load(testImages, testLabels, "test");
        if (train.FeatureCount != test.FeatureCount)
        {
            throw new InvalidDataException(string.Create(
                CultureInfo.InvariantCulture,
                $"{Path.GetFileName(trainImages)} has {train.FeatureCount} pixels per image but {Path.GetFileName(testImages)} has {test.FeatureCount}."));
        }

        var classes = Math.Max(train.ClassCount, test.ClassCount);
        train = train.WithClassCount(classes);
        test = test.WithClassCount(classes);
        var trainNote = "the files' training set";
        if (trainLimit is { } limit && limit < train.Count)
        {
            train = train.Slice(train.Name, 0, limit);
            trainNote = "the first images of the files' training set (--train-limit)";
        }

        var description = string.Create(
            CultureInfo.InvariantCulture,
            $"IDX files in {directory} (pixels/255): {train.Count} train images ({trainNote}), {test.Count} test images (the files' test set), {classes} classes");
        return new DataSplit(train, test, description);
    }

    /// <summary>Loads one image file and its label file as a data set.</summary>
    /// <exception cref="InvalidDataException">A file is malformed, or the counts differ.</exception>
    public static Dataset Load(string imagesPath, string labelsPath, string name)
    {
        var (pixels, count, featureCount) = ReadImages(imagesPath);
        var labels = ReadLabels(labelsPath);
        if (labels.Length != count)
        {
            throw new InvalidDataException(string.Create(
                CultureInfo.InvariantCulture,
                $"{Path.GetFileName(labelsPath)} has {labels.Length} labels but {Path.GetFileName(imagesPath)} has {count} images."));
        }

        var classes = 2;
        foreach (var label in labels)
        {
            classes = Math.Max(classes, label + 1);
        }

        return new Dataset(name, pixels, labels, featureCount, classes);
    }

    /// <summary>Reads an image file (<c>idx3-ubyte</c>, gzip) and scales each pixel to [0, 1].</summary>
    /// <returns>The pixels row-major, the number of images, and the pixels per image.</returns>
    /// <exception cref="InvalidDataException">The file is not gzip, not a 3-dimensional IDX byte file, or truncated.</exception>
    public static (float[] Pixels, int Count, int FeatureCount) ReadImages(string path)
    {
        var (dims, data) = Read(path, expectedDimensions: 3);
        var featureCount = checked(dims[1] * dims[2]);
        var pixels = new float[data.Length];
        for (var i = 0; i < data.Length; i++)
        {
            pixels[i] = data[i] / 255f;
        }

        return (pixels, dims[0], featureCount);
    }

    /// <summary>Reads a label file (<c>idx1-ubyte</c>, gzip).</summary>
    /// <exception cref="InvalidDataException">The file is not gzip, not a 1-dimensional IDX byte file, or truncated.</exception>
    public static byte[] ReadLabels(string path) => Read(path, expectedDimensions: 1).Data;

    private static (int[] Dims, byte[] Data) Read(string path, int expectedDimensions)
    {
        var name = Path.GetFileName(path);
        byte[] bytes;
        try
        {
            using var file = File.OpenRead(path);
            Span<byte> magic = stackalloc byte[2];
            if (file.ReadAtLeast(magic, 2, throwOnEndOfStream: false) < 2 || magic[0] != 0x1f || magic[1] != 0x8b)
            {
                throw new InvalidDataException($"{name} is not a gzip file (it does not start with the gzip signature 1f 8b).");
            }

            file.Position = 0;
            using var gzip = new GZipStream(file, CompressionMode.Decompress);
            using var buffer = new MemoryStream();
            gzip.CopyTo(buffer);
            bytes = buffer.ToArray();
        }
        catch (InvalidDataException ex) when (!ex.Message.StartsWith(name, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{name} is not a valid gzip file: {ex.Message}", ex);
        }

        if (bytes.Length < 4)
        {
            throw Invalid(name, $"is too short for an IDX header ({bytes.Length} bytes)");
        }

        if (bytes[0] != 0 || bytes[1] != 0 || bytes[2] != 0x08)
        {
            throw Invalid(name, $"does not start with the IDX magic 00 00 08 (unsigned bytes); it starts {bytes[0]:x2} {bytes[1]:x2} {bytes[2]:x2}");
        }

        if (bytes[3] != expectedDimensions)
        {
            throw Invalid(name, $"has {bytes[3]} dimensions; expected {expectedDimensions} ({(expectedDimensions == 3 ? "images: count, rows, columns" : "labels: count")})");
        }

        var headerLength = 4 + (4 * expectedDimensions);
        if (bytes.Length < headerLength)
        {
            throw Invalid(name, $"is truncated inside its header ({bytes.Length} bytes, header needs {headerLength})");
        }

        var dims = new int[expectedDimensions];
        long expected = 1;
        for (var i = 0; i < expectedDimensions; i++)
        {
            var size = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4 + (4 * i), 4));
            if (size < 1)
            {
                throw Invalid(name, $"has dimension {i} of size {size}; every size must be at least 1");
            }

            dims[i] = size;
            expected *= size;
            if (expected > Array.MaxLength)
            {
                throw Invalid(name, $"declares more than {Array.MaxLength} data bytes");
            }
        }

        var actual = bytes.Length - headerLength;
        if (actual != expected)
        {
            throw actual < expected
                ? Invalid(name, $"is truncated: its header declares {expected} data bytes but it holds {actual}")
                : Invalid(name, $"has {actual - expected} bytes after the {expected} data bytes its header declares");
        }

        return (dims, bytes.AsSpan(headerLength).ToArray());
    }

    private static InvalidDataException Invalid(string name, FormattableString problem) =>
        new($"{name} {problem.ToString(CultureInfo.InvariantCulture)}.");

    private static string Find(string directory, string[] names)
    {
        foreach (var name in names)
        {
            var path = Path.Combine(directory, name);
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new FileNotFoundException(
            $"The data folder '{directory}' has no {names[0]} (MNIST-format gzip IDX files expected: train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz).",
            Path.Combine(directory, names[0]));
    }
}
