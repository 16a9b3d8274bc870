namespace CyclicalLR.Benchmarks;

/// <summary>Benchmark categories that <see cref="Program"/> reads.</summary>
public static class Categories
{
    /// <summary>A benchmark that is not a hot path and may allocate (for example a baseline that builds state).</summary>
    public const string MayAllocate = "MayAllocate";
}
