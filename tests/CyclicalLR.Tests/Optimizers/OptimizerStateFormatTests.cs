using System.Buffers.Binary;
using System.Globalization;
using CyclicalLR.Tests.Sgd;

namespace CyclicalLR.Tests;

/// <summary>
/// The optimizer state reader on hostile input: every rejection names the byte where the state stops making sense (its
/// offset from the state's first byte, recomputed here from the documented layout) and what is wrong there, and leaves
/// the weights, the state arrays and the counters untouched. The model is an AdamW with AMSGrad in float: two buffers
/// (3 and 2 elements) in the default group, one (4 elements) in a group of multiplier 0.5, two steps taken.
/// </summary>
public sealed class OptimizerStateFormatTests
{
    // The header's fields, as offsets from the state's first byte (the preamble is 28 bytes; 7 settings of 8 bytes).
    private const int Header = 28;
    private const int StepsAt = Header + 56;
    private const int SkippedAt = StepsAt + 8;
    private const int Group0At = SkippedAt + 8;
    private const int Group1At = Group0At + 20;
    private const int BuffersAt = Group1At + 20;
    private const int HeaderCrcAt = BuffersAt + (3 * 16);
    private const int PayloadAt = HeaderCrcAt + 4;
    private static readonly int[] Lengths = [3, 2, 4];

    [Fact]
    public void Layout_OfTheModel_IsTheDocumentedOne()
    {
        var state = Saved();

        state.Should().HaveCount(PayloadAt + (Lengths.Sum() * 4 * sizeof(float)) + 4, "each buffer carries its weights and three state arrays");
        BinaryPrimitives.ReadInt64LittleEndian(state.AsSpan(StepsAt)).Should().Be(2);
        BinaryPrimitives.ReadUInt32LittleEndian(state.AsSpan(Group1At + 16)).Should().Be(1);
        BinaryPrimitives.ReadInt64LittleEndian(state.AsSpan(BuffersAt + 32)).Should().Be(4);
        BinaryPrimitives.ReadUInt32LittleEndian(state.AsSpan(HeaderCrcAt)).Should().Be(ReferenceCrc32.Of(state.AsSpan(Header, HeaderCrcAt - Header)));
    }

    [Fact]
    public void LoadState_EveryTruncation_NamesTheByteWhereTheStateEndsAndItsSection()
    {
        var state = Saved();
        var sections = new List<(int Start, int Length, string Name)> { (0, 28, "preamble"), (Header, PayloadAt - Header, "header") };
        var at = PayloadAt;
        foreach (var length in Lengths)
        {
            for (var array = 0; array < 4; array++, at += length * sizeof(float))
            {
                sections.Add((at, length * sizeof(float), "payload")); // the weights, then exp_avg, exp_avg_sq, max_exp_avg_sq
            }
        }

        sections.Add((at, 4, "payload checksum"));
        at.Should().Be(state.Length - 4);
        var (target, before) = Target();

        for (var cut = 0; cut < state.Length; cut++)
        {
            var (start, length, name) = sections.Last(s => s.Start <= cut);
            var act = () => target.LoadState(new MemoryStream(state, 0, cut));

            act.Should().Throw<InvalidDataException>().Which.Message.Should().Be(
                $"Optimizer state rejected at byte {cut}: the stream ends after {cut - start} of the {length} bytes of its {name}: the state is truncated. Nothing was changed.");
        }

        Saved(target).Should().Equal(before);
    }

    public static TheoryData<string, int, int> ChecksumFailures => new()
    {
        // A flipped byte of a section is reported at that section's checksum, with the checksum computed and the one stored.
        { "preamble", 17, 24 },
        { "preamble", 24, 24 },
        { "header", Header + 3, HeaderCrcAt },
        { "header", BuffersAt + 8, HeaderCrcAt },
        { "header", HeaderCrcAt + 3, HeaderCrcAt },
        { "payload", PayloadAt, -4 },
        { "payload", PayloadAt + 77, -4 },
        { "payload", -1, -4 },
    };

    [Theory]
    [MemberData(nameof(ChecksumFailures))]
    public void LoadState_ByteFlipped_NamesTheSectionsChecksumAndBothValues(string section, int flipped, int reportedAt)
    {
        var state = Saved();
        flipped = flipped < 0 ? state.Length + flipped : flipped;
        reportedAt = reportedAt < 0 ? state.Length + reportedAt : reportedAt;
        state[flipped] ^= 0x10;
        var sectionStart = section switch { "preamble" => 0, "header" => Header, _ => PayloadAt };
        var computed = ReferenceCrc32.Of(state.AsSpan(sectionStart, reportedAt - sectionStart));
        var stored = BinaryPrimitives.ReadUInt32LittleEndian(state.AsSpan(reportedAt));
        var (target, before) = Target();

        var act = () => target.LoadState(new MemoryStream(state));

        act.Should().Throw<InvalidDataException>().Which.Message.Should().Be(string.Create(
            CultureInfo.InvariantCulture,
            $"Optimizer state rejected at byte {reportedAt}: the {section}'s CRC-32 is 0x{computed:X8} but the state stores 0x{stored:X8}: the state is corrupted. Nothing was changed."));
        Saved(target).Should().Equal(before);
    }

    public static TheoryData<string, int, int, string> PreambleFields => new()
    {
        { "unknown optimizer", 6, 7, "at byte 6: it is the state of an unknown optimizer (code 7); this optimizer is AdamOptimizer." },
        { "Half", 7, 1, "at byte 7: its elements are Half; this optimizer's are Single." },
        { "unknown type", 7, 9, "at byte 7: its elements are of an unknown type (code 9); this optimizer's are Single." },
        { "two arrays", 9, 2, "at byte 9: it has 2 state array(s) per buffer; this optimizer has 3 (exp_avg, exp_avg_sq, max_exp_avg_sq)." },
        { "settings", 10, 5, "at byte 10: it declares 5 optimizer and 2 group settings; AdamOptimizer version 1 has 7 and 2 (and bytes 14-15 are 0)." },
        { "group settings", 12, 3, "at byte 10: it declares 7 optimizer and 3 group settings; AdamOptimizer version 1 has 7 and 2 (and bytes 14-15 are 0)." },
        { "reserved", 14, 1, "at byte 10: it declares 7 optimizer and 2 group settings; AdamOptimizer version 1 has 7 and 2 (and bytes 14-15 are 0)." },
        { "reserved high", 15, 0x80, "at byte 10: it declares 7 optimizer and 2 group settings; AdamOptimizer version 1 has 7 and 2 (and bytes 14-15 are 0)." },
        { "groups", 16, 1, "at byte 16: it has 1 parameter group(s); this optimizer has 2." },
        { "buffers", 20, 4, "at byte 20: it has 4 buffer(s); this optimizer has 3 registered." },
    };

    [Theory]
    [MemberData(nameof(PreambleFields))]
    public void LoadState_PreambleFieldWithItsChecksum_NamesTheFieldsByteAndBothValues(string field, int offset, int value, string message)
    {
        _ = field;
        var state = Saved();
        state[offset] = (byte)value;
        BinaryPrimitives.WriteUInt32LittleEndian(state.AsSpan(24), ReferenceCrc32.Of(state.AsSpan(0, 24)));
        var (target, before) = Target();
        var stream = new TrickleStream(new MemoryStream(state));

        var act = () => target.LoadState(stream);

        act.Should().Throw<InvalidDataException>().Which.Message.Should().Be($"Optimizer state rejected {message} Nothing was changed.");
        stream.BytesRead.Should().Be(28, "nothing past the preamble is read once it does not fit");
        Saved(target).Should().Equal(before);
    }

    [Fact]
    public void LoadState_AmsGradStateIntoAdamWithoutIt_NamesTheTwoArraysItHas()
    {
        var target = AdamW.Create<float>(amsgrad: false);
        target.Register(new float[3], new float[3]);
        var source = AdamW.Create<float>(amsgrad: true);
        source.Register(new float[3], new float[3]);

        var act = () => target.LoadState(new MemoryStream(Saved(source)));

        act.Should().Throw<InvalidDataException>().WithMessage("Optimizer state rejected at byte 9: it has 3 state array(s) per buffer; this optimizer has 2 (exp_avg, exp_avg_sq). Nothing was changed.");
    }

    public static TheoryData<string, int, long, string> HeaderFields => new()
    {
        { "beta1", Header, BitConverter.DoubleToInt64Bits(0.8), $"at byte {Header}: its beta1 is 0.8; this optimizer's is 0.9. Create the optimizer with the settings the state was saved with." },
        { "epsilon", Header + 16, BitConverter.DoubleToInt64Bits(1e-6), $"at byte {Header + 16}: its epsilon is 1E-06; this optimizer's is 1E-08. Create the optimizer with the settings the state was saved with." },
        { "weightDecay", Header + 24, BitConverter.DoubleToInt64Bits(0.5), $"at byte {Header + 24}: its weightDecay is 0.5; this optimizer's is 0.01. Create the optimizer with the settings the state was saved with." },
        { "decoupled", Header + 32, 0, $"at byte {Header + 32}: its decoupledWeightDecay is 0; this optimizer's is 1. Create the optimizer with the settings the state was saved with." },
        { "amsgrad", Header + 40, 0, $"at byte {Header + 40}: its amsgrad is 0; this optimizer's is 1. Create the optimizer with the settings the state was saved with." },
        { "beta2", Header + 8, BitConverter.DoubleToInt64Bits(0.99), $"at byte {Header + 8}: its beta2 is 0.99; this optimizer's is 0.999. Create the optimizer with the settings the state was saved with." },
        { "skip", Header + 48, BitConverter.DoubleToInt64Bits(1), $"at byte {Header + 48}: its skipNonFiniteSteps is 1; this optimizer's is 0. Create the optimizer with the settings the state was saved with." },
        { "steps", StepsAt, -1, $"at byte {StepsAt}: its step counts (-1 applied, 0 skipped) are negative." },
        { "skipped", SkippedAt, -3, $"at byte {StepsAt}: its step counts (2 applied, -3 skipped) are negative." },
        { "skipped min", SkippedAt, long.MinValue, $"at byte {StepsAt}: its step counts (2 applied, {long.MinValue} skipped) are negative." },
        { "group 0 multiplier", Group0At, BitConverter.DoubleToInt64Bits(2), $"at byte {Group0At}: group 0's learningRateMultiplier is 2; this optimizer's is 1." },
        { "group 1 weight decay", Group1At + 8, 0, $"at byte {Group1At + 8}: group 1's weightDecay is 0; this optimizer's is 0.01." },
        { "group 1 count", Group1At + 16, 2, $"at byte {Group1At + 16}: group 1 has 2 buffer(s); this optimizer's group 1 has 1." },
        { "buffer 2 length", BuffersAt + 32, 5, $"at byte {BuffersAt + 32}: buffer 2 (group 1, buffer 0) has 5 elements; this optimizer's has 4." },
        { "buffer 1 steps above the optimizer's", BuffersAt + 24, 3, $"at byte {BuffersAt + 24}: buffer 1 (group 0, buffer 1)'s step count 3 is outside [0, 2]." },
        { "buffer 2 steps negative", BuffersAt + 40, -1, $"at byte {BuffersAt + 40}: buffer 2 (group 1, buffer 0)'s step count -1 is outside [0, 2]." },
    };

    [Theory]
    [MemberData(nameof(HeaderFields))]
    public void LoadState_HeaderFieldWithItsChecksum_NamesTheFieldsByteAndBothValues(string field, int offset, long value, string message)
    {
        _ = field;
        var state = Saved();
        if (offset is >= Group0At + 16 and < BuffersAt && (offset - Group0At) % 20 == 16)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(state.AsSpan(offset), (uint)value); // a group's u32 buffer count
        }
        else
        {
            BinaryPrimitives.WriteInt64LittleEndian(state.AsSpan(offset), value);
        }

        BinaryPrimitives.WriteUInt32LittleEndian(state.AsSpan(HeaderCrcAt), ReferenceCrc32.Of(state.AsSpan(Header, HeaderCrcAt - Header)));
        var (target, before) = Target();
        var stream = new TrickleStream(new MemoryStream(state));

        var act = () => target.LoadState(stream);

        act.Should().Throw<InvalidDataException>().Which.Message.Should().Be($"Optimizer state rejected {message} Nothing was changed.");
        stream.BytesRead.Should().Be(PayloadAt, "the payload is not read once the header does not fit");
        Saved(target).Should().Equal(before);
    }

    [Fact]
    public void LoadState_BufferStepCountsUpToTheOptimizers_Accepted()
    {
        // A buffer registered after some steps has taken fewer steps than the optimizer; none can have taken more.
        var state = Saved();
        BinaryPrimitives.WriteInt64LittleEndian(state.AsSpan(BuffersAt + 8), 0);
        BinaryPrimitives.WriteInt64LittleEndian(state.AsSpan(BuffersAt + 24), 1);
        BinaryPrimitives.WriteInt64LittleEndian(state.AsSpan(BuffersAt + 40), 2);
        BinaryPrimitives.WriteUInt32LittleEndian(state.AsSpan(HeaderCrcAt), ReferenceCrc32.Of(state.AsSpan(Header, HeaderCrcAt - Header)));
        var (target, _) = Target();

        target.LoadState(new MemoryStream(state));

        Saved(target).Should().Equal(state);
    }

    [Fact]
    public void RangeTestRestore_GroupAddedDuringTheTest_ThrowsNamingTheCountsAndRestoresNothing()
    {
        var (optimizer, _) = Target();
        var test = new LrRangeTest(1e-4, 0.02, 20);

        var act = () => test.Run(optimizer, lr =>
        {
            optimizer.Step(lr);
            if (optimizer.Groups.Count == 2)
            {
                optimizer.AddGroup(3);
            }

            return 0.5;
        });

        act.Should().Throw<InvalidOperationException>().WithMessage(
            "The optimizer had 2 group(s) and 3 buffer(s) when its state was captured and has 3 and 3 now; register buffers before the range test, not during it. Nothing was restored.");
        optimizer.Groups.Should().HaveCount(3);
        optimizer.StepCount.Should().BeGreaterThan(3, "the optimizer keeps what the test did to it");
    }

    /// <summary>The model the states come from, and a target of the same shape with other values, with its state before.</summary>
    private static AdamOptimizer<float> Model(int seed, int steps)
    {
        var optimizer = AdamW.Create<float>(weightDecay: 0.01, amsgrad: true);
        var group = optimizer.AddGroup(0.5);
        for (var b = 0; b < Lengths.Length; b++)
        {
            var weights = Bits.Random<float>(Lengths[b], seed + b);
            var gradients = Bits.Random<float>(Lengths[b], seed + 10 + b);
            (b < 2 ? optimizer.DefaultGroup : group).Register(weights, gradients);
        }

        for (var i = 0; i < steps; i++)
        {
            optimizer.Step(0.01 * (i + 1)).Should().BeTrue();
        }

        return optimizer;
    }

    [Theory]
    [InlineData("decoupledWeightDecay", 32, 1.0, 0.0)]
    [InlineData("amsgrad", 40, 1.0, 0.0)]
    [InlineData("skipNonFiniteSteps", 48, 0.0, 1.0)]
    public void LoadState_FlagSettingOfAPlainAdamThatSkips_NamesTheFlagAndBothValues(string setting, int offset, double stored, double expected)
    {
        // The model above is an AdamW with AMSGrad that does not skip: here each flag is checked from its other side.
        var weights = new float[] { 1, 2, 3 };
        var optimizer = new AdamOptimizer<float>(skipNonFiniteSteps: true);
        optimizer.Register(weights, new float[] { 0.5f, -1, 2 });
        optimizer.Step(0.01).Should().BeTrue();
        var state = Saved(optimizer);
        const int crcAt = Header + 56 + 16 + 20 + 16; // 7 settings, the step counts, one group, one buffer
        BinaryPrimitives.ReadDoubleLittleEndian(state.AsSpan(Header + offset)).Should().Be(expected, "the file stores {0} as 0 or 1", setting);
        BinaryPrimitives.WriteDoubleLittleEndian(state.AsSpan(Header + offset), stored);
        BinaryPrimitives.WriteUInt32LittleEndian(state.AsSpan(crcAt), ReferenceCrc32.Of(state.AsSpan(Header, crcAt - Header)));
        var before = Saved(optimizer);

        var act = () => optimizer.LoadState(new MemoryStream(state));

        act.Should().Throw<InvalidDataException>().Which.Message.Should().Be(
            $"Optimizer state rejected at byte {Header + offset}: its {setting} is {stored}; this optimizer's is {expected}. Create the optimizer with the settings the state was saved with. Nothing was changed.");
        Saved(optimizer).Should().Equal(before);
    }

    private static byte[] Saved() => Saved(Model(seed: 1, steps: 2));

    private static (AdamOptimizer<float> Target, byte[] Before) Target()
    {
        var target = Model(seed: 5, steps: 3);
        return (target, Saved(target));
    }

    private static byte[] Saved(AdamOptimizer<float> optimizer)
    {
        using var stream = new MemoryStream();
        optimizer.SaveState(stream, includeWeights: true);
        return stream.ToArray();
    }
}
