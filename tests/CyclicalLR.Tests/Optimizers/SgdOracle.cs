using System.Numerics;

namespace CyclicalLR.Tests.Sgd;

/// <summary>
/// An independent scalar reference for SGD, written from <c>torch.optim.SGD</c>'s documented rule, one element at a
/// time, one rounded operation at a time in <typeparamref name="T"/> (no fused multiply-add). Shares no code with the library.
/// </summary>
internal sealed class SgdOracle<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _weights;
    private readonly T[] _gradients;
    private readonly T[]? _buffer;
    private bool _started;

    public SgdOracle(T[] weights, T[] gradients, bool momentumBuffer)
    {
        _weights = weights;
        _gradients = gradients;
        _buffer = momentumBuffer ? new T[weights.Length] : null;
    }

    public T[] Weights => _weights;

    /// <summary>
    /// PyTorch: <c>g = grad + wd * w</c>; if momentum != 0: <c>buf = g</c> first, else <c>buf = m * buf + (1 - damp) * g</c>;
    /// <c>g = nesterov ? g + m * buf : buf</c>; <c>w = w - lr * g</c>.
    /// </summary>
    public void Step(double learningRate, double momentum = 0, double dampening = 0, double weightDecay = 0, bool nesterov = false)
    {
        var lr = T.CreateTruncating(learningRate);
        var m = T.CreateTruncating(momentum);
        var keep = T.CreateTruncating(1 - dampening);
        var wd = T.CreateTruncating(weightDecay);
        var useMomentum = momentum != 0;
        for (var i = 0; i < _weights.Length; i++)
        {
            var w = _weights[i];
            var g = _gradients[i];
            if (weightDecay != 0)
            {
                var decay = wd * w;
                g = g + decay;
            }

            if (useMomentum)
            {
                T buf;
                if (!_started)
                {
                    buf = g;
                }
                else
                {
                    var kept = m * _buffer![i];
                    var added = keep * g;
                    buf = kept + added;
                }

                _buffer![i] = buf;
                if (nesterov)
                {
                    var look = m * buf;
                    g = g + look;
                }
                else
                {
                    g = buf;
                }
            }

            var delta = lr * g;
            _weights[i] = w - delta;
        }

        if (useMomentum)
        {
            _started = true;
        }
    }
}
