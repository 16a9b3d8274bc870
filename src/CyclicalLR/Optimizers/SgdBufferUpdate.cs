using System.Numerics;

namespace CyclicalLR;

/// <summary>One SGD step of one buffer over pinned memory, split across cores by <see cref="ParallelWork{TUpdate}"/>.</summary>
/// <typeparam name="T">The element type.</typeparam>
internal readonly unsafe struct SgdBufferUpdate<T>(SgdRule rule, T* weights, T* gradients, T* buffer, nuint length, SgdCoefficients<T> coefficients) : IChunkedUpdate
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <inheritdoc/>
    public nuint Length => length;

    /// <inheritdoc/>
    public int BytesPerElement => sizeof(T) * ((rule & SgdRule.Momentum) != 0 ? 5 : 3);

    /// <inheritdoc/>
    /// <remarks>The momentum buffer (null without momentum) is offset like the others: a rule without momentum never reads or writes through it.</remarks>
    public void Run(nuint start, nuint count)
    {
        SgdKernel.Run(rule, ref *(weights + start), ref *(gradients + start), ref *(buffer + start), count, coefficients);
    }
}
