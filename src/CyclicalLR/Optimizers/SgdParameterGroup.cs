using System.Globalization;
using System.Numerics;

namespace CyclicalLR;

/// <summary>
/// A set of weight buffers of an <see cref="SgdOptimizer{T}"/> that share a learning-rate multiplier and a weight decay,
/// like a PyTorch parameter group (for example a smaller rate for a pretrained layer).
/// </summary>
/// <typeparam name="T">The element type of the buffers.</typeparam>
/// <remarks>
/// Created by <see cref="SgdOptimizer{T}.AddGroup(double, double?)"/>; the optimizer's own buffers go into
/// <see cref="SgdOptimizer{T}.DefaultGroup"/>. Not thread-safe: register and step from one thread at a time.
/// </remarks>
public sealed class SgdParameterGroup<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly ParameterRegistry<T> _registry;
    private readonly int _index;

    internal SgdParameterGroup(ParameterRegistry<T> registry, double learningRateMultiplier, double weightDecay)
    {
        _registry = registry;
        _index = registry.AddGroup();
        LearningRateMultiplier = learningRateMultiplier;
        WeightDecay = weightDecay;
    }

    /// <summary>Gets the factor applied to the learning rate of each step for this group's buffers.</summary>
    public double LearningRateMultiplier { get; }

    /// <summary>Gets the L2 weight decay of this group's buffers (added to the gradient: <c>g + weightDecay * w</c>).</summary>
    public double WeightDecay { get; }

    /// <summary>Gets the number of weight buffers registered in this group.</summary>
    public int Count => _registry.CountIn(_index);

    /// <summary>Gets the number of weights in this group, summed over its buffers.</summary>
    public long ElementCount { get; private set; }

    /// <summary>Registers a weight buffer and the gradient buffer that holds its gradient at each step.</summary>
    /// <param name="weights">The weights, updated in place by each step; arrays convert implicitly.</param>
    /// <param name="gradients">
    /// The gradients, read by each step: the same length as <paramref name="weights"/>, and either separate memory or
    /// exactly the same buffer as <paramref name="weights"/>. Several pairs may share one gradient buffer.
    /// </param>
    /// <exception cref="ArgumentException">
    /// <paramref name="gradients"/> is not the same length as <paramref name="weights"/>, partially overlaps them, or
    /// overlaps weights already registered (in any group of the optimizer); or <paramref name="weights"/> overlap weights
    /// or gradients already registered (including the same weights registered twice).
    /// </exception>
    /// <remarks>
    /// With momentum, allocates the buffer's momentum buffer (one element per weight) here, once; it starts as the
    /// buffer's first gradient at its first step with a non-zero momentum. Nothing is changed when the call throws.
    /// </remarks>
    public void Register(Memory<T> weights, Memory<T> gradients)
    {
        _registry.Register(_index, weights, gradients);
        ElementCount += weights.Length;
    }

    /// <summary>Returns the group's settings and size, formatted with the invariant culture.</summary>
    /// <returns>For example <c>SgdParameterGroup(learningRateMultiplier: 0.1, weightDecay: 0, buffers: 2, elements: 4096)</c>.</returns>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"SgdParameterGroup(learningRateMultiplier: {LearningRateMultiplier:R}, weightDecay: {WeightDecay:R}, buffers: {Count}, elements: {ElementCount})");

    /// <summary>Applies one step to every buffer of the group.</summary>
    /// <param name="learningRate">The step's rate times the group's multiplier.</param>
    /// <param name="momentum">The step's momentum.</param>
    /// <param name="oneMinusDampening"><c>1 - dampening</c>.</param>
    /// <param name="nesterov">Whether Nesterov momentum is used.</param>
    /// <param name="whole">The step across the cores to add each buffer's update to, or <see langword="null"/> to update each buffer now.</param>
    internal unsafe void Step(T learningRate, T momentum, T oneMinusDampening, bool nesterov, WholeStep<SgdBufferUpdate<T>>? whole)
    {
        var weightDecay = T.CreateTruncating(WeightDecay);
        var baseRule = WeightDecay != 0 ? SgdRule.WeightDecay : SgdRule.None;
        var coefficients = new SgdCoefficients<T>(learningRate, weightDecay, momentum, oneMinusDampening);
        var useMomentum = momentum != T.Zero;
        foreach (ref var pair in _registry.Buffers(_index))
        {
            var rule = baseRule;
            if (useMomentum)
            {
                rule |= SgdRule.Momentum | (nesterov ? SgdRule.Nesterov : SgdRule.None) | (pair.Steps != 0 ? SgdRule.None : SgdRule.FirstStep);
                pair.Steps = 1;
            }

            if (whole is not null)
            {
                var w = whole.Pin(pair.Weights);
                var g = whole.Pin(pair.Gradients);
                var b = useMomentum ? whole.Pin<T>(pair.State(0)) : null;
                whole.Add(new SgdBufferUpdate<T>(rule, w, g, b, (nuint)pair.Length, coefficients));
            }
            else
            {
                SgdKernel.Update(rule, pair.WeightsSpan, pair.GradientsSpan, useMomentum ? pair.State(0) : [], coefficients);
            }
        }
    }

    /// <summary>Throws when the step's learning rate times this group's multiplier is not finite in <typeparamref name="T"/>.</summary>
    internal void CheckRepresentable(double learningRate, string paramName)
    {
        if (!T.IsFinite(T.CreateTruncating(learningRate * LearningRateMultiplier)))
        {
            Guard.ThrowOutOfRange(paramName, learningRate, string.Create(CultureInfo.InvariantCulture, $"times the group's multiplier {LearningRateMultiplier:R} must be finite in {typeof(T).Name}."));
        }
    }
}
