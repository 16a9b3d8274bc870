using System.Numerics;

namespace CyclicalLR.Benchmarks;

/// <summary>
/// The baselines of the optimizer benchmarks: loops that move the same bytes as an optimizer's step with the least
/// arithmetic, one <see cref="Vector{T}"/> per iteration.
/// </summary>
internal static class SameBytesLoops
{
    /// <summary>SGD with momentum's 20 bytes per element (read w, g, b; write w, b): <c>b += g; w += b</c>.</summary>
    public static void Sgd(Span<float> w, ReadOnlySpan<float> g, Span<float> b)
    {
        var width = Vector<float>.Count;
        var i = 0;
        for (; i <= w.Length - width; i += width)
        {
            var buffer = new Vector<float>(b[i..]) + new Vector<float>(g[i..]);
            buffer.CopyTo(b[i..]);
            (new Vector<float>(w[i..]) + buffer).CopyTo(w[i..]);
        }

        for (; i < w.Length; i++)
        {
            b[i] += g[i];
            w[i] += b[i];
        }
    }

    /// <summary>Adam's 28 bytes per element (read w, g, m, v; write w, m, v): <c>m += g; v += g; w += m</c>.</summary>
    public static void Adam(Span<float> w, ReadOnlySpan<float> g, Span<float> m, Span<float> v)
    {
        var width = Vector<float>.Count;
        var i = 0;
        for (; i <= w.Length - width; i += width)
        {
            var gradient = new Vector<float>(g[i..]);
            var moment = new Vector<float>(m[i..]) + gradient;
            moment.CopyTo(m[i..]);
            (new Vector<float>(v[i..]) + gradient).CopyTo(v[i..]);
            (new Vector<float>(w[i..]) + moment).CopyTo(w[i..]);
        }

        for (; i < w.Length; i++)
        {
            m[i] += g[i];
            v[i] += g[i];
            w[i] += m[i];
        }
    }
}
