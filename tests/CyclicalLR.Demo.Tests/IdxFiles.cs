using System.Buffers.Binary;
using System.IO.Compression;

namespace CyclicalLR.Demo.Tests;

/// <summary>Writes tiny IDX files (gzip or not, good or corrupt) into a temporary folder that is deleted on dispose.</summary>
internal sealed class IdxFiles : IDisposable
{
    public IdxFiles()
    {
        Directory = Path.Combine(Path.GetTempPath(), "cyclicallr-idx-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
    }

    public string Directory { get; }

    public string PathOf(string name) => Path.Combine(Directory, name);

    /// <summary>The bytes of an IDX file: 00 00 type ndims, big-endian sizes, data.</summary>
    public static byte[] Idx(byte type, int[] dims, byte[] data)
    {
        var bytes = new byte[4 + (4 * dims.Length) + data.Length];
        bytes[2] = type;
        bytes[3] = (byte)dims.Length;
        for (var i = 0; i < dims.Length; i++)
        {
            BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + (4 * i)), dims[i]);
        }

        data.CopyTo(bytes, 4 + (4 * dims.Length));
        return bytes;
    }

    /// <summary>The bytes of an IDX header with unsigned sizes (IDX sizes are unsigned 32-bit), and no data.</summary>
    public static byte[] Header(byte type, params uint[] dims)
    {
        var bytes = new byte[4 + (4 * dims.Length)];
        bytes[2] = type;
        bytes[3] = (byte)dims.Length;
        for (var i = 0; i < dims.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4 + (4 * i)), dims[i]);
        }

        return bytes;
    }

    public static byte[] Gzip(byte[] content)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest))
        {
            gzip.Write(content);
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// Writes a gzip bomb: <paramref name="content"/> (a small, valid IDX file) as one gzip member, then
    /// <paramref name="zeroMembers"/> more members of 16 MiB of zeros each (about 16 KB compressed): a file of
    /// <c>16 KB * zeroMembers</c> that inflates to <c>16 MiB * zeroMembers</c> (160 members: 2.6 MB to 2.5 GiB).
    /// </summary>
    public string WriteGzipBomb(string name, byte[] content, int zeroMembers)
    {
        byte[] zeros;
        using (var buffer = new MemoryStream())
        {
            using (var gzip = new GZipStream(buffer, CompressionLevel.SmallestSize))
            {
                var chunk = new byte[1 << 20];
                for (var i = 0; i < 16; i++)
                {
                    gzip.Write(chunk);
                }
            }

            zeros = buffer.ToArray();
        }

        var path = PathOf(name);
        using var file = File.Create(path);
        file.Write(Gzip(content));
        for (var i = 0; i < zeroMembers; i++)
        {
            file.Write(zeros);
        }

        return path;
    }

    public static byte[] Images(int count, int rows, int cols) =>
        Idx(0x08, [count, rows, cols], Enumerable.Range(0, count * rows * cols).Select(i => (byte)(i * 37 % 256)).ToArray());

    public static byte[] Labels(params byte[] labels) => Idx(0x08, [labels.Length], labels);

    public string WriteGzip(string name, byte[] content)
    {
        var path = PathOf(name);
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        gzip.Write(content);
        return path;
    }

    public string WriteRaw(string name, byte[] content)
    {
        var path = PathOf(name);
        File.WriteAllBytes(path, content);
        return path;
    }

    /// <summary>Writes a valid MNIST-style folder: 12 train and 3 test 2x3 images, labels 0..2.</summary>
    public void WriteValidFolder()
    {
        WriteGzip("train-images-idx3-ubyte.gz", Images(12, 2, 3));
        WriteGzip("train-labels-idx1-ubyte.gz", Labels(0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2));
        WriteGzip("t10k-images-idx3-ubyte.gz", Images(3, 2, 3));
        WriteGzip("t10k-labels-idx1-ubyte.gz", Labels(2, 1, 0));
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
