using System.Numerics;

namespace CyclicalLR;

/// <summary>Runs an <see cref="LrRangeTest"/> against an optimizer and puts the optimizer back as it found it.</summary>
public static class LrRangeTestOptimizerExtensions
{
    /// <summary>
    /// Runs the test in callback style, then restores every registered weight buffer and the optimizer's whole state bit
    /// for bit, whether the test completed, stopped early, diverged, saw a NaN or the callback threw.
    /// </summary>
    /// <typeparam name="T">The optimizer's element type.</typeparam>
    /// <param name="rangeTest">The test.</param>
    /// <param name="optimizer">
    /// The optimizer your callback steps (<see cref="SgdOptimizer{T}"/>, <see cref="AdamOptimizer{T}"/> or AdamW), with every
    /// weight buffer of the model registered. Its weights, state arrays (momentum, moments), per-buffer step counts and
    /// step counts are copied before the first iteration and copied back after the last.
    /// </param>
    /// <param name="trainStep">
    /// Trains one batch with the given learning rate (forward, backward, <c>optimizer.Step(lr)</c>) and returns that
    /// iteration's metric; NaN or an infinity ends the test as <see cref="RangeTestStopReason.NotFinite"/>.
    /// </param>
    /// <returns>The points and the suggested bounds, as <see cref="LrRangeTest.Run(Func{double, double})"/> returns them.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="rangeTest"/>, <paramref name="optimizer"/> or <paramref name="trainStep"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">
    /// Buffers or groups were added to the optimizer during the test, so its state cannot be put back (nothing is restored).
    /// </exception>
    /// <remarks>
    /// <para>
    /// An exception from <paramref name="trainStep"/> propagates after the restore. Memory not registered with the
    /// optimizer (gradients, batch-norm statistics, anything else your model keeps) is not restored. The copy takes as
    /// much memory as the weights and state arrays; taking and restoring it reads and writes each once.
    /// </para>
    /// <para>
    /// The plain <see cref="LrRangeTest.Run(Func{double, double})"/> leaves the model trained at the test's highest learning
    /// rates (often NaN): re-initialize or reload it before training, or use this overload.
    /// </para>
    /// </remarks>
    public static LrRangeTestResult Run<T>(this LrRangeTest rangeTest, Optimizer<T> optimizer, Func<double, double> trainStep)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Guard.NotNull(rangeTest);
        Guard.NotNull(optimizer);
        Guard.NotNull(trainStep);
        var snapshot = OptimizerStateFormat.Capture(optimizer);
        try
        {
            return rangeTest.Run(trainStep);
        }
        finally
        {
            OptimizerStateFormat.Restore(optimizer, snapshot);
        }
    }
}
