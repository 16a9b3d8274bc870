using System.Globalization;

namespace CyclicalLR;

/// <summary>
/// Cosine annealing from the max learning rate towards the min, restarted at max at the end of each cycle, each cycle
/// <c>cycleLengthMultiplier</c> times longer than the one before (SGDR; PyTorch's <c>CosineAnnealingWarmRestarts</c>).
/// </summary>
/// <remarks>
/// <para>
/// Cycle <c>k</c> (from 0) starts at <c>S_k = T0 * (m^k - 1) / (m - 1)</c> (<c>S_k = T0 * k</c> for <c>m = 1</c>) and
/// lasts <c>T_k = T0 * m^k</c> iterations, with <c>T0 = firstCycleLength</c> and <c>m = cycleLengthMultiplier</c>.
/// For <c>S_k &lt;= i &lt; S_k + T_k</c>: <c>lr(i) = min + (max - min) * (1 + cos(pi * (i - S_k) / T_k)) / 2</c>.
/// The value is exactly <c>max</c> at each restart and stays in <c>[min, max]</c>; it approaches but, as in PyTorch,
/// never reaches <c>min</c> within a cycle.
/// </para>
/// <para>
/// The restart points are found in integer arithmetic: the cycle starts that fit in a <see cref="long"/> (at most 63
/// when <c>m &gt;= 2</c>) are computed once in the constructor and searched; for <c>m = 1</c> they are a division. So
/// the cycle and the offset within it are exact at every iteration up to <see cref="long.MaxValue"/>, and only the
/// fraction <c>(i - S_k) / T_k</c> is rounded. PyTorch finds the cycle with a float logarithm,
/// <c>int(log(i / T0 * (m - 1) + 1, m))</c>, and misplaces a restart wherever that logarithm rounds down: with
/// <c>T0 = 1, m = 3</c> at iteration 121 (<c>log(243, 3)</c> is <c>4.999999999999999</c>) it returns the min where the
/// fifth restart puts the max, and with <c>m = 2</c> from about 2^48 on at the last iteration of each cycle; this class
/// does not. The instance is immutable and thread-safe;
/// <see cref="GetLearningRate(long)"/> is a pure, allocation-free function of the iteration.
/// </para>
/// <para>Ilya Loshchilov and Frank Hutter, <i>SGDR: Stochastic Gradient Descent with Warm Restarts</i>, arXiv 1608.03983.</para>
/// </remarks>
public sealed class CosineWarmRestarts : ILearningRateSchedule
{
    private readonly double _amplitude;

    /// <summary>Start of each cycle that begins at or before <see cref="long.MaxValue"/>; empty when the multiplier is 1.</summary>
    private readonly long[] _starts;

    /// <summary>Length of each cycle in <see cref="_starts"/>, or 0 for a last cycle longer than <see cref="long.MaxValue"/>.</summary>
    private readonly long[] _lengths;

    /// <summary>The length of the last cycle in <see cref="_starts"/> (it may exceed <see cref="long.MaxValue"/>).</summary>
    private readonly UInt128 _lastLength;

    /// <summary>Initializes a new instance of the <see cref="CosineWarmRestarts"/> class.</summary>
    /// <param name="maxLearningRate">The learning rate at iteration 0 and at every restart; finite and at least <paramref name="minLearningRate"/>.</param>
    /// <param name="firstCycleLength">Iterations in the first cycle (PyTorch's <c>T_0</c>); at least 1.</param>
    /// <param name="cycleLengthMultiplier">Factor by which each cycle is longer than the one before (PyTorch's <c>T_mult</c>); at least 1.</param>
    /// <param name="minLearningRate">The floor the cosine falls towards (PyTorch's <c>eta_min</c>); finite and at least 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">
    /// A learning rate is NaN, infinite or negative; <paramref name="maxLearningRate"/> is below
    /// <paramref name="minLearningRate"/>; <paramref name="firstCycleLength"/> or <paramref name="cycleLengthMultiplier"/> is below 1.
    /// </exception>
    public CosineWarmRestarts(double maxLearningRate, long firstCycleLength, long cycleLengthMultiplier = 1, double minLearningRate = 0)
    {
        Guard.FiniteNonNegative(maxLearningRate);
        Guard.Positive(firstCycleLength);
        Guard.Positive(cycleLengthMultiplier);
        Guard.FiniteNonNegative(minLearningRate);
        Guard.Ordered(minLearningRate, maxLearningRate);
        MaxLearningRate = maxLearningRate;
        FirstCycleLength = firstCycleLength;
        CycleLengthMultiplier = cycleLengthMultiplier;
        MinLearningRate = minLearningRate;
        _amplitude = minLearningRate - maxLearningRate;

        if (cycleLengthMultiplier == 1)
        {
            _starts = [];
            _lengths = [];
            return;
        }

        var starts = new List<long>();
        var lengths = new List<long>();
        UInt128 start = 0;
        UInt128 length = (ulong)firstCycleLength;
        while (start <= long.MaxValue)
        {
            starts.Add((long)start);
            lengths.Add(length <= long.MaxValue ? (long)length : 0);
            _lastLength = length;
            start += length;

            // start <= 2^63 and length <= (m - 1) * start + T0 < 2^127: neither sum nor product overflows UInt128.
            length *= (ulong)cycleLengthMultiplier;
        }

        _starts = [.. starts];
        _lengths = [.. lengths];
    }

    /// <summary>Gets the learning rate at iteration 0 and at every restart.</summary>
    public double MaxLearningRate { get; }

    /// <summary>Gets the number of iterations in the first cycle.</summary>
    public long FirstCycleLength { get; }

    /// <summary>Gets the factor by which each cycle is longer than the one before.</summary>
    public long CycleLengthMultiplier { get; }

    /// <summary>Gets the floor the cosine falls towards.</summary>
    public double MinLearningRate { get; }

    /// <summary>Gets the iteration at which the given cycle starts (cycle 0 at iteration 0), or <see langword="null"/> if it starts after <see cref="long.MaxValue"/>.</summary>
    /// <param name="cycle">The zero-based cycle index; at least 0.</param>
    /// <returns>The first iteration of the cycle, exact.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="cycle"/> is negative.</exception>
    public long? GetCycleStart(long cycle)
    {
        Guard.AtLeast(cycle, 0);
        if (CycleLengthMultiplier == 1)
        {
            return cycle <= long.MaxValue / FirstCycleLength ? cycle * FirstCycleLength : null;
        }

        return cycle < _starts.Length ? _starts[cycle] : null;
    }

    /// <inheritdoc/>
    public double GetLearningRate(long iteration)
    {
        Guard.Iteration(iteration);
        if (iteration < FirstCycleLength)
        {
            return Ramp.Cosine(MaxLearningRate, MinLearningRate, _amplitude, iteration, FirstCycleLength);
        }

        if (_starts.Length == 0)
        {
            return Ramp.Cosine(MaxLearningRate, MinLearningRate, _amplitude, iteration % FirstCycleLength, FirstCycleLength);
        }

        // The last cycle whose start is <= iteration (cycle 0 is excluded above, so k >= 1).
        int lo = 1, hi = _starts.Length;
        while (lo < hi)
        {
            var mid = (int)((uint)(lo + hi) >> 1);
            if (_starts[mid] <= iteration)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        var k = lo - 1;
        var offset = iteration - _starts[k];
        var length = _lengths[k];
        if (length != 0)
        {
            return Ramp.Cosine(MaxLearningRate, MinLearningRate, _amplitude, offset, length);
        }

        // Only the last cycle that starts within a long can be longer than long.MaxValue.
        var total = (double)_lastLength;
        return Ramp.Cosine(MaxLearningRate, MinLearningRate, _amplitude, offset / total, (double)(_lastLength - (ulong)offset) / total);
    }

    /// <summary>Returns the schedule's parameters, formatted with the invariant culture.</summary>
    /// <returns>For example <c>CosineWarmRestarts(maxLearningRate: 0.1, firstCycleLength: 10, cycleLengthMultiplier: 2, minLearningRate: 0)</c>.</returns>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"CosineWarmRestarts(maxLearningRate: {MaxLearningRate:R}, firstCycleLength: {FirstCycleLength}, cycleLengthMultiplier: {CycleLengthMultiplier}, minLearningRate: {MinLearningRate:R})");
}
