using System.Numerics;

namespace CyclicalLR.Tests.Adam;

/// <summary>
/// A scalar Adam/AdamW written straight from PyTorch 1.13's <c>_single_tensor_adam</c> / <c>_single_tensor_adamw</c>,
/// sharing no code with the library: Python-scalar math in double, each tensor operation in <typeparamref name="T"/>,
/// one element at a time.
/// </summary>
internal sealed class AdamOracle<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly double _beta2;
    private readonly double _eps;
    private readonly bool _decoupled;
    private readonly bool _amsgrad;

    public AdamOracle(int length, double beta2, double eps, bool decoupled, bool amsgrad)
    {
        _beta2 = beta2;
        _eps = eps;
        _decoupled = decoupled;
        _amsgrad = amsgrad;
        M = new T[length];
        V = new T[length];
        MaxV = new T[length];
    }

    public T[] M { get; }

    public T[] V { get; }

    public T[] MaxV { get; }

    public long Steps { get; private set; }

    public void Step(T[] param, T[] grads, double lr, double beta1, double weightDecay)
    {
        Steps++;
        var step = (double)Steps;
        var biasCorrection1 = 1 - Math.Pow(beta1, step);
        var biasCorrection2 = 1 - Math.Pow(_beta2, step);
        var stepSize = lr / biasCorrection1;
        var biasCorrection2Sqrt = Math.Sqrt(biasCorrection2);
        for (var i = 0; i < param.Length; i++)
        {
            var grad = grads[i];
            if (_decoupled)
            {
                if (weightDecay != 0)
                {
                    param[i] = param[i] * T.CreateTruncating(1 - (lr * weightDecay)); // param.mul_(1 - lr * weight_decay)
                }
            }
            else if (weightDecay != 0)
            {
                grad = grad + (T.CreateTruncating(weightDecay) * param[i]); // grad.add(param, alpha=weight_decay)
            }

            M[i] = M[i] * T.CreateTruncating(beta1);                          // exp_avg.mul_(beta1)
            M[i] = M[i] + (T.CreateTruncating(1 - beta1) * grad);             // .add_(grad, alpha=1 - beta1)
            V[i] = V[i] * T.CreateTruncating(_beta2);                         // exp_avg_sq.mul_(beta2)
            V[i] = V[i] + (T.CreateTruncating(1 - _beta2) * grad * grad);     // .addcmul_(grad, grad, value=1 - beta2)
            T second;
            if (_amsgrad)
            {
                MaxV[i] = T.Max(MaxV[i], V[i]);                                // torch.maximum(max_exp_avg_sq, exp_avg_sq)
                second = MaxV[i];
            }
            else
            {
                second = V[i];
            }

            var denom = (T.Sqrt(second) / T.CreateTruncating(biasCorrection2Sqrt)) + T.CreateTruncating(_eps);
            param[i] = param[i] + (T.CreateTruncating(-stepSize) * M[i] / denom); // param.addcdiv_(exp_avg, denom, value=-step_size)
        }
    }
}
