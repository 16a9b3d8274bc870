using System.Reflection;

namespace CyclicalLR.Tests.Sgd;

/// <summary>
/// The kernels' element loops are compiled as whole methods: optimized on their first call and never inlined into a caller.
/// </summary>
/// <remarks>
/// A caller that tiers up with PGO (a buffer's update, a group's step) inlined the loop, ran out of its inlining budget and
/// left the per-vector step as a call to a separate method, at first tier-0 code: the steady state ran at 0.67x to 0.78x of
/// the same loop (the probe and the BenchmarkDotNet figures are in benchmarks/README.md). Timing that here would be a timed
/// unit test; the flags that prevent it are what can be checked.
/// </remarks>
public sealed class KernelLoopCompilationTests
{
    public static TheoryData<Type> Kernels => new() { typeof(SgdKernel), typeof(AdamKernel) };

    [Theory]
    [MemberData(nameof(Kernels))]
    public void ElementLoops_AreOptimizedOnFirstCallAndNeverInlined(Type kernel)
    {
        // The loops: the private Run<T, TRule> (the rule's dispatch and the scalar loop; the one generic Run with two type
        // parameters) and TryRunVectors<T, TRule, TVector> (one vector width's loop; inlined side by side into Run they
        // exhausted its inlining budget and the vector operators became calls: 15 times slower without AVX-512).
        var methods = kernel.GetMethods(BindingFlags.NonPublic | BindingFlags.Static);
        var run = methods.Where(method => method.Name == "Run" && method.IsGenericMethodDefinition && method.GetGenericArguments().Length == 2).ToList();
        var vectors = methods.Where(method => method.Name == "TryRunVectors").ToList();

        run.Should().ContainSingle();
        vectors.Should().ContainSingle();
        foreach (var loop in run.Concat(vectors))
        {
            var flags = loop.MethodImplementationFlags;
            flags.Should().HaveFlag(MethodImplAttributes.NoInlining, loop.Name);
            flags.Should().HaveFlag(MethodImplAttributes.AggressiveOptimization, loop.Name);
        }
    }
}
