using System.Numerics.Tensors;

namespace CyclicalLR.Demo;

/// <summary>TEMPORARY stand-in for the updater branch's SgdOptimizer; deleted once that branch is merged.</summary>
internal sealed class TemporarySgd(double momentum)
{
    private readonly List<(Memory<float> W, Memory<float> G, float[] V)> _pairs = [];

    public void Register(Memory<float> weights, Memory<float> gradients) => _pairs.Add((weights, gradients, new float[weights.Length]));

    public void Step(double learningRate)
    {
        foreach (var (w, g, v) in _pairs)
        {
            TensorPrimitives.MultiplyAdd(v, (float)momentum, g.Span, v);
            TensorPrimitives.MultiplyAdd(v, (float)-learningRate, w.Span, w.Span);
        }
    }
}
