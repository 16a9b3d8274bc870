namespace CyclicalLR.Tests.Sgd;

/// <summary>
/// Tests that block or count the process-wide thread pool: they run alone, after every parallel collection, so that no
/// other test waits on a pool they saturate and no other test's work items blur what they count.
/// </summary>
[CollectionDefinition(nameof(ThreadPoolExclusive), DisableParallelization = true)]
public sealed class ThreadPoolExclusive
{
}
