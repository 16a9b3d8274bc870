namespace CyclicalLR.Tests;

/// <summary>Synthetic range-test curves whose true bounds are known, written independently of the library.</summary>
internal static class SyntheticCurves
{
    // Accuracy against a linear sweep: flat at 0.1 up to lr 0.001, a straight rise to 0.7 at lr 0.006 (the paper's
    // CIFAR-10 bounds), a plateau to 0.008, then a fall (training becomes unstable).
    public const double AccuracyOnset = 0.001;
    public const double AccuracyTop = 0.006;

    public static double Accuracy(double lr)
    {
        double rise = Math.Clamp((lr - AccuracyOnset) / (AccuracyTop - AccuracyOnset), 0, 1);
        double fall = Math.Clamp((lr - 0.008) / 0.012, 0, 1);
        return 0.1 + (0.6 * rise) - (0.45 * fall);
    }

    // Loss against an exponential sweep: a sigmoid drop in log10(lr) centred at 1e-3 (its steepest point) and an
    // exponential blow-up past 1e-1.
    public static double Loss(double lr)
    {
        double x = Math.Log10(lr);
        return 2.3 - (2.0 / (1 + Math.Exp(-(x + 3) / 0.3))) + (0.05 * Math.Exp(5 * (x + 1)));
    }

    /// <summary>The lr of the steepest descent of <see cref="Loss"/> against ln(lr), and of its minimum, on a fine grid.</summary>
    public static (double Steepest, double Minimum) LossLandmarks()
    {
        double steepest = 0, minimum = 0, bestSlope = double.PositiveInfinity, bestLoss = double.PositiveInfinity;
        for (double x = -5; x <= 0; x += 1e-4)
        {
            double lr = Math.Pow(10, x);
            double slope = (Loss(lr * 1.0001) - Loss(lr / 1.0001)) / (2 * Math.Log(1.0001));
            if (slope < bestSlope)
            {
                bestSlope = slope;
                steepest = lr;
            }

            if (Loss(lr) < bestLoss)
            {
                bestLoss = Loss(lr);
                minimum = lr;
            }
        }

        return (steepest, minimum);
    }

    /// <summary>Standard normal noise from a seeded generator (Box-Muller), so every run sees the same curve.</summary>
    public static Func<double, double> WithNoise(Func<double, double> curve, double sigma, int seed)
    {
        var random = new Random(seed);
        return lr =>
        {
            double u1 = 1 - random.NextDouble(), u2 = random.NextDouble();
            return curve(lr) + (sigma * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
        };
    }

    public static LrRangeTest AccuracyTest(long iterations = 200) => new(1e-4, 0.02, iterations, RangeTestSweep.Linear, RangeTestMetric.Accuracy);

    public static LrRangeTest LossTest(long iterations = 100) => new(1e-5, 1, iterations, RangeTestSweep.Exponential, RangeTestMetric.Loss);
}
