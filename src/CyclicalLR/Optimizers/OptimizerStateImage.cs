using System.Numerics;

namespace CyclicalLR;

/// <summary>
/// A complete copy of an optimizer's mutable state, held apart from the optimizer: what <see cref="OptimizerStateFormat"/>
/// reads and validates before anything changes, and what the restoring range test captures; the optimizer commits it
/// with <see cref="IOptimizerStateOwner{T}.CommitState(OptimizerStateImage{T})"/>.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
internal sealed class OptimizerStateImage<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Initializes a new instance of the <see cref="OptimizerStateImage{T}"/> class, allocated to <paramref name="layout"/>'s shapes.</summary>
    /// <param name="layout">The target's layout; only its own lengths size the arrays, never a file's.</param>
    /// <param name="includeWeights">Whether to hold a copy of each weight buffer too.</param>
    public OptimizerStateImage(OptimizerStateLayout layout, bool includeWeights)
    {
        Layout = layout;
        var buffers = layout.BufferCount;
        var arrays = layout.StateArrayCount;
        BufferSteps = new long[buffers];
        StateArrays = new T[buffers * arrays][];
        Weights = includeWeights ? new T[buffers][] : null;
        for (var b = 0; b < buffers; b++)
        {
            var length = layout.BufferLengths[b];
            for (var k = 0; k < arrays; k++)
            {
                StateArrays[(b * arrays) + k] = new T[length];
            }

            if (Weights is not null)
            {
                Weights[b] = new T[length];
            }
        }
    }

    /// <summary>Gets the layout the image was allocated for.</summary>
    public OptimizerStateLayout Layout { get; }

    /// <summary>Gets or sets the optimizer's applied step count.</summary>
    public long StepCount { get; set; }

    /// <summary>Gets or sets the optimizer's skipped step count.</summary>
    public long SkippedStepCount { get; set; }

    /// <summary>Gets each buffer's own step count (SGD: 1 once its momentum buffer has taken its first step, else 0).</summary>
    public long[] BufferSteps { get; }

    /// <summary>Gets each buffer's state arrays, buffer by buffer: array <c>k</c> of buffer <c>b</c> is at <c>b * StateArrayCount + k</c>.</summary>
    public T[][] StateArrays { get; }

    /// <summary>Gets each buffer's weights, or <see langword="null"/> when the image holds no weights.</summary>
    public T[][]? Weights { get; }

    /// <summary>Gets state array <paramref name="index"/> of buffer <paramref name="buffer"/>.</summary>
    /// <param name="buffer">The buffer.</param>
    /// <param name="index">The state array's index within the buffer.</param>
    /// <returns>The array.</returns>
    public T[] StateArray(int buffer, int index) => StateArrays[(buffer * Layout.StateArrayCount) + index];
}
