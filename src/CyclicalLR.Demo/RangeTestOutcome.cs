namespace CyclicalLR.Demo;

/// <summary>What step 1 produced: the range-test curve and the bounds read off it.</summary>
/// <param name="LearningRates">The learning rate of each recorded iteration.</param>
/// <param name="Accuracy">Held-out accuracy after each recorded iteration, in [0, 1].</param>
/// <param name="SmoothedAccuracy">The smoothed accuracy the bounds were read from.</param>
/// <param name="BaseLearningRate">The suggested lower bound.</param>
/// <param name="MaxLearningRate">The suggested upper bound.</param>
/// <param name="Explanation">How the bounds were read (rule and numbers), for the report.</param>
/// <param name="Description">What was run (sweep, iterations, held-out slice), for the report.</param>
internal sealed record RangeTestOutcome(
    double[] LearningRates,
    double[] Accuracy,
    double[] SmoothedAccuracy,
    double BaseLearningRate,
    double MaxLearningRate,
    string Explanation,
    string Description);
