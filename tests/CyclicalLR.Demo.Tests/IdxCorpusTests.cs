namespace CyclicalLR.Demo.Tests;

/// <summary>
/// A corpus of corrupt, truncated and hostile IDX files: each fails with an <see cref="InvalidDataException"/> whose
/// message starts with the file's name, and reading it allocates a bounded amount (never what a hostile file inflates
/// to, nor what a header declares that the file cannot hold).
/// </summary>
public sealed class IdxCorpusTests : IDisposable
{
    /// <summary>What reading any corpus file may allocate: buffers, the trailing-bytes probe, the messages.</summary>
    private const long AllocationBound = 4 << 20;

    private readonly IdxFiles _files = new();

    public void Dispose() => _files.Dispose();

    private static byte[] Labels(int count) => IdxFiles.Labels(Enumerable.Range(0, count).Select(i => (byte)(i % 10)).ToArray());

    public static TheoryData<string, string> Corpus() => new()
    {
        { "empty", "is not a gzip file*" },
        { "one-byte", "is not a gzip file*" },
        { "gzip-signature-only", "is too short for an IDX header (0 bytes)." },
        { "gzip-header-only", "*" },
        { "gzip-cut-in-half", "*" },
        { "corrupt-deflate", "is not a valid gzip file*" },
        { "plain-idx", "is not a gzip file*" },
        { "gzip-of-gzip", "does not start with the IDX magic 00 00 08 (unsigned bytes); it starts 1f 8b 08." },
        { "float-type", "does not start with the IDX magic*" },
        { "two-dimensions", "has 2 dimensions; expected 1*" },
        { "255-dimensions", "has 255 dimensions; expected 1*" },
        { "header-cut", "is truncated inside its header (6 bytes, header needs 8)." },
        { "size-zero", "has dimension 0 of size 0; every size must be at least 1." },
        { "count-2^31", "declares sizes 2147483648, more than the 2147483591 data bytes the reader can hold." },
        { "count-2^32-1", "declares sizes 4294967295, more than*" },
        { "declares-more-than-the-gzip-holds", "is truncated: its header declares 100000000 data bytes but a gzip file of * bytes inflates to at most *" },
        { "data-truncated", "is truncated: its header declares 100 data bytes but it holds 50." },
        { "trailing-bytes", "has 3 bytes after the 10 data bytes its header declares." },
        { "gzip-bomb", "has more than 65536 bytes after the 10 data bytes its header declares." },
    };

    private string Write(string name) => name switch
    {
        "empty" => _files.WriteRaw(name, []),
        "one-byte" => _files.WriteRaw(name, [0x1f]),
        "gzip-signature-only" => _files.WriteRaw(name, [0x1f, 0x8b]),
        "gzip-header-only" => _files.WriteRaw(name, IdxFiles.Gzip(Labels(200))[..10]),
        "gzip-cut-in-half" => _files.WriteRaw(name, IdxFiles.Gzip(Labels(200)) is var g ? g[..(g.Length / 2)] : []),
        "corrupt-deflate" => _files.WriteRaw(name, [0x1f, 0x8b, 0x08, 0x00, 0xde, 0xad, 0xbe, 0xef, 0x00, 0x01, 0x02, 0x03, 0x04]),
        "plain-idx" => _files.WriteRaw(name, Labels(10)),
        "gzip-of-gzip" => _files.WriteGzip(name, IdxFiles.Gzip(Labels(10))),
        "float-type" => _files.WriteGzip(name, [.. IdxFiles.Header(0x0D, 1), 0, 0, 0, 0]),
        "two-dimensions" => _files.WriteGzip(name, [.. IdxFiles.Header(0x08, 2, 1), 0, 0]),
        "255-dimensions" => _files.WriteGzip(name, [0, 0, 8, 255, 0, 0, 0, 1]),
        "header-cut" => _files.WriteGzip(name, IdxFiles.Header(0x08, 10)[..6]),
        "size-zero" => _files.WriteGzip(name, IdxFiles.Header(0x08, 0)),
        "count-2^31" => _files.WriteGzip(name, IdxFiles.Header(0x08, 0x8000_0000)),
        "count-2^32-1" => _files.WriteGzip(name, IdxFiles.Header(0x08, uint.MaxValue)),
        "declares-more-than-the-gzip-holds" => _files.WriteGzip(name, [.. IdxFiles.Header(0x08, 100_000_000), .. new byte[10]]),
        "data-truncated" => _files.WriteGzip(name, Labels(100)[..(8 + 50)]),
        "trailing-bytes" => _files.WriteGzip(name, [.. Labels(10), 1, 2, 3]),
        "gzip-bomb" => _files.WriteGzipBomb(name, Labels(10), zeroMembers: 160),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    [Theory]
    [MemberData(nameof(Corpus))]
    public void ReadLabels_HostileFile_ThrowsNamingTheFileWithBoundedCost(string name, string problem)
    {
        var path = Write(name);
        var act = () => IdxReader.ReadLabels(path);
        var before = GC.GetAllocatedBytesForCurrentThread();

        act.Should().Throw<InvalidDataException>().WithMessage($"{name} {problem}");

        (GC.GetAllocatedBytesForCurrentThread() - before).Should().BeLessThan(AllocationBound);
    }

    [Theory]
    [InlineData("count-2^31", 0x8000_0000u, 1u, 1u, "declares sizes 2147483648, more than*")]
    [InlineData("rows-2^32-1", 1u, uint.MaxValue, 1u, "declares sizes 1 x 4294967295, more than*")]
    [InlineData("sizes-overflow-64-bits", 65535u, 65535u, 65535u, "declares sizes 65535 x 65535, more than*")]
    [InlineData("columns-2^31", 1u, 1u, 0x8000_0000u, "declares sizes 1 x 1 x 2147483648, more than*")]
    [InlineData("47-MB-in-a-tiny-file", 60_000u, 28u, 28u, "is truncated: its header declares 47040000 data bytes but a gzip file of * bytes inflates to at most *")]
    public void ReadImages_HugeDeclaredSizes_ThrowsWithUnsignedSizesBeforeAllocating(string name, uint count, uint rows, uint columns, string problem)
    {
        var path = _files.WriteGzip(name, IdxFiles.Header(0x08, count, rows, columns));
        var act = () => IdxReader.ReadImages(path);
        var before = GC.GetAllocatedBytesForCurrentThread();

        act.Should().Throw<InvalidDataException>().WithMessage($"{name} {problem}").Which.Message.Should().NotContain(" -");

        (GC.GetAllocatedBytesForCurrentThread() - before).Should().BeLessThan(AllocationBound);
    }

    [Fact]
    public void ReadImages_GzipBomb_ThrowsNamingTheFileWithBoundedCost()
    {
        var path = _files.WriteGzipBomb("images-bomb.gz", IdxFiles.Images(2, 2, 3), zeroMembers: 160);
        new FileInfo(path).Length.Should().BeLessThan(4 << 20, "the bomb is small on disk, 2.5 GiB inflated");
        var act = () => IdxReader.ReadImages(path);
        var before = GC.GetAllocatedBytesForCurrentThread();

        act.Should().Throw<InvalidDataException>().WithMessage("images-bomb.gz has more than 65536 bytes after the 12 data bytes its header declares.");

        (GC.GetAllocatedBytesForCurrentThread() - before).Should().BeLessThan(AllocationBound);
    }

    [Fact]
    public void LoadFolder_Label255InA10ClassTrainingFile_ThrowsNamingTheFile()
    {
        _files.WriteValidFolder();
        _files.WriteGzip("train-images-idx3-ubyte.gz", IdxFiles.Images(11, 2, 3));
        _files.WriteGzip("train-labels-idx1-ubyte.gz", IdxFiles.Labels(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 255));

        var act = () => IdxReader.LoadFolder(_files.Directory);

        act.Should().Throw<InvalidDataException>().WithMessage(
            "train-labels-idx1-ubyte.gz has labels up to 255 but 245 of the classes 0..255 never occur (the first is 10); labels must be 0..K-1 with every class present in the training set.");
    }

    [Fact]
    public void LoadFolder_OneClass_ThrowsNamingTheFile()
    {
        _files.WriteValidFolder();
        _files.WriteGzip("train-labels-idx1-ubyte.gz", IdxFiles.Labels(new byte[12]));

        var act = () => IdxReader.LoadFolder(_files.Directory);

        act.Should().Throw<InvalidDataException>().WithMessage("train-labels-idx1-ubyte.gz has no label above 0; classification needs labels 0..K-1 of at least 2 classes.");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(9)]
    public void LoadFolder_TooFewTrainingImages_ThrowsNamingTheFile(int count)
    {
        _files.WriteValidFolder();
        _files.WriteGzip("train-images-idx3-ubyte.gz", IdxFiles.Images(count, 2, 3));
        _files.WriteGzip("train-labels-idx1-ubyte.gz", IdxFiles.Labels(Enumerable.Range(0, count).Select(i => (byte)(i % 3)).ToArray()));

        var act = () => IdxReader.LoadFolder(_files.Directory);

        act.Should().Throw<InvalidDataException>().WithMessage($"train-images-idx3-ubyte.gz has {count} images; the demo trains on at least 10 *");
    }

    [Fact]
    public void Run_GzipBombInTheDataFolder_Exit1OneLineNamingTheFile()
    {
        _files.WriteValidFolder();
        _files.WriteGzipBomb("t10k-labels-idx1-ubyte.gz", IdxFiles.Labels(2, 1, 0), zeroMembers: 160);
        var error = new StringWriter();

        var code = Program.Run(["--quick", "--data", _files.Directory, "--out", _files.PathOf("report")], new StringWriter(), error);

        code.Should().Be(1);
        error.ToString().Should().StartWith("Error: t10k-labels-idx1-ubyte.gz has more than 65536 bytes after the 3 data bytes");
        error.ToString().TrimEnd().Should().NotContain("\n");
        Directory.Exists(_files.PathOf("report")).Should().BeFalse();
    }
}
