namespace CyclicalLR.Demo;

/// <summary>What step 1 produced: the library's range-test result and the bounds it suggested.</summary>
/// <param name="Result">The recorded curve (learning rate, held-out accuracy, smoothed accuracy per iteration).</param>
/// <param name="Suggestion">The bounds read off the curve, with the rule and its explanation.</param>
/// <param name="Description">What was run (sweep, iterations, held-out slice), for the report.</param>
internal sealed record RangeTestOutcome(LrRangeTestResult Result, LrBoundsSuggestion Suggestion, string Description)
{
    /// <summary>Gets the suggested lower bound.</summary>
    public double BaseLearningRate => Suggestion.BaseLearningRate;

    /// <summary>Gets the suggested upper bound.</summary>
    public double MaxLearningRate => Suggestion.MaxLearningRate;
}
