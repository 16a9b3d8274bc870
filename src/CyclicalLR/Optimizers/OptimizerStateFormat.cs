using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.IO.Hashing;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CyclicalLR;

/// <summary>
/// The binary format of an optimizer's state (version 1): its writer, its validating reader, and the in-memory capture the
/// restoring range test uses. Written once for every optimizer; an optimizer supplies only its
/// <see cref="OptimizerStateLayout"/> and its buffers through <see cref="IOptimizerStateOwner{T}"/>.
/// </summary>
/// <remarks>
/// <para>
/// Little-endian throughout. Three sections, each followed by the CRC-32 of its own bytes (IEEE 802.3 polynomial,
/// reflected, initial value and final XOR <c>0xFFFFFFFF</c>: zlib's <c>crc32</c>, <see cref="Crc32"/>), so a corrupted
/// count or length is reported as corruption, never read as a shape. Offsets count from the state's first byte.
/// </para>
/// <code>
/// Preamble, 28 bytes
///   0   4  magic "CLRS" (43 4C 52 53)
///   4   2  u16 format version = 1
///   6   1  u8  optimizer: 1 = SgdOptimizer, 2 = AdamOptimizer
///   7   1  u8  element type: 1 = Half, 2 = Single (float), 3 = Double
///   8   1  u8  flags: bit 0 = the weights are included; other bits 0
///   9   1  u8  K, state arrays per buffer (SgdOptimizer: 1, momentum, when created with momentum; else 0;
///                AdamOptimizer: 2, exp_avg and exp_avg_sq, then max_exp_avg_sq with AMSGrad)
///  10   2  u16 S, optimizer settings (SgdOptimizer: 5; AdamOptimizer: 7)
///  12   2  u16 P, settings per group (SgdOptimizer: 2)
///  14   2  reserved, 0
///  16   4  u32 G, parameter groups (the default group is group 0)
///  20   4  u32 B, registered buffers
///  24   4  u32 CRC-32 of bytes 0 to 23
/// Header, 8S + 16 + G (8P + 4) + 16B + 4 bytes
///      8S  f64 optimizer settings, in order (SgdOptimizer: momentum, dampening, weightDecay, nesterov 0/1,
///          skipNonFiniteSteps 0/1; AdamOptimizer: beta1, beta2, epsilon, weightDecay, decoupledWeightDecay 0/1,
///          amsgrad 0/1, skipNonFiniteSteps 0/1)
///       8  i64 steps applied (StepCount)
///       8  i64 steps skipped (SkippedStepCount)
///   per group, in order:
///      8P  f64 group settings (SgdOptimizer: learningRateMultiplier, weightDecay)
///       4  u32 buffers in the group
///   per buffer, group by group in registration order:
///       8  i64 length, in elements
///       8  i64 the buffer's own step count (SgdOptimizer: 1 once its momentum buffer took its first step, else 0;
///          AdamOptimizer: the steps it has taken, which its bias correction counts)
///       4  u32 CRC-32 of the header's bytes
/// Payload, per buffer in the same order: its weights (length elements, when flag bit 0 is set), then its K state
///   arrays (length elements each), each element in its IEEE 754 little-endian bytes; then
///       4  u32 CRC-32 of the payload's bytes
/// </code>
/// <para>
/// The reader checks the magic, the preamble's checksum, the version, optimizer and element type, then that every count
/// equals the target optimizer's, before it reads on; it reads the header only as long as the target's own shapes make
/// it, checks its checksum, then compares every setting and buffer length; only then does it allocate a scratch copy
/// sized by the target's own buffers, read the payload into it and check its checksum. Nothing is sized from the file,
/// nothing is read past the state's last byte, and nothing changes until all of it is valid.
/// </para>
/// </remarks>
internal static class OptimizerStateFormat
{
    /// <summary>The format version this library writes and reads.</summary>
    public const ushort Version = 1;

    /// <summary>The optimizer code of <see cref="SgdOptimizer{T}"/>.</summary>
    public const byte SgdKind = 1;

    /// <summary>The optimizer code of <see cref="AdamOptimizer{T}"/>.</summary>
    public const byte AdamKind = 2;

    /// <summary>The length of the preamble, checksum included.</summary>
    public const int PreambleLength = 28;

    /// <summary>The flag bit set when the weights are included.</summary>
    public const byte WeightsFlag = 1;

    private const uint Magic = 0x53524C43; // "CLRS" read as a little-endian u32

    /// <summary>Elements per read or write: 1 Mi (8 MiB of doubles), well inside a byte span's range.</summary>
    private const int SliceElements = 1 << 20;

    /// <summary>Writes the owner's state to <paramref name="destination"/>.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="owner">The optimizer.</param>
    /// <param name="destination">A writable stream; left open, written from its current position.</param>
    /// <param name="includeWeights">Whether to include the registered weight buffers.</param>
    public static void Save<T>(IOptimizerStateOwner<T> owner, Stream destination, bool includeWeights)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Guard.NotNull(destination);
        if (!destination.CanWrite)
        {
            Guard.ThrowArgument(nameof(destination), "destination must be a writable stream.");
        }

        var elementType = ElementTypeCode<T>();
        var layout = owner.DescribeState();

        Span<byte> preamble = stackalloc byte[PreambleLength];
        WritePreamble(preamble, layout, elementType, includeWeights ? WeightsFlag : (byte)0);
        destination.Write(preamble);

        var header = new byte[HeaderLength(layout)];
        var offset = 0;
        foreach (var setting in layout.Settings)
        {
            offset = PutDouble(header, offset, setting);
        }

        offset = PutLong(header, offset, owner.StepCount);
        offset = PutLong(header, offset, owner.SkippedStepCount);
        for (var g = 0; g < layout.GroupCount; g++)
        {
            foreach (var setting in layout.GroupSettings[g])
            {
                offset = PutDouble(header, offset, setting);
            }

            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(offset), (uint)layout.GroupBufferCounts[g]);
            offset += 4;
        }

        for (var b = 0; b < layout.BufferCount; b++)
        {
            offset = PutLong(header, offset, layout.BufferLengths[b]);
            offset = PutLong(header, offset, owner.GetBufferSteps(b));
        }

        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(offset), Crc32.HashToUInt32(header.AsSpan(0, offset)));
        destination.Write(header);

        var crc = new Crc32();
        for (var b = 0; b < layout.BufferCount; b++)
        {
            if (includeWeights)
            {
                WritePayload(destination, crc, owner.GetWeights(b));
            }

            for (var k = 0; k < layout.StateArrayCount; k++)
            {
                WritePayload(destination, crc, owner.GetStateArray(b, k));
            }
        }

        Span<byte> checksum = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(checksum, crc.GetCurrentHashAsUInt32());
        destination.Write(checksum);
    }

    /// <summary>Reads a state from <paramref name="source"/> and commits it to <paramref name="owner"/> once all of it is valid.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="owner">The optimizer.</param>
    /// <param name="source">A readable stream positioned at the state's first byte; left just after its last byte.</param>
    public static void Load<T>(IOptimizerStateOwner<T> owner, Stream source)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var image = Read(owner, source);
        owner.CommitState(image);
    }

    /// <summary>Reads and validates a state against <paramref name="owner"/> into a scratch image, changing nothing.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="owner">The optimizer whose layout the state must match.</param>
    /// <param name="source">A readable stream positioned at the state's first byte.</param>
    /// <returns>The validated image.</returns>
    public static OptimizerStateImage<T> Read<T>(IOptimizerStateOwner<T> owner, Stream source)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Guard.NotNull(source);
        if (!source.CanRead)
        {
            Guard.ThrowArgument(nameof(source), "source must be a readable stream.");
        }

        var elementType = ElementTypeCode<T>();
        var layout = owner.DescribeState();

        // Preamble: fixed size, checked before any of its counts is believed.
        Span<byte> preamble = stackalloc byte[PreambleLength];
        ReadSection(source, preamble, 0, "preamble");
        if (BinaryPrimitives.ReadUInt32LittleEndian(preamble) != Magic)
        {
            Fail(0, $"it does not start with the magic \"CLRS\" (43 4C 52 53) but with {Convert.ToHexString(preamble[..4])}: it is not a CyclicalLR optimizer state.");
        }

        CheckCrc(preamble[..24], BinaryPrimitives.ReadUInt32LittleEndian(preamble[24..]), 24, "preamble");
        var version = BinaryPrimitives.ReadUInt16LittleEndian(preamble[4..]);
        if (version != Version)
        {
            Fail(4, $"its format version is {version}; this library reads version {Version}.");
        }

        var kind = preamble[6];
        if (kind != layout.Kind)
        {
            Fail(6, $"it is the state of {KindName(kind)}; this optimizer is {layout.OptimizerName}.");
        }

        var fileType = preamble[7];
        if (fileType != elementType)
        {
            Fail(7, $"its elements are {TypeName(fileType)}; this optimizer's are {typeof(T).Name}.");
        }

        var flags = preamble[8];
        if ((flags & ~WeightsFlag) != 0)
        {
            Fail(8, $"its flags 0x{flags:X2} set bits this version does not define.");
        }

        var arrays = preamble[9];
        if (arrays != layout.StateArrayCount)
        {
            Fail(9, $"it has {arrays} state array(s) per buffer; this optimizer has {layout.StateArrayCount} ({(layout.StateArrayCount == 0 ? "none" : string.Join(", ", layout.StateArrayNames))}).");
        }

        var settingCount = BinaryPrimitives.ReadUInt16LittleEndian(preamble[10..]);
        var groupSettingCount = BinaryPrimitives.ReadUInt16LittleEndian(preamble[12..]);
        if (settingCount != layout.Settings.Length || groupSettingCount != layout.GroupSettingNames.Length || BinaryPrimitives.ReadUInt16LittleEndian(preamble[14..]) != 0)
        {
            Fail(10, $"it declares {settingCount} optimizer and {groupSettingCount} group settings; {layout.OptimizerName} version {Version} has {layout.Settings.Length} and {layout.GroupSettingNames.Length} (and bytes 14-15 are 0).");
        }

        var groups = BinaryPrimitives.ReadUInt32LittleEndian(preamble[16..]);
        if (groups != layout.GroupCount)
        {
            Fail(16, $"it has {groups} parameter group(s); this optimizer has {layout.GroupCount}.");
        }

        var buffers = BinaryPrimitives.ReadUInt32LittleEndian(preamble[20..]);
        if (buffers != layout.BufferCount)
        {
            Fail(20, $"it has {buffers} buffer(s); this optimizer has {layout.BufferCount} registered.");
        }

        // Header: its size now follows from the target's own counts; checked whole before any field is compared.
        var header = new byte[HeaderLength(layout)];
        ReadSection(source, header, PreambleLength, "header");
        var headerEnd = header.Length - 4;
        CheckCrc(header.AsSpan(0, headerEnd), BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(headerEnd)), PreambleLength + headerEnd, "header");

        var image = ParseHeader<T>(layout, header, includeWeights: (flags & WeightsFlag) != 0);

        // Payload: read straight into the scratch image, whose arrays have the target's lengths.
        var crc = new Crc32();
        long position = PreambleLength + header.Length;
        for (var b = 0; b < layout.BufferCount; b++)
        {
            if (image.Weights is { } weights)
            {
                position = ReadPayload(source, crc, weights[b], position);
            }

            for (var k = 0; k < layout.StateArrayCount; k++)
            {
                position = ReadPayload(source, crc, image.StateArray(b, k), position);
            }
        }

        Span<byte> checksum = stackalloc byte[4];
        ReadSection(source, checksum, position, "payload checksum");
        CheckCrc(crc.GetCurrentHashAsUInt32(), BinaryPrimitives.ReadUInt32LittleEndian(checksum), position, "payload");
        return image;
    }

    /// <summary>Copies the owner's whole state, weights included, into a new image.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="owner">The optimizer.</param>
    /// <returns>The copy.</returns>
    public static OptimizerStateImage<T> Capture<T>(IOptimizerStateOwner<T> owner)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var image = new OptimizerStateImage<T>(owner.DescribeState(), includeWeights: true)
        {
            StepCount = owner.StepCount,
            SkippedStepCount = owner.SkippedStepCount,
        };
        for (var b = 0; b < image.Layout.BufferCount; b++)
        {
            image.BufferSteps[b] = owner.GetBufferSteps(b);
            owner.GetWeights(b).CopyTo(image.Weights![b]);
            for (var k = 0; k < image.Layout.StateArrayCount; k++)
            {
                owner.GetStateArray(b, k).CopyTo(image.StateArray(b, k));
            }
        }

        return image;
    }

    /// <summary>Commits a captured image back to its owner, after checking no buffer was registered since.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="owner">The optimizer the image was captured from.</param>
    /// <param name="image">The image.</param>
    /// <exception cref="InvalidOperationException">Buffers or groups were added since the capture.</exception>
    public static void Restore<T>(IOptimizerStateOwner<T> owner, OptimizerStateImage<T> image)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var now = owner.DescribeState();
        if (now.BufferCount != image.Layout.BufferCount || now.GroupCount != image.Layout.GroupCount)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"The optimizer had {image.Layout.GroupCount} group(s) and {image.Layout.BufferCount} buffer(s) when its state was captured and has {now.GroupCount} and {now.BufferCount} now; register buffers before the range test, not during it. Nothing was restored."));
        }

        owner.CommitState(image);
    }

    /// <summary>Returns the format's code for <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <returns>1 for <see cref="Half"/>, 2 for <see cref="float"/>, 3 for <see cref="double"/>.</returns>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is another type, or the machine is big-endian.</exception>
    public static byte ElementTypeCode<T>()
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // Stryker disable once all : unreachable where the tests run (little-endian x64 and Arm64).
        if (!BitConverter.IsLittleEndian)
        {
            throw new NotSupportedException("Optimizer state files are read and written on little-endian machines only.");
        }

        return typeof(T) == typeof(Half) ? (byte)1
            : typeof(T) == typeof(float) ? (byte)2
            : typeof(T) == typeof(double) ? (byte)3
            : throw new NotSupportedException($"Optimizer state files hold Half, Single or Double elements, not {typeof(T).Name}.");
    }

    /// <summary>Returns the number of bytes of the header section, checksum included, for a layout.</summary>
    /// <param name="layout">The layout.</param>
    /// <returns>The length.</returns>
    public static int HeaderLength(OptimizerStateLayout layout) =>
        // Stryker disable once Checked : cannot overflow below about 2^27 buffers, more than a registry can hold in memory; kept as a guard.
        checked((8 * layout.Settings.Length) + 16 + (layout.GroupCount * ((8 * layout.GroupSettingNames.Length) + 4)) + (16 * layout.BufferCount) + 4);

    private static void WritePreamble(Span<byte> preamble, OptimizerStateLayout layout, byte elementType, byte flags)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(preamble, Magic);
        BinaryPrimitives.WriteUInt16LittleEndian(preamble[4..], Version);
        preamble[6] = layout.Kind;
        preamble[7] = elementType;
        preamble[8] = flags;
        preamble[9] = (byte)layout.StateArrayCount; // at most 3, and at most 7 and 2 settings below: fixed by each optimizer's layout
        BinaryPrimitives.WriteUInt16LittleEndian(preamble[10..], (ushort)layout.Settings.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(preamble[12..], (ushort)layout.GroupSettingNames.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(preamble[14..], 0);
        BinaryPrimitives.WriteUInt32LittleEndian(preamble[16..], (uint)layout.GroupCount);
        BinaryPrimitives.WriteUInt32LittleEndian(preamble[20..], (uint)layout.BufferCount);
        BinaryPrimitives.WriteUInt32LittleEndian(preamble[24..], Crc32.HashToUInt32(preamble[..24]));
    }

    private static OptimizerStateImage<T> ParseHeader<T>(OptimizerStateLayout layout, byte[] header, bool includeWeights)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var offset = 0;
        for (var i = 0; i < layout.Settings.Length; i++, offset += 8)
        {
            var value = BinaryPrimitives.ReadDoubleLittleEndian(header.AsSpan(offset));
            if (!(value == layout.Settings[i]))
            {
                Fail(PreambleLength + offset, $"its {layout.SettingNames[i]} is {Format(value)}; this optimizer's is {Format(layout.Settings[i])}. Create the optimizer with the settings the state was saved with.");
            }
        }

        var steps = BinaryPrimitives.ReadInt64LittleEndian(header.AsSpan(offset));
        var skipped = BinaryPrimitives.ReadInt64LittleEndian(header.AsSpan(offset + 8));
        if (steps < 0 || skipped < 0)
        {
            Fail(PreambleLength + offset, $"its step counts ({steps} applied, {skipped} skipped) are negative.");
        }

        offset += 16;
        for (var g = 0; g < layout.GroupCount; g++)
        {
            for (var i = 0; i < layout.GroupSettingNames.Length; i++, offset += 8)
            {
                var value = BinaryPrimitives.ReadDoubleLittleEndian(header.AsSpan(offset));
                if (!(value == layout.GroupSettings[g][i]))
                {
                    Fail(PreambleLength + offset, $"group {g}'s {layout.GroupSettingNames[i]} is {Format(value)}; this optimizer's is {Format(layout.GroupSettings[g][i])}.");
                }
            }

            var count = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(offset));
            if (count != layout.GroupBufferCounts[g])
            {
                Fail(PreambleLength + offset, $"group {g} has {count} buffer(s); this optimizer's group {g} has {layout.GroupBufferCounts[g]}.");
            }

            offset += 4;
        }

        var bufferStart = offset;
        for (var b = 0; b < layout.BufferCount; b++, offset += 16)
        {
            var length = BinaryPrimitives.ReadInt64LittleEndian(header.AsSpan(offset));
            if (length != layout.BufferLengths[b])
            {
                Fail(PreambleLength + offset, $"{layout.DescribeBuffer(b)} has {length} elements; this optimizer's has {layout.BufferLengths[b]}.");
            }

            var bufferSteps = BinaryPrimitives.ReadInt64LittleEndian(header.AsSpan(offset + 8));
            if (bufferSteps < 0 || bufferSteps > layout.MaxBufferSteps || bufferSteps > steps)
            {
                Fail(PreambleLength + offset + 8, $"{layout.DescribeBuffer(b)}'s step count {bufferSteps} is outside [0, {Math.Min(layout.MaxBufferSteps, steps)}].");
            }
        }

        // Only the target's own lengths size the scratch image, and only now that every one of them matched.
        var image = new OptimizerStateImage<T>(layout, includeWeights) { StepCount = steps, SkippedStepCount = skipped };
        for (var b = 0; b < layout.BufferCount; b++)
        {
            image.BufferSteps[b] = BinaryPrimitives.ReadInt64LittleEndian(header.AsSpan(bufferStart + (16 * b) + 8));
        }

        return image;
    }

    private static int PutDouble(byte[] header, int offset, double value)
    {
        BinaryPrimitives.WriteDoubleLittleEndian(header.AsSpan(offset), value);
        return offset + 8;
    }

    private static int PutLong(byte[] header, int offset, long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(offset), value);
        return offset + 8;
    }

    /// <summary>Writes the elements' bytes in slices of at most <see cref="SliceElements"/> (a byte span of a whole large buffer would overflow).</summary>
    private static void WritePayload<T>(Stream destination, Crc32 crc, ReadOnlySpan<T> values)
        where T : unmanaged
    {
        while (!values.IsEmpty)
        {
            var slice = values[..Math.Min(values.Length, SliceElements)];
            var bytes = MemoryMarshal.AsBytes(slice);
            crc.Append(bytes);
            destination.Write(bytes);
            values = values[slice.Length..];
        }
    }

    private static long ReadPayload<T>(Stream source, Crc32 crc, T[] values, long position)
        where T : unmanaged
    {
        var rest = values.AsSpan();
        while (!rest.IsEmpty)
        {
            var bytes = MemoryMarshal.AsBytes(rest[..Math.Min(rest.Length, SliceElements)]);
            ReadSection(source, bytes, position, "payload");
            crc.Append(bytes);
            position += bytes.Length;
            rest = rest[Math.Min(rest.Length, SliceElements)..];
        }

        return position;
    }

    /// <summary>Fills <paramref name="bytes"/> from the stream, reading no further, or fails naming where the state ended.</summary>
    private static void ReadSection(Stream source, Span<byte> bytes, long position, string section)
    {
        var read = source.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
        if (read < bytes.Length)
        {
            Fail(position + read, $"the stream ends after {read} of the {bytes.Length} bytes of its {section}: the state is truncated.");
        }
    }

    private static void CheckCrc(ReadOnlySpan<byte> bytes, uint stored, long position, string section) =>
        CheckCrc(Crc32.HashToUInt32(bytes), stored, position, section);

    private static void CheckCrc(uint computed, uint stored, long position, string section)
    {
        if (computed != stored)
        {
            Fail(position, $"the {section}'s CRC-32 is 0x{computed:X8} but the state stores 0x{stored:X8}: the state is corrupted.");
        }
    }

    private static string KindName(byte kind) => kind switch
    {
        SgdKind => "SgdOptimizer",
        AdamKind => "AdamOptimizer",
        _ => string.Create(CultureInfo.InvariantCulture, $"an unknown optimizer (code {kind})"),
    };

    private static string TypeName(byte code) => code switch
    {
        1 => nameof(Half),
        2 => nameof(Single),
        3 => nameof(Double),
        _ => string.Create(CultureInfo.InvariantCulture, $"of an unknown type (code {code})"),
    };

    private static string Format(double value) => value.ToString(CultureInfo.InvariantCulture); // shortest round-trip form since .NET Core 3.0

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Fail(long position, FormattableString message) =>
        throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"Optimizer state rejected at byte {position}: {message.ToString(CultureInfo.InvariantCulture)} Nothing was changed."));
}
