using CsCheck;

namespace CyclicalLR.Tests.Sgd;

/// <summary>Save, load and corruption over random optimizer shapes: groups, buffer lengths, settings, step counts.</summary>
public sealed class SgdOptimizerStatePropertyTests
{
    [Fact]
    public void SaveLoad_RandomShapes_ResumeBitIdentical_AndAnyCorruptionIsRejected()
    {
        var gen = Gen.Select(Gen.Int[0, int.MaxValue], Gen.Int[0, 20], Gen.Bool, Gen.Int[0, 3]);
        Property.ForAll(gen, t =>
        {
            var (seed, steps, includeWeights, options) = t;
            var original = Shape.Random(seed, options);
            original.Train(0, steps);
            var state = new MemoryStream();
            original.Optimizer.SaveState(state, includeWeights);
            var bytes = state.ToArray();

            // Resume in a fresh optimizer of the same shape, then both go on for 5 steps.
            var resumed = Shape.Random(seed, options, fillSeed: includeWeights ? seed + 1 : seed);
            if (!includeWeights)
            {
                original.CopyWeightsTo(resumed);
            }

            resumed.Optimizer.LoadState(new MemoryStream(bytes));
            original.Train(steps, steps + 5);
            resumed.Train(steps, steps + 5);
            StateBytes.Of(resumed.Optimizer).Should().Equal(StateBytes.Of(original.Optimizer));

            // Any one to three bytes changed anywhere: rejected, nothing changes.
            var random = new Random(seed);
            var before = StateBytes.Of(resumed.Optimizer);
            var corrupt = (byte[])bytes.Clone();
            for (var n = random.Next(1, 4); n > 0; n--)
            {
                corrupt[random.Next(corrupt.Length)] ^= (byte)random.Next(1, 256);
            }

            if (!corrupt.AsSpan().SequenceEqual(bytes))
            {
                var act = () => resumed.Optimizer.LoadState(new MemoryStream(corrupt));
                act.Should().Throw<InvalidDataException>();
                StateBytes.Of(resumed.Optimizer).Should().Equal(before);
            }
        }, seed: 20261130, samples: 300);
    }

    private sealed class Shape
    {
        private readonly List<(double[] Weights, double[] Gradients)> _buffers = [];
        private readonly int _seed;

        private Shape(SgdOptimizer<double> optimizer, int seed)
        {
            Optimizer = optimizer;
            _seed = seed;
        }

        public SgdOptimizer<double> Optimizer { get; }

        public static Shape Random(int seed, int options, int? fillSeed = null)
        {
            var random = new Random(seed);
            var fill = new Random(fillSeed ?? seed);
            var momentum = options >= 1 ? 0.5 + (random.NextDouble() * 0.45) : 0;
            var shape = new Shape(
                new SgdOptimizer<double>(momentum, dampening: options == 2 ? 0.25 : 0, weightDecay: random.NextDouble() * 1e-3, nesterov: options == 3, skipNonFiniteSteps: random.Next(2) == 0),
                seed);
            var groups = random.Next(1, 5);
            for (var g = 0; g < groups; g++)
            {
                var group = g == 0 ? shape.Optimizer.DefaultGroup : shape.Optimizer.AddGroup(random.NextDouble() * 3, random.Next(2) == 0 ? null : random.NextDouble() * 1e-2);
                for (var b = random.Next(0, 4); b > 0; b--)
                {
                    var length = random.Next(0, 200);
                    var weights = Enumerable.Range(0, length).Select(_ => fill.NextDouble() - 0.5).ToArray();
                    var gradients = new double[length];
                    group.Register(weights, gradients);
                    shape._buffers.Add((weights, gradients));
                }
            }

            return shape;
        }

        public void Train(int from, int to)
        {
            for (var step = from; step < to; step++)
            {
                for (var b = 0; b < _buffers.Count; b++)
                {
                    var (weights, gradients) = _buffers[b];
                    for (var i = 0; i < weights.Length; i++)
                    {
                        // Noise that depends only on (seed, step, buffer, element), so a resumed run sees the same gradients.
                        var noise = (uint)((_seed * 31) + (step * 1_000_003) + (b * 7919) + i) * 2_654_435_761u;
                        gradients[i] = weights[i] + ((noise / (double)uint.MaxValue) - 0.5);
                    }
                }

                Optimizer.Step(0.05 * (1 + (step % 3)), Optimizer.Momentum * (step % 4 == 0 ? 0.9 : 1));
            }
        }

        public void CopyWeightsTo(Shape other)
        {
            for (var b = 0; b < _buffers.Count; b++)
            {
                _buffers[b].Weights.CopyTo(other._buffers[b].Weights, 0);
            }
        }
    }
}
