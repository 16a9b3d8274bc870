using System.Text.Json;
using Xunit.Abstractions;

namespace CyclicalLR.Tests;

/// <summary>
/// Every row of <c>Golden/pytorch-schedules.json</c> (PyTorch 1.13's own schedulers; see <c>Golden/README.md</c>),
/// matched to a relative 1e-9, momentum included.
/// </summary>
public sealed class GoldenTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-9;

    private static readonly Lazy<JsonElement[]> Cases = new(LoadCases);

    /// <summary>Cases for schedules the library does not offer yet; listed so a new kind cannot be silently ignored.</summary>
    private static readonly string[] Skipped = ["CosineWarmRestarts", "OneCycle"];

    private static readonly string[] Supported = ["Custom", "ExpRange", "FixedDecay", "Triangular", "Triangular2"];

    /// <summary>One row per supported case: its index in the file and a readable label.</summary>
    public static TheoryData<int, string> SupportedCases
    {
        get
        {
            var data = new TheoryData<int, string>();
            for (var i = 0; i < Cases.Value.Length; i++)
            {
                var name = Cases.Value[i].GetProperty("schedule").GetString()!;
                if (!Skipped.Contains(name))
                {
                    data.Add(i, $"{name} {Cases.Value[i].GetProperty("params").GetRawText()}");
                }
            }

            return data;
        }
    }

    [Fact]
    public void GoldenFile_ScheduleNames_AreSupportedOrExplicitlySkipped()
    {
        var names = Cases.Value.Select(c => c.GetProperty("schedule").GetString()!).ToHashSet(StringComparer.Ordinal);

        names.Except(Supported).Should().BeEquivalentTo(Skipped, "a case for a schedule the library lacks must be skipped on purpose");
        names.Should().Contain(Supported, "every schedule the library offers has golden rows");
    }

    [Theory]
    [MemberData(nameof(SupportedCases))]
    public void GetLearningRate_GoldenCase_MatchesPyTorchWithin1e9(int index, string label)
    {
        var maxError = CheckCase(Cases.Value[index], out var rows);

        output.WriteLine($"{label}: {rows} rows, max relative error {maxError:R}");
        rows.Should().BeGreaterThan(10);
        maxError.Should().BeLessThanOrEqualTo(Tolerance);
    }

    [Fact]
    public void GetLearningRate_AllGoldenCases_MaxRelativeErrorIsAFewUlps()
    {
        var maxError = 0.0;
        var rows = 0;
        foreach (var (index, _) in SupportedCases.Select(r => ((int)r[0], (string)r[1])))
        {
            maxError = Math.Max(maxError, CheckCase(Cases.Value[index], out var caseRows));
            rows += caseRows;
        }

        output.WriteLine($"all golden rows: {rows}, max relative error {maxError:R}");
        maxError.Should().BeLessThanOrEqualTo(Tolerance);
    }

    [Fact]
    public void ScaleFormula_Unknown_FailsLoudly()
    {
        var act = () => ScaleFunction("x^2");

        act.Should().Throw<InvalidOperationException>().WithMessage("*x^2*");
    }

    /// <summary>Checks every row of a case (throws on a mismatch naming the row) and returns the max relative error.</summary>
    private static double CheckCase(JsonElement testCase, out int rows)
    {
        var (lr, momentum) = Build(testCase);
        var columns = testCase.GetProperty("columns").EnumerateArray().Select(c => c.GetString()).ToArray();
        columns.Should().Equal(momentum is null ? ["iteration", "lr"] : new[] { "iteration", "lr", "momentum" });

        var maxError = 0.0;
        rows = 0;
        foreach (var row in testCase.GetProperty("values").EnumerateArray())
        {
            var iteration = row[0].GetInt64();
            var lrError = TestValues.RelativeError(lr.GetLearningRate(iteration), row[1].GetDouble());
            lrError.Should().BeLessThanOrEqualTo(Tolerance, $"lr at iteration {iteration} of {lr}");
            maxError = Math.Max(maxError, lrError);
            if (momentum is not null)
            {
                var mError = TestValues.RelativeError(momentum.GetMomentum(iteration), row[2].GetDouble());
                mError.Should().BeLessThanOrEqualTo(Tolerance, $"momentum at iteration {iteration} of {momentum}");
                maxError = Math.Max(maxError, mError);
            }

            rows++;
        }

        return maxError;
    }

    private static (ILearningRateSchedule Lr, CyclicalMomentum? Momentum) Build(JsonElement testCase)
    {
        var p = testCase.GetProperty("params");
        var baseLr = p.GetProperty("baseLearningRate").GetDouble();
        var maxLr = p.GetProperty("maxLearningRate").GetDouble();
        var stepSize = p.GetProperty("stepSize").GetInt64();
        long? stepSizeDown = p.TryGetProperty("stepSizeDown", out var down) ? down.GetInt64() : null;
        ILearningRateSchedule schedule = testCase.GetProperty("schedule").GetString() switch
        {
            "Triangular" => new Triangular(baseLr, maxLr, stepSize, stepSizeDown),
            "Triangular2" => new Triangular2(baseLr, maxLr, stepSize, stepSizeDown),
            "ExpRange" => new ExpRange(baseLr, maxLr, stepSize, p.GetProperty("gamma").GetDouble(), stepSizeDown),
            "FixedDecay" when stepSizeDown is null => new FixedDecay(baseLr, maxLr, stepSize),
            "Custom" => new CyclicalSchedule(
                baseLr,
                maxLr,
                stepSize,
                ScaleFunction(p.GetProperty("scale").GetString()!),
                Enum.Parse<ScaleMode>(p.GetProperty("scaleMode").GetString()!),
                stepSizeDown),
            var other => throw new InvalidOperationException($"No schedule for golden case '{other}' {p.GetRawText()}."),
        };

        if (!p.TryGetProperty("baseMomentum", out var baseMomentum))
        {
            return (schedule, null);
        }

        var cyclical = schedule as ICyclicalSchedule
            ?? throw new InvalidOperationException($"Momentum rows for a non-cyclical schedule: {schedule}.");
        return (schedule, new CyclicalMomentum(cyclical, baseMomentum.GetDouble(), p.GetProperty("maxMomentum").GetDouble()));
    }

    /// <summary>The golden file's scale formulas as C# functions; an unknown formula fails the test.</summary>
    private static Func<long, double> ScaleFunction(string formula) => formula switch
    {
        "1/x" => static x => 1.0 / x,
        "0.9995^x" => static x => Math.Pow(0.9995, x),
        _ => throw new InvalidOperationException($"Unknown scale formula '{formula}' in the golden file: map it to a C# function."),
    };

    private static JsonElement[] LoadCases()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Golden", "pytorch-schedules.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return [.. document.RootElement.GetProperty("cases").EnumerateArray().Select(c => c.Clone())];
    }
}
