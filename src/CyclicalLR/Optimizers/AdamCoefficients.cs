using System.Numerics;

namespace CyclicalLR;

/// <summary>
/// The per-step, per-buffer scalars of an Adam update: computed in <see cref="double"/> as PyTorch computes them in
/// Python, then each rounded once to the element type.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
internal readonly struct AdamCoefficients<T>(T beta1, T oneMinusBeta1, T beta2, T oneMinusBeta2, T weightDecay, T decayFactor, T negativeStepSize, T biasCorrection2Sqrt, T epsilon)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Gets this step's <c>beta1</c>.</summary>
    public T Beta1 { get; } = beta1;

    /// <summary>Gets <c>1 - beta1</c>.</summary>
    public T OneMinusBeta1 { get; } = oneMinusBeta1;

    /// <summary>Gets <c>beta2</c>.</summary>
    public T Beta2 { get; } = beta2;

    /// <summary>Gets <c>1 - beta2</c>.</summary>
    public T OneMinusBeta2 { get; } = oneMinusBeta2;

    /// <summary>Gets Adam's L2 weight decay.</summary>
    public T WeightDecay { get; } = weightDecay;

    /// <summary>Gets AdamW's factor <c>1 - lr * weightDecay</c>.</summary>
    public T DecayFactor { get; } = decayFactor;

    /// <summary>Gets <c>-lr / (1 - beta1^t)</c>.</summary>
    public T NegativeStepSize { get; } = negativeStepSize;

    /// <summary>Gets <c>sqrt(1 - beta2^t)</c>.</summary>
    public T BiasCorrection2Sqrt { get; } = biasCorrection2Sqrt;

    /// <summary>Gets <c>eps</c>.</summary>
    public T Epsilon { get; } = epsilon;
}
