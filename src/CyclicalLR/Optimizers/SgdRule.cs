namespace CyclicalLR;

/// <summary>Which parts of the SGD update a kernel runs; combined as flags and turned into one specialized loop.</summary>
[Flags]
internal enum SgdRule
{
    /// <summary>Plain SGD, <c>w -= lr * g</c>.</summary>
    None = 0,

    /// <summary>Add L2 weight decay to the gradient first: <c>d = g + weightDecay * w</c>.</summary>
    WeightDecay = 1,

    /// <summary>Update the momentum buffer <c>b = momentum * b + (1 - dampening) * d</c> and step along it.</summary>
    Momentum = 2,

    /// <summary>With <see cref="Momentum"/>: the buffer's first step, <c>b = d</c>.</summary>
    FirstStep = 4,

    /// <summary>With <see cref="Momentum"/>: step along <c>d + momentum * b</c> instead of <c>b</c>.</summary>
    Nesterov = 8,
}
