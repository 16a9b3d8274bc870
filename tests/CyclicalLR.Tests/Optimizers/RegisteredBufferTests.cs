using System.Buffers;
using System.Numerics;
using CyclicalLR.Tests.Sgd;

namespace CyclicalLR.Tests;

/// <summary>
/// Buffers registered as <see cref="Memory{T}"/> that no array backs (a <see cref="MemoryManager{T}"/>, as native or
/// pooled tensor memory is): every optimizer steps, splits across the cores, skips non-finite steps, saves and loads them
/// with the same bits as array-backed buffers.
/// </summary>
public sealed class RegisteredBufferTests
{
    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (var kind in new[] { "sgd-momentum", "adamw-amsgrad" })
        {
            data.Add(kind, 37);
            data.Add(kind, 100_003); // above both optimizers' 2 MiB split threshold: the step runs across the cores
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Step_MemoryWithoutAnArray_SameBitsAsArrays(string kind, int length)
    {
        var arrays = new Twin(kind, length, opaque: false);
        var opaque = new Twin(kind, length, opaque: true);

        for (var i = 0; i < 3; i++)
        {
            arrays.Step(i).Should().BeTrue();
            opaque.Step(i).Should().BeTrue();
        }

        Bits.ShouldEqual<float>(opaque.Weights, arrays.Weights);
        Bits.ShouldEqual<float>(opaque.GroupWeights, arrays.GroupWeights);
        opaque.State().Should().Equal(arrays.State());
    }

    [Theory]
    [InlineData("sgd-momentum")]
    [InlineData("adamw-amsgrad")]
    public void StepAndLoad_MemoryWithoutAnArray_SkipsNonFiniteAndRestoresWeights(string kind)
    {
        var model = new Twin(kind, 9, opaque: true, skip: true);
        model.Step(0).Should().BeTrue();
        var state = model.State();
        model.GroupGradients[2] = float.PositiveInfinity;

        model.Optimizer.Step(0.01).Should().BeFalse("the infinite gradient is read through the memory's own span");
        model.Optimizer.SkippedStepCount.Should().Be(1);
        model.GroupGradients[2] = 0;
        model.Step(1).Should().BeTrue();
        model.Optimizer.LoadState(new MemoryStream(state));

        model.State().Should().Equal(state, "the weights were written back through the memory's own span");
    }

    /// <summary>An optimizer with a default-group buffer and a group buffer, registered as arrays or as opaque memory.</summary>
    private sealed class Twin
    {
        public Twin(string kind, int length, bool opaque, bool skip = false)
        {
            Optimizer = kind == "sgd-momentum"
                ? new SgdOptimizer<float>(momentum: 0.9, weightDecay: 1e-3, skipNonFiniteSteps: skip)
                : AdamW.Create<float>(amsgrad: true, skipNonFiniteSteps: skip);
            Weights = Bits.Random<float>(length, 1);
            Gradients = new float[length];
            GroupWeights = Bits.Random<float>(length + 1, 2);
            GroupGradients = new float[length + 1];
            Optimizer.Register(Wrap(Weights, opaque), Wrap(Gradients, opaque));
            Optimizer.AddGroup(0.5).Register(Wrap(GroupWeights, opaque), Wrap(GroupGradients, opaque));
        }

        public Optimizer<float> Optimizer { get; }

        public float[] Weights { get; }

        public float[] Gradients { get; }

        public float[] GroupWeights { get; }

        public float[] GroupGradients { get; }

        public bool Step(int iteration)
        {
            Bits.Random<float>(Gradients.Length, 10 + iteration).CopyTo(Gradients, 0);
            Bits.Random<float>(GroupGradients.Length, 20 + iteration).CopyTo(GroupGradients, 0);
            return Optimizer.Step(0.01 * (iteration + 1));
        }

        public byte[] State()
        {
            using var stream = new MemoryStream();
            Optimizer.SaveState(stream, includeWeights: true);
            return stream.ToArray();
        }

        private static Memory<float> Wrap(float[] array, bool opaque) => opaque ? new OpaqueMemory<float>(array).Memory : array;
    }

    /// <summary>Memory over an array that does not say it is one (<see cref="MemoryManager{T}.TryGetArray"/> is false).</summary>
    private sealed class OpaqueMemory<T>(T[] array) : MemoryManager<T>
        where T : unmanaged, INumberBase<T>
    {
        public override Span<T> GetSpan() => array;

        public override MemoryHandle Pin(int elementIndex = 0) => array.AsMemory(elementIndex).Pin();

        public override void Unpin()
        {
        }

        protected override void Dispose(bool disposing)
        {
        }
    }
}
