using System.Numerics;
using System.Runtime.InteropServices;

namespace CyclicalLR.Tests.Sgd;

/// <summary>Bit-exact comparison and deterministic data for the updater tests.</summary>
internal static class Bits
{
    /// <summary>The raw bytes of a buffer, so that NaNs, signed zeros and payloads compare exactly.</summary>
    public static byte[] Of<T>(ReadOnlySpan<T> values)
        where T : unmanaged => MemoryMarshal.AsBytes(values).ToArray();

    /// <summary>Asserts the two buffers have the same bits, naming the first differing element.</summary>
    public static void ShouldEqual<T>(ReadOnlySpan<T> actual, ReadOnlySpan<T> expected, string because = "")
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        actual.Length.Should().Be(expected.Length);
        var a = MemoryMarshal.AsBytes(actual);
        var e = MemoryMarshal.AsBytes(expected);
        if (!a.SequenceEqual(e))
        {
            for (var i = 0; i < actual.Length; i++)
            {
                if (!MemoryMarshal.AsBytes(actual.Slice(i, 1)).SequenceEqual(MemoryMarshal.AsBytes(expected.Slice(i, 1))))
                {
                    actual[i].Should().Be(expected[i], $"element {i} of {actual.Length} must have the same bits {because}");
                    throw new Xunit.Sdk.XunitException($"element {i} of {actual.Length}: {actual[i]} differs in its bits from {expected[i]} {because}");
                }
            }
        }
    }

    /// <summary>Values in [-scale, scale), deterministic for a seed, with exact zeros and tiny values mixed in.</summary>
    public static T[] Random<T>(int length, int seed, double scale = 1)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new Random(seed);
        var values = new T[length];
        for (var i = 0; i < length; i++)
        {
            values[i] = (i % 97) switch
            {
                13 => T.Zero,
                29 => T.NegativeZero,
                41 => T.CreateTruncating(1e-30 * scale),
                _ => T.CreateTruncating(((random.NextDouble() * 2) - 1) * scale),
            };
        }

        return values;
    }
}
