using System.Reflection;

namespace CyclicalLR.Tests.Sgd;

/// <summary>
/// The kernels' vector loops are compiled whole: each width's loop is its own method, optimized on its first call and never
/// inlined; the rule's dispatch (with the scalar loop) is optimized on its first call too.
/// </summary>
/// <remarks>
/// Inlined, a vector loop ran out of the JIT's inlining budget and its per-vector helpers became calls: beside the other
/// width's loop (without AVX-512, 15 times slower), or inside a caller that tiered up with PGO (0.67x to 0.78x of the
/// same loop once warm); benchmarks/README.md has the figures. Timing that here would be a timed unit test; the flags that
/// prevent it are what can be checked.
/// </remarks>
public sealed class KernelLoopCompilationTests
{
    public static TheoryData<Type> Kernels => new() { typeof(SgdKernel), typeof(AdamKernel) };

    [Theory]
    [MemberData(nameof(Kernels))]
    public void VectorLoops_AreOptimizedOnFirstCallAndNeverInlined(Type kernel)
    {
        var loops = kernel.GetMethods(BindingFlags.NonPublic | BindingFlags.Static).Where(method => method.Name == "TryRunVectors").ToList();

        loops.Should().ContainSingle();
        loops[0].MethodImplementationFlags.Should().HaveFlag(MethodImplAttributes.NoInlining);
        loops[0].MethodImplementationFlags.Should().HaveFlag(MethodImplAttributes.AggressiveOptimization);
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void RuleDispatch_IsOptimizedOnFirstCall(Type kernel)
    {
        // The private Run<T, TRule>: the one generic Run with two type parameters.
        var dispatch = kernel.GetMethods(BindingFlags.NonPublic | BindingFlags.Static)
            .Where(method => method.Name == "Run" && method.IsGenericMethodDefinition && method.GetGenericArguments().Length == 2)
            .ToList();

        dispatch.Should().ContainSingle();
        dispatch[0].MethodImplementationFlags.Should().HaveFlag(MethodImplAttributes.AggressiveOptimization);
    }
}
