using System.Numerics;

namespace CyclicalLR;

/// <summary>One Adam step of one buffer over pinned memory, split across cores by <see cref="ParallelWork{TUpdate}"/>.</summary>
/// <typeparam name="T">The element type.</typeparam>
internal readonly unsafe struct AdamBufferUpdate<T>(AdamRule rule, T* weights, T* gradients, T* m, T* v, T* maxV, nuint length, AdamCoefficients<T> coefficients) : IChunkedUpdate
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <inheritdoc/>
    public nuint Length => length;

    /// <inheritdoc/>
    public int BytesPerElement => AdamKernel.BytesPerElement(rule, sizeof(T));

    /// <inheritdoc/>
    /// <remarks>The max v (null without AMSGrad) is offset like the others: a rule without AMSGrad never reads or writes through it.</remarks>
    public void Run(nuint start, nuint count)
    {
        AdamKernel.Run(rule, ref *(weights + start), ref *(gradients + start), ref *(m + start), ref *(v + start), ref *(maxV + start), count, coefficients);
    }
}
