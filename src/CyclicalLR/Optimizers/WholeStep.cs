using System.Buffers;

namespace CyclicalLR;

/// <summary>
/// One optimizer's step over all its buffers at once, split across cores by buffers and chunks: the buffers are pinned
/// for the step, each buffer's update is added in order, and <see cref="ParallelWork{TUpdate}"/> runs the whole as one
/// <see cref="CompositeUpdate{TUpdate}"/>. Reused from step to step; grows only when buffers are registered.
/// </summary>
/// <typeparam name="TUpdate">One buffer's update.</typeparam>
internal sealed class WholeStep<TUpdate>
    where TUpdate : struct, IChunkedUpdate
{
    /// <summary>Total bytes a step must touch before it is split across cores (a split costs a few microseconds).</summary>
    internal const long ParallelThresholdBytes = SgdKernel.ParallelThresholdBytes;

    private static readonly int s_processorCount = Environment.ProcessorCount;

    private TUpdate[] _parts = [];
    private nuint[] _starts = [];
    private MemoryHandle[] _handles = [];
    private int _count;
    private int _handleCount;
    private nuint _length;
    private long _bytes;

    /// <summary>Gets a value indicating whether a step that touches <paramref name="bytes"/> bytes is split across cores.</summary>
    /// <param name="bytes">The step's traffic.</param>
    /// <returns><see langword="true"/> on a machine with several cores and at least <see cref="ParallelThresholdBytes"/>.</returns>
    public static bool Splits(long bytes) => bytes >= ParallelThresholdBytes && s_processorCount > 1;

    /// <summary>Makes room for <paramref name="buffers"/> buffers of <paramref name="pinsPerBuffer"/> pinned memories each (called at registration, never during a step).</summary>
    /// <param name="buffers">The number of registered buffers.</param>
    /// <param name="pinsPerBuffer">How many memories each buffer pins.</param>
    public void Reserve(int buffers, int pinsPerBuffer)
    {
        if (_parts.Length < buffers)
        {
            var capacity = Math.Max(buffers, _parts.Length * 2);
            Array.Resize(ref _parts, capacity);
            Array.Resize(ref _starts, capacity);
            Array.Resize(ref _handles, capacity * pinsPerBuffer);
        }
    }

    /// <summary>Pins <paramref name="memory"/> until <see cref="Run"/> returns.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="memory">The memory.</param>
    /// <returns>Its first element's address (any value for empty memory).</returns>
    public unsafe T* Pin<T>(Memory<T> memory)
        where T : unmanaged
    {
        var handle = memory.Pin();
        _handles[_handleCount++] = handle;
        return (T*)handle.Pointer;
    }

    /// <summary>Adds the next buffer's update, whose memory is already pinned with <see cref="Pin{T}(Memory{T})"/>.</summary>
    /// <param name="part">The update.</param>
    public void Add(in TUpdate part)
    {
        _parts[_count] = part;
        _starts[_count] = _length;
        _length += part.Length;
        _bytes += (long)part.Length * part.BytesPerElement;
        _count++;
    }

    /// <summary>Runs every added update across the cores, then unpins everything and forgets the updates.</summary>
    public void Run()
    {
        try
        {
            if (_length != 0)
            {
                var bytesPerElement = (int)Math.Max(1, _bytes / (long)_length);
                ParallelWork<CompositeUpdate<TUpdate>>.ForCurrentThread.Run(new CompositeUpdate<TUpdate>(_parts, _starts, _count, _length, bytesPerElement), s_processorCount);
            }
        }
        finally
        {
            // Dispose runs on the array element itself and clears it (pointer, GC handle and pinnable): nothing stale is kept.
            for (var i = 0; i < _handleCount; i++)
            {
                _handles[i].Dispose();
            }

            Array.Clear(_parts, 0, _count);
            _handleCount = 0;
            _count = 0;
            _length = 0;
            _bytes = 0;
        }
    }
}
