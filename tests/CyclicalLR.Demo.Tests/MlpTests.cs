namespace CyclicalLR.Demo.Tests;

public sealed class MlpTests
{
    private static Dataset RandomData(int count, int features, int classes, int seed)
    {
        var random = new Random(seed);
        var x = new float[count * features];
        for (var i = 0; i < x.Length; i++)
        {
            x[i] = (float)random.NextDouble();
        }

        var y = new byte[count];
        for (var i = 0; i < count; i++)
        {
            y[i] = (byte)random.Next(classes);
        }

        return new Dataset("random", x, y, features, classes);
    }

    private static double Loss(Mlp network, Dataset data, int[] batch)
    {
        var saved = (float[])network.Gradients.Clone();
        var loss = network.ComputeGradients(data, batch);
        saved.CopyTo(network.Gradients, 0);
        return loss;
    }

    [Fact]
    public void ComputeGradients_MatchesFiniteDifferences()
    {
        var data = RandomData(count: 5, features: 4, classes: 3, seed: 11);
        var network = new Mlp(inputs: 4, hidden: 6, classes: 3);
        network.Initialize(new Random(3));
        for (var i = 0; i < network.Parameters.Length; i++)
        {
            network.Parameters[i] += 0.05f * ((i % 7) - 3); // non-zero biases too
        }

        int[] batch = [0, 1, 2, 3, 4];
        network.ComputeGradients(data, batch);
        var analytic = (float[])network.Gradients.Clone();

        const float h = 1e-2f;
        for (var i = 0; i < network.Parameters.Length; i++)
        {
            var original = network.Parameters[i];
            network.Parameters[i] = original + h;
            var up = Loss(network, data, batch);
            network.Parameters[i] = original - h;
            var down = Loss(network, data, batch);
            network.Parameters[i] = original;
            var numeric = (up - down) / (2 * h);
            analytic[i].Should().BeApproximately((float)numeric, 2e-3f, $"parameter {i}");
        }
    }

    [Fact]
    public void ComputeGradients_ReturnsMeanCrossEntropy()
    {
        var data = RandomData(count: 4, features: 3, classes: 2, seed: 5);
        var network = new Mlp(inputs: 3, hidden: 2, classes: 2);

        // All weights zero: both classes have probability 1/2, so the loss is ln 2 whatever the data.
        var loss = network.ComputeGradients(data, [0, 1, 2, 3]);

        loss.Should().BeApproximately(Math.Log(2), 1e-6);
    }

    [Fact]
    public void Training_SeparableData_LearnsIt()
    {
        // Class = index of the largest of 3 features.
        var random = new Random(9);
        var x = new float[300 * 3];
        var y = new byte[300];
        for (var i = 0; i < 300; i++)
        {
            for (var f = 0; f < 3; f++)
            {
                x[(i * 3) + f] = (float)random.NextDouble();
            }

            y[i] = (byte)x.AsSpan(i * 3, 3).IndexOf(x.AsSpan(i * 3, 3).ToArray().Max());
        }

        var data = new Dataset("argmax", x, y, 3, 3);
        var network = new Mlp(3, 16, 3);
        network.Initialize(new Random(1));
        var before = network.Accuracy(data);
        var sampler = new BatchSampler(data.Count, 10, new Random(2));
        for (var step = 0; step < 600; step++)
        {
            network.ComputeGradients(data, sampler.Next());
            for (var p = 0; p < network.Parameters.Length; p++)
            {
                network.Parameters[p] -= 0.5f * network.Gradients[p];
            }
        }

        network.Accuracy(data).Should().BeGreaterThan(0.9).And.BeGreaterThan(before);
    }

    [Fact]
    public void Initialize_SameSeed_SameWeights_DifferentSeed_Different()
    {
        var a = new Mlp(8, 4, 3);
        var b = new Mlp(8, 4, 3);
        var c = new Mlp(8, 4, 3);

        a.Initialize(new Random(1));
        b.Initialize(new Random(1));
        c.Initialize(new Random(2));

        a.Parameters.Should().Equal(b.Parameters);
        a.Parameters.Should().NotEqual(c.Parameters);
        a.Parameters.AsSpan(32, 4).ToArray().Should().OnlyContain(v => v == 0f, "the hidden biases start at zero");
    }
}
