using System.Globalization;

namespace CyclicalLR;

/// <summary>
/// The configuration of an LR range test (Smith's "LR range test"): run a model for a short while with the learning
/// rate rising from a low to a high value, record a metric per iteration, and read the learning-rate bounds off the
/// curve.
/// </summary>
/// <remarks>
/// <para>
/// The sweep is itself a schedule: with <c>n = </c><see cref="Iterations"/> and <c>t = min(i, n - 1) / (n - 1)</c>,
/// <see cref="RangeTestSweep.Linear"/> gives <c>lr(i) = min + (max - min) * t</c> (the rising half of a
/// <see cref="Triangular"/> whose step size is the run's length) and <see cref="RangeTestSweep.Exponential"/> gives
/// <c>lr(i) = min * (max / min)^t</c>. The first iteration uses exactly <c>min</c>, the last exactly <c>max</c>, and
/// iterations past the end stay at <c>max</c>, so the value is always in <c>[min, max]</c>. When <c>max / min</c>
/// overflows (a subnormal min such as <see cref="double.Epsilon"/>, or a max near <see cref="double.MaxValue"/>), the
/// exponential sweep interpolates <c>ln(min)</c> and <c>ln(max)</c> instead, so it stays finite.
/// </para>
/// <para>
/// Two ways to run it. Callback style: <see cref="Run(Func{double, double})"/> calls your training step with each
/// learning rate and records the metric it returns. Pull style: <see cref="Start"/> returns an
/// <see cref="LrRangeTestRecorder"/>; your loop reads <see cref="LrRangeTestRecorder.CurrentLearningRate"/>, trains
/// one batch and calls <see cref="LrRangeTestRecorder.Record(double)"/> until
/// <see cref="LrRangeTestRecorder.IsComplete"/>. Both record the same points and give the same result.
/// </para>
/// <para>
/// The instance is immutable and thread-safe; <see cref="GetLearningRate(long)"/> is a pure, allocation-free function.
/// Leslie N. Smith, <i>Cyclical Learning Rates for Training Neural Networks</i>, arXiv 1506.01186, section 3.3.
/// </para>
/// </remarks>
public sealed class LrRangeTest : ILearningRateSchedule
{
    /// <summary>The smallest number of iterations a range test may plan.</summary>
    public const long MinimumIterations = 10;

    /// <summary>The largest number of iterations a range test may plan (10^8 points take 3.2 GB).</summary>
    public const long MaximumIterations = 100_000_000;

    private readonly double _span;
    private readonly double _logRatio;
    private readonly long _last;
    private readonly bool _ratioOverflows;

    /// <summary>Initializes a new instance of the <see cref="LrRangeTest"/> class.</summary>
    /// <param name="minLearningRate">The learning rate of the first iteration; finite and greater than 0.</param>
    /// <param name="maxLearningRate">The learning rate of the last iteration; finite and greater than <paramref name="minLearningRate"/>.</param>
    /// <param name="iterations">
    /// The number of iterations (batches) to record; at least <see cref="MinimumIterations"/>. A few hundred to a few
    /// thousand is typical (Smith ran 8 epochs of CIFAR-10 for his figure); at most <see cref="MaximumIterations"/>.
    /// </param>
    /// <param name="sweep">How the learning rate moves from min to max.</param>
    /// <param name="metric">What the recorded metric is: accuracy (higher is better) or loss (lower is better).</param>
    /// <param name="smoothing">
    /// The exponential-moving-average factor <c>beta</c> in <c>[0, 1)</c>: 0 keeps the raw metric, 0.98 is fastai's
    /// choice for a long run. The default 0.9 averages about the last ten iterations.
    /// </param>
    /// <param name="divergenceThreshold">
    /// For <see cref="RangeTestMetric.Loss"/>: the test stops as <see cref="RangeTestStopReason.Diverged"/> when the
    /// smoothed loss rises above this multiple of the best smoothed loss so far (and that best is above 0). Greater
    /// than 1; <see cref="double.PositiveInfinity"/> turns the check off. Ignored for accuracy.
    /// </param>
    /// <param name="accuracyDropFraction">
    /// For <see cref="RangeTestMetric.Accuracy"/>: the test stops as <see cref="RangeTestStopReason.Diverged"/> when the
    /// smoothed accuracy has stayed below <c>(1 - accuracyDropFraction)</c> times its best value so far (and that best
    /// is above 0) for <paramref name="accuracyDropPatience"/> iterations in a row. Greater than 0; the default 0.5 stops
    /// a 10-class model whose accuracy collapsed from its peak back towards chance, and
    /// <see cref="double.PositiveInfinity"/> turns the check off. Ignored for loss.
    /// </param>
    /// <param name="accuracyDropPatience">
    /// For <see cref="RangeTestMetric.Accuracy"/>: how many iterations in a row the smoothed accuracy must stay below the
    /// drop level before the test stops, so that a brief dip that recovers does not end it; at least 1. The default 10
    /// is about one averaging window at the default smoothing 0.9. Ignored for loss.
    /// </param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="minLearningRate"/> is NaN, infinite, 0 or negative.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxLearningRate"/> is NaN, infinite, or not greater than <paramref name="minLearningRate"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="iterations"/> is below <see cref="MinimumIterations"/> or above <see cref="MaximumIterations"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="sweep"/> or <paramref name="metric"/> is not a defined value.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="smoothing"/> is NaN or outside <c>[0, 1)</c>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="divergenceThreshold"/> is NaN or not greater than 1.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="accuracyDropFraction"/> is NaN or not greater than 0.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="accuracyDropPatience"/> is below 1.</exception>
    public LrRangeTest(
        double minLearningRate,
        double maxLearningRate,
        long iterations = 100,
        RangeTestSweep sweep = RangeTestSweep.Linear,
        RangeTestMetric metric = RangeTestMetric.Accuracy,
        double smoothing = 0.9,
        double divergenceThreshold = 4,
        double accuracyDropFraction = 0.5,
        long accuracyDropPatience = 10)
    {
        Guard.FinitePositive(minLearningRate);
        Guard.Finite(maxLearningRate);
        Guard.StrictlyOrdered(minLearningRate, maxLearningRate);
        Guard.AtLeast(iterations, MinimumIterations);
        if (iterations > MaximumIterations)
        {
            Guard.ThrowOutOfRange(nameof(iterations), iterations, "must be at most 100,000,000 (a range test is a short run).");
        }

        Guard.Defined(sweep);
        Guard.Defined(metric);
        if (!(smoothing >= 0 && smoothing < 1))
        {
            Guard.ThrowOutOfRange(nameof(smoothing), smoothing, "must be at least 0 and less than 1.");
        }

        if (!(divergenceThreshold > 1))
        {
            Guard.ThrowOutOfRange(nameof(divergenceThreshold), divergenceThreshold, "must be greater than 1 (or PositiveInfinity to turn the check off).");
        }

        if (!(accuracyDropFraction > 0))
        {
            Guard.ThrowOutOfRange(nameof(accuracyDropFraction), accuracyDropFraction, "must be greater than 0 (or PositiveInfinity to turn the check off).");
        }

        Guard.Positive(accuracyDropPatience);

        MinLearningRate = minLearningRate;
        MaxLearningRate = maxLearningRate;
        Iterations = iterations;
        Sweep = sweep;
        Metric = metric;
        Smoothing = smoothing;
        DivergenceThreshold = divergenceThreshold;
        AccuracyDropFraction = accuracyDropFraction;
        AccuracyDropPatience = accuracyDropPatience;
        _span = maxLearningRate - minLearningRate;
        var ratio = maxLearningRate / minLearningRate;
        _logRatio = double.IsFinite(ratio) ? Math.Log(ratio) : Math.Log(maxLearningRate) - Math.Log(minLearningRate);
        _ratioOverflows = !double.IsFinite(ratio);
        _last = iterations - 1;
    }

    /// <summary>Gets the learning rate of the first iteration.</summary>
    public double MinLearningRate { get; }

    /// <summary>Gets the learning rate of the last iteration.</summary>
    public double MaxLearningRate { get; }

    /// <summary>Gets the number of iterations the test records when it is not stopped early.</summary>
    public long Iterations { get; }

    /// <summary>Gets how the learning rate moves from min to max.</summary>
    public RangeTestSweep Sweep { get; }

    /// <summary>Gets what the recorded metric measures.</summary>
    public RangeTestMetric Metric { get; }

    /// <summary>Gets the exponential-moving-average factor <c>beta</c> used to smooth the metric.</summary>
    public double Smoothing { get; }

    /// <summary>Gets the multiple of the best smoothed loss above which a loss test stops as diverged.</summary>
    public double DivergenceThreshold { get; }

    /// <summary>Gets the fraction below its best at which a smoothed accuracy counts as collapsed.</summary>
    public double AccuracyDropFraction { get; }

    /// <summary>Gets how many iterations in a row a collapsed smoothed accuracy ends the test.</summary>
    public long AccuracyDropPatience { get; }

    /// <summary>Gets the learning rate of the given iteration of the sweep.</summary>
    /// <param name="iteration">The zero-based iteration; at least 0. Iterations past the end give <see cref="MaxLearningRate"/>.</param>
    /// <returns>A learning rate in <c>[MinLearningRate, MaxLearningRate]</c>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="iteration"/> is negative.</exception>
    public double GetLearningRate(long iteration)
    {
        Guard.Iteration(iteration);
        if (iteration >= _last)
        {
            return MaxLearningRate;
        }

        if (iteration == 0)
        {
            return MinLearningRate;
        }

        if (Sweep == RangeTestSweep.Linear)
        {
            // The same straight line as LinearRamp and FixedDecay (Smith: the rising half of one Triangular cycle).
            return Ramp.Linear(MinLearningRate, MaxLearningRate, _span, iteration, _last);
        }

        var t = (double)iteration / _last;
        double lr;
        if (!_ratioOverflows)
        {
            lr = MinLearningRate * Math.Exp(_logRatio * t);
        }
        else
        {
            // max / min overflows (a subnormal min, or a huge max): interpolate the logarithms instead, which are finite.
            lr = Math.Exp(Math.Log(MinLearningRate) + (_logRatio * t));
        }

        return Math.Clamp(lr, MinLearningRate, MaxLearningRate);
    }

    /// <summary>Starts a pull-style run: your loop asks the recorder for each learning rate and records the metric.</summary>
    /// <returns>A new recorder at iteration 0. It is not thread-safe; use it from one training loop.</returns>
    public LrRangeTestRecorder Start() => new(this);

    /// <summary>Runs the test in callback style: calls <paramref name="trainStep"/> once per iteration until the test is complete.</summary>
    /// <param name="trainStep">
    /// Trains one batch with the given learning rate and returns that iteration's metric (accuracy or loss, as
    /// configured). NaN or an infinity ends the test as <see cref="RangeTestStopReason.NotFinite"/>.
    /// </param>
    /// <returns>The points and the suggested bounds.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="trainStep"/> is <see langword="null"/>.</exception>
    /// <remarks>
    /// The model is left as the test's highest learning rates made it (often NaN).
    /// <see cref="LrRangeTestOptimizerExtensions.Run{T}(LrRangeTest, Optimizer{T}, Func{double, double})"/> puts an
    /// optimizer's weights and state back afterwards.
    /// </remarks>
    public LrRangeTestResult Run(Func<double, double> trainStep)
    {
        Guard.NotNull(trainStep);
        var recorder = Start();
        while (!recorder.IsComplete)
        {
            recorder.Record(trainStep(recorder.CurrentLearningRate));
        }

        return recorder.GetResult();
    }

    /// <summary>Returns the test's parameters, formatted with the invariant culture.</summary>
    /// <returns>For example <c>LrRangeTest(minLearningRate: 1E-05, maxLearningRate: 1, iterations: 100, ...)</c>.</returns>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"LrRangeTest(minLearningRate: {MinLearningRate:R}, maxLearningRate: {MaxLearningRate:R}, iterations: {Iterations}, sweep: {Sweep}, metric: {Metric}, smoothing: {Smoothing:R}, divergenceThreshold: {DivergenceThreshold:R}, accuracyDropFraction: {AccuracyDropFraction:R}, accuracyDropPatience: {AccuracyDropPatience})");
}
