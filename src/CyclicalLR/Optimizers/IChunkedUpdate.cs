namespace CyclicalLR;

/// <summary>
/// One optimizer's update of one buffer, ready to run over any range of its elements: what <see cref="ParallelWork{TUpdate}"/>
/// splits across cores. Each element's result depends only on that element's inputs, so any split gives the same bits.
/// </summary>
internal interface IChunkedUpdate
{
    /// <summary>Gets the number of elements.</summary>
    nuint Length { get; }

    /// <summary>Gets the number of bytes the update reads and writes per element (to size the chunks).</summary>
    int BytesPerElement { get; }

    /// <summary>Runs the update over elements <c>[start, start + count)</c> on the calling thread.</summary>
    /// <param name="start">The first element.</param>
    /// <param name="count">The number of elements.</param>
    void Run(nuint start, nuint count);
}
