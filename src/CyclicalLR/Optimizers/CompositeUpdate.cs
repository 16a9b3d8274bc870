namespace CyclicalLR;

/// <summary>
/// A whole step over many buffers seen as one run of elements (buffer after buffer), so that
/// <see cref="ParallelWork{TUpdate}"/> splits the step's total work across cores by buffers and chunks: a chunk may
/// cover the end of one buffer and the start of the next. Every element is computed from its own inputs only, so any
/// split gives the same bits as one core going through the buffers in order.
/// </summary>
/// <typeparam name="TUpdate">One buffer's update.</typeparam>
internal readonly struct CompositeUpdate<TUpdate>(TUpdate[] parts, nuint[] starts, int count, nuint length, int bytesPerElement) : IChunkedUpdate
    where TUpdate : struct, IChunkedUpdate
{
    /// <inheritdoc/>
    public nuint Length => length;

    /// <inheritdoc/>
    public int BytesPerElement => bytesPerElement;

    /// <inheritdoc/>
    public void Run(nuint start, nuint count1)
    {
        var end = start + count1;

        // The last part that starts at or before start: it holds start (an earlier part ends at or before its start).
        int low = 0, high = count - 1;
        while (low < high)
        {
            var middle = (low + high + 1) / 2;
            if (starts[middle] <= start)
            {
                low = middle;
            }
            else
            {
                high = middle - 1;
            }
        }

        for (var p = low; p < count && starts[p] < end; p++)
        {
            var partStart = starts[p];
            var from = Math.Max(start, partStart);
            var to = Math.Min(end, partStart + parts[p].Length);
            if (to > from)
            {
                parts[p].Run(from - partStart, to - from);
            }
        }
    }
}
