using System.Numerics;

namespace CyclicalLR;

/// <summary>Creates AdamW optimizers: <see cref="AdamOptimizer{T}"/> with decoupled weight decay (<c>torch.optim.AdamW</c>).</summary>
public static class AdamW
{
    /// <summary>Creates an <see cref="AdamOptimizer{T}"/> with decoupled weight decay, <c>torch.optim.AdamW</c>'s defaults.</summary>
    /// <typeparam name="T">The element type of the weights.</typeparam>
    /// <param name="weightDecay">The default group's decoupled weight decay (<c>w *= 1 - lr * weightDecay</c> each step); finite and at least 0; PyTorch's default 0.01.</param>
    /// <param name="beta1">The decay of the first moment; finite, in <c>[0, 1)</c>.</param>
    /// <param name="beta2">The decay of the second moment; finite, in <c>[0, 1)</c>.</param>
    /// <param name="epsilon">The term added to the denominator; finite and above 0.</param>
    /// <param name="amsgrad">Whether to use AMSGrad.</param>
    /// <param name="skipNonFiniteSteps">Whether a step with a NaN or infinite gradient changes nothing and returns <see langword="false"/>.</param>
    /// <returns>The optimizer, with <see cref="AdamOptimizer{T}.DecoupledWeightDecay"/> set.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range (see <see cref="AdamOptimizer{T}"/>'s constructor).</exception>
    public static AdamOptimizer<T> Create<T>(double weightDecay = 0.01, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8, bool amsgrad = false, bool skipNonFiniteSteps = false)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        new(beta1, beta2, epsilon, weightDecay, decoupledWeightDecay: true, amsgrad, skipNonFiniteSteps);
}
