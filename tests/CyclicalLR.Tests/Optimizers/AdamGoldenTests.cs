using System.Text.Json;
using Xunit.Abstractions;

namespace CyclicalLR.Tests.Adam;

/// <summary>
/// Every case of <c>Golden/pytorch-adam.json</c> (PyTorch 1.13's <c>torch.optim.Adam</c>/<c>AdamW</c>, float64,
/// single-tensor rule; see <c>Golden/README.md</c>), replayed step by step through <see cref="AdamOptimizer{T}"/>.
/// </summary>
public sealed class AdamGoldenTests(ITestOutputHelper output)
{
    private static readonly Lazy<GoldenCase[]> Cases = new(Load);

    public static TheoryData<int, string> CaseIndexes()
    {
        var data = new TheoryData<int, string>();
        var cases = Cases.Value;
        for (var i = 0; i < cases.Length; i++)
        {
            data.Add(i, cases[i].Label);
        }

        return data;
    }

    [Fact]
    public void GoldenFile_HasEveryCase_NoneSkipped()
    {
        var cases = Cases.Value;
        cases.Should().HaveCount(6);
        cases.Select(c => c.Optimizer).Should().OnlyContain(name => name == "Adam" || name == "AdamW");
        cases.Should().Contain(c => c.AmsGrad && c.Optimizer == "Adam").And.Contain(c => c.AmsGrad && c.Optimizer == "AdamW");
        cases.Should().Contain(c => c.Steps.Select(s => s.Beta1).Distinct().Count() > 1, "a OneCycle case cycles beta1");
        CaseIndexes().Should().HaveCount(cases.Length);
    }

    [Theory]
    [MemberData(nameof(CaseIndexes))]
    public void Step_GoldenCase_MatchesPyTorchWithin1e12(int index, string label)
    {
        var c = Cases.Value[index];
        var weights = (double[])c.InitialWeights.Clone();
        var gradients = new double[weights.Length];
        var optimizer = new AdamOptimizer<double>(c.Beta1, c.Beta2, c.Epsilon, c.WeightDecay, decoupledWeightDecay: c.Optimizer == "AdamW", amsgrad: c.AmsGrad);
        optimizer.Register(weights, gradients);
        var exact = 0;
        var total = 0;
        foreach (var step in c.Steps)
        {
            step.Gradient.CopyTo(gradients, 0);
            optimizer.Step(step.LearningRate, step.Beta1).Should().BeTrue();
            for (var i = 0; i < weights.Length; i++)
            {
                var expected = step.Weights[i];
                var error = Math.Abs(weights[i] - expected);
                error.Should().BeLessThanOrEqualTo(Math.Max(1e-12 * Math.Abs(expected), 1e-15), $"{label}, step {step.Index}, weight {i}");
                total++;
                exact += weights[i] == expected ? 1 : 0;
            }
        }

        optimizer.StepCount.Should().Be(c.Steps.Length);
        output.WriteLine($"{label}: {exact} of {total} weights bit for bit equal to PyTorch's");
    }

    private static GoldenCase[] Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Golden", "pytorch-adam.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var cases = new List<GoldenCase>();
        foreach (var element in document.RootElement.GetProperty("cases").EnumerateArray())
        {
            var args = element.GetProperty("args");
            var steps = element.GetProperty("steps").EnumerateArray().Select(s => new GoldenStep(
                s.GetProperty("step").GetInt32(),
                s.GetProperty("lr").GetDouble(),
                s.GetProperty("beta1").GetDouble(),
                Doubles(s.GetProperty("gradient")),
                Doubles(s.GetProperty("weights")))).ToArray();
            var optimizer = element.GetProperty("optimizer").GetString()!;
            cases.Add(new GoldenCase(
                $"{cases.Count}: {optimizer} {args}",
                optimizer,
                args.GetProperty("beta1").GetDouble(),
                args.GetProperty("beta2").GetDouble(),
                args.GetProperty("eps").GetDouble(),
                args.GetProperty("weightDecay").GetDouble(),
                args.GetProperty("amsgrad").GetBoolean(),
                Doubles(element.GetProperty("initialWeights")),
                steps));
        }

        return [.. cases];
    }

    private static double[] Doubles(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetDouble())];

    private sealed record GoldenStep(int Index, double LearningRate, double Beta1, double[] Gradient, double[] Weights);

    private sealed record GoldenCase(string Label, string Optimizer, double Beta1, double Beta2, double Epsilon, double WeightDecay, bool AmsGrad, double[] InitialWeights, GoldenStep[] Steps);
}
