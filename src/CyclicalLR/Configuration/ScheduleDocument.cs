using System.Text.Json.Serialization;

namespace CyclicalLR;

/// <summary>
/// The JSON form of one schedule: its <c>type</c> and the union of every built-in schedule's constructor parameters,
/// each <see langword="null"/> when absent. <see cref="ScheduleJson"/> checks which fields a type takes.
/// </summary>
internal sealed class ScheduleDocument
{
    public string? Type { get; set; }

    public double? LearningRate { get; set; }

    public double? BaseLearningRate { get; set; }

    public double? MaxLearningRate { get; set; }

    public double? MinLearningRate { get; set; }

    public double? StartLearningRate { get; set; }

    public double? EndLearningRate { get; set; }

    public long? StepSize { get; set; }

    public long? StepSizeDown { get; set; }

    public double? Gamma { get; set; }

    public long[]? Milestones { get; set; }

    public long? TotalIterations { get; set; }

    public double? Power { get; set; }

    public long? Period { get; set; }

    public long? Iterations { get; set; }

    public long? FirstCycleLength { get; set; }

    public long? CycleLengthMultiplier { get; set; }

    public long? TotalSteps { get; set; }

    public double? PctStart { get; set; }

    public string? AnnealStrategy { get; set; }

    public double? DivFactor { get; set; }

    public double? FinalDivFactor { get; set; }

    public bool? ThreePhase { get; set; }

    public double? BaseMomentum { get; set; }

    public double? MaxMomentum { get; set; }

    public string? Sweep { get; set; }

    public string? Metric { get; set; }

    public double? Smoothing { get; set; }

    // LrRangeTest documents +Infinity here (no divergence stop): written and read as the string "Infinity".
    [JsonNumberHandling(JsonNumberHandling.AllowNamedFloatingPointLiterals)]
    public double? DivergenceThreshold { get; set; }

    // LrRangeTest documents +Infinity here too (no accuracy-drop stop).
    [JsonNumberHandling(JsonNumberHandling.AllowNamedFloatingPointLiterals)]
    public double? AccuracyDropFraction { get; set; }

    public long? AccuracyDropPatience { get; set; }

    public long? WarmupIterations { get; set; }

    public double? Factor { get; set; }

    public ScheduleDocument? Schedule { get; set; }

    public ScheduleDocument?[]? Schedules { get; set; }

    /// <summary>Returns the JSON names of the fields that are present (not <see langword="null"/>), <c>type</c> excluded.</summary>
    public IEnumerable<string> PresentFields()
    {
        (string Name, bool Present)[] fields =
        [
            ("learningRate", LearningRate.HasValue), ("baseLearningRate", BaseLearningRate.HasValue), ("maxLearningRate", MaxLearningRate.HasValue),
            ("minLearningRate", MinLearningRate.HasValue), ("startLearningRate", StartLearningRate.HasValue), ("endLearningRate", EndLearningRate.HasValue),
            ("stepSize", StepSize.HasValue), ("stepSizeDown", StepSizeDown.HasValue), ("gamma", Gamma.HasValue), ("milestones", Milestones is not null),
            ("totalIterations", TotalIterations.HasValue), ("power", Power.HasValue), ("period", Period.HasValue), ("iterations", Iterations.HasValue),
            ("firstCycleLength", FirstCycleLength.HasValue), ("cycleLengthMultiplier", CycleLengthMultiplier.HasValue), ("totalSteps", TotalSteps.HasValue),
            ("pctStart", PctStart.HasValue), ("annealStrategy", AnnealStrategy is not null), ("divFactor", DivFactor.HasValue),
            ("finalDivFactor", FinalDivFactor.HasValue), ("threePhase", ThreePhase.HasValue), ("baseMomentum", BaseMomentum.HasValue),
            ("maxMomentum", MaxMomentum.HasValue), ("sweep", Sweep is not null), ("metric", Metric is not null), ("smoothing", Smoothing.HasValue),
            ("divergenceThreshold", DivergenceThreshold.HasValue),
            ("accuracyDropFraction", AccuracyDropFraction.HasValue), ("accuracyDropPatience", AccuracyDropPatience.HasValue), ("warmupIterations", WarmupIterations.HasValue), ("factor", Factor.HasValue),
            ("schedule", Schedule is not null), ("schedules", Schedules is not null),
        ];
        return fields.Where(f => f.Present).Select(f => f.Name);
    }
}
