using System.Collections.ObjectModel;
using System.Globalization;

namespace CyclicalLR;

/// <summary>The learning rate multiplied by <c>gamma</c> at each milestone iteration (PyTorch's <c>MultiStepLR</c>).</summary>
/// <remarks>
/// <para>
/// <c>lr(i) = learningRate * gamma^k(i)</c>, where <c>k(i)</c> is the number of milestones at most <c>i</c>, counted
/// with repetition: a milestone given twice applies <c>gamma</c> twice, as in PyTorch. Milestones may be given in any
/// order; <see cref="Milestones"/> holds them sorted. The value stays in <c>[0, learningRate]</c> and never rises. It
/// equals PyTorch's closed form of <c>MultiStepLR(milestones, gamma)</c> on an optimizer whose rate is
/// <c>learningRate</c>, with <c>last_epoch = i</c>; PyTorch allows <c>gamma &gt; 1</c>, this class does not.
/// </para>
/// <para>
/// The instance is immutable (it keeps its own sorted copy of the milestones) and thread-safe;
/// <see cref="GetLearningRate(long)"/> is a pure, allocation-free function of the iteration (a binary search).
/// </para>
/// </remarks>
public sealed class MultiStepDecay : ILearningRateSchedule
{
    private readonly long[] _milestones;

    /// <summary>Initializes a new instance of the <see cref="MultiStepDecay"/> class.</summary>
    /// <param name="learningRate">The learning rate before the first milestone; finite and at least 0.</param>
    /// <param name="milestones">The iterations at which <paramref name="gamma"/> is applied, in any order, repeats counted; each at least 0. May be empty (a constant rate).</param>
    /// <param name="gamma">The factor applied at each milestone; in (0, 1], for example 0.1.</param>
    /// <exception cref="ArgumentNullException"><paramref name="milestones"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="learningRate"/> is NaN, infinite or negative; a milestone is negative;
    /// <paramref name="gamma"/> is not in (0, 1].
    /// </exception>
    public MultiStepDecay(double learningRate, IEnumerable<long> milestones, double gamma)
    {
        Guard.FiniteNonNegative(learningRate);
        Guard.NotNull(milestones);
        var sorted = milestones.ToArray();
        for (var k = 0; k < sorted.Length; k++)
        {
            if (sorted[k] < 0)
            {
                Guard.ThrowOutOfRange(nameof(milestones), sorted[k], string.Create(CultureInfo.InvariantCulture, $"must all be at least 0; the one at index {k} is not."));
            }
        }

        Guard.DecayFactor(gamma);
        Array.Sort(sorted);
        _milestones = sorted;
        LearningRate = learningRate;
        Milestones = new ReadOnlyCollection<long>(sorted);
        Gamma = gamma;
    }

    /// <summary>Gets the learning rate before the first milestone.</summary>
    public double LearningRate { get; }

    /// <summary>Gets the milestones, sorted ascending, repeats kept.</summary>
    public IReadOnlyList<long> Milestones { get; }

    /// <summary>Gets the factor applied at each milestone, in (0, 1].</summary>
    public double Gamma { get; }

    /// <inheritdoc/>
    public double GetLearningRate(long iteration)
    {
        Guard.Iteration(iteration);

        // The number of milestones <= iteration: the first index whose milestone is greater.
        int lo = 0, hi = _milestones.Length;
        while (lo < hi)
        {
            var mid = lo + ((hi - lo) / 2);
            if (_milestones[mid] <= iteration)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return Decay.Geometric(LearningRate, Gamma, lo);
    }

    /// <summary>Returns the schedule's parameters, formatted with the invariant culture.</summary>
    /// <returns>For example <c>MultiStepDecay(learningRate: 0.05, milestones: [30, 80], gamma: 0.1)</c>.</returns>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"MultiStepDecay(learningRate: {LearningRate:R}, milestones: [{string.Join(", ", _milestones)}], gamma: {Gamma:R})");
}
