using System.Numerics;

namespace CyclicalLR;

/// <summary>The span kernel of stochastic gradient descent: <c>w -= lr * g</c>, in place, at memory speed.</summary>
/// <remarks>
/// <para>
/// Called once per iteration with the schedule's learning rate, for example
/// <c>SgdUpdater.Apply(weights, gradients, (float)schedule.GetLearningRate(iteration))</c>. For momentum, weight decay,
/// Nesterov, parameter groups and many buffers, use <see cref="SgdOptimizer{T}"/>.
/// </para>
/// <para>Leslie N. Smith, <i>Cyclical Learning Rates for Training Neural Networks</i>, arXiv 1506.01186.</para>
/// </remarks>
public static class SgdUpdater
{
    /// <summary>Updates <paramref name="weights"/> in place: <c>weights[i] = weights[i] - learningRate * gradients[i]</c>.</summary>
    /// <typeparam name="T">
    /// The element type: <see cref="float"/> and <see cref="double"/> run vectorized (and on several cores for large
    /// buffers); <see cref="Half"/> and other IEEE types run a scalar loop in <typeparamref name="T"/>'s own arithmetic.
    /// </typeparam>
    /// <param name="weights">The weights to update; any length, including 0.</param>
    /// <param name="gradients">
    /// The gradients, the same length as <paramref name="weights"/>; separate memory, or exactly the weights buffer itself
    /// (then <c>w = w - lr * w</c>). Read only.
    /// </param>
    /// <param name="learningRate">The step size; finite and at least 0 (0 leaves the weights unchanged unless a gradient is NaN or infinite).</param>
    /// <exception cref="ArgumentException">
    /// <paramref name="gradients"/> is not the same length as <paramref name="weights"/>, or it partially overlaps them
    /// (overlaps without being exactly the same memory).
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="learningRate"/> is NaN, infinite or negative.</exception>
    /// <remarks>
    /// <para>
    /// Each element is computed in <typeparamref name="T"/> as a rounded product then a rounded difference (no fused
    /// multiply-add), exactly as the scalar loop <c>w[i] = w[i] - lr * g[i]</c>; the vector path, the scalar tail and the
    /// multi-core path all give the same bits. This is <c>param.add_(grad, alpha=-lr)</c> of <c>torch.optim.SGD</c>
    /// (PyTorch may fuse it on some CPUs; here it is never fused, so results are reproducible everywhere).
    /// </para>
    /// <para>
    /// Every argument is checked before any element changes. The call allocates nothing. An update that touches at least
    /// 2 MiB (12 bytes per float: about 175,000 floats) is split across the machine's cores on thread-pool threads (the
    /// caller works too, and does the whole update itself when the pool is busy). Not safe to call concurrently on the
    /// same weights.
    /// </para>
    /// </remarks>
    public static void Apply<T>(Span<T> weights, ReadOnlySpan<T> gradients, T learningRate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Guard.SameLength(weights.Length, gradients.Length, nameof(weights), nameof(gradients));
        Guard.NoPartialOverlap<T>(weights, gradients, nameof(weights), nameof(gradients));
        Guard.FiniteNonNegative(learningRate);
        var coefficients = new SgdCoefficients<T>(learningRate, T.Zero, T.Zero, T.One);
        SgdKernel.Update(SgdRule.None, weights, gradients, [], coefficients);
    }
}
