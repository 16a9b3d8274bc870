using System.Globalization;

namespace CyclicalLR;

/// <summary>
/// Smith's 1cycle policy: one warm-up from a low learning rate to the max and one anneal to far below the start, with
/// momentum moving the opposite way (PyTorch's <c>OneCycleLR</c> with <c>cycle_momentum=True</c>; fastai's <c>fit_one_cycle</c>).
/// </summary>
/// <remarks>
/// <para>
/// With <c>n = totalSteps</c>, <c>p = pctStart</c>, <c>initial = max / divFactor</c> and
/// <c>final = initial / finalDivFactor</c>, the phases end at the (fractional, as in PyTorch) steps
/// <c>e1 = p * n - 1</c> and <c>e2 = n - 1</c>; with <c>threePhase</c>, at <c>e1 = p * n - 1</c>,
/// <c>e2 = 2 * p * n - 2</c> and <c>e3 = n - 1</c>. Within a phase from step <c>s</c> to <c>e</c>, at fraction
/// <c>t = (i - s) / (e - s)</c>, the value goes from the phase's start to its end by <see cref="AnnealStrategy.Cosine"/>
/// (<c>end + (start - end) * (1 + cos(pi * t)) / 2</c>) or <see cref="AnnealStrategy.Linear"/>
/// (<c>start + (end - start) * t</c>). Two phases: learning rate <c>initial -&gt; max -&gt; final</c>, momentum
/// <c>maxMomentum -&gt; baseMomentum -&gt; maxMomentum</c>. Three phases: learning rate
/// <c>initial -&gt; max -&gt; initial -&gt; final</c>, momentum <c>max -&gt; base -&gt; max -&gt; max</c>.
/// The learning rate stays in <c>[final, max]</c> and the momentum in <c>[baseMomentum, maxMomentum]</c>.
/// </para>
/// <para>
/// At and after <c>totalSteps - 1</c> both values hold at their final values (<c>final</c> and <c>maxMomentum</c>).
/// This is where the class differs from PyTorch on purpose: PyTorch raises <c>ValueError</c> past
/// <c>total_steps</c> (and at <c>total_steps</c> itself extrapolates the last phase beyond its end); a pure function of
/// the iteration has no "too many <c>step()</c> calls", and a hold keeps the value inside its bounds, so one extra
/// batch at the end of training is harmless. Within <c>[0, totalSteps)</c> the values equal PyTorch's to a few ulps
/// (each phase is computed from its nearer end, so the phase ends are exact; a phase of zero length, which makes
/// PyTorch divide by zero, takes its end value). PyTorch does not check its factors; this class requires
/// <c>divFactor</c> and <c>finalDivFactor</c> of at least 1 (so <c>final &lt;= initial &lt;= max</c>) and, with
/// <c>threePhase</c>, <c>pctStart &lt;= 0.5</c> (so the phases are in order).
/// </para>
/// <para>
/// The instance is immutable and thread-safe; <see cref="GetLearningRate(long)"/> and <see cref="GetMomentum(long)"/>
/// are pure, allocation-free functions of the iteration. Leslie N. Smith, <i>A disciplined approach to neural network
/// hyper-parameters: Part 1</i>, arXiv 1803.09820; Smith and Topin, <i>Super-Convergence</i>, arXiv 1708.07120.
/// </para>
/// </remarks>
public sealed class OneCycle : ILearningRateSchedule, IMomentumSchedule
{
    private readonly Phase[] _phases;
    private readonly long _last;

    /// <summary>Initializes a new instance of the <see cref="OneCycle"/> class.</summary>
    /// <param name="maxLearningRate">The peak learning rate; finite and at least 0.</param>
    /// <param name="totalSteps">Iterations in the whole cycle; at least 1.</param>
    /// <param name="pctStart">The fraction of <paramref name="totalSteps"/> spent rising; in [0, 1] (at most 0.5 with <paramref name="threePhase"/>).</param>
    /// <param name="annealStrategy">The shape of each phase.</param>
    /// <param name="divFactor">The initial learning rate is <c>maxLearningRate / divFactor</c>; finite and at least 1.</param>
    /// <param name="finalDivFactor">The final learning rate is <c>initial / finalDivFactor</c>; finite and at least 1.</param>
    /// <param name="threePhase">Whether to fall back to the initial rate symmetrically before the final anneal (fastai's shape when <see langword="false"/>).</param>
    /// <param name="baseMomentum">The momentum at the peak learning rate; finite and at least 0.</param>
    /// <param name="maxMomentum">The momentum at the start and the end; finite and at least <paramref name="baseMomentum"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="maxLearningRate"/> or a momentum is NaN, infinite or negative; <paramref name="totalSteps"/> is
    /// below 1; <paramref name="pctStart"/> is not in [0, 1], or above 0.5 with <paramref name="threePhase"/>;
    /// <paramref name="annealStrategy"/> is not a defined value; a division factor is NaN, infinite or below 1;
    /// <paramref name="maxMomentum"/> is below <paramref name="baseMomentum"/>.
    /// </exception>
    public OneCycle(
        double maxLearningRate,
        long totalSteps,
        double pctStart = 0.3,
        AnnealStrategy annealStrategy = AnnealStrategy.Cosine,
        double divFactor = 25,
        double finalDivFactor = 1e4,
        bool threePhase = false,
        double baseMomentum = 0.85,
        double maxMomentum = 0.95)
    {
        Guard.FiniteNonNegative(maxLearningRate);
        Guard.Positive(totalSteps);
        Guard.FiniteFraction(pctStart);
        if (threePhase && !(pctStart <= 0.5))
        {
            Guard.ThrowOutOfRange(nameof(pctStart), pctStart, "must be at most 0.5 when threePhase is true (the second phase mirrors the first).");
        }

        Guard.Defined(annealStrategy);
        Guard.FiniteAtLeast(divFactor, 1);
        Guard.FiniteAtLeast(finalDivFactor, 1);
        Guard.FiniteNonNegative(baseMomentum);
        Guard.FiniteNonNegative(maxMomentum);
        Guard.Ordered(baseMomentum, maxMomentum);

        MaxLearningRate = maxLearningRate;
        TotalSteps = totalSteps;
        PctStart = pctStart;
        AnnealStrategy = annealStrategy;
        DivFactor = divFactor;
        FinalDivFactor = finalDivFactor;
        ThreePhase = threePhase;
        BaseMomentum = baseMomentum;
        MaxMomentum = maxMomentum;
        InitialLearningRate = maxLearningRate / divFactor;
        FinalLearningRate = InitialLearningRate / finalDivFactor;
        _last = totalSteps - 1;

        var rise = (pctStart * totalSteps) - 1;
        var end = (double)_last;
        _phases = threePhase
            ? [
                new(0, rise, InitialLearningRate, maxLearningRate, maxMomentum, baseMomentum),
                new(rise, (2 * pctStart * totalSteps) - 2, maxLearningRate, InitialLearningRate, baseMomentum, maxMomentum),
                new((2 * pctStart * totalSteps) - 2, end, InitialLearningRate, FinalLearningRate, maxMomentum, maxMomentum),
            ]
            : [
                new(0, rise, InitialLearningRate, maxLearningRate, maxMomentum, baseMomentum),
                new(rise, end, maxLearningRate, FinalLearningRate, baseMomentum, maxMomentum),
            ];
    }

    /// <summary>Gets the peak learning rate.</summary>
    public double MaxLearningRate { get; }

    /// <summary>Gets the number of iterations in the whole cycle.</summary>
    public long TotalSteps { get; }

    /// <summary>Gets the fraction of <see cref="TotalSteps"/> spent rising.</summary>
    public double PctStart { get; }

    /// <summary>Gets the shape of each phase.</summary>
    public AnnealStrategy AnnealStrategy { get; }

    /// <summary>Gets the divisor from the peak to the initial learning rate.</summary>
    public double DivFactor { get; }

    /// <summary>Gets the divisor from the initial to the final learning rate.</summary>
    public double FinalDivFactor { get; }

    /// <summary>Gets a value indicating whether the cycle has three phases (a symmetric fall to the initial rate, then the final anneal).</summary>
    public bool ThreePhase { get; }

    /// <summary>Gets the momentum at the peak learning rate.</summary>
    public double BaseMomentum { get; }

    /// <summary>Gets the momentum at the start and the end of the cycle.</summary>
    public double MaxMomentum { get; }

    /// <summary>Gets the learning rate at iteration 0 (unless <see cref="PctStart"/> is so small that the rise is skipped): <c>MaxLearningRate / DivFactor</c>.</summary>
    public double InitialLearningRate { get; }

    /// <summary>Gets the learning rate from iteration <c>TotalSteps - 1</c> on: <c>InitialLearningRate / FinalDivFactor</c>.</summary>
    public double FinalLearningRate { get; }

    /// <inheritdoc/>
    public double GetLearningRate(long iteration)
    {
        Guard.Iteration(iteration);
        if (iteration >= _last)
        {
            return FinalLearningRate;
        }

        ref readonly var phase = ref Locate(iteration, out var t, out var u);
        return Shape(phase.StartRate, phase.EndRate, phase.RateAmplitude, t, u);
    }

    /// <inheritdoc/>
    public double GetMomentum(long iteration)
    {
        Guard.Iteration(iteration);
        if (iteration >= _last)
        {
            return MaxMomentum;
        }

        ref readonly var phase = ref Locate(iteration, out var t, out var u);
        return Shape(phase.StartMomentum, phase.EndMomentum, phase.MomentumAmplitude, t, u);
    }

    /// <summary>Returns the schedule's parameters, formatted with the invariant culture.</summary>
    /// <returns>For example <c>OneCycle(maxLearningRate: 0.1, totalSteps: 100, pctStart: 0.3, annealStrategy: Cosine, ...)</c>.</returns>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"OneCycle(maxLearningRate: {MaxLearningRate:R}, totalSteps: {TotalSteps}, pctStart: {PctStart:R}, annealStrategy: {AnnealStrategy}, divFactor: {DivFactor:R}, finalDivFactor: {FinalDivFactor:R}, threePhase: {(ThreePhase ? "true" : "false")}, baseMomentum: {BaseMomentum:R}, maxMomentum: {MaxMomentum:R})");

    /// <summary>Finds the phase of an iteration before the last step, and the fractions done and left within it.</summary>
    private ref readonly Phase Locate(long iteration, out double t, out double u)
    {
        var x = (double)iteration;
        var k = 0;
        while (k < _phases.Length - 1 && x > _phases[k].End)
        {
            k++;
        }

        ref readonly var phase = ref _phases[k];
        if (x >= phase.End)
        {
            // Also a phase of zero length, where PyTorch would divide 0 by 0.
            t = 1;
            u = 0;
        }
        else
        {
            var length = phase.End - phase.Start;
            t = (x - phase.Start) / length;
            u = (phase.End - x) / length;
        }

        return ref phase;
    }

    private double Shape(double from, double to, double amplitude, double t, double u) => AnnealStrategy == AnnealStrategy.Cosine
        ? Ramp.Cosine(from, to, amplitude, t, u)
        : Ramp.Linear(from, to, amplitude, t, u);

    private readonly struct Phase(double start, double end, double startRate, double endRate, double startMomentum, double endMomentum)
    {
        public double Start { get; } = start;

        public double End { get; } = end;

        public double StartRate { get; } = startRate;

        public double EndRate { get; } = endRate;

        public double RateAmplitude { get; } = endRate - startRate;

        public double StartMomentum { get; } = startMomentum;

        public double EndMomentum { get; } = endMomentum;

        public double MomentumAmplitude { get; } = endMomentum - startMomentum;
    }
}
