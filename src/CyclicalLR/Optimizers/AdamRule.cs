namespace CyclicalLR;

/// <summary>Which parts of the Adam update a kernel runs; combined as flags and turned into one specialized loop.</summary>
[Flags]
internal enum AdamRule
{
    /// <summary>Adam without weight decay.</summary>
    None = 0,

    /// <summary>Adam's L2 weight decay: <c>d = g + weightDecay * w</c> before the moments.</summary>
    WeightDecay = 1,

    /// <summary>AdamW's decoupled weight decay: <c>w = w * (1 - lr * weightDecay)</c> before the moments.</summary>
    DecoupledWeightDecay = 2,

    /// <summary>AMSGrad: <c>maxV = max(maxV, v)</c>, and the denominator uses <c>maxV</c>.</summary>
    AmsGrad = 4,

    /// <summary>
    /// The step's <c>sqrt(1 - beta2^t)</c> is exactly 1 in the element type, so the division by it is skipped: the same
    /// bits, since <c>x / 1 == x</c> exactly for every <c>x</c>. Late in a run (float, beta2 = 0.999: from about step
    /// 16,600) this saves one of the update's three divisions and square roots.
    /// </summary>
    UnitBiasCorrection = 8,
}
