using Xunit.Abstractions;

namespace CyclicalLR.Tests;

/// <summary>
/// Every schedule against <see cref="ReferenceFormula"/> (independent, high-precision arithmetic) at the landmarks
/// 0, s-1, s, s+1, 2s, one cycle and its neighbours, 10^12, long.MaxValue-1 and long.MaxValue, and in dense sweeps
/// of the first cycles.
/// </summary>
public sealed class ReferenceFormulaTests(ITestOutputHelper output)
{
    /// <summary>At most this many ulps of the reference value (one correct rounding is 0.5 ulp).</summary>
    private const double MaxUlps = 4;

    private static readonly Dictionary<string, ReferenceCase> Catalog = BuildCatalog();

    public static TheoryData<string> CaseNames => new(Catalog.Keys);

    [Fact]
    public void Catalog_CoversEverySchedule_WithUnequalStepSizes()
    {
        var names = string.Join(" ", Catalog.Keys);

        foreach (var type in new[] { "Triangular ", "Triangular2 ", "ExpRange ", "FixedDecay ", "CyclicalSchedule(Cycle) ", "CyclicalSchedule(Iterations) ", "CyclicalMomentum " })
        {
            names.Should().Contain(type);
        }

        Catalog.Values.Should().Contain(c => c.Up != c.Down && c.Name.StartsWith("Triangular2 ", StringComparison.Ordinal));
        Catalog.Values.Should().Contain(c => c.Up != c.Down && c.Name.StartsWith("ExpRange ", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void GetLearningRate_Landmarks_MatchReference(string name)
    {
        var c = Catalog[name];
        var s = c.Up;
        var cycle = c.Up + c.Down;
        long[] landmarks =
        [
            0, s - 1, s, s + 1, 2 * s, cycle - 1, cycle, cycle + 1, cycle + s,
            1_000_000_000_000, long.MaxValue - cycle, long.MaxValue - 1, long.MaxValue,
        ];

        var worst = Check(c, landmarks.Where(i => i >= 0).Distinct());

        output.WriteLine($"{name}: worst {worst:R} ulps");
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void GetLearningRate_FirstCycles_MatchReference(string name)
    {
        var c = Catalog[name];
        var cycle = c.Up + c.Down;

        // Every iteration of the first three cycles when they are short, else the first 3,000 and a stride through the rest.
        var sweep = 3 * cycle <= 12_000
            ? Enumerable.Range(0, (int)(3 * cycle) + 1).Select(i => (long)i)
            : Enumerable.Range(0, 3_000).Select(i => (long)i).Concat(Enumerable.Range(0, 3_000).Select(i => 3_000 + (i * ((3 * cycle) - 3_000) / 2_999)));

        var worst = Check(c, sweep);

        output.WriteLine($"{name}: worst {worst:R} ulps");
    }

    private static double Check(ReferenceCase c, IEnumerable<long> iterations)
    {
        var worst = 0.0;
        var count = 0;
        foreach (var i in iterations)
        {
            var expected = c.Expected(i);
            var actual = c.Actual(i);
            var ulps = Math.Abs(actual - expected) / Math.Max(Math.BitIncrement(expected) - expected, double.Epsilon);
            ulps.Should().BeLessThanOrEqualTo(MaxUlps, $"{c.Name} at iteration {i}: actual {actual:R}, reference {expected:R}");
            worst = Math.Max(worst, ulps);
            count++;
        }

        count.Should().BeGreaterThan(5);
        return worst;
    }

    private static Dictionary<string, ReferenceCase> BuildCatalog()
    {
        var cases = new List<ReferenceCase>();
        (double Base, double Max, long Up, long Down)[] geometries =
        [
            (0.001, 0.006, 4, 4),
            (0.001, 0.01, 2000, 2000),
            (0.01, 0.1, 5, 3),
            (0.1, 1.0, 2, 5),
            (0.25, 0.75, 1, 1),
            (0.0, 0.3, 7, 1_000_000_007),
            (1e-5, 3.0, 1_000_000_000_000, 1),
        ];

        foreach (var (b, m, up, down) in geometries)
        {
            var label = $"({b:R}, {m:R}, {up}, {down})";
            var triangular = new Triangular(b, m, up, down);
            cases.Add(new($"Triangular {label}", up, down, triangular.GetLearningRate, i => ReferenceFormula.Triangular(b, m, up, down, i)));
            var triangular2 = new Triangular2(b, m, up, down);
            cases.Add(new($"Triangular2 {label}", up, down, triangular2.GetLearningRate, i => ReferenceFormula.Triangular2(b, m, up, down, i)));
            foreach (var gamma in new[] { 0.99, 0.99994, 1.0 })
            {
                var expRange = new ExpRange(b, m, up, gamma, down);
                cases.Add(new($"ExpRange {label} gamma {gamma:R}", up, down, expRange.GetLearningRate, i => ReferenceFormula.ExpRange(b, m, up, down, gamma, i)));
            }

            var byCycle = new CyclicalSchedule(b, m, up, static x => 1.0 / x, ScaleMode.Cycle, down);
            cases.Add(new(
                $"CyclicalSchedule(Cycle) {label} 1/x",
                up,
                down,
                byCycle.GetLearningRate,
                i => ReferenceFormula.Custom(b, m, up, down, BigFloat.One / BigFloat.FromInteger(ReferenceFormula.CycleIndex(up, down, i) + 1), i)));
            var byIteration = new CyclicalSchedule(b, m, up, static x => Math.Pow(0.9995, x), ScaleMode.Iterations, down);
            cases.Add(new(
                $"CyclicalSchedule(Iterations) {label} 0.9995^x",
                up,
                down,
                byIteration.GetLearningRate,
                i => ReferenceFormula.Custom(b, m, up, down, BigFloat.FromDouble(0.9995).Pow(i), i)));

            var momentum = new CyclicalMomentum(triangular2, 0.85, 0.95);
            cases.Add(new(
                $"CyclicalMomentum {label} over Triangular2",
                up,
                down,
                momentum.GetMomentum,
                i => ReferenceFormula.Momentum(0.85, 0.95, ReferenceFormula.Position(up, down, i).ScaleByPowerOfTwo(-ReferenceFormula.CycleIndex(up, down, i)))));
            var fixedDecay = new FixedDecay(b, m, up);
            cases.Add(new($"FixedDecay {label}", up, up, fixedDecay.GetLearningRate, i => ReferenceFormula.FixedDecay(b, m, up, i)));
        }

        return cases.ToDictionary(c => c.Name, StringComparer.Ordinal);
    }

    private sealed record ReferenceCase(string Name, long Up, long Down, Func<long, double> Actual, Func<long, double> Expected);
}
