using BenchmarkDotNet.Attributes;

namespace CyclicalLR.Benchmarks;

/// <summary>
/// One core's Adam kernel (the internal loop, no split) over four 4 MiB buffers of floats (16 MiB in all: L3) placed at
/// chosen addresses modulo 4 KiB, in the late-run rule (no division by the bias correction) and the early-run rule.
/// </summary>
/// <remarks>
/// An optimizer's buffers lie wherever the allocator put them, so their addresses modulo 4 KiB are arbitrary, and a load
/// that matches a pending store modulo 4 KiB may wait for it. The buffers are carved from one pinned block: <see cref="Offsets"/>
/// gives, in floats, how far past a 4 KiB boundary w, g, m and v start. The spread of the medians across layouts is the
/// figure (the kernel loads the next vector's inputs before it stores the current results so that it is small).
/// </remarks>
[MedianColumn]
public unsafe class AdamKernelLayoutBenchmarks
{
    private const int Length = 1 << 20;

    /// <summary>Floats from one buffer's slot to the next: a multiple of 1,024 (4 KiB), with room for the offsets.</summary>
    private const int Slot = Length + 4096;

    private float[] _block = null!;
    private AdamBufferUpdate<float> _update;

    /// <summary>Gets or sets where w, g, m and v start, in floats past a 4 KiB boundary.</summary>
    [Params("0,0,0,0", "0,8,16,24", "0,40,80,120", "0,256,512,768")]
    public string Offsets { get; set; } = "";

    /// <summary>Gets or sets a value indicating whether the late-run rule (bias correction exactly 1) runs.</summary>
    [Params(false, true)]
    public bool LateRun { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var offsets = Offsets.Split(',').Select(o => int.Parse(o, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        _block = GC.AllocateArray<float>((4 * Slot) + 1024, pinned: true);
        var first = (float*)(((nuint)System.Runtime.CompilerServices.Unsafe.AsPointer(ref _block[0]) + 4095) & ~(nuint)4095);
        var random = new Random(42);
        float* Buffer(int index, Func<float, float> value)
        {
            var start = first + ((long)index * Slot) + offsets[index];
            for (var i = 0; i < Length; i++)
            {
                start[i] = value((float)((random.NextDouble() * 2) - 1));
            }

            return start;
        }

        var w = Buffer(0, x => x);
        var g = Buffer(1, x => x);
        var m = Buffer(2, x => x * 0.1f);
        var v = Buffer(3, x => x * x * 0.001f);
        var rule = LateRun ? AdamRule.UnitBiasCorrection : AdamRule.None;
        var coefficients = new AdamCoefficients<float>(0.9f, 0.1f, 0.999f, 0.001f, 0f, 1f, -1e-7f, LateRun ? 1f : 0.7f, 1e-8f);
        _update = new AdamBufferUpdate<float>(rule, w, g, m, v, null, Length, coefficients);
    }

    [Benchmark]
    public void KernelOneCore() => _update.Run(0, Length);
}
