using CsCheck;

namespace CyclicalLR.Tests;

/// <summary>
/// Runs a CsCheck generator from a fixed PCG seed, so every run checks the same samples, and names the seed and the
/// failing sample when a check fails. (CsCheck's <c>Sample(seed: ...)</c> fixes only the first sample.)
/// </summary>
internal static class Property
{
    public static void ForAll<T>(Gen<T> gen, Action<T> check, ulong seed, int samples = 2_000)
    {
        var pcg = new PCG(1, seed);
        for (var n = 0; n < samples; n++)
        {
            var value = gen.Generate(pcg, null!, out _);
            try
            {
                check(value);
            }
            catch (Exception e)
            {
                throw new InvalidOperationException($"Property failed for sample {n} = {Check.Print(value)} (PCG stream 1, seed {seed}).", e);
            }
        }
    }
}
