using System.Globalization;

namespace CyclicalLR;

/// <summary>Learning-rate bounds suggested by an LR range test, with the rule that produced them and why.</summary>
/// <remarks>
/// The bounds are what Smith's <see cref="Triangular"/> policy takes as <c>base_lr</c> and <c>max_lr</c>. Each rule is
/// described on <see cref="LrBoundsRule"/>. The instance is immutable. Leslie N. Smith, <i>Cyclical Learning Rates for
/// Training Neural Networks</i>, arXiv 1506.01186, section 3.3.
/// </remarks>
public sealed class LrBoundsSuggestion
{
    internal LrBoundsSuggestion(double baseLearningRate, double maxLearningRate, LrBoundsRule rule, string explanation)
    {
        BaseLearningRate = baseLearningRate;
        MaxLearningRate = maxLearningRate;
        Rule = rule;
        Explanation = explanation;
    }

    /// <summary>Gets the suggested lower bound; finite, greater than 0 and less than <see cref="MaxLearningRate"/>.</summary>
    public double BaseLearningRate { get; }

    /// <summary>Gets the suggested upper bound; finite and greater than <see cref="BaseLearningRate"/>.</summary>
    public double MaxLearningRate { get; }

    /// <summary>Gets the rule that produced the bounds.</summary>
    public LrBoundsRule Rule { get; }

    /// <summary>Gets a sentence saying where on the curve the bounds were read, with the numbers (invariant culture).</summary>
    public string Explanation { get; }

    /// <summary>Creates Smith's triangular schedule between the suggested bounds.</summary>
    /// <param name="stepSize">Iterations in each half-cycle; at least 1. Smith: 2 to 8 epochs' worth (see <see cref="CyclePlan"/>).</param>
    /// <returns><c>new Triangular(BaseLearningRate, MaxLearningRate, stepSize)</c>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="stepSize"/> is below 1.</exception>
    public Triangular ToTriangular(long stepSize) => new(BaseLearningRate, MaxLearningRate, stepSize);

    /// <summary>Returns the bounds and the rule, formatted with the invariant culture.</summary>
    /// <returns>For example <c>AccuracyRise: base 0.001, max 0.006</c>.</returns>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Rule}: base {BaseLearningRate:G4}, max {MaxLearningRate:G4}");
}
