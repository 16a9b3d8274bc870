using System.Globalization;
using System.Text.Json;

namespace CyclicalLR;

/// <summary>
/// Reads and writes learning-rate schedules as JSON, so that a training configuration file can name its schedule:
/// every built-in schedule and every composition of them round-trips to an equal schedule (same type, same parameters,
/// same values).
/// </summary>
/// <remarks>
/// <para>
/// A schedule is a JSON object whose <c>"type"</c> is the class name and whose other fields are the constructor's
/// parameters, by the same names; a wrapper holds its schedule in <c>"schedule"</c> or <c>"schedules"</c>. For example
/// a 5-iteration warm-up in front of a cosine annealing:
/// <code>{"type":"LinearWarmup","startLearningRate":0.01,"warmupIterations":5,"schedule":{"type":"CosineAnnealing","maxLearningRate":0.1,"minLearningRate":0,"period":20}}</code>
/// Fields may come in any order.
/// Optional constructor parameters may be left out (they take the constructor's default); <see cref="Serialize(ILearningRateSchedule)"/>
/// writes every field. Enum values are written by name (<c>"Cosine"</c>, <c>"Exponential"</c>); numbers are exact
/// (doubles in their shortest round-trip form).
/// </para>
/// <para>
/// Reading is strict, and a bad document never gives a half-built schedule: malformed JSON, trailing content,
/// comments, duplicate or unknown fields, a field of the wrong JSON type, a missing <c>type</c> or required field, a
/// field the type does not take, an unknown type, nesting deeper than <see cref="MaxDepth"/>, or input longer than
/// <see cref="MaxDocumentLength"/> all throw <see cref="JsonException"/>, whose message and <see cref="JsonException.Path"/>
/// say where (a JSON path such as <c>$.schedules[1].gamma</c>, with the line and byte position for syntax and type
/// errors). A value the constructor rejects (a negative rate, <c>gamma</c> out of range, unordered milestones) goes
/// through the constructor's own check: the <see cref="JsonException"/> gives the path and the constructor's message,
/// and carries its <see cref="ArgumentException"/> as the inner exception.
/// </para>
/// <para>
/// A <see cref="CyclicalSchedule"/> holds a scale function, which is code rather than configuration: it has no JSON form,
/// and <see cref="Serialize(ILearningRateSchedule)"/> throws <see cref="NotSupportedException"/> naming it (and where it
/// sits in a composition). Write its common cases as <see cref="Triangular2"/> or <see cref="ExpRange"/>, or build it in
/// code. The same holds for schedule classes outside this library. Momentum schedules have no JSON form: build their
/// momentum from the schedule read (a <see cref="CyclicalMomentum"/> over it, <see cref="LinearWarmup.FollowMomentum"/>,
/// or <see cref="OneCycle"/>, which is its own momentum schedule).
/// </para>
/// <para>
/// The serializer is System.Text.Json's source generator (no reflection), so it works trimmed and native-AOT compiled.
/// All members are thread-safe.
/// </para>
/// </remarks>
public static class ScheduleJson
{
    /// <summary>The longest document read: 1 MiB (characters for a string, bytes for a stream).</summary>
    public const int MaxDocumentLength = 1 << 20;

    /// <summary>The deepest nesting of JSON objects and arrays read or written.</summary>
    public const int MaxDepth = 64;

    private static readonly ScheduleJsonContext Reader = new(new JsonSerializerOptions(ScheduleJsonContext.Default.Options) { AllowDuplicateProperties = false });

    // The writer counts one level more than the reader for the same document; ToDocument enforces the reader's limit.
    private static readonly ScheduleJsonContext Compact = new(new JsonSerializerOptions(Reader.Options) { MaxDepth = MaxDepth + 1 });

    private static readonly ScheduleJsonContext Indented = new(new JsonSerializerOptions(Compact.Options) { WriteIndented = true });

    private static readonly string[] KnownTypes =
    [
        nameof(Triangular), nameof(Triangular2), nameof(ExpRange), nameof(FixedDecay), nameof(ConstantSchedule), nameof(StepDecay),
        nameof(MultiStepDecay), nameof(ExponentialDecay), nameof(PolynomialDecay), nameof(CosineAnnealing), nameof(LinearRamp),
        nameof(CosineWarmRestarts), nameof(OneCycle), nameof(LrRangeTest), nameof(LinearWarmup), nameof(SequentialSchedule),
        nameof(ScaledSchedule), nameof(ProductSchedule),
    ];

    /// <summary>Writes a schedule as a compact JSON document.</summary>
    /// <param name="schedule">A built-in schedule, or a composition of built-in schedules.</param>
    /// <returns>The JSON document, on one line; <see cref="Deserialize(string)"/> reads it back to an equal schedule.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="schedule"/> is <see langword="null"/>.</exception>
    /// <exception cref="NotSupportedException">
    /// The schedule, or one it wraps, is a <see cref="CyclicalSchedule"/> (its scale function is code) or not a built-in
    /// schedule; the message names its type and its JSON path.
    /// </exception>
    public static string Serialize(ILearningRateSchedule schedule) => Serialize(schedule, indented: false);

    /// <summary>Writes a schedule as a JSON document.</summary>
    /// <param name="schedule">A built-in schedule, or a composition of built-in schedules.</param>
    /// <param name="indented">Whether to indent the document for people to read.</param>
    /// <returns>The JSON document; <see cref="Deserialize(string)"/> reads it back to an equal schedule.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="schedule"/> is <see langword="null"/>.</exception>
    /// <exception cref="NotSupportedException">
    /// The schedule, or one it wraps, is a <see cref="CyclicalSchedule"/> (its scale function is code) or not a built-in
    /// schedule; the message names its type and its JSON path.
    /// </exception>
    public static string Serialize(ILearningRateSchedule schedule, bool indented)
    {
        Guard.NotNull(schedule);
        var document = ToDocument(schedule, "$", 1);
        return JsonSerializer.Serialize(document, (indented ? Indented : Compact).ScheduleDocument);
    }

    /// <summary>Writes a schedule as a UTF-8 JSON document to a stream.</summary>
    /// <param name="schedule">A built-in schedule, or a composition of built-in schedules.</param>
    /// <param name="utf8Json">The stream to write the compact document to; it is left open.</param>
    /// <exception cref="ArgumentNullException"><paramref name="schedule"/> or <paramref name="utf8Json"/> is <see langword="null"/>.</exception>
    /// <exception cref="NotSupportedException">
    /// The schedule, or one it wraps, is a <see cref="CyclicalSchedule"/> or not a built-in schedule (nothing is written).
    /// </exception>
    public static void Serialize(ILearningRateSchedule schedule, Stream utf8Json)
    {
        Guard.NotNull(schedule);
        Guard.NotNull(utf8Json);
        var document = ToDocument(schedule, "$", 1);
        JsonSerializer.Serialize(utf8Json, document, Compact.ScheduleDocument);
    }

    /// <summary>Reads a schedule from a JSON document.</summary>
    /// <param name="json">The document: one schedule object, at most <see cref="MaxDocumentLength"/> characters.</param>
    /// <returns>The schedule, built through its public constructor.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is <see langword="null"/>.</exception>
    /// <exception cref="JsonException">The document is not a valid schedule; the message and <see cref="JsonException.Path"/> say where.</exception>
    public static ILearningRateSchedule Deserialize(string json)
    {
        Guard.NotNull(json);
        if (json.Length > MaxDocumentLength)
        {
            throw new JsonException(string.Create(CultureInfo.InvariantCulture, $"The schedule document is {json.Length} characters long; at most {MaxDocumentLength} are read."), "$", null, null);
        }

        return FromDocument(Parse(() => JsonSerializer.Deserialize(json, Reader.ScheduleDocument)));
    }

    /// <summary>Reads a schedule from a UTF-8 JSON document in a stream, reading at most <see cref="MaxDocumentLength"/> + 1 bytes.</summary>
    /// <param name="utf8Json">The stream, read to its end; it is left open. A leading UTF-8 byte order mark is skipped.</param>
    /// <returns>The schedule, built through its public constructor.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="utf8Json"/> is <see langword="null"/>.</exception>
    /// <exception cref="JsonException">The document is not a valid schedule, or is longer than <see cref="MaxDocumentLength"/> bytes.</exception>
    public static ILearningRateSchedule Deserialize(Stream utf8Json)
    {
        Guard.NotNull(utf8Json);
        using var document = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = utf8Json.Read(chunk, 0, (int)Math.Min(chunk.Length, MaxDocumentLength + 1 - document.Length))) > 0)
        {
            document.Write(chunk, 0, read);
            if (document.Length > MaxDocumentLength)
            {
                throw new JsonException(string.Create(CultureInfo.InvariantCulture, $"The schedule document is longer than {MaxDocumentLength} bytes."), "$", null, null);
            }
        }

        var bytes = document.GetBuffer().AsMemory(0, (int)document.Length);
        if (bytes.Span.StartsWith(Utf8ByteOrderMark))
        {
            // Written by Windows editors and by File.WriteAllText with Encoding.UTF8; not part of the JSON text.
            bytes = bytes[Utf8ByteOrderMark.Length..];
        }

        return FromDocument(Parse(() => JsonSerializer.Deserialize(bytes.Span, Reader.ScheduleDocument)));
    }

    private static ReadOnlySpan<byte> Utf8ByteOrderMark => [0xEF, 0xBB, 0xBF];

    private static ScheduleDocument Parse(Func<ScheduleDocument?> deserialize)
    {
        ScheduleDocument? document;
        try
        {
            document = deserialize();
        }
        catch (JsonException e)
        {
            // System.Text.Json's message gives the path, line and byte position for most errors; add them where it does not.
            var message = e.Message
                .Replace("System.Nullable`1[System.Double]", "a number", StringComparison.Ordinal)
                .Replace("System.Nullable`1[System.Int64]", "an integer", StringComparison.Ordinal)
                .Replace("System.Nullable`1[System.Boolean]", "true or false", StringComparison.Ordinal)
                .Replace("System.String", "a string", StringComparison.Ordinal)
                .Replace("System.Int64[]", "an array of integers", StringComparison.Ordinal)
                .Replace("System.Int64", "an integer", StringComparison.Ordinal)
                .Replace("CyclicalLR.ScheduleDocument[]", "an array of schedule objects", StringComparison.Ordinal)
                .Replace("CyclicalLR.ScheduleDocument", "a schedule object", StringComparison.Ordinal);
            if (!message.Contains("Path: ", StringComparison.Ordinal))
            {
                message += string.Create(CultureInfo.InvariantCulture, $" Path: {e.Path ?? "$"} | LineNumber: {e.LineNumber} | BytePositionInLine: {e.BytePositionInLine}.");
            }

            throw new JsonException("Invalid schedule document: " + message, e.Path, e.LineNumber, e.BytePositionInLine, e);
        }

        return document ?? throw Error("$", "the document is null; it must be a schedule object.");
    }

    private static ScheduleDocument ToDocument(ILearningRateSchedule schedule, string path, int depth)
    {
        // depth counts JSON objects and arrays as the reader does, so what is written can be read back.
        if (depth > MaxDepth)
        {
            throw new NotSupportedException(string.Create(CultureInfo.InvariantCulture, $"{path}: the schedule is nested deeper than the JSON form allows ({MaxDepth} objects and arrays)."));
        }

        return schedule switch
        {
            Triangular s => new() { Type = nameof(Triangular), BaseLearningRate = s.BaseLearningRate, MaxLearningRate = s.MaxLearningRate, StepSize = s.StepSize, StepSizeDown = s.StepSizeDown },
            Triangular2 s => new() { Type = nameof(Triangular2), BaseLearningRate = s.BaseLearningRate, MaxLearningRate = s.MaxLearningRate, StepSize = s.StepSize, StepSizeDown = s.StepSizeDown },
            ExpRange s => new() { Type = nameof(ExpRange), BaseLearningRate = s.BaseLearningRate, MaxLearningRate = s.MaxLearningRate, StepSize = s.StepSize, StepSizeDown = s.StepSizeDown, Gamma = s.Gamma },
            FixedDecay s => new() { Type = nameof(FixedDecay), BaseLearningRate = s.BaseLearningRate, MaxLearningRate = s.MaxLearningRate, StepSize = s.StepSize },
            ConstantSchedule s => new() { Type = nameof(ConstantSchedule), LearningRate = s.LearningRate },
            StepDecay s => new() { Type = nameof(StepDecay), LearningRate = s.LearningRate, StepSize = s.StepSize, Gamma = s.Gamma },
            MultiStepDecay s => new() { Type = nameof(MultiStepDecay), LearningRate = s.LearningRate, Milestones = [.. s.Milestones], Gamma = s.Gamma },
            ExponentialDecay s => new() { Type = nameof(ExponentialDecay), LearningRate = s.LearningRate, Gamma = s.Gamma },
            PolynomialDecay s => new() { Type = nameof(PolynomialDecay), LearningRate = s.LearningRate, TotalIterations = s.TotalIterations, Power = s.Power },
            CosineAnnealing s => new() { Type = nameof(CosineAnnealing), MaxLearningRate = s.MaxLearningRate, MinLearningRate = s.MinLearningRate, Period = s.Period },
            LinearRamp s => new() { Type = nameof(LinearRamp), StartLearningRate = s.StartLearningRate, EndLearningRate = s.EndLearningRate, Iterations = s.Iterations },
            CosineWarmRestarts s => new()
            {
                Type = nameof(CosineWarmRestarts), MaxLearningRate = s.MaxLearningRate, FirstCycleLength = s.FirstCycleLength,
                CycleLengthMultiplier = s.CycleLengthMultiplier, MinLearningRate = s.MinLearningRate,
            },
            OneCycle s => new()
            {
                Type = nameof(OneCycle), MaxLearningRate = s.MaxLearningRate, TotalSteps = s.TotalSteps, PctStart = s.PctStart,
                AnnealStrategy = s.AnnealStrategy.ToString(), DivFactor = s.DivFactor, FinalDivFactor = s.FinalDivFactor,
                ThreePhase = s.ThreePhase, BaseMomentum = s.BaseMomentum, MaxMomentum = s.MaxMomentum,
            },
            LrRangeTest s => new()
            {
                Type = nameof(LrRangeTest), MinLearningRate = s.MinLearningRate, MaxLearningRate = s.MaxLearningRate, Iterations = s.Iterations,
                Sweep = s.Sweep.ToString(), Metric = s.Metric.ToString(), Smoothing = s.Smoothing, DivergenceThreshold = s.DivergenceThreshold,
                AccuracyDropFraction = s.AccuracyDropFraction, AccuracyDropPatience = s.AccuracyDropPatience,
            },
            LinearWarmup s => new()
            {
                Type = nameof(LinearWarmup), Schedule = ToDocument(s.Schedule, path + ".schedule", depth + 1),
                WarmupIterations = s.WarmupIterations, StartLearningRate = s.StartLearningRate,
            },
            SequentialSchedule s => new()
            {
                Type = nameof(SequentialSchedule), Schedules = ToDocuments(s.Schedules, path, depth), Milestones = [.. s.Milestones],
            },
            ScaledSchedule s => new() { Type = nameof(ScaledSchedule), Schedule = ToDocument(s.Schedule, path + ".schedule", depth + 1), Factor = s.Factor },
            ProductSchedule s => new() { Type = nameof(ProductSchedule), Schedules = ToDocuments(s.Schedules, path, depth) },
            CyclicalSchedule => throw new NotSupportedException(
                $"{path}: a CyclicalSchedule has a scale function, which is code, not configuration: it has no JSON form. Use Triangular2 or ExpRange for the common scales, or build it in code."),
            _ => throw new NotSupportedException(
                $"{path}: {schedule.GetType().FullName} is not one of the library's schedules, so it has no JSON form. Known types: {string.Join(", ", KnownTypes)}."),
        };
    }

    private static ScheduleDocument[] ToDocuments(IReadOnlyList<ILearningRateSchedule> schedules, string path, int depth)
    {
        var documents = new ScheduleDocument[schedules.Count];
        for (var k = 0; k < documents.Length; k++)
        {
            documents[k] = ToDocument(schedules[k], string.Create(CultureInfo.InvariantCulture, $"{path}.schedules[{k}]"), depth + 2);
        }

        return documents;
    }

    private static ILearningRateSchedule FromDocument(ScheduleDocument document) => Build(document, "$");

    private static ILearningRateSchedule Build(ScheduleDocument d, string path)
    {
        var reader = new FieldReader(d, path);
        switch (d.Type)
        {
            case null:
                throw Error(path, $"the schedule has no \"type\"; it must be one of {string.Join(", ", KnownTypes)}.");
            case nameof(Triangular):
                reader.Allow("baseLearningRate", "maxLearningRate", "stepSize", "stepSizeDown");
                return reader.Construct(() => new Triangular(reader.Required(d.BaseLearningRate, "baseLearningRate"), reader.Required(d.MaxLearningRate, "maxLearningRate"), reader.Required(d.StepSize, "stepSize"), d.StepSizeDown));
            case nameof(Triangular2):
                reader.Allow("baseLearningRate", "maxLearningRate", "stepSize", "stepSizeDown");
                return reader.Construct(() => new Triangular2(reader.Required(d.BaseLearningRate, "baseLearningRate"), reader.Required(d.MaxLearningRate, "maxLearningRate"), reader.Required(d.StepSize, "stepSize"), d.StepSizeDown));
            case nameof(ExpRange):
                reader.Allow("baseLearningRate", "maxLearningRate", "stepSize", "gamma", "stepSizeDown");
                return reader.Construct(() => new ExpRange(reader.Required(d.BaseLearningRate, "baseLearningRate"), reader.Required(d.MaxLearningRate, "maxLearningRate"), reader.Required(d.StepSize, "stepSize"), reader.Required(d.Gamma, "gamma"), d.StepSizeDown));
            case nameof(FixedDecay):
                reader.Allow("baseLearningRate", "maxLearningRate", "stepSize");
                return reader.Construct(() => new FixedDecay(reader.Required(d.BaseLearningRate, "baseLearningRate"), reader.Required(d.MaxLearningRate, "maxLearningRate"), reader.Required(d.StepSize, "stepSize")));
            case nameof(ConstantSchedule):
                reader.Allow("learningRate");
                return reader.Construct(() => new ConstantSchedule(reader.Required(d.LearningRate, "learningRate")));
            case nameof(StepDecay):
                reader.Allow("learningRate", "stepSize", "gamma");
                return reader.Construct(() => new StepDecay(reader.Required(d.LearningRate, "learningRate"), reader.Required(d.StepSize, "stepSize"), reader.Required(d.Gamma, "gamma")));
            case nameof(MultiStepDecay):
                reader.Allow("learningRate", "milestones", "gamma");
                return reader.Construct(() => new MultiStepDecay(reader.Required(d.LearningRate, "learningRate"), reader.Required(d.Milestones, "milestones"), reader.Required(d.Gamma, "gamma")));
            case nameof(ExponentialDecay):
                reader.Allow("learningRate", "gamma");
                return reader.Construct(() => new ExponentialDecay(reader.Required(d.LearningRate, "learningRate"), reader.Required(d.Gamma, "gamma")));
            case nameof(PolynomialDecay):
                reader.Allow("learningRate", "totalIterations", "power");
                return reader.Construct(() => new PolynomialDecay(reader.Required(d.LearningRate, "learningRate"), reader.Required(d.TotalIterations, "totalIterations"), d.Power ?? 1));
            case nameof(CosineAnnealing):
                reader.Allow("maxLearningRate", "minLearningRate", "period");
                return reader.Construct(() => new CosineAnnealing(reader.Required(d.MaxLearningRate, "maxLearningRate"), reader.Required(d.MinLearningRate, "minLearningRate"), reader.Required(d.Period, "period")));
            case nameof(LinearRamp):
                reader.Allow("startLearningRate", "endLearningRate", "iterations");
                return reader.Construct(() => new LinearRamp(reader.Required(d.StartLearningRate, "startLearningRate"), reader.Required(d.EndLearningRate, "endLearningRate"), reader.Required(d.Iterations, "iterations")));
            case nameof(CosineWarmRestarts):
                reader.Allow("maxLearningRate", "firstCycleLength", "cycleLengthMultiplier", "minLearningRate");
                return reader.Construct(() => new CosineWarmRestarts(reader.Required(d.MaxLearningRate, "maxLearningRate"), reader.Required(d.FirstCycleLength, "firstCycleLength"), d.CycleLengthMultiplier ?? 1, d.MinLearningRate ?? 0));
            case nameof(OneCycle):
                reader.Allow("maxLearningRate", "totalSteps", "pctStart", "annealStrategy", "divFactor", "finalDivFactor", "threePhase", "baseMomentum", "maxMomentum");
                return reader.Construct(() => new OneCycle(
                    reader.Required(d.MaxLearningRate, "maxLearningRate"),
                    reader.Required(d.TotalSteps, "totalSteps"),
                    d.PctStart ?? 0.3,
                    reader.Enum(d.AnnealStrategy, "annealStrategy", CyclicalLR.AnnealStrategy.Cosine),
                    d.DivFactor ?? 25,
                    d.FinalDivFactor ?? 1e4,
                    d.ThreePhase ?? false,
                    d.BaseMomentum ?? 0.85,
                    d.MaxMomentum ?? 0.95));
            case nameof(LrRangeTest):
                reader.Allow("minLearningRate", "maxLearningRate", "iterations", "sweep", "metric", "smoothing", "divergenceThreshold", "accuracyDropFraction", "accuracyDropPatience");
                return reader.Construct(() => new LrRangeTest(
                    reader.Required(d.MinLearningRate, "minLearningRate"),
                    reader.Required(d.MaxLearningRate, "maxLearningRate"),
                    d.Iterations ?? 100,
                    reader.Enum(d.Sweep, "sweep", RangeTestSweep.Linear),
                    reader.Enum(d.Metric, "metric", RangeTestMetric.Accuracy),
                    d.Smoothing ?? 0.9,
                    d.DivergenceThreshold ?? 4,
                    d.AccuracyDropFraction ?? 0.5,
                    d.AccuracyDropPatience ?? 10));
            case nameof(LinearWarmup):
                reader.Allow("schedule", "warmupIterations", "startLearningRate");
                {
                    var inner = Build(reader.Required(d.Schedule, "schedule"), path + ".schedule");
                    return reader.Construct(() => new LinearWarmup(inner, reader.Required(d.WarmupIterations, "warmupIterations"), reader.Required(d.StartLearningRate, "startLearningRate")));
                }

            case nameof(SequentialSchedule):
                reader.Allow("schedules", "milestones");
                {
                    var parts = BuildAll(reader.Required(d.Schedules, "schedules"), path);
                    return reader.Construct(() => new SequentialSchedule(parts, reader.Required(d.Milestones, "milestones")));
                }

            case nameof(ScaledSchedule):
                reader.Allow("schedule", "factor");
                {
                    var inner = Build(reader.Required(d.Schedule, "schedule"), path + ".schedule");
                    return reader.Construct(() => new ScaledSchedule(inner, reader.Required(d.Factor, "factor")));
                }

            case nameof(ProductSchedule):
                reader.Allow("schedules");
                {
                    var parts = BuildAll(reader.Required(d.Schedules, "schedules"), path);
                    return reader.Construct(() => new ProductSchedule(parts));
                }

            case nameof(CyclicalSchedule):
                throw Error(path + ".type", "a CyclicalSchedule has a scale function, which is code, not configuration: it cannot be read from JSON. Use Triangular2 or ExpRange, or build it in code.");
            default:
                throw Error(path + ".type", $"unknown schedule type \"{d.Type}\"; it must be one of {string.Join(", ", KnownTypes)} (names are case-sensitive).");
        }
    }

    private static ILearningRateSchedule[] BuildAll(ScheduleDocument?[] documents, string path)
    {
        var schedules = new ILearningRateSchedule[documents.Length];
        for (var k = 0; k < documents.Length; k++)
        {
            var itemPath = string.Create(CultureInfo.InvariantCulture, $"{path}.schedules[{k}]");
            schedules[k] = Build(documents[k] ?? throw Error(itemPath, "is null; it must be a schedule object."), itemPath);
        }

        return schedules;
    }

    private static JsonException Error(string path, string message, Exception? inner = null) =>
        new($"Invalid schedule document at {path}: {message}", path, null, null, inner);

    /// <summary>Checks one schedule object's fields against its type and wraps its constructor's checks.</summary>
    private readonly struct FieldReader(ScheduleDocument document, string path)
    {
        public void Allow(params string[] fields)
        {
            foreach (var name in document.PresentFields())
            {
                if (Array.IndexOf(fields, name) < 0)
                {
                    throw Error($"{path}.{name}", $"a {document.Type} has no field \"{name}\"; its fields are {string.Join(", ", fields)}.");
                }
            }
        }

        public T Required<T>(T? value, string name)
            where T : struct => value ?? throw Missing(name);

        public T Required<T>(T? value, string name)
            where T : class => value ?? throw Missing(name);

        public TEnum Enum<TEnum>(string? value, string name, TEnum fallback)
            where TEnum : struct, Enum
        {
            if (value is null)
            {
                return fallback;
            }

            foreach (var candidate in System.Enum.GetValues<TEnum>())
            {
                if (string.Equals(candidate.ToString(), value, StringComparison.Ordinal))
                {
                    return candidate;
                }
            }

            throw Error($"{path}.{name}", $"\"{value}\" is not one of {string.Join(", ", System.Enum.GetNames<TEnum>())}.");
        }

        /// <summary>Runs the constructor; an argument it rejects is reported at the path of that field.</summary>
        public ILearningRateSchedule Construct(Func<ILearningRateSchedule> constructor)
        {
            try
            {
                return constructor();
            }
            catch (ArgumentException e)
            {
                var at = e.ParamName is { Length: > 0 } name ? $"{path}.{name}" : path;
                throw Error(at, e.Message, e);
            }
        }

        private JsonException Missing(string name) =>
            Error(path, $"a {document.Type} needs the field \"{name}\" (missing or null).");
    }
}
