using System.Text.Json;
using Xunit.Abstractions;

namespace CyclicalLR.Tests;

/// <summary>
/// Every row of <c>Golden/pytorch-schedules.json</c> and <c>Golden/pytorch-family.json</c> (PyTorch 1.13's own
/// schedulers; see <c>Golden/README.md</c>), matched to a relative 1e-9, momentum included.
/// </summary>
public sealed class GoldenTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-9;

    private static readonly string[] Files = ["pytorch-schedules.json", "pytorch-family.json"];

    private static readonly Lazy<GoldenCase[]> Cases = new(LoadCases);

    /// <summary>One row per case: its index and a readable label.</summary>
    public static TheoryData<int, string> CoveredCases
    {
        get
        {
            var data = new TheoryData<int, string>();
            for (var i = 0; i < Cases.Value.Length; i++)
            {
                var c = Cases.Value[i];
                data.Add(i, $"{c.File}: {c.Schedule} {c.Element.GetProperty("params").GetRawText()}");
            }

            return data;
        }
    }

    [Fact]
    public void GoldenFiles_EveryCase_IsBuiltAndChecked()
    {
        var notBuilt = Cases.Value.Where(c => !TryBuild(c.Element, out _, out _)).Select(c => c.Schedule);

        notBuilt.Should().BeEmpty("no golden case is skipped");
        CoveredCases.Count.Should().Be(Cases.Value.Length);
        Cases.Value.Select(c => c.Schedule).Should().Contain("WarmupThenCosine");
    }

    [Fact]
    public void GetLearningRate_WarmupThenCosineAsSequentialSchedule_MatchesPyTorchWithin1e9()
    {
        // PyTorch's own form of the case: SequentialLR([LinearLR(...), CosineAnnealingLR(...)], milestones=[warm]).
        var testCase = Cases.Value.Single(c => c.Schedule == "WarmupThenCosine").Element;
        var p = testCase.GetProperty("params");
        var warm = p.GetProperty("warmupIterations").GetInt64();
        var max = p.GetProperty("maxLearningRate").GetDouble();
        var joined = new SequentialSchedule(
            [new LinearRamp(p.GetProperty("warmupStartLearningRate").GetDouble(), max, warm), new CosineAnnealing(max, p.GetProperty("minLearningRate").GetDouble(), p.GetProperty("period").GetInt64())],
            [warm]);

        var maxError = CheckRows(testCase, joined, null, out var rows);

        output.WriteLine($"{joined}: {rows} rows, max relative error {maxError:R}");
        rows.Should().BeGreaterThan(10);
        maxError.Should().BeLessThanOrEqualTo(Tolerance);
    }

    [Fact]
    public void GoldenFiles_CoverEveryBuiltInScheduleType()
    {
        var names = Cases.Value.Select(c => c.Schedule == "Custom" ? nameof(CyclicalSchedule) : c.Schedule).ToHashSet(StringComparer.Ordinal);
        names.UnionWith([nameof(LinearWarmup), nameof(SequentialSchedule)]); // WarmupThenCosine, built both ways
        var types = typeof(ILearningRateSchedule).Assembly.GetExportedTypes()
            .Where(t => t.IsClass && typeof(ILearningRateSchedule).IsAssignableFrom(t))
            .Select(t => t.Name)
            .Except([nameof(LrRangeTest), nameof(ConstantSchedule), nameof(ScaledSchedule), nameof(ProductSchedule)]);

        names.Should().Contain(types, "every schedule with a PyTorch counterpart has golden rows (the range test's sweep, the constant and the arithmetic wrappers have none)");
    }

    [Theory]
    [MemberData(nameof(CoveredCases))]
    public void GetLearningRate_GoldenCase_MatchesPyTorchWithin1e9(int index, string label)
    {
        var maxError = CheckCase(Cases.Value[index].Element, out var rows);

        output.WriteLine($"{label}: {rows} rows, max relative error {maxError:R}");
        rows.Should().BeGreaterThan(10);
        maxError.Should().BeLessThanOrEqualTo(Tolerance);
    }

    [Fact]
    public void GetLearningRate_AllGoldenCases_MaxRelativeErrorIsAFewUlps()
    {
        var maxError = 0.0;
        var rows = 0;
        foreach (var (index, _) in CoveredCases.Select(r => ((int)r[0], (string)r[1])))
        {
            maxError = Math.Max(maxError, CheckCase(Cases.Value[index].Element, out var caseRows));
            rows += caseRows;
        }

        output.WriteLine($"all golden rows: {rows}, max relative error {maxError:R}");
        rows.Should().BeGreaterThan(1000);
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
        if (!TryBuild(testCase, out var lr, out var momentum))
        {
            throw new InvalidOperationException($"No schedule for golden case {testCase.GetRawText()}.");
        }

        return CheckRows(testCase, lr, momentum, out rows);
    }

    /// <summary>Checks every row of a case against the given schedules and returns the max relative error.</summary>
    private static double CheckRows(JsonElement testCase, ILearningRateSchedule lr, IMomentumSchedule? momentum, out int rows)
    {
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

    /// <summary>Builds a case's schedule (and momentum schedule where the rows carry momentum); false for a case not built here.</summary>
    private static bool TryBuild(JsonElement testCase, out ILearningRateSchedule schedule, out IMomentumSchedule? momentum)
    {
        var p = testCase.GetProperty("params");
        double D(string name) => p.GetProperty(name).GetDouble();
        long L(string name) => p.GetProperty(name).GetInt64();
        long? stepSizeDown = p.TryGetProperty("stepSizeDown", out var down) ? down.GetInt64() : null;
        momentum = null;
        ILearningRateSchedule? built = testCase.GetProperty("schedule").GetString() switch
        {
            "Triangular" => new Triangular(D("baseLearningRate"), D("maxLearningRate"), L("stepSize"), stepSizeDown),
            "Triangular2" => new Triangular2(D("baseLearningRate"), D("maxLearningRate"), L("stepSize"), stepSizeDown),
            "ExpRange" => new ExpRange(D("baseLearningRate"), D("maxLearningRate"), L("stepSize"), D("gamma"), stepSizeDown),
            "FixedDecay" when stepSizeDown is null => new FixedDecay(D("baseLearningRate"), D("maxLearningRate"), L("stepSize")),
            "Custom" => new CyclicalSchedule(
                D("baseLearningRate"),
                D("maxLearningRate"),
                L("stepSize"),
                ScaleFunction(p.GetProperty("scale").GetString()!),
                Enum.Parse<ScaleMode>(p.GetProperty("scaleMode").GetString()!),
                stepSizeDown),
            "StepDecay" => new StepDecay(D("learningRate"), L("stepSize"), D("gamma")),
            "MultiStepDecay" => new MultiStepDecay(D("learningRate"), p.GetProperty("milestones").EnumerateArray().Select(m => m.GetInt64()), D("gamma")),
            "ExponentialDecay" => new ExponentialDecay(D("learningRate"), D("gamma")),
            "PolynomialDecay" => new PolynomialDecay(D("learningRate"), L("totalIterations"), D("power")),
            "CosineAnnealing" => new CosineAnnealing(D("maxLearningRate"), D("minLearningRate"), L("period")),
            "LinearRamp" => new LinearRamp(D("startLearningRate"), D("endLearningRate"), L("iterations")),
            "CosineWarmRestarts" => new CosineWarmRestarts(D("maxLearningRate"), L("firstCycleLength"), L("cycleLengthMultiplier"), D("minLearningRate")),
            "OneCycle" => new OneCycle(
                D("maxLearningRate"),
                L("totalSteps"),
                D("pctStart"),
                p.GetProperty("annealStrategy").GetString() switch
                {
                    "cos" or "Cosine" => AnnealStrategy.Cosine,
                    "linear" or "Linear" => AnnealStrategy.Linear,
                    var other => throw new InvalidOperationException($"Unknown anneal strategy '{other}'."),
                },
                D("divFactor"),
                D("finalDivFactor"),
                p.GetProperty("threePhase").GetBoolean(),
                D("baseMomentum"),
                D("maxMomentum")),
            "WarmupThenCosine" => new LinearWarmup(
                new CosineAnnealing(D("maxLearningRate"), D("minLearningRate"), L("period")),
                L("warmupIterations"),
                D("warmupStartLearningRate")),
            _ => null,
        };

        schedule = built!;
        if (built is null)
        {
            return false;
        }

        if (built is IMomentumSchedule own)
        {
            momentum = own;
        }
        else if (p.TryGetProperty("baseMomentum", out var baseMomentum))
        {
            var cyclical = built as ICyclicalSchedule
                ?? throw new InvalidOperationException($"Momentum rows for a non-cyclical schedule: {built}.");
            momentum = new CyclicalMomentum(cyclical, baseMomentum.GetDouble(), D("maxMomentum"));
        }

        return true;
    }

    /// <summary>The golden file's scale formulas as C# functions; an unknown formula fails the test.</summary>
    private static Func<long, double> ScaleFunction(string formula) => formula switch
    {
        "1/x" => static x => 1.0 / x,
        "0.9995^x" => static x => Math.Pow(0.9995, x),
        _ => throw new InvalidOperationException($"Unknown scale formula '{formula}' in the golden file: map it to a C# function."),
    };

    private static GoldenCase[] LoadCases()
    {
        var cases = new List<GoldenCase>();
        foreach (var file in Files)
        {
            var path = Path.Combine(AppContext.BaseDirectory, "Golden", file);
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            cases.AddRange(document.RootElement.GetProperty("cases").EnumerateArray().Select(c => new GoldenCase(file, c.GetProperty("schedule").GetString()!, c.Clone())));
        }

        return [.. cases];
    }

    private sealed record GoldenCase(string File, string Schedule, JsonElement Element);
}
