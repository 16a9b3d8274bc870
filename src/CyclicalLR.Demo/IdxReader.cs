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
/// Sizes are unsigned; each is at least 1 and their product at most <see cref="Array.MaxLength"/>. The header is
/// inflated and checked first, then exactly the bytes it declares, so a hostile file costs at most what its header
/// declares (and no more than its compressed size can hold). The training labels define the classes, <c>0..K-1</c>
/// with every class present and <c>K</c> at least 2; every test label must be one of them.
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
    /// <exception cref="InvalidDataException">
    /// A file is not gzip, not IDX, truncated, or the files disagree; a label is out of range (see <see cref="ClassCountOf"/>);
    /// fewer than <see cref="DemoOptions.MinTrainImages"/> training images.
    /// </exception>
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

        var train = Load(trainImages, trainLabels, "train", minCount: DemoOptions.MinTrainImages);
        var test = Load(testImages, testLabels, "test", train.ClassCount);
        if (train.FeatureCount != test.FeatureCount)
        {
            throw new InvalidDataException(string.Create(
                CultureInfo.InvariantCulture,
                $"{Path.GetFileName(trainImages)} has {train.FeatureCount} pixels per image but {Path.GetFileName(testImages)} has {test.FeatureCount}."));
        }

        var classes = train.ClassCount;
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
    /// <param name="imagesPath">The image file.</param>
    /// <param name="labelsPath">The label file.</param>
    /// <param name="name">The data set's name.</param>
    /// <param name="classCount">
    /// The number of classes every label must be below, or <see langword="null"/> to take it from these labels: then
    /// it is the largest label plus one, and every class from 0 to it must occur (a training file).
    /// </param>
    /// <param name="minCount">The fewest images accepted.</param>
    /// <exception cref="InvalidDataException">A file is malformed, the counts differ, a label is out of range, or there are fewer than <paramref name="minCount"/> images.</exception>
    public static Dataset Load(string imagesPath, string labelsPath, string name, int? classCount = null, int minCount = 1)
    {
        var (pixels, count, featureCount) = ReadImages(imagesPath);
        if (count < minCount)
        {
            throw Invalid(Path.GetFileName(imagesPath), $"has {count} images; the demo trains on at least {minCount} (the range test holds out a fifth of them to measure accuracy)");
        }

        var labels = ReadLabels(labelsPath);
        if (labels.Length != count)
        {
            throw new InvalidDataException(string.Create(
                CultureInfo.InvariantCulture,
                $"{Path.GetFileName(labelsPath)} has {labels.Length} labels but {Path.GetFileName(imagesPath)} has {count} images."));
        }

        if (classCount is { } classes)
        {
            CheckLabels(labels, classes, labelsPath);
        }

        return new Dataset(name, pixels, labels, featureCount, classCount ?? ClassCountOf(labels, labelsPath));
    }

    /// <summary>Reads an image file (<c>idx3-ubyte</c>, gzip) and scales each pixel to [0, 1].</summary>
    /// <returns>The pixels row-major, the number of images, and the pixels per image.</returns>
    /// <exception cref="InvalidDataException">The file is not gzip, not a 3-dimensional IDX byte file, or truncated.</exception>
    public static (float[] Pixels, int Count, int FeatureCount) ReadImages(string path)
    {
        var (dims, data) = Read(path, expectedDimensions: 3);
        var pixels = new float[data.Length];
        for (var i = 0; i < data.Length; i++)
        {
            pixels[i] = data[i] / 255f;
        }

        // Read bounds the product of the sizes by Array.MaxLength, so each size and rows * columns fit an int.
        return (pixels, (int)dims[0], (int)(dims[1] * dims[2]));
    }

    /// <summary>Reads a label file (<c>idx1-ubyte</c>, gzip).</summary>
    /// <exception cref="InvalidDataException">The file is not gzip, not a 1-dimensional IDX byte file, or truncated.</exception>
    public static byte[] ReadLabels(string path) => Read(path, expectedDimensions: 1).Data;

    /// <summary>
    /// Returns the class count a training label file defines, the largest label plus one, after checking that every
    /// class from 0 to it occurs and that there are at least two (a label of 255 in a 10-class file leaves 246 classes
    /// with no example, and is rejected).
    /// </summary>
    /// <exception cref="InvalidDataException">A class below the largest label never occurs, or there is only one class.</exception>
    internal static int ClassCountOf(byte[] labels, string labelsPath)
    {
        Span<int> counts = stackalloc int[256];
        foreach (var label in labels)
        {
            counts[label]++;
        }

        var classes = 0;
        for (var c = 0; c < counts.Length; c++)
        {
            if (counts[c] > 0)
            {
                classes = c + 1;
            }
        }

        var name = Path.GetFileName(labelsPath);
        if (classes < 2)
        {
            throw Invalid(name, $"has no label above {Math.Max(0, classes - 1)}; classification needs labels 0..K-1 of at least 2 classes");
        }

        var missing = counts[..classes].IndexOf(0);
        if (missing >= 0)
        {
            var absent = 0;
            foreach (var count in counts[..classes])
            {
                absent += count == 0 ? 1 : 0;
            }

            throw Invalid(name, $"has labels up to {classes - 1} but {absent} of the classes 0..{classes - 1} never occur (the first is {missing}); labels must be 0..K-1 with every class present in the training set");
        }

        return classes;
    }

    /// <summary>Checks that every label of a test file is one of the training file's classes.</summary>
    /// <exception cref="InvalidDataException">A label is not below <paramref name="classCount"/>.</exception>
    internal static void CheckLabels(byte[] labels, int classCount, string labelsPath)
    {
        for (var i = 0; i < labels.Length; i++)
        {
            if (labels[i] >= classCount)
            {
                throw Invalid(Path.GetFileName(labelsPath), $"has label {labels[i]} at item {i}, outside the training labels' classes 0..{classCount - 1}");
            }
        }
    }

    /// <summary>The most data bytes deflate can produce per compressed byte (a 258-byte match coded in 2 bits).</summary>
    internal const long MaxInflationRatio = 1032;

    /// <summary>The most bytes after the declared data that are inflated to count them before the reader gives up.</summary>
    internal const int MaxTrailingBytesCounted = 64 * 1024;

    /// <summary>
    /// Reads one file: inflates the IDX header first, checks it, then inflates exactly the data bytes it declares (no
    /// more than <see cref="Array.MaxLength"/>, and no more than a gzip file of this size can hold), then at most
    /// <see cref="MaxTrailingBytesCounted"/> bytes past them. So a small file that inflates to gigabytes costs what its
    /// header declares, not what it inflates to.
    /// </summary>
    private static (uint[] Dims, byte[] Data) Read(string path, int expectedDimensions)
    {
        var name = Path.GetFileName(path);
        try
        {
            using var file = File.OpenRead(path);
            Span<byte> magic = stackalloc byte[2];
            if (file.ReadAtLeast(magic, 2, throwOnEndOfStream: false) < 2 || magic[0] != 0x1f || magic[1] != 0x8b)
            {
                throw Invalid(name, $"is not a gzip file (it does not start with the gzip signature 1f 8b)");
            }

            var compressedLength = file.Length;
            file.Position = 0;
            using var gzip = new GZipStream(file, CompressionMode.Decompress);
            Span<byte> header = stackalloc byte[4 + (4 * 3)];
            var got = gzip.ReadAtLeast(header[..4], 4, throwOnEndOfStream: false);
            if (got < 4)
            {
                throw Invalid(name, $"is too short for an IDX header ({got} bytes)");
            }

            if (header[0] != 0 || header[1] != 0 || header[2] != 0x08)
            {
                throw Invalid(name, $"does not start with the IDX magic 00 00 08 (unsigned bytes); it starts {header[0]:x2} {header[1]:x2} {header[2]:x2}");
            }

            if (header[3] != expectedDimensions)
            {
                throw Invalid(name, $"has {header[3]} dimensions; expected {expectedDimensions} ({(expectedDimensions == 3 ? "images: count, rows, columns" : "labels: count")})");
            }

            var headerLength = 4 + (4 * expectedDimensions);
            got = 4 + gzip.ReadAtLeast(header[4..headerLength], headerLength - 4, throwOnEndOfStream: false);
            if (got < headerLength)
            {
                throw Invalid(name, $"is truncated inside its header ({got} bytes, header needs {headerLength})");
            }

            // IDX sizes are unsigned 32-bit big-endian integers.
            var dims = new uint[expectedDimensions];
            long declared = 1;
            for (var i = 0; i < expectedDimensions; i++)
            {
                var size = BinaryPrimitives.ReadUInt32BigEndian(header.Slice(4 + (4 * i), 4));
                if (size < 1)
                {
                    throw Invalid(name, $"has dimension {i} of size {size}; every size must be at least 1");
                }

                dims[i] = size;
                declared *= size; // at most Array.MaxLength * 2^32 < 2^63 before the check below.
                if (declared > Array.MaxLength)
                {
                    throw Invalid(name, $"declares sizes {string.Join(" x ", dims[..(i + 1)])}, more than the {Array.MaxLength} data bytes the reader can hold");
                }
            }

            if (declared > (compressedLength * MaxInflationRatio) + 1024)
            {
                throw Invalid(name, $"is truncated: its header declares {declared} data bytes but a gzip file of {compressedLength} bytes inflates to at most {compressedLength * MaxInflationRatio}");
            }

            var data = new byte[declared];
            var actual = gzip.ReadAtLeast(data, data.Length, throwOnEndOfStream: false);
            if (actual < declared)
            {
                throw Invalid(name, $"is truncated: its header declares {declared} data bytes but it holds {actual}");
            }

            var trailing = gzip.ReadAtLeast(new byte[MaxTrailingBytesCounted + 1], MaxTrailingBytesCounted + 1, throwOnEndOfStream: false);
            if (trailing > 0)
            {
                throw trailing > MaxTrailingBytesCounted
                    ? Invalid(name, $"has more than {MaxTrailingBytesCounted} bytes after the {declared} data bytes its header declares")
                    : Invalid(name, $"has {trailing} bytes after the {declared} data bytes its header declares");
            }

            return (dims, data);
        }
        catch (InvalidDataException ex) when (!ex.Message.StartsWith(name + " ", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{name} is not a valid gzip file: {ex.Message}", ex);
        }
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
