using System.Runtime.CompilerServices;

namespace CyclicalLR.Tests.Sgd;

/// <summary>The kernels' shared alignment rule: the main loop's stores start on a vector boundary, after less than one vector.</summary>
public sealed class SimdKernelTests
{
    [Theory]
    [InlineData(64)]
    [InlineData(32)]
    [InlineData(16)]
    public void AlignmentPeel_EveryElementAlignedAddress_SkipsToTheNextVectorBoundary(int vectorBytes)
    {
        AssertPeel<float>(vectorBytes);
        AssertPeel<double>(vectorBytes);
        AssertPeel<Half>(vectorBytes);
    }

    [Fact]
    public void AlignmentPeel_ElementNotOnItsOwnAlignment_SkipsLessThanOneVector()
    {
        // A float one to three bytes past a boundary: no element count aligns the stores, and the peel is only a hint.
        foreach (var address in new nint[] { 0x10001, 0x10002, 0x10003, 0x1003D })
        {
            SimdKernel.AlignmentPeel(ref At<float>(address), 64).Should().BeLessThan(16, $"address 0x{address:X}");
        }
    }

    /// <summary>A reference to <paramref name="address"/>: the peel reads only the address, never the element.</summary>
    private static ref T At<T>(nint address) => ref Unsafe.AddByteOffset(ref Unsafe.NullRef<T>(), address);

    private static void AssertPeel<T>(int vectorBytes)
        where T : unmanaged
    {
        var size = Unsafe.SizeOf<T>();
        for (nint address = 0x10000; address < 0x10000 + 256; address += size)
        {
            var peel = (long)SimdKernel.AlignmentPeel(ref At<T>(address), (nuint)vectorBytes);
            var because = $"{typeof(T).Name} at 0x{address:X}, {vectorBytes}-byte vectors";
            ((address + (peel * size)) % vectorBytes).Should().Be(0, because);
            peel.Should().BeInRange(0, (vectorBytes / size) - 1, because);
        }
    }
}
