namespace CyclicalLR;

/// <summary>What a <see cref="CyclicalSchedule"/>'s scale function receives as its argument.</summary>
public enum ScaleMode
{
    /// <summary>The scale function receives the 1-based cycle number (1 during the first cycle).</summary>
    Cycle = 0,

    /// <summary>The scale function receives the iteration (the number of optimizer steps already taken).</summary>
    Iterations = 1,
}
