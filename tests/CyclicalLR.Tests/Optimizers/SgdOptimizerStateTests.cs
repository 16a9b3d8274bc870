using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;

namespace CyclicalLR.Tests.Sgd;

public sealed class SgdOptimizerStateTests
{
    private const int Steps = 1000;

    public static TheoryData<string, long, bool> ResumePoints()
    {
        var data = new TheoryData<string, long, bool>();
        foreach (var config in StateConfig.All)
        {
            foreach (var k in new long[] { 0, 1, 3, 417, Steps })
            {
                data.Add(config.Name, k, false);
                data.Add(config.Name, k, true);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ResumePoints))]
    public void SaveLoadAtK_Float_ContinuesBitIdenticalToUninterruptedRun(string config, long k, bool includeWeights) =>
        AssertResumesExactly<float>(StateConfig.Named(config), k, includeWeights);

    [Theory]
    [MemberData(nameof(ResumePoints))]
    public void SaveLoadAtK_Double_ContinuesBitIdenticalToUninterruptedRun(string config, long k, bool includeWeights) =>
        AssertResumesExactly<double>(StateConfig.Named(config), k, includeWeights);

    [Fact]
    public void SaveLoad_Half_RoundTripsBitForBit()
    {
        var model = new StateModel<Half>(StateConfig.Named("everything"));
        model.Run(0, 20);
        var fresh = new StateModel<Half>(StateConfig.Named("everything"), seed: 9);

        fresh.Optimizer.LoadState(new MemoryStream(model.Snapshot()));

        fresh.Snapshot().Should().Equal(model.Snapshot());
        for (var b = 0; b < model.Weights.Length; b++)
        {
            Bits.ShouldEqual<Half>(fresh.Weights[b], model.Weights[b]);
        }
    }

    [Fact]
    public void SaveState_MatchesTheDocumentedFormatByteForByte()
    {
        // One group, one float buffer of 2 with momentum 0.5 after one step: b = g, w = w - 0.25 * g.
        float[] w = [1f, -2f];
        float[] g = [0.5f, 0.25f];
        var optimizer = new SgdOptimizer<float>(momentum: 0.5, weightDecay: 0.125);
        optimizer.Register(w, g);
        optimizer.Step(0.25);
        var expected = new List<byte>();
        void U16(ushort v) => expected.AddRange(BitConverter.GetBytes(v));
        void U32(uint v) => expected.AddRange(BitConverter.GetBytes(v));
        void I64(long v) => expected.AddRange(BitConverter.GetBytes(v));
        void F64(double v) => expected.AddRange(BitConverter.GetBytes(v));
        void F32(float v) => expected.AddRange(BitConverter.GetBytes(v));

        expected.AddRange("CLRS"u8.ToArray());
        U16(1); // version
        expected.AddRange(new byte[] { 1, 2, 1, 1 }); // SGD, Single, weights included, one state array
        U16(5);
        U16(2);
        U16(0);
        U32(1); // groups
        U32(1); // buffers
        U32(ReferenceCrc32.Of([.. expected]));
        var headerStart = expected.Count;
        F64(0.5); // momentum
        F64(0); // dampening
        F64(0.125); // weight decay
        F64(0); // nesterov
        F64(0); // skip
        I64(1); // steps
        I64(0); // skipped
        F64(1); // multiplier
        F64(0.125); // group weight decay
        U32(1); // buffers in group 0
        I64(2); // length
        I64(1); // momentum started
        U32(ReferenceCrc32.Of([.. expected.Skip(headerStart)]));
        var payloadStart = expected.Count;
        F32(w[0]);
        F32(w[1]);
        F32(0.5f + (0.125f * 1f)); // momentum = d = g + wd * w (first step)
        F32(0.25f + (0.125f * -2f));
        U32(ReferenceCrc32.Of([.. expected.Skip(payloadStart)]));

        var stream = new MemoryStream();
        optimizer.SaveState(stream, includeWeights: true);

        stream.ToArray().Should().Equal(expected);
        stream.Length.Should().Be(28 + 40 + 16 + 20 + 16 + 4 + 16 + 4);
    }

    [Fact]
    public void SaveState_WithoutMomentumOrWeights_HasAnEmptyPayload()
    {
        var optimizer = new SgdOptimizer<double>();
        optimizer.Register(new double[5], new double[5]);

        var bytes = StateBytes.WithoutWeights(optimizer);

        bytes[9].Should().Be(0, "no state arrays");
        bytes.Should().HaveCount(28 + 40 + 16 + 20 + 16 + 4 + 4);
        BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(bytes.Length - 4)).Should().Be(0, "CRC-32 of no bytes");
    }

    [Fact]
    public void LoadState_WithoutWeights_LeavesWeightsAsTheyAre()
    {
        var model = new StateModel<float>(StateConfig.Named("groups"));
        model.Run(0, 10);
        var state = StateBytes.WithoutWeights(model.Optimizer);
        var other = new StateModel<float>(StateConfig.Named("groups"), seed: 5);
        var weights = other.Weights.Select(w => (float[])w.Clone()).ToArray();

        other.Optimizer.LoadState(new MemoryStream(state));

        for (var b = 0; b < weights.Length; b++)
        {
            Bits.ShouldEqual<float>(other.Weights[b], weights[b]);
        }

        other.Optimizer.StepCount.Should().Be(10);
        StateBytes.WithoutWeights(other.Optimizer).Should().Equal(state);
    }

    [Fact]
    public void SaveLoad_BufferLargerThanOneSlice_RoundTripsAndATruncationInItsSecondSliceIsRejected()
    {
        const int length = (1 << 20) + 3; // the format reads and writes 1 Mi elements at a time
        var source = new SgdOptimizer<float>(momentum: 0.9);
        var weights = Bits.Random<float>(length, 1);
        source.Register(weights, Bits.Random<float>(length, 2));
        source.Step(0.01);
        var state = StateBytes.Of(source);
        var targetWeights = new float[length];
        var target = new SgdOptimizer<float>(momentum: 0.9);
        target.Register(targetWeights, new float[length]);

        // Cut inside the momentum's second slice (its last 3 floats) and the checksum.
        var truncated = () => target.LoadState(new MemoryStream(state, 0, state.Length - 8));
        truncated.Should().Throw<InvalidDataException>().WithMessage("*the stream ends after 8 of the 12 bytes of its payload: the state is truncated.*");
        targetWeights.Should().OnlyContain(w => w == 0);

        target.LoadState(new MemoryStream(state));
        Bits.ShouldEqual<float>(targetWeights, weights);
        StateBytes.Of(target).Should().Equal(state);
    }

    [Fact]
    public void LoadState_StateInsideALargerStream_ReadsExactlyItsBytes()
    {
        var model = new StateModel<double>(StateConfig.Named("everything"));
        model.Run(0, 50);
        var file = new MemoryStream();
        file.Write("model weights and other things before"u8);
        var start = file.Position;
        model.Optimizer.SaveState(file, includeWeights: true);
        var end = file.Position;
        file.Write("and after"u8);

        var fresh = new StateModel<double>(StateConfig.Named("everything"), seed: 3);
        file.Position = start;
        var trickle = new TrickleStream(file);
        fresh.Optimizer.LoadState(trickle);

        file.Position.Should().Be(end, "exactly the state's bytes are read");
        trickle.BytesRead.Should().Be(end - start);
        new StreamReader(file).ReadToEnd().Should().Be("and after");
        fresh.Snapshot().Should().Equal(model.Snapshot());
    }

    [Fact]
    public void LoadState_EveryByteFlipped_RejectedAndNothingChanges()
    {
        var source = new StateModel<float>(StateConfig.Named("everything"));
        source.Run(0, 30);
        var state = source.Snapshot();
        var target = new StateModel<float>(StateConfig.Named("everything"), seed: 4);
        target.Run(0, 7);
        var before = Capture(target);

        for (var i = 0; i < state.Length; i++)
        {
            foreach (byte mask in new byte[] { 0xFF, 0x01, 0x80 })
            {
                var corrupt = (byte[])state.Clone();
                corrupt[i] ^= mask;
                var act = () => target.Optimizer.LoadState(new MemoryStream(corrupt));
                act.Should().Throw<InvalidDataException>($"byte {i} ^ 0x{mask:X2}").WithMessage("Optimizer state rejected at byte *Nothing was changed.");
            }
        }

        AssertUnchanged(target, before);
    }

    [Fact]
    public void LoadState_EveryTruncation_RejectedAndNothingChanges()
    {
        var source = new StateModel<double>(StateConfig.Named("everything"));
        source.Run(0, 30);
        var state = source.Snapshot();
        var target = new StateModel<double>(StateConfig.Named("everything"), seed: 4);
        target.Run(0, 7);
        var before = Capture(target);

        for (var length = 0; length < state.Length; length++)
        {
            var act = () => target.Optimizer.LoadState(new MemoryStream(state, 0, length));
            act.Should().Throw<InvalidDataException>($"a prefix of {length} bytes").WithMessage("*the state is truncated*");
        }

        AssertUnchanged(target, before);
    }

    [Fact]
    public void LoadState_WrongMagic_SaysItIsNotAState()
    {
        var (state, target, before) = Pair();
        state[0] = (byte)'X';

        Load(target, state).WithMessage("Optimizer state rejected at byte 0: it does not start with the magic \"CLRS\"*not a CyclicalLR optimizer state*");
        AssertUnchanged(target, before);
    }

    [Fact]
    public void LoadState_WrongVersion_SaysWhichVersion()
    {
        var (state, target, before) = Pair();
        state[4] = 2;
        Load(target, state).WithMessage("*preamble's CRC-32*corrupted*", "a changed version without its checksum is corruption");

        FixPreambleCrc(state);
        Load(target, state).WithMessage("Optimizer state rejected at byte 4: its format version is 2; this library reads version 1.*");
        AssertUnchanged(target, before);
    }

    [Fact]
    public void LoadState_WrongOptimizer_SaysWhich()
    {
        var (state, target, before) = Pair();
        state[6] = 2;
        FixPreambleCrc(state);

        Load(target, state).WithMessage("*byte 6: it is the state of AdamOptimizer; this optimizer is SgdOptimizer.*");
        AssertUnchanged(target, before);
    }

    [Fact]
    public void LoadState_WrongElementType_SaysBothTypes()
    {
        var source = new StateModel<double>(StateConfig.Named("groups"));
        source.Run(0, 3);
        var target = new StateModel<float>(StateConfig.Named("groups"));
        var before = Capture(target);

        var act = () => target.Optimizer.LoadState(new MemoryStream(source.Snapshot()));

        act.Should().Throw<InvalidDataException>().WithMessage("*byte 7: its elements are Double; this optimizer's are Single.*");
        AssertUnchanged(target, before);
    }

    [Fact]
    public void LoadState_WrongBufferCount_SaysBothCounts()
    {
        var (state, _, _) = Pair();
        var target = new SgdOptimizer<float>(0.95, 0, 5e-4, nesterov: true, skipNonFiniteSteps: true);
        target.Register(new float[37], new float[37]);
        target.AddGroup(0.1, 0).Register(new float[300], new float[300]);
        target.AddGroup(2.5).Register(new float[65], new float[65]);
        var before = StateBytes.Of(target);

        var act = () => target.LoadState(new MemoryStream(state));

        act.Should().Throw<InvalidDataException>().WithMessage("*byte 20: it has 5 buffer(s); this optimizer has 3 registered.*");
        StateBytes.Of(target).Should().Equal(before);
    }

    [Fact]
    public void LoadState_WrongGroupCount_SaysBothCounts()
    {
        var source = new StateModel<float>(StateConfig.Named("nesterov"));
        var target = new StateModel<float>(StateConfig.Named("nesterov") with { Groups = true });

        var act = () => target.Optimizer.LoadState(new MemoryStream(source.Snapshot()));

        act.Should().Throw<InvalidDataException>().WithMessage("*byte 16: it has 1 parameter group(s); this optimizer has 3.*");
    }

    [Fact]
    public void LoadState_GroupWithOtherBufferCount_SaysWhichGroup()
    {
        var source = new SgdOptimizer<float>(momentum: 0.9);
        source.Register(new float[4], new float[4]);
        source.AddGroup(0.5).Register(new float[4], new float[4]);
        var target = new SgdOptimizer<float>(momentum: 0.9);
        target.Register(new float[4], new float[4]);
        target.Register(new float[4], new float[4]);
        target.AddGroup(0.5);

        var act = () => target.LoadState(new MemoryStream(StateBytes.Of(source)));

        act.Should().Throw<InvalidDataException>().WithMessage("*group 0 has 1 buffer(s); this optimizer's group 0 has 2.*");
    }

    [Fact]
    public void LoadState_WrongLength_SaysWhichBufferAndBothLengths()
    {
        var (state, _, _) = Pair();
        var target = new SgdOptimizer<float>(0.95, 0, 5e-4, nesterov: true, skipNonFiniteSteps: true);
        target.Register(new float[37], new float[37]);
        target.Register(Array.Empty<float>(), Array.Empty<float>());
        target.Register(new float[1], new float[1]);
        target.AddGroup(0.1, 0).Register(new float[301], new float[301]);
        target.AddGroup(2.5).Register(new float[65], new float[65]);
        var before = StateBytes.Of(target);

        var act = () => target.LoadState(new MemoryStream(state));

        act.Should().Throw<InvalidDataException>().WithMessage("*buffer 3 (group 1, buffer 0) has 300 elements; this optimizer's has 301.*");
        StateBytes.Of(target).Should().Equal(before);
    }

    [Fact]
    public void LoadState_StateWithoutMomentumIntoMomentum_NamesTheArrayItExpects()
    {
        var source = new SgdOptimizer<float>();
        source.Register(new float[] { 1, 2 }, new float[] { 3, 4 });
        var target = new SgdOptimizer<float>(momentum: 0.9);
        target.Register(new float[] { 1, 2 }, new float[] { 3, 4 });
        using var saved = new MemoryStream();
        source.SaveState(saved);
        var before = StateBytes.Of(target);

        var act = () => target.LoadState(new MemoryStream(saved.ToArray()));

        act.Should().Throw<InvalidDataException>().Which.Message.Should().Be(
            "Optimizer state rejected at byte 9: it has 0 state array(s) per buffer; this optimizer has 1 (momentum). Nothing was changed.");
        StateBytes.Of(target).Should().Equal(before);
    }

    [Theory]
    [InlineData(0.9, 0, 5e-4, false, false, "momentum")]
    [InlineData(0.95, 0.1, 5e-4, false, false, "dampening")]
    [InlineData(0.95, 0, 1e-4, true, true, "weightDecay")]
    [InlineData(0.95, 0, 5e-4, false, true, "nesterov")]
    [InlineData(0.95, 0, 5e-4, true, false, "skipNonFiniteSteps")]
    public void LoadState_OtherSetting_SaysWhichSetting(double momentum, double dampening, double weightDecay, bool nesterov, bool skip, string setting)
    {
        var (state, _, _) = Pair();
        var target = new SgdOptimizer<float>(momentum, dampening, weightDecay, nesterov, skip);
        target.Register(new float[37], new float[37]);
        target.Register(Array.Empty<float>(), Array.Empty<float>());
        target.Register(new float[1], new float[1]);
        target.AddGroup(0.1, 0).Register(new float[300], new float[300]);
        target.AddGroup(2.5).Register(new float[65], new float[65]);

        var act = () => target.LoadState(new MemoryStream(state));

        act.Should().Throw<InvalidDataException>().WithMessage($"*its {setting} is *; this optimizer's is *");
        target.StepCount.Should().Be(0);
    }

    [Fact]
    public void LoadState_OtherGroupMultiplier_SaysWhichGroup()
    {
        var source = new SgdOptimizer<double>();
        source.AddGroup(0.5).Register(new double[2], new double[2]);
        var target = new SgdOptimizer<double>();
        target.AddGroup(0.25).Register(new double[2], new double[2]);

        var act = () => target.LoadState(new MemoryStream(StateBytes.Of(source)));

        act.Should().Throw<InvalidDataException>().WithMessage("*group 1's learningRateMultiplier is 0.5; this optimizer's is 0.25.*");
    }

    [Fact]
    public void LoadState_MomentumStateIntoOptimizerWithoutMomentum_SaysSo()
    {
        var source = new SgdOptimizer<float>(momentum: 0.9);
        source.Register(new float[3], new float[3]);
        var target = new SgdOptimizer<float>();
        target.Register(new float[3], new float[3]);

        var act = () => target.LoadState(new MemoryStream(StateBytes.Of(source)));

        act.Should().Throw<InvalidDataException>().WithMessage("*byte 9: it has 1 state array(s) per buffer; this optimizer has 0 (none).*");
    }

    [Theory]
    [InlineData(1L << 62)]
    [InlineData(long.MaxValue)]
    [InlineData(-1L)]
    [InlineData(int.MaxValue + 1L)]
    public void LoadState_HostileLength_FailsFastWithoutAllocating(long length)
    {
        var (state, target, before) = Pair();
        var lengthAt = 28 + 40 + 16 + (3 * 20); // the first buffer's length
        BinaryPrimitives.WriteInt64LittleEndian(state.AsSpan(lengthAt), length);
        FixHeaderCrc(state, groups: 3, buffers: 5);

        var stream = new MemoryStream(state);
        var allocated = 0L;
        var act = () => AllocatedBy(() => target.Optimizer.LoadState(stream), out allocated);
        act.Should().Throw<InvalidDataException>().WithMessage($"*byte {lengthAt}: buffer 0 (group 0, buffer 0) has {length} elements; this optimizer's has 37.*");
        allocated.Should().BeLessThan(64 * 1024, "nothing is sized from the file");
        stream.Position.Should().Be(28 + 40 + 16 + 60 + 80 + 4, "the payload is not read");
        AssertUnchanged(target, before);
    }

    [Theory]
    [InlineData(uint.MaxValue, 20)]
    [InlineData(1u << 30, 16)]
    public void LoadState_HostileCount_FailsFastWithoutAllocating(uint count, int offset)
    {
        var (state, target, before) = Pair();
        BinaryPrimitives.WriteUInt32LittleEndian(state.AsSpan(offset), count);
        FixPreambleCrc(state);
        var stream = new TrickleStream(new MemoryStream(state));

        var allocated = 0L;
        var act = () => AllocatedBy(() => target.Optimizer.LoadState(stream), out allocated);
        act.Should().Throw<InvalidDataException>().WithMessage($"*byte {offset}: it has {count} *");
        allocated.Should().BeLessThan(64 * 1024, "nothing is sized from the file");
        stream.BytesRead.Should().Be(28, "nothing past the preamble is read once a count is wrong");
        AssertUnchanged(target, before);
    }

    [Theory]
    [InlineData(2L)]
    [InlineData(-1L)]
    public void LoadState_ImpossibleBufferStepCount_Rejected(long steps)
    {
        var (state, target, before) = Pair();
        BinaryPrimitives.WriteInt64LittleEndian(state.AsSpan(28 + 40 + 16 + (3 * 20) + 8), steps);
        FixHeaderCrc(state, groups: 3, buffers: 5);

        Load(target, state).WithMessage($"*buffer 0 (group 0, buffer 0)'s step count {steps} is outside [0, 1].*");
        AssertUnchanged(target, before);
    }

    [Fact]
    public void LoadState_NegativeStepCount_Rejected()
    {
        var (state, target, before) = Pair();
        BinaryPrimitives.WriteInt64LittleEndian(state.AsSpan(28 + 40), -5);
        FixHeaderCrc(state, groups: 3, buffers: 5);

        Load(target, state).WithMessage("*step counts (-5 applied, * skipped) are negative.*");
        AssertUnchanged(target, before);
    }

    [Fact]
    public void LoadState_UnknownFlags_Rejected()
    {
        var (state, target, before) = Pair();
        state[8] |= 0x40;
        FixPreambleCrc(state);

        Load(target, state).WithMessage("*byte 8: its flags 0x41 set bits this version does not define.*");
        AssertUnchanged(target, before);
    }

    [Fact]
    public void SaveAndLoad_BadStreams_Throw()
    {
        var optimizer = new SgdOptimizer<float>();

        ((Action)(() => optimizer.SaveState(null!))).Should().Throw<ArgumentNullException>().WithParameterName("destination");
        ((Action)(() => optimizer.LoadState(null!))).Should().Throw<ArgumentNullException>().WithParameterName("source");
        ((Action)(() => optimizer.SaveState(new MemoryStream([], writable: false)))).Should().Throw<ArgumentException>().WithParameterName("destination")
            .WithMessage("destination must be a writable stream.*");
        using var unreadable = new UnreadableStream();
        ((Action)(() => optimizer.LoadState(unreadable))).Should().Throw<ArgumentException>().WithParameterName("source")
            .WithMessage("source must be a readable stream.*");
    }

    [Fact]
    public void SaveState_UnsupportedElementType_Throws()
    {
        var optimizer = new SgdOptimizer<NFloat>();

        ((Action)(() => optimizer.SaveState(new MemoryStream()))).Should().Throw<NotSupportedException>().WithMessage("*Half, Single or Double*NFloat*");
    }

    [Theory]
    [InlineData("momentum")]
    [InlineData("everything")]
    [InlineData("plain")]
    public void ResetState_BehavesAsAFreshOptimizer(string name)
    {
        var config = StateConfig.Named(name);
        var fresh = new StateModel<float>(config);
        var freshState = fresh.Snapshot();
        var reused = new StateModel<float>(config);
        reused.Run(0, 137);
        reused.Optimizer.StepCount.Should().BeGreaterThan(0);

        reused.Optimizer.ResetState();
        for (var b = 0; b < reused.Weights.Length; b++)
        {
            fresh.Weights[b].CopyTo(reused.Weights[b], 0); // the user restores the weights; ResetState leaves them alone
        }

        reused.Snapshot().Should().Equal(freshState);
        reused.Optimizer.StepCount.Should().Be(0);
        reused.Optimizer.SkippedStepCount.Should().Be(0);
        fresh.Run(0, 200);
        reused.Run(0, 200);
        for (var b = 0; b < fresh.Weights.Length; b++)
        {
            Bits.ShouldEqual<float>(reused.Weights[b], fresh.Weights[b]);
        }

        reused.Snapshot().Should().Equal(fresh.Snapshot());
    }

    [Fact]
    public void ResetState_LeavesWeightsAlone()
    {
        var model = new StateModel<double>(StateConfig.Named("nesterov"));
        model.Run(0, 5);
        var weights = model.Weights.Select(w => (double[])w.Clone()).ToArray();

        model.Optimizer.ResetState();

        for (var b = 0; b < weights.Length; b++)
        {
            Bits.ShouldEqual<double>(model.Weights[b], weights[b]);
        }
    }

    private static void AssertResumesExactly<T>(StateConfig config, long k, bool includeWeights)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var uninterrupted = new StateModel<T>(config);
        uninterrupted.Run(0, Steps);

        var first = new StateModel<T>(config);
        first.Run(0, k);
        var checkpoint = new MemoryStream();
        first.Optimizer.SaveState(checkpoint, includeWeights);
        var userWeights = first.Weights.Select(w => (T[])w.Clone()).ToArray(); // the model's own checkpoint

        var resumed = new StateModel<T>(config, seed: includeWeights ? 77 : 1); // a new process: fresh optimizer, fresh buffers
        if (!includeWeights)
        {
            for (var b = 0; b < userWeights.Length; b++)
            {
                userWeights[b].CopyTo(resumed.Weights[b], 0);
            }
        }

        checkpoint.Position = 0;
        resumed.Optimizer.LoadState(checkpoint);
        checkpoint.Position.Should().Be(checkpoint.Length);
        resumed.Optimizer.StepCount.Should().Be(first.Optimizer.StepCount);
        resumed.Run(k, Steps);

        for (var b = 0; b < uninterrupted.Weights.Length; b++)
        {
            Bits.ShouldEqual<T>(resumed.Weights[b], uninterrupted.Weights[b], $"buffer {b} after resuming at {k}");
        }

        resumed.Optimizer.StepCount.Should().Be(uninterrupted.Optimizer.StepCount);
        resumed.Optimizer.SkippedStepCount.Should().Be(uninterrupted.Optimizer.SkippedStepCount);
        resumed.Snapshot().Should().Equal(uninterrupted.Snapshot(), "momentum buffers, flags and counters match too");
        if (config.SkipNonFinite)
        {
            uninterrupted.Optimizer.SkippedStepCount.Should().Be(12, "iterations 5, 94, ..., 984 have a non-finite gradient");
        }
    }

    /// <summary>Runs <paramref name="action"/> and reports the bytes it allocated on this thread, whether or not it throws.</summary>
    private static void AllocatedBy(Action action, out long allocated)
    {
        var start = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            action();
        }
        finally
        {
            allocated = GC.GetAllocatedBytesForCurrentThread() - start;
        }
    }

    private static (byte[] State, StateModel<float> Target, Captured Before) Pair()
    {
        var source = new StateModel<float>(StateConfig.Named("everything"));
        source.Run(0, 30);
        var target = new StateModel<float>(StateConfig.Named("everything"), seed: 4);
        target.Run(0, 7);
        return (source.Snapshot(), target, Capture(target));
    }

    private static FluentAssertions.Specialized.ExceptionAssertions<InvalidDataException> Load(StateModel<float> target, byte[] state)
    {
        var act = () => target.Optimizer.LoadState(new MemoryStream(state));
        return act.Should().Throw<InvalidDataException>();
    }

    private static void FixPreambleCrc(byte[] state) =>
        BinaryPrimitives.WriteUInt32LittleEndian(state.AsSpan(24), ReferenceCrc32.Of(state.AsSpan(0, 24)));

    private static void FixHeaderCrc(byte[] state, int groups, int buffers)
    {
        var length = 40 + 16 + (20 * groups) + (16 * buffers);
        BinaryPrimitives.WriteUInt32LittleEndian(state.AsSpan(28 + length), ReferenceCrc32.Of(state.AsSpan(28, length)));
    }

    private static Captured Capture<T>(StateModel<T> model)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        new(model.Snapshot(), [.. model.Weights.Select(w => Bits.Of<T>(w))], model.Optimizer.StepCount, model.Optimizer.SkippedStepCount);

    private static void AssertUnchanged<T>(StateModel<T> model, Captured before)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var after = Capture(model);
        after.State.Should().Equal(before.State, "a rejected state changes nothing");
        after.Steps.Should().Be(before.Steps);
        after.Skipped.Should().Be(before.Skipped);
        for (var b = 0; b < before.Weights.Length; b++)
        {
            after.Weights[b].Should().Equal(before.Weights[b]);
        }
    }

    private sealed record Captured(byte[] State, byte[][] Weights, long Steps, long Skipped);

    private sealed class UnreadableStream : MemoryStream
    {
        public override bool CanRead => false;
    }
}
