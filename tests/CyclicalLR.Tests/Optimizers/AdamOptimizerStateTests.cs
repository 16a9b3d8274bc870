using System.Buffers.Binary;
using System.Numerics;
using CyclicalLR.Tests.Sgd;

namespace CyclicalLR.Tests.Adam;

public sealed class AdamOptimizerStateTests
{
    public static TheoryData<bool, bool, bool> Configurations()
    {
        var data = new TheoryData<bool, bool, bool>();
        foreach (var decoupled in new[] { false, true })
        {
            foreach (var amsgrad in new[] { false, true })
            {
                foreach (var includeWeights in new[] { false, true })
                {
                    data.Add(decoupled, amsgrad, includeWeights);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void LoadState_Float_ResumesBitIdentical(bool decoupled, bool amsgrad, bool includeWeights) =>
        AssertResumes<float>(decoupled, amsgrad, includeWeights);

    [Theory]
    [MemberData(nameof(Configurations))]
    public void LoadState_Double_ResumesBitIdentical(bool decoupled, bool amsgrad, bool includeWeights) =>
        AssertResumes<double>(decoupled, amsgrad, includeWeights);

    [Theory]
    [InlineData(false, 2)]
    [InlineData(true, 3)]
    public void SaveState_Preamble_NamesAdamItsArraysAndSettings(bool amsgrad, int arrays)
    {
        var optimizer = new AdamOptimizer<float>(amsgrad: amsgrad);
        optimizer.Register(new float[5], new float[5]);
        optimizer.AddGroup(0.5, 0).Register(new float[3], new float[3]);
        optimizer.Step(0.01);

        var bytes = Save(optimizer, includeWeights: false);

        bytes[6].Should().Be(2, "optimizer code 2 is AdamOptimizer");
        bytes[7].Should().Be(2, "Single");
        bytes[9].Should().Be((byte)arrays);
        BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(10)).Should().Be(7);
        BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(12)).Should().Be(2);
        BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(16)).Should().Be(2);
        BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(20)).Should().Be(2);
        var header = 28;
        BinaryPrimitives.ReadDoubleLittleEndian(bytes.AsSpan(header)).Should().Be(0.9);
        BinaryPrimitives.ReadDoubleLittleEndian(bytes.AsSpan(header + 40)).Should().Be(amsgrad ? 1 : 0);
        var firstBuffer = header + 56 + 16 + (2 * 20);
        BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(firstBuffer)).Should().Be(5);
        BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(firstBuffer + 8)).Should().Be(1, "the buffer's own step count");
        var headerLength = 56 + 16 + (2 * 20) + (2 * 16) + 4;
        bytes.Should().HaveCount(28 + headerLength + (arrays * 8 * sizeof(float)) + 4);
    }

    [Fact]
    public void LoadState_SgdStateOrOtherSettings_RejectedAndNothingChanges()
    {
        var sgd = new SgdOptimizer<float>(momentum: 0.9);
        sgd.Register(new float[4], new float[4]);
        var sgdState = new MemoryStream();
        sgd.SaveState(sgdState);
        var amsgrad = new AdamOptimizer<float>(amsgrad: true);
        amsgrad.Register(new float[4], new float[4]);
        var amsgradState = new MemoryStream();
        amsgrad.SaveState(amsgradState);

        var (target, _, _) = Model<float>(decoupled: false, amsgrad: false, seed: 1);
        target.Step(0.01);
        var before = Save(target, includeWeights: true);

        FluentActions.Invoking(() => target.LoadState(new MemoryStream(sgdState.ToArray())))
            .Should().Throw<InvalidDataException>().WithMessage("*byte 6: it is the state of SgdOptimizer; this optimizer is AdamOptimizer.*");
        FluentActions.Invoking(() => target.LoadState(new MemoryStream(amsgradState.ToArray())))
            .Should().Throw<InvalidDataException>().WithMessage("*Nothing was changed.");
        Save(target, includeWeights: true).Should().Equal(before);
    }

    [Fact]
    public void LoadState_EveryFlippedByte_RejectedAndNothingChanges()
    {
        var (source, _, _) = Model<double>(decoupled: true, amsgrad: true, seed: 3, lengths: [3, 2]);
        source.Step(0.01);
        source.Step(0.02, 0.85);
        var state = Save(source, includeWeights: true);
        var (target, _, _) = Model<double>(decoupled: true, amsgrad: true, seed: 4, lengths: [3, 2]);
        target.Step(0.05);
        var before = Save(target, includeWeights: true);

        for (var i = 0; i < state.Length; i++)
        {
            var corrupt = (byte[])state.Clone();
            corrupt[i] ^= 0x10;
            FluentActions.Invoking(() => target.LoadState(new MemoryStream(corrupt))).Should().Throw<InvalidDataException>($"byte {i} was flipped");
        }

        for (var length = 0; length < state.Length; length++)
        {
            FluentActions.Invoking(() => target.LoadState(new MemoryStream(state[..length]))).Should().Throw<InvalidDataException>($"the state was cut at {length}");
        }

        Save(target, includeWeights: true).Should().Equal(before);
        target.LoadState(new MemoryStream(state));
        Save(target, includeWeights: true).Should().Equal(state);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ResetState_NextStepIsAFreshOptimizersFirst(bool amsgrad)
    {
        var (optimizer, weights, gradients) = Model<float>(decoupled: true, amsgrad: amsgrad, seed: 5);
        for (var i = 0; i < 5; i++)
        {
            optimizer.Step(0.01, 0.9 - (0.01 * i));
        }

        optimizer.ResetState();
        optimizer.StepCount.Should().Be(0);
        var fresh = AdamW.Create<float>(amsgrad: amsgrad);
        var copies = weights.Select(w => (float[])w.Clone()).ToArray();
        fresh.Register(copies[0], gradients[0]);
        fresh.Register(copies[1], gradients[1]);
        fresh.AddGroup(0.5).Register(copies[2], gradients[2]);

        optimizer.Step(0.03);
        fresh.Step(0.03);

        for (var b = 0; b < 3; b++)
        {
            Bits.ShouldEqual<float>(weights[b], copies[b]);
        }

        Save(optimizer, includeWeights: true).Should().Equal(Save(fresh, includeWeights: true));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void RangeTestRun_RestoresWeightsAndWholeStateBitForBit(bool throws)
    {
        var (optimizer, _, _) = Model<float>(decoupled: true, amsgrad: true, seed: 6);
        optimizer.Step(0.01);
        var before = Save(optimizer, includeWeights: true);
        var test = new LrRangeTest(1e-4, 0.1, 30);
        var calls = 0;

        var act = () => test.Run(optimizer, lr =>
        {
            optimizer.Step(lr, 0.85).Should().BeTrue();
            if (throws && ++calls == 10)
            {
                throw new InvalidOperationException("boom");
            }

            return 1.0 / (1 + lr);
        });

        if (throws)
        {
            act.Should().Throw<InvalidOperationException>().WithMessage("boom");
        }
        else
        {
            act().Points.Should().HaveCount(30);
        }

        Save(optimizer, includeWeights: true).Should().Equal(before);
    }

    private static void AssertResumes<T>(bool decoupled, bool amsgrad, bool includeWeights)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (original, weights, gradients) = Model<T>(decoupled, amsgrad, seed: 10);
        void Train(AdamOptimizer<T> optimizer, int from, int to)
        {
            for (var i = from; i < to; i++)
            {
                for (var b = 0; b < gradients.Length; b++)
                {
                    Bits.Random<T>(gradients[b].Length, (100 * i) + b).CopyTo(gradients[b], 0);
                }

                optimizer.Step(0.001 * (1 + (i % 7)), 0.95 - (0.01 * (i % 10))).Should().BeTrue();
            }
        }

        Train(original, 0, 25);
        var state = Save(original, includeWeights);
        var savedWeights = weights.Select(w => (T[])w.Clone()).ToArray();
        Train(original, 25, 60);

        var (resumed, resumedWeights, resumedGradients) = Model<T>(decoupled, amsgrad, seed: 99);
        if (!includeWeights)
        {
            for (var b = 0; b < weights.Length; b++)
            {
                savedWeights[b].CopyTo(resumedWeights[b], 0);
            }
        }

        var stream = new MemoryStream([.. state, 0xAB]);
        resumed.LoadState(stream);
        stream.Position.Should().Be(state.Length, "exactly the state's bytes are read");
        resumed.StepCount.Should().Be(25);
        for (var i = 25; i < 60; i++)
        {
            for (var b = 0; b < resumedGradients.Length; b++)
            {
                Bits.Random<T>(resumedGradients[b].Length, (100 * i) + b).CopyTo(resumedGradients[b], 0);
            }

            resumed.Step(0.001 * (1 + (i % 7)), 0.95 - (0.01 * (i % 10))).Should().BeTrue();
        }

        for (var b = 0; b < weights.Length; b++)
        {
            Bits.ShouldEqual<T>(resumedWeights[b], weights[b], $"buffer {b}");
        }

        Save(resumed, includeWeights: true).Should().Equal(Save(original, includeWeights: true));
    }

    private static (AdamOptimizer<T> Optimizer, T[][] Weights, T[][] Gradients) Model<T>(bool decoupled, bool amsgrad, int seed, int[]? lengths = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        lengths ??= [7, 130, 33];
        var optimizer = new AdamOptimizer<T>(weightDecay: 0.01, decoupledWeightDecay: decoupled, amsgrad: amsgrad);
        var weights = lengths.Select((n, i) => Bits.Random<T>(n, seed + i)).ToArray();
        var gradients = lengths.Select((n, i) => Bits.Random<T>(n, seed + 50 + i)).ToArray();
        for (var b = 0; b < lengths.Length; b++)
        {
            if (b < 2)
            {
                optimizer.Register(weights[b], gradients[b]);
            }
            else
            {
                optimizer.AddGroup(0.5).Register(weights[b], gradients[b]);
            }
        }

        return (optimizer, weights, gradients);
    }

    private static byte[] Save<T>(AdamOptimizer<T> optimizer, bool includeWeights)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var stream = new MemoryStream();
        optimizer.SaveState(stream, includeWeights);
        return stream.ToArray();
    }
}
