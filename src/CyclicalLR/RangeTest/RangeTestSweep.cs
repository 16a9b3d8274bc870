namespace CyclicalLR;

/// <summary>How an <see cref="LrRangeTest"/> moves the learning rate from its minimum to its maximum.</summary>
public enum RangeTestSweep
{
    /// <summary>
    /// Equal steps in the learning rate: <c>lr(i) = min + (max - min) * i / (n - 1)</c>. This is Smith's range test:
    /// the rising half of one <see cref="Triangular"/> cycle whose step size is the run's length.
    /// </summary>
    Linear = 0,

    /// <summary>
    /// Equal ratios between consecutive learning rates: <c>lr(i) = min * (max / min)^(i / (n - 1))</c>, so every decade
    /// gets the same number of iterations (the default of fastai's <c>lr_find</c> and of pytorch-lr-finder).
    /// </summary>
    Exponential = 1,
}
