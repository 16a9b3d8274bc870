using System.Numerics;

namespace CyclicalLR.Tests.Sgd;

/// <summary>Every SGD option a state round trip must carry, one row per name.</summary>
public sealed record StateConfig(
    string Name,
    double Momentum = 0,
    double Dampening = 0,
    double WeightDecay = 0,
    bool Nesterov = false,
    bool SkipNonFinite = false,
    bool Groups = false,
    bool Cyclical = false)
{
    public static readonly StateConfig[] All =
    [
        new("plain"),
        new("weightDecay", WeightDecay: 5e-4),
        new("momentum", Momentum: 0.9),
        new("dampening", Momentum: 0.9, Dampening: 0.3, WeightDecay: 1e-4),
        new("nesterov", Momentum: 0.9, WeightDecay: 5e-4, Nesterov: true),
        new("groups", Momentum: 0.9, WeightDecay: 1e-4, Groups: true),
        new("cyclical", Momentum: 0.95, Dampening: 0.1, Groups: true, Cyclical: true),
        new("skipping", Momentum: 0.9, SkipNonFinite: true),
        new("everything", Momentum: 0.95, WeightDecay: 5e-4, Nesterov: true, SkipNonFinite: true, Groups: true, Cyclical: true),
    ];

    public static StateConfig Named(string name) => All.Single(c => c.Name == name);

    public override string ToString() => Name;
}

/// <summary>
/// A deterministic toy model on an <see cref="SgdOptimizer{T}"/>: quadratic losses whose gradients depend on the
/// weights and on the iteration, NaN and infinite gradients at fixed iterations when the optimizer skips them, a
/// triangular learning rate and (when cyclical) a cyclical momentum with a few momentum-0 steps first.
/// </summary>
internal sealed class StateModel<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private static readonly Triangular Schedule = new(0.001, 0.1, 100);
    private static readonly CyclicalMomentum CyclicalMomentum = new(Schedule, 0.85, 0.95);
    private readonly StateConfig _config;

    public StateModel(StateConfig config, int seed = 1)
    {
        _config = config;
        Optimizer = new SgdOptimizer<T>(config.Momentum, config.Dampening, config.WeightDecay, config.Nesterov, config.SkipNonFinite);
        int[] lengths = config.Groups ? [37, 0, 1, 300, 65] : [37, 0, 129];
        Weights = [.. lengths.Select((n, b) => Bits.Random<T>(n, seed + b, 2))];
        Gradients = [.. lengths.Select(n => new T[n])];
        Targets = [.. lengths.Select((n, b) => Bits.Random<T>(n, 100 + b))];
        if (config.Groups)
        {
            Optimizer.Register(Weights[0], Gradients[0]);
            Optimizer.Register(Weights[1], Gradients[1]);
            Optimizer.Register(Weights[2], Gradients[2]);
            Optimizer.AddGroup(0.1, weightDecay: 0).Register(Weights[3], Gradients[3]);
            Optimizer.AddGroup(2.5).Register(Weights[4], Gradients[4]);
        }
        else
        {
            for (var b = 0; b < lengths.Length; b++)
            {
                Optimizer.Register(Weights[b], Gradients[b]);
            }
        }
    }

    public SgdOptimizer<T> Optimizer { get; }

    public T[][] Weights { get; }

    public T[][] Gradients { get; }

    public T[][] Targets { get; }

    public void Run(long from, long to)
    {
        for (var i = from; i < to; i++)
        {
            Iterate(i);
        }
    }

    public void Iterate(long iteration)
    {
        for (var b = 0; b < Weights.Length; b++)
        {
            for (var i = 0; i < Weights[b].Length; i++)
            {
                var noise = (((uint)((iteration * 1_000_003) + (b * 7919) + i) * 2_654_435_761u) / (double)uint.MaxValue) - 0.5;
                Gradients[b][i] = (T.CreateTruncating(2) * (Weights[b][i] - Targets[b][i])) + T.CreateTruncating(0.1 * noise);
            }
        }

        if (_config.SkipNonFinite && iteration % 89 == 5)
        {
            Gradients[^1][iteration % Gradients[^1].Length] = iteration % 2 == 0 ? T.NaN : T.NegativeInfinity;
        }

        var lr = Schedule.GetLearningRate(iteration);
        var applied = _config.Cyclical
            ? Optimizer.Step(lr, iteration < 3 ? 0 : CyclicalMomentum.GetMomentum(iteration))
            : Optimizer.Step(lr);
        applied.Should().Be(!(_config.SkipNonFinite && iteration % 89 == 5), $"iteration {iteration}");
    }

    /// <summary>The optimizer's whole state and its weights, as bytes.</summary>
    public byte[] Snapshot() => StateBytes.Of(Optimizer);
}

/// <summary>The optimizer's whole state, weights included, as the bytes <see cref="SgdOptimizer{T}.SaveState(Stream, bool)"/> writes.</summary>
internal static class StateBytes
{
    public static byte[] Of<T>(SgdOptimizer<T> optimizer)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var stream = new MemoryStream();
        optimizer.SaveState(stream, includeWeights: true);
        return stream.ToArray();
    }

    public static byte[] WithoutWeights<T>(SgdOptimizer<T> optimizer)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var stream = new MemoryStream();
        optimizer.SaveState(stream);
        return stream.ToArray();
    }
}
