using System.Numerics.Tensors;

namespace CyclicalLR.Demo;

/// <summary>
/// A multilayer perceptron with one hidden ReLU layer and a softmax cross-entropy output, trained by mini-batch
/// gradient descent. All weights live in one <see cref="Parameters"/> buffer and their gradients in one
/// <see cref="Gradients"/> buffer of the same layout, so an optimizer registers a single pair.
/// </summary>
/// <remarks>
/// Layout: <c>W1</c> (hidden x inputs, row-major), <c>b1</c> (hidden), <c>W2</c> (classes x hidden), <c>b2</c>
/// (classes). Forward: <c>h = max(0, W1 x + b1)</c>, <c>p = softmax(W2 h + b2)</c>; loss <c>-log p[y]</c>, averaged
/// over the batch. The vector work goes through <see cref="TensorPrimitives"/>; the order of every sum is fixed, so a
/// given seed gives the same numbers on every run. Buffers are allocated once, in the constructor.
/// </remarks>
internal sealed class Mlp
{
    private readonly int _inputs;
    private readonly int _hidden;
    private readonly int _classes;
    private readonly float[] _preActivation;
    private readonly float[] _activation;
    private readonly float[] _logits;
    private readonly float[] _probabilities;
    private readonly float[] _hiddenGradient;

    /// <summary>Initializes a new instance of the <see cref="Mlp"/> class with all weights zero.</summary>
    /// <param name="inputs">Features per sample; at least 1.</param>
    /// <param name="hidden">Hidden units; at least 1.</param>
    /// <param name="classes">Output classes; at least 2.</param>
    public Mlp(int inputs, int hidden, int classes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(hidden, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        _inputs = inputs;
        _hidden = hidden;
        _classes = classes;
        Parameters = new float[checked((int)ParameterCount(inputs, hidden, classes))];
        Gradients = new float[Parameters.Length];
        _preActivation = new float[hidden];
        _activation = new float[hidden];
        _logits = new float[classes];
        _probabilities = new float[classes];
        _hiddenGradient = new float[hidden];
    }

    /// <summary>Returns the number of weights and biases of a network of these sizes, <c>hidden * (inputs + 1) + classes * (hidden + 1)</c>.</summary>
    public static long ParameterCount(int inputs, int hidden, int classes) =>
        ((long)hidden * inputs) + hidden + ((long)classes * hidden) + classes;

    /// <summary>Gets every weight and bias, in the layout of the class remarks.</summary>
    public float[] Parameters { get; }

    /// <summary>Gets the gradient of the last <see cref="ComputeGradients"/> batch, same layout as <see cref="Parameters"/>.</summary>
    public float[] Gradients { get; }

    private int W1Length => _hidden * _inputs;

    private int B1Offset => W1Length;

    private int W2Offset => B1Offset + _hidden;

    private int B2Offset => W2Offset + (_classes * _hidden);

    /// <summary>Sets the weights to He-normal values (<c>N(0, 2 / fanIn)</c>) drawn from <paramref name="random"/>, biases to 0.</summary>
    public void Initialize(Random random)
    {
        Array.Clear(Parameters);
        var w1 = Parameters.AsSpan(0, W1Length);
        FillNormal(w1, MathF.Sqrt(2f / _inputs), random);
        var w2 = Parameters.AsSpan(W2Offset, _classes * _hidden);
        FillNormal(w2, MathF.Sqrt(2f / _hidden), random);
    }

    /// <summary>
    /// Overwrites <see cref="Gradients"/> with the gradient of the mean cross-entropy over the samples
    /// <paramref name="batch"/> of <paramref name="data"/>.
    /// </summary>
    /// <returns>The mean loss over the batch.</returns>
    public double ComputeGradients(Dataset data, ReadOnlySpan<int> batch)
    {
        Array.Clear(Gradients);
        var scale = 1f / batch.Length;
        var loss = 0.0;
        var gW1 = Gradients.AsSpan(0, W1Length);
        var gB1 = Gradients.AsSpan(B1Offset, _hidden);
        var gW2 = Gradients.AsSpan(W2Offset, _classes * _hidden);
        var gB2 = Gradients.AsSpan(B2Offset, _classes);
        var w2 = Parameters.AsSpan(W2Offset, _classes * _hidden);
        foreach (var index in batch)
        {
            var x = data.Features(index);
            var label = data.Label(index);
            Forward(x);
            loss -= Math.Log(Math.Max(_probabilities[label], float.Epsilon));

            // Output layer: dz = (p - onehot(y)) / batch.
            var dz = _probabilities.AsSpan();
            dz[label] -= 1f;
            TensorPrimitives.Multiply(dz, scale, dz);
            TensorPrimitives.Add(gB2, dz, gB2);
            _hiddenGradient.AsSpan().Clear();
            for (var c = 0; c < _classes; c++)
            {
                var row = gW2.Slice(c * _hidden, _hidden);
                TensorPrimitives.MultiplyAdd(_activation, dz[c], row, row);
                TensorPrimitives.MultiplyAdd(w2.Slice(c * _hidden, _hidden), dz[c], _hiddenGradient, _hiddenGradient);
            }

            // Hidden layer: ReLU passes the gradient where the pre-activation was positive.
            for (var j = 0; j < _hidden; j++)
            {
                if (!(_preActivation[j] > 0f))
                {
                    _hiddenGradient[j] = 0f;
                }
            }

            TensorPrimitives.Add(gB1, _hiddenGradient, gB1);
            for (var j = 0; j < _hidden; j++)
            {
                var g = _hiddenGradient[j];
                if (g != 0f)
                {
                    var row = gW1.Slice(j * _inputs, _inputs);
                    TensorPrimitives.MultiplyAdd(x, g, row, row);
                }
            }
        }

        return loss / batch.Length;
    }

    /// <summary>Returns the most probable class of one sample (the lowest index on a tie).</summary>
    public int Predict(ReadOnlySpan<float> features)
    {
        Forward(features);
        return TensorPrimitives.IndexOfMax<float>(_probabilities);
    }

    /// <summary>Returns the fraction of <paramref name="data"/>'s samples classified correctly, in [0, 1].</summary>
    public double Accuracy(Dataset data)
    {
        var correct = 0;
        for (var i = 0; i < data.Count; i++)
        {
            if (Predict(data.Features(i)) == data.Label(i))
            {
                correct++;
            }
        }

        return (double)correct / data.Count;
    }

    private void Forward(ReadOnlySpan<float> x)
    {
        var w1 = Parameters.AsSpan(0, W1Length);
        var b1 = Parameters.AsSpan(B1Offset, _hidden);
        var w2 = Parameters.AsSpan(W2Offset, _classes * _hidden);
        var b2 = Parameters.AsSpan(B2Offset, _classes);
        for (var j = 0; j < _hidden; j++)
        {
            _preActivation[j] = TensorPrimitives.Dot(w1.Slice(j * _inputs, _inputs), x) + b1[j];
        }

        TensorPrimitives.Max(_preActivation, 0f, _activation);
        for (var c = 0; c < _classes; c++)
        {
            _logits[c] = TensorPrimitives.Dot(w2.Slice(c * _hidden, _hidden), _activation) + b2[c];
        }

        // Shift by the largest logit so that exp cannot overflow at the high learning rates of the range test.
        TensorPrimitives.Subtract(_logits, TensorPrimitives.Max<float>(_logits), _logits);
        TensorPrimitives.SoftMax(_logits, _probabilities);
    }

    private static void FillNormal(Span<float> values, float standardDeviation, Random random)
    {
        // Box-Muller; two uniform draws per value keeps the sequence simple and deterministic.
        for (var i = 0; i < values.Length; i++)
        {
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            values[i] = (float)(Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2)) * standardDeviation;
        }
    }
}
