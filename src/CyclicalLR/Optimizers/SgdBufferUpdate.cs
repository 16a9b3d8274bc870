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
    public void Run(nuint start, nuint count)
    {
        var b = buffer is null ? null : buffer + start;
        SgdKernel.Run(rule, ref *(weights + start), ref *(gradients + start), ref *b, count, coefficients);
    }
}
