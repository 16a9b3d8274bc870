namespace CyclicalLR;

/// <summary>The shape of each phase of <see cref="OneCycle"/> (PyTorch's <c>anneal_strategy</c>).</summary>
public enum AnnealStrategy
{
    /// <summary>A half cosine from the phase's start value to its end value (PyTorch's <c>"cos"</c>, the default).</summary>
    Cosine = 0,

    /// <summary>A straight line from the phase's start value to its end value (PyTorch's <c>"linear"</c>).</summary>
    Linear = 1,
}
