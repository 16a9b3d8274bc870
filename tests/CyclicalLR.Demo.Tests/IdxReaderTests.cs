namespace CyclicalLR.Demo.Tests;

public sealed class IdxReaderTests : IDisposable
{
    private readonly IdxFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void LoadFolder_ValidFiles_ReadsPixelsScaledAndLabels()
    {
        _files.WriteValidFolder();

        var split = IdxReader.LoadFolder(_files.Directory);

        split.Train.Count.Should().Be(12);
        split.Test.Count.Should().Be(3);
        split.Train.FeatureCount.Should().Be(6);
        split.Train.ClassCount.Should().Be(3);
        split.Test.ClassCount.Should().Be(3);
        split.Train.Label(2).Should().Be(2);
        split.Test.Label(0).Should().Be(2);
        // Pixel k of the image file is (k * 37) mod 256; image 1 starts at k = 6.
        split.Train.Features(1).ToArray().Should().Equal(Enumerable.Range(6, 6).Select(k => (k * 37 % 256) / 255f));
    }

    [Fact]
    public void LoadFolder_TrainLimit_KeepsFirstImages()
    {
        _files.WriteValidFolder();

        var split = IdxReader.LoadFolder(_files.Directory, trainLimit: 4);

        split.Train.Count.Should().Be(4);
        split.Train.Label(3).Should().Be(0);
        split.Test.Count.Should().Be(3);
    }

    [Fact]
    public void LoadFolder_TestLabelOutsideTrainingClasses_ThrowsNamingFileAndItem()
    {
        _files.WriteValidFolder();
        _files.WriteGzip("t10k-labels-idx1-ubyte.gz", IdxFiles.Labels(2, 4, 0));

        var act = () => IdxReader.LoadFolder(_files.Directory);

        act.Should().Throw<InvalidDataException>().WithMessage("t10k-labels-idx1-ubyte.gz has label 4 at item 1, outside the training labels' classes 0..2.");
    }

    [Fact]
    public void ReadImages_AllBytes_ScaledToUnitInterval()
    {
        var path = _files.WriteGzip("x.gz", IdxFiles.Idx(0x08, [1, 1, 2], [0, 255]));

        var (pixels, count, features) = IdxReader.ReadImages(path);

        count.Should().Be(1);
        features.Should().Be(2);
        pixels.Should().Equal(0f, 1f);
    }

    [Fact]
    public void ReadLabels_NotGzip_ThrowsNamingFile()
    {
        var path = _files.WriteRaw("labels.gz", IdxFiles.Labels(1, 2, 3));

        var act = () => IdxReader.ReadLabels(path);

        act.Should().Throw<InvalidDataException>().WithMessage("labels.gz is not a gzip file*");
    }

    [Fact]
    public void ReadLabels_CorruptGzipBody_ThrowsNamingFile()
    {
        var path = _files.WriteRaw("labels.gz", [0x1f, 0x8b, 0x08, 0x00, 0xde, 0xad, 0xbe, 0xef, 0x00, 0x01, 0x02, 0x03, 0x04]);

        var act = () => IdxReader.ReadLabels(path);

        act.Should().Throw<InvalidDataException>().WithMessage("labels.gz*");
    }

    [Fact]
    public void ReadImages_WrongMagic_Throws()
    {
        var bytes = IdxFiles.Images(2, 2, 2);
        bytes[0] = 0x12;
        var path = _files.WriteGzip("images.gz", bytes);

        var act = () => IdxReader.ReadImages(path);

        act.Should().Throw<InvalidDataException>().WithMessage("images.gz does not start with the IDX magic 00 00 08*12 00 08*");
    }

    [Fact]
    public void ReadImages_NonByteType_Throws()
    {
        var path = _files.WriteGzip("images.gz", IdxFiles.Idx(0x0D, [1, 1, 1], [0]));

        var act = () => IdxReader.ReadImages(path);

        act.Should().Throw<InvalidDataException>().WithMessage("*IDX magic 00 00 08*");
    }

    [Fact]
    public void ReadImages_LabelFileGiven_ThrowsWrongDimensions()
    {
        var path = _files.WriteGzip("images.gz", IdxFiles.Labels(1, 2));

        var act = () => IdxReader.ReadImages(path);

        act.Should().Throw<InvalidDataException>().WithMessage("images.gz has 1 dimensions; expected 3*");
    }

    [Fact]
    public void ReadLabels_ImageFileGiven_ThrowsWrongDimensions()
    {
        var path = _files.WriteGzip("labels.gz", IdxFiles.Images(1, 2, 2));

        var act = () => IdxReader.ReadLabels(path);

        act.Should().Throw<InvalidDataException>().WithMessage("labels.gz has 3 dimensions; expected 1*");
    }

    [Fact]
    public void ReadImages_TruncatedData_Throws()
    {
        var bytes = IdxFiles.Images(3, 2, 2);
        var path = _files.WriteGzip("images.gz", bytes[..^5]);

        var act = () => IdxReader.ReadImages(path);

        act.Should().Throw<InvalidDataException>().WithMessage("images.gz is truncated: its header declares 12 data bytes but it holds 7.");
    }

    [Fact]
    public void ReadImages_TruncatedHeader_Throws()
    {
        var path = _files.WriteGzip("images.gz", IdxFiles.Images(3, 2, 2)[..9]);

        var act = () => IdxReader.ReadImages(path);

        act.Should().Throw<InvalidDataException>().WithMessage("images.gz is truncated inside its header*");
    }

    [Fact]
    public void ReadLabels_TooShortForMagic_Throws()
    {
        var path = _files.WriteGzip("labels.gz", [0, 0]);

        var act = () => IdxReader.ReadLabels(path);

        act.Should().Throw<InvalidDataException>().WithMessage("labels.gz is too short for an IDX header*");
    }

    [Fact]
    public void ReadLabels_TrailingBytes_Throws()
    {
        var path = _files.WriteGzip("labels.gz", [.. IdxFiles.Labels(1, 2), 7]);

        var act = () => IdxReader.ReadLabels(path);

        act.Should().Throw<InvalidDataException>().WithMessage("labels.gz has 1 bytes after the 2 data bytes*");
    }

    [Fact]
    public void ReadImages_ZeroSize_Throws()
    {
        var path = _files.WriteGzip("images.gz", IdxFiles.Idx(0x08, [1, 0, 2], []));

        var act = () => IdxReader.ReadImages(path);

        act.Should().Throw<InvalidDataException>().WithMessage("images.gz has dimension 1 of size 0*");
    }

    [Fact]
    public void LoadFolder_LabelCountMismatch_Throws()
    {
        _files.WriteValidFolder();
        _files.WriteGzip("train-labels-idx1-ubyte.gz", IdxFiles.Labels(0, 1, 2, 0, 1));

        var act = () => IdxReader.LoadFolder(_files.Directory);

        act.Should().Throw<InvalidDataException>().WithMessage("train-labels-idx1-ubyte.gz has 5 labels but train-images-idx3-ubyte.gz has 12 images.");
    }

    [Fact]
    public void LoadFolder_TrainAndTestImageSizesDiffer_Throws()
    {
        _files.WriteValidFolder();
        _files.WriteGzip("t10k-images-idx3-ubyte.gz", IdxFiles.Images(3, 3, 3));

        var act = () => IdxReader.LoadFolder(_files.Directory);

        act.Should().Throw<InvalidDataException>().WithMessage("*has 6 pixels per image but t10k-images-idx3-ubyte.gz has 9.");
    }

    [Fact]
    public void LoadFolder_MissingFile_ThrowsFileNotFound()
    {
        _files.WriteValidFolder();
        File.Delete(_files.PathOf("t10k-labels-idx1-ubyte.gz"));

        var act = () => IdxReader.LoadFolder(_files.Directory);

        act.Should().Throw<FileNotFoundException>().WithMessage("*has no t10k-labels-idx1-ubyte.gz*");
    }

    [Fact]
    public void LoadFolder_MissingFolder_ThrowsDirectoryNotFound()
    {
        var act = () => IdxReader.LoadFolder(_files.PathOf("nope"));

        act.Should().Throw<DirectoryNotFoundException>();
    }
}
