using System.Globalization;
using System.Numerics;

namespace CyclicalLR;

/// <summary>
/// A set of weight buffers of an <see cref="SgdOptimizer{T}"/> that share a learning-rate multiplier and a weight decay,
/// like a PyTorch parameter group (for example a smaller rate for a pretrained layer).
/// </summary>
/// <typeparam name="T">The element type of the buffers.</typeparam>
/// <remarks>
/// <para>
/// Created by <see cref="SgdOptimizer{T}.AddGroup(double, double?)"/>; the optimizer's own buffers go into
/// <see cref="SgdOptimizer{T}.DefaultGroup"/>. Not thread-safe: register and step from one thread at a time.
/// </para>
/// <para>
/// The group's <see cref="ParameterGroup{T}.WeightDecay"/> is an L2 weight decay, added to the gradient:
/// <c>g + weightDecay * w</c>. With momentum, <see cref="ParameterGroup{T}.Register(Memory{T}, Memory{T})"/> allocates
/// the buffer's momentum buffer (one element per weight) there, once; it starts as the buffer's first gradient at its
/// first step with a non-zero momentum.
/// </para>
/// </remarks>
public sealed class SgdParameterGroup<T> : ParameterGroup<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    internal SgdParameterGroup(ParameterRegistry<T> registry, double learningRateMultiplier, double weightDecay)
        : base(registry, learningRateMultiplier, weightDecay, nameof(SgdParameterGroup<T>))
    {
    }

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
        foreach (ref var pair in Buffers)
        {
            var rule = baseRule;
            if (useMomentum)
            {
                rule = baseRule | SgdRule.Momentum | (nesterov ? SgdRule.Nesterov : SgdRule.None) | (pair.Steps != 0 ? SgdRule.None : SgdRule.FirstStep);
                pair.Steps = 1;
            }

            if (whole is not null)
            {
                var w = whole.Pin(pair.Weights);
                var g = whole.Pin(pair.Gradients);
                var b = useMomentum ? whole.Pin<T>(pair.StateArrays[0]) : null;
                whole.Add(new SgdBufferUpdate<T>(rule, w, g, b, (nuint)pair.Length, coefficients));
            }
            else
            {
                SgdKernel.Update(rule, pair.WeightsSpan, pair.GradientsSpan, useMomentum ? pair.StateArrays[0] : [], coefficients);
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
