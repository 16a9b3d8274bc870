using System.Numerics;

namespace CyclicalLR;

/// <summary>
/// What an optimizer gives <see cref="OptimizerStateFormat"/> so that saving, loading, capturing and restoring its state
/// are written once for every optimizer: its layout, its counters, and its buffers numbered group by group.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
internal interface IOptimizerStateOwner<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Gets the optimizer's applied step count.</summary>
    long StepCount { get; }

    /// <summary>Gets the optimizer's skipped step count.</summary>
    long SkippedStepCount { get; }

    /// <summary>Describes the optimizer's configuration and registered buffers as they are now.</summary>
    /// <returns>A new layout.</returns>
    OptimizerStateLayout DescribeState();

    /// <summary>Gets buffer <paramref name="buffer"/>'s own step count.</summary>
    /// <param name="buffer">The buffer's number over the whole optimizer.</param>
    /// <returns>The count.</returns>
    long GetBufferSteps(int buffer);

    /// <summary>Gets buffer <paramref name="buffer"/>'s weights.</summary>
    /// <param name="buffer">The buffer's number over the whole optimizer.</param>
    /// <returns>The live weights.</returns>
    Span<T> GetWeights(int buffer);

    /// <summary>Gets state array <paramref name="index"/> of buffer <paramref name="buffer"/>.</summary>
    /// <param name="buffer">The buffer's number over the whole optimizer.</param>
    /// <param name="index">The state array's index (in <see cref="OptimizerStateLayout.StateArrayNames"/>).</param>
    /// <returns>The live array.</returns>
    Span<T> GetStateArray(int buffer, int index);

    /// <summary>Replaces the optimizer's state (and weights, when the image has them) with a validated image; cannot fail.</summary>
    /// <param name="image">An image whose layout matches the optimizer's.</param>
    void CommitState(OptimizerStateImage<T> image);
}
