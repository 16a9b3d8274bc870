using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CyclicalLR.Tests;

public sealed class ScheduleJsonTests
{
    private static readonly long[] Probe = [.. Enumerable.Range(0, 64).Select(i => (long)i), 99, 100, 1_000, 12_345, 1_000_000, 1L << 40, long.MaxValue - 1, long.MaxValue];

    /// <summary>One or more instances of every schedule type with a JSON form, optional parameters set away from their defaults.</summary>
    private static readonly Dictionary<string, ILearningRateSchedule> Samples = BuildSamples();

    /// <summary>The first sample of each type, by type name.</summary>
    private static readonly Dictionary<string, ILearningRateSchedule> OnePerType =
        Samples.Values.GroupBy(s => s.GetType().Name).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

    public static TheoryData<string> SampleNames => new(Samples.Keys);

    [Fact]
    public void Samples_CoverEveryPublicScheduleTypeButCyclicalSchedule()
    {
        var types = typeof(ILearningRateSchedule).Assembly.GetExportedTypes()
            .Where(t => t.IsClass && !t.IsAbstract && typeof(ILearningRateSchedule).IsAssignableFrom(t))
            .Where(t => t != typeof(CyclicalSchedule));

        Samples.Values.Select(s => s.GetType()).Distinct().Should().BeEquivalentTo(types, "every built-in schedule has a JSON form and a round-trip test");
        var nestedTypes = Samples.Values.SelectMany(Flatten).Select(s => s.GetType()).ToHashSet();
        nestedTypes.Should().Contain(types, "every type also round-trips inside a composition");
    }

    [Theory]
    [MemberData(nameof(SampleNames))]
    public void Deserialize_SerializedSchedule_EqualScheduleSameTypeParametersAndValues(string name)
    {
        var schedule = Samples[name];

        var json = ScheduleJson.Serialize(schedule);
        var back = ScheduleJson.Deserialize(json);

        back.GetType().Should().Be(schedule.GetType());
        back.Should().NotBeSameAs(schedule);
        ScheduleJson.Serialize(back).Should().Be(json, "the same parameters");
        back.ToString().Should().Be(schedule.ToString());
        foreach (var i in Probe)
        {
            BitConverter.DoubleToInt64Bits(back.GetLearningRate(i)).Should().Be(BitConverter.DoubleToInt64Bits(schedule.GetLearningRate(i)), $"{name} at {i}");
        }

        Flatten(back).Select(s => s.GetType()).Should().Equal(Flatten(schedule).Select(s => s.GetType()));
    }

    [Theory]
    [MemberData(nameof(SampleNames))]
    public void Serialize_EveryConstructorParameter_IsAField(string name)
    {
        // A parameter added to a constructor later must get a JSON field too, or it would be lost in a round trip.
        var schedule = Samples[name];
        using var document = JsonDocument.Parse(ScheduleJson.Serialize(schedule));
        var fields = document.RootElement.EnumerateObject().Select(p => p.Name).ToArray();

        fields[0].Should().Be("type");
        document.RootElement.GetProperty("type").GetString().Should().Be(schedule.GetType().Name);
        var parameters = schedule.GetType().GetConstructors().SelectMany(c => c.GetParameters()).Select(p => p.Name!).Distinct();
        fields.Skip(1).Should().BeEquivalentTo(parameters, $"{schedule.GetType().Name}'s JSON fields are its constructor's parameters");
    }

    [Theory]
    [MemberData(nameof(SampleNames))]
    public void Deserialize_IndentedAndStream_SameSchedule(string name)
    {
        var schedule = Samples[name];
        var compact = ScheduleJson.Serialize(schedule);
        var indented = ScheduleJson.Serialize(schedule, indented: true);
        indented.Should().Contain("\n");

        using var stream = new MemoryStream();
        ScheduleJson.Serialize(schedule, stream);
        Encoding.UTF8.GetString(stream.ToArray()).Should().Be(compact);
        stream.Position = 0;

        ScheduleJson.Serialize(ScheduleJson.Deserialize(stream)).Should().Be(compact);
        ScheduleJson.Serialize(ScheduleJson.Deserialize(indented)).Should().Be(compact);
    }

    [Fact]
    public void Serialize_WarmupCosine_IsTheDocumentedForm()
    {
        var schedule = new LinearWarmup(new CosineAnnealing(0.1, 0, 20), 5, 0.01);

        ScheduleJson.Serialize(schedule).Should().Be(
            """{"type":"LinearWarmup","startLearningRate":0.01,"warmupIterations":5,"schedule":{"type":"CosineAnnealing","maxLearningRate":0.1,"minLearningRate":0,"period":20}}""");
    }

    [Fact]
    public void Deserialize_OptionalFieldsLeftOut_TakeTheConstructorDefaults()
    {
        var oneCycle = (OneCycle)ScheduleJson.Deserialize("""{"type":"OneCycle","maxLearningRate":0.1,"totalSteps":100}""");
        ScheduleJson.Serialize(oneCycle).Should().Be(ScheduleJson.Serialize(new OneCycle(0.1, 100)));

        var sgdr = (CosineWarmRestarts)ScheduleJson.Deserialize("""{ "maxLearningRate": 0.1, "firstCycleLength": 10, "type": "CosineWarmRestarts" }""");
        (sgdr.CycleLengthMultiplier, sgdr.MinLearningRate).Should().Be((1L, 0.0));

        var tri = (Triangular)ScheduleJson.Deserialize("""{"type":"Triangular","baseLearningRate":0.001,"maxLearningRate":0.006,"stepSize":2000,"stepSizeDown":null}""");
        tri.StepSizeDown.Should().Be(2000);
        ((PolynomialDecay)ScheduleJson.Deserialize("""{"type":"PolynomialDecay","learningRate":0.1,"totalIterations":10}""")).Power.Should().Be(1);
        ((LrRangeTest)ScheduleJson.Deserialize("""{"type":"LrRangeTest","minLearningRate":1e-5,"maxLearningRate":1}""")).Iterations.Should().Be(100);
    }

    [Fact]
    public void Serialize_CyclicalSchedule_NotSupportedNamingTypeAndPath()
    {
        var custom = new CyclicalSchedule(0.001, 0.006, 4, static c => 1.0 / c, ScaleMode.Cycle);

        ((Action)(() => ScheduleJson.Serialize(custom))).Should().Throw<NotSupportedException>().WithMessage("$: a CyclicalSchedule has a scale function*");
        var nested = new SequentialSchedule([new ConstantSchedule(0.1), new ScaledSchedule(custom, 2)], [10]);
        ((Action)(() => ScheduleJson.Serialize(nested))).Should().Throw<NotSupportedException>().WithMessage("$.schedules[1].schedule: a CyclicalSchedule*");
        using var stream = new MemoryStream();
        ((Action)(() => ScheduleJson.Serialize(nested, stream))).Should().Throw<NotSupportedException>();
        stream.Length.Should().Be(0, "nothing is written for a schedule without a JSON form");
    }

    [Fact]
    public void Serialize_UserScheduleType_NotSupportedNamingIt()
    {
        ((Action)(() => ScheduleJson.Serialize(new UserSchedule()))).Should().Throw<NotSupportedException>().WithMessage("*ScheduleJsonTests+UserSchedule is not one of the library's schedules*");
    }

    [Fact]
    public void Serialize_Nulls_ThrowNamingParameter()
    {
        ((Action)(() => ScheduleJson.Serialize(null!))).Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("schedule");
        ((Action)(() => ScheduleJson.Serialize(new ConstantSchedule(1), (Stream)null!))).Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("utf8Json");
        ((Action)(() => ScheduleJson.Deserialize((string)null!))).Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("json");
        ((Action)(() => ScheduleJson.Deserialize((Stream)null!))).Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("utf8Json");
    }

    /// <summary>Malformed documents: each fails with a <see cref="JsonException"/> whose path and message say where and what.</summary>
    public static TheoryData<string, string, string, string> Malformed => new()
    {
        { "empty", "", "$", "*Invalid schedule document*" },
        { "not JSON", "Triangular(0.001, 0.006, 2000)", "$", "*LineNumber: 0*" },
        { "null document", "null", "$", "*the document is null*" },
        { "array", "[]", "$", "*could not be converted to a schedule object. Path: $ | LineNumber: 0*" },
        { "no type", """{"learningRate":0.1}""", "$", "*has no \"type\"*" },
        { "unknown type", """{"type":"Cosine","maxLearningRate":0.1}""", "$.type", "*unknown schedule type \"Cosine\"*CosineAnnealing*" },
        { "type case", """{"type":"triangular","baseLearningRate":0.1,"maxLearningRate":0.2,"stepSize":4}""", "$.type", "*case-sensitive*" },
        { "type not string", """{"type":3}""", "$.type", "*could not be converted to a string. Path: $.type | LineNumber*" },
        { "CyclicalSchedule", """{"type":"CyclicalSchedule","baseLearningRate":0.1,"maxLearningRate":0.2,"stepSize":4}""", "$.type", "*scale function*code*" },
        { "missing field", """{"type":"StepDecay","learningRate":0.1,"gamma":0.5}""", "$", "*StepDecay needs the field \"stepSize\"*" },
        { "null required", """{"type":"StepDecay","learningRate":null,"stepSize":3,"gamma":0.5}""", "$", "*needs the field \"learningRate\"*" },
        { "field of another type", """{"type":"ConstantSchedule","learningRate":0.1,"gamma":0.5}""", "$.gamma", "*ConstantSchedule has no field \"gamma\"*" },
        { "unknown field", """{"type":"ConstantSchedule","learningRate":0.1,"lr":0.5}""", "$", "*'lr'*Path: $*LineNumber: 0*" },
        { "field name case", """{"type":"ConstantSchedule","LearningRate":0.1}""", "$", "*LearningRate*" },
        { "duplicate field", """{"type":"ConstantSchedule","learningRate":0.1,"learningRate":0.2}""", "$", "*Duplicate*Path: $*" },
        { "string for number", """{"type":"ConstantSchedule","learningRate":"0.1"}""", "$.learningRate", "*could not be converted to a number*LineNumber: 0*" },
        { "fraction for integer", """{"type":"StepDecay","learningRate":0.1,"stepSize":2.5,"gamma":0.5}""", "$.stepSize", "*could not be converted to an integer*" },
        { "integer too big", """{"type":"StepDecay","learningRate":0.1,"stepSize":9223372036854775808,"gamma":0.5}""", "$.stepSize", "*Invalid schedule document*" },
        { "NaN literal", """{"type":"ConstantSchedule","learningRate":NaN}""", "$.learningRate", "*Invalid schedule document*" },
        { "NaN string", """{"type":"ConstantSchedule","learningRate":"NaN"}""", "$.learningRate", "*Invalid schedule document*" },
        { "NaN threshold", """{"type":"LrRangeTest","minLearningRate":1e-5,"maxLearningRate":1,"divergenceThreshold":"NaN"}""", "$.divergenceThreshold", "*divergenceThreshold*NaN*" },
        { "NaN accuracy drop", """{"type":"LrRangeTest","minLearningRate":1e-5,"maxLearningRate":1,"accuracyDropFraction":"NaN"}""", "$.accuracyDropFraction", "*accuracyDropFraction*NaN*" },
        { "zero patience", """{"type":"LrRangeTest","minLearningRate":1e-5,"maxLearningRate":1,"accuracyDropPatience":0}""", "$.accuracyDropPatience", "*accuracyDropPatience*" },
        { "bad sweep", """{"type":"LrRangeTest","minLearningRate":1e-5,"maxLearningRate":1,"sweep":"1"}""", "$.sweep", "*\"1\" is not one of Linear, Exponential*" },
        { "overflowing double", """{"type":"ConstantSchedule","learningRate":1e400}""", "$.learningRate", "*" },
        { "negative rate", """{"type":"ConstantSchedule","learningRate":-0.1}""", "$.learningRate", "*learningRate must be*-0.1*" },
        { "gamma out of range", """{"type":"SequentialSchedule","milestones":[5],"schedules":[{"type":"ConstantSchedule","learningRate":0.1},{"type":"ExpRange","baseLearningRate":0.001,"maxLearningRate":0.006,"stepSize":4,"gamma":1.5}]}""", "$.schedules[1].gamma", "*gamma*1.5*" },
        { "max below base", """{"type":"Triangular","baseLearningRate":0.5,"maxLearningRate":0.25,"stepSize":4}""", "$.maxLearningRate", "*0.5*0.25*" },
        { "zero step", """{"type":"ScaledSchedule","factor":2,"schedule":{"type":"Triangular","baseLearningRate":0.1,"maxLearningRate":0.2,"stepSize":0}}""", "$.schedule.stepSize", "*stepSize*" },
        { "milestones unordered", """{"type":"SequentialSchedule","milestones":[5,3],"schedules":[{"type":"ConstantSchedule","learningRate":0.1},{"type":"ConstantSchedule","learningRate":0.2},{"type":"ConstantSchedule","learningRate":0.3}]}""", "$.milestones", "*strictly increasing*" },
        { "milestone count", """{"type":"SequentialSchedule","milestones":[],"schedules":[{"type":"ConstantSchedule","learningRate":0.1},{"type":"ConstantSchedule","learningRate":0.2}]}""", "$.milestones", "*one milestone fewer*" },
        { "null in schedules", """{"type":"ProductSchedule","schedules":[{"type":"ConstantSchedule","learningRate":0.1},null]}""", "$.schedules[1]", "*is null*" },
        { "empty schedules", """{"type":"ProductSchedule","schedules":[]}""", "$.schedules", "*at least one*" },
        { "schedule not object", """{"type":"LinearWarmup","schedule":5,"warmupIterations":5,"startLearningRate":0}""", "$.schedule", "*could not be converted to a schedule object. Path: $.schedule |*" },
        { "schedules not array", """{"type":"ProductSchedule","schedules":5}""", "$.schedules", "*could not be converted to an array of schedule objects. Path: $.schedules |*" },
        { "schedules item not object", """{"type":"ProductSchedule","schedules":[5]}""", "$.schedules[0]", "*could not be converted to a schedule object. Path: $.schedules[0] |*" },
        { "milestones not array", """{"type":"MultiStepDecay","learningRate":0.1,"milestones":5,"gamma":0.5}""", "$.milestones", "*could not be converted to an array of integers. Path: $.milestones |*" },
        { "milestone fraction", """{"type":"MultiStepDecay","learningRate":0.1,"milestones":[1.5],"gamma":0.5}""", "$.milestones[0]", "*could not be converted to an integer. Path: $.milestones[0] |*" },
        { "bad metric", """{"type":"LrRangeTest","minLearningRate":1e-5,"maxLearningRate":1,"metric":"loss"}""", "$.metric", "*at $.metric: \"loss\" is not one of Accuracy, Loss*" },
        { "nested missing", """{"type":"LinearWarmup","schedule":{"type":"CosineAnnealing","maxLearningRate":0.1,"period":20},"warmupIterations":5,"startLearningRate":0}""", "$.schedule", "*CosineAnnealing needs the field \"minLearningRate\"*" },
        { "bad enum name", """{"type":"OneCycle","maxLearningRate":0.1,"totalSteps":100,"annealStrategy":"cos"}""", "$.annealStrategy", "*\"cos\" is not one of Cosine, Linear*" },
        { "enum as number", """{"type":"OneCycle","maxLearningRate":0.1,"totalSteps":100,"annealStrategy":1}""", "$.annealStrategy", "*Invalid schedule document*" },
        { "bool as number", """{"type":"OneCycle","maxLearningRate":0.1,"totalSteps":100,"threePhase":1}""", "$.threePhase", "*could not be converted to true or false. Path: $.threePhase |*" },
        { "trailing garbage", """{"type":"ConstantSchedule","learningRate":0.1} x""", "$", "*Invalid schedule document*" },
        { "second document", """{"type":"ConstantSchedule","learningRate":0.1}{"type":"ConstantSchedule","learningRate":0.1}""", "$", "*Invalid schedule document*" },
        { "trailing comma", """{"type":"ConstantSchedule","learningRate":0.1,}""", "$", "*Invalid schedule document*" },
        { "comment", """{"type":"ConstantSchedule", /* lr */ "learningRate":0.1}""", "$", "*Invalid schedule document*" },
        { "truncated", """{"type":"ConstantSchedule","learningRate":0.""", "$.learningRate", "*Invalid schedule document*" },
        { "deep nesting", DeepWarmups(ScheduleJson.MaxDepth), "$", "*depth*" },
        { "deep arrays", new string('[', 10_000) + new string(']', 10_000), "$", "*Invalid schedule document*" },
        { "deep objects in a field", """{"type":"ConstantSchedule","learningRate":0.1,"x":""" + string.Concat(Enumerable.Repeat("{\"a\":", 10_000)), "$", "*Invalid schedule document*" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Deserialize_MalformedDocument_ThrowsJsonExceptionSayingWhere(string name, string json, string path, string message)
    {
        var act = () => ScheduleJson.Deserialize(json);

        var exception = act.Should().Throw<JsonException>(name).Which;
        exception.Path.Should().StartWith(path, name);
        exception.Message.Should().Match(message, name);
        exception.Message.Should().NotContainAny(["System.", "CyclicalLR."], "the message speaks JSON, not .NET type names");
        exception.Message.Split("Path: ").Should().HaveCountLessThanOrEqualTo(2, "the place is given once");
        exception.Message.Should().ContainAny([$"Path: {exception.Path} | LineNumber: ", $"at {exception.Path}: "], "the message names the place");

        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));
        ((Action)(() => ScheduleJson.Deserialize(stream))).Should().Throw<JsonException>(name).Which.Path.Should().Be(exception.Path);
    }

    /// <summary>Every constructor parameter of every type with a JSON form, as (type, field).</summary>
    public static TheoryData<string, string> EveryField
    {
        get
        {
            var rows = new TheoryData<string, string>();
            foreach (var (type, schedule) in OnePerType)
            {
                foreach (var name in schedule.GetType().GetConstructors().SelectMany(c => c.GetParameters()).Select(p => p.Name!).Distinct())
                {
                    rows.Add(type, name);
                }
            }

            return rows;
        }
    }

    [Theory]
    [MemberData(nameof(EveryField))]
    public void Deserialize_FieldLeftOut_RequiredOneNamedOptionalOneTakesTheConstructorDefault(string type, string field)
    {
        var schedule = OnePerType[type];
        var node = JsonNode.Parse(ScheduleJson.Serialize(schedule))!.AsObject();
        node.Remove(field).Should().BeTrue();
        var parameter = schedule.GetType().GetConstructors().SelectMany(c => c.GetParameters()).First(p => p.Name == field);

        var act = () => ScheduleJson.Deserialize(node.ToJsonString());

        if (!parameter.HasDefaultValue)
        {
            var exception = act.Should().Throw<JsonException>().Which;
            exception.Path.Should().Be("$");
            exception.Message.Should().Be($"Invalid schedule document at $: a {type} needs the field \"{field}\" (missing or null).");
            return;
        }

        var back = JsonNode.Parse(ScheduleJson.Serialize(act()))!.AsObject();
        back.ContainsKey(field).Should().BeTrue("Serialize writes every field");
        var expected = parameter.DefaultValue switch
        {
            null => back["stepSize"]!.ToJsonString(), // stepSizeDown: null means the same as stepSize
            Enum e => JsonSerializer.Serialize(e.ToString()),
            var value => JsonSerializer.Serialize(value),
        };
        back[field]!.ToJsonString().Should().Be(expected, $"{type}.{field} left out takes the constructor's default");
    }

    public static TheoryData<string> TypeNames => new(OnePerType.Keys);

    [Theory]
    [MemberData(nameof(TypeNames))]
    public void Deserialize_FieldOfAnotherType_RejectedNamingTypeFieldAndItsFields(string type)
    {
        var schedule = OnePerType[type];
        var parameters = schedule.GetType().GetConstructors().SelectMany(c => c.GetParameters()).Select(p => p.Name!).Distinct().ToArray();
        var foreign = new[] { "gamma", "factor" }.First(f => !parameters.Contains(f));
        var node = JsonNode.Parse(ScheduleJson.Serialize(schedule))!.AsObject();
        node[foreign] = 0.5;

        var exception = ((Action)(() => ScheduleJson.Deserialize(node.ToJsonString()))).Should().Throw<JsonException>().Which;

        exception.Path.Should().Be($"$.{foreign}");
        exception.Message.Should().StartWith($"Invalid schedule document at $.{foreign}: a {type} has no field \"{foreign}\"; its fields are ");
        foreach (var parameter in parameters)
        {
            exception.Message.Should().Contain(parameter);
        }
    }

    [Fact]
    public void Serialize_ToStream_NullsCheckedFirstAndPathNamed()
    {
        var custom = new CyclicalSchedule(0.001, 0.006, 4, static c => 1.0 / c, ScaleMode.Cycle);

        ((Action)(() => ScheduleJson.Serialize(null!, new MemoryStream()))).Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("schedule");
        ((Action)(() => ScheduleJson.Serialize(custom, (Stream)null!))).Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("utf8Json");
        using var stream = new MemoryStream();
        ((Action)(() => ScheduleJson.Serialize(new ScaledSchedule(custom, 2), stream))).Should().Throw<NotSupportedException>().WithMessage("$.schedule: a CyclicalSchedule*");
    }

    [Fact]
    public void Deserialize_StreamAtTheLimit_ReadInPiecesAndOneByteMoreRejected()
    {
        var atLimit = Encoding.UTF8.GetBytes("""{"type":"ConstantSchedule","learningRate":0.1}""".PadRight(ScheduleJson.MaxDocumentLength));
        atLimit.Should().HaveCount(ScheduleJson.MaxDocumentLength);
        using (var trickle = new Sgd.TrickleStream(new MemoryStream(atLimit)))
        {
            ScheduleJson.Deserialize(trickle).GetLearningRate(0).Should().Be(0.1);
            trickle.BytesRead.Should().Be(ScheduleJson.MaxDocumentLength);
        }

        using var over = new MemoryStream([.. atLimit, (byte)' ']);
        ((Action)(() => ScheduleJson.Deserialize(over))).Should().Throw<JsonException>().WithMessage("The schedule document is longer than 1048576 bytes.")
            .Which.Path.Should().Be("$");
        var overString = Encoding.UTF8.GetString(atLimit) + " ";
        ((Action)(() => ScheduleJson.Deserialize(overString))).Should().Throw<JsonException>()
            .WithMessage("The schedule document is 1048577 characters long; at most 1048576 are read.").Which.Path.Should().Be("$");
    }

    [Fact]
    public void Deserialize_StreamWithUtf8ByteOrderMark_ReadsTheDocumentAfterIt()
    {
        var path = Path.Combine(Path.GetTempPath(), $"schedule-{Guid.NewGuid():N}.json");
        try
        {
            File.WriteAllText(path, """{"type":"StepDecay","learningRate":0.1,"stepSize":30,"gamma":0.5}""", Encoding.UTF8);
            File.ReadAllBytes(path).Take(3).Should().Equal([0xEF, 0xBB, 0xBF], "Encoding.UTF8 writes a byte order mark");
            using var file = File.OpenRead(path);
            ScheduleJson.Serialize(ScheduleJson.Deserialize(file)).Should().Be(ScheduleJson.Serialize(new StepDecay(0.1, 30, 0.5)));
        }
        finally
        {
            File.Delete(path);
        }

        // Only one mark, and only at the start: anything else is not JSON.
        byte[] mark = [0xEF, 0xBB, 0xBF];
        var json = Encoding.UTF8.GetBytes("""{"type":"ConstantSchedule","learningRate":0.1}""");
        foreach (var bytes in new byte[][] { [.. mark, .. mark, .. json], [(byte)' ', .. mark, .. json], [.. json[..1], .. mark, .. json[1..]] })
        {
            using var stream = new MemoryStream(bytes);
            ((Action)(() => ScheduleJson.Deserialize(stream))).Should().Throw<JsonException>().WithMessage("Invalid schedule document: *0xEF*");
        }
    }

    [Fact]
    public void Deserialize_ConstructorRejectsValue_InnerExceptionIsTheConstructors()
    {
        var act = () => ScheduleJson.Deserialize("""{"type":"ExponentialDecay","learningRate":0.1,"gamma":-1}""");

        var exception = act.Should().Throw<JsonException>().Which;
        exception.Path.Should().Be("$.gamma");
        exception.InnerException.Should().BeOfType<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("gamma");
    }

    [Fact]
    public void Deserialize_DeepestNesting_ReadsAndWritesBack()
    {
        var schedule = ScheduleJson.Deserialize(DeepWarmups(ScheduleJson.MaxDepth - 1));

        Flatten(schedule).Should().HaveCount(ScheduleJson.MaxDepth);
        ScheduleJson.Deserialize(ScheduleJson.Serialize(schedule)).GetLearningRate(100).Should().Be(schedule.GetLearningRate(100));
    }

    [Fact]
    public void Deserialize_HugeInput_RejectedBeforeParsing()
    {
        var huge = """{"type":"ConstantSchedule","learningRate":0.1}""" + new string(' ', ScheduleJson.MaxDocumentLength);
        ((Action)(() => ScheduleJson.Deserialize(huge))).Should().Throw<JsonException>().WithMessage("*at most 1048576*");

        using var endless = new EndlessStream();
        ((Action)(() => ScheduleJson.Deserialize(endless))).Should().Throw<JsonException>().WithMessage("*longer than 1048576 bytes*");
        endless.BytesRead.Should().BeLessThanOrEqualTo(ScheduleJson.MaxDocumentLength + 1);

        // A document at the limit is read (white space is fine).
        var atLimit = """{"type":"ConstantSchedule","learningRate":0.1}""".PadRight(ScheduleJson.MaxDocumentLength);
        ScheduleJson.Deserialize(atLimit).GetLearningRate(0).Should().Be(0.1);
    }

    [Fact]
    public void Serialize_WarmupsTooDeep_NotSupported()
    {
        ILearningRateSchedule schedule = new ConstantSchedule(0.1);
        for (var i = 0; i < ScheduleJson.MaxDepth - 1; i++)
        {
            schedule = new LinearWarmup(schedule, 2, 0);
        }

        ScheduleJson.Deserialize(ScheduleJson.Serialize(schedule)).Should().BeOfType<LinearWarmup>();
        var deeper = new LinearWarmup(schedule, 2, 0);
        ((Action)(() => ScheduleJson.Serialize(deeper))).Should().Throw<NotSupportedException>()
            .WithMessage($"${string.Concat(Enumerable.Repeat(".schedule", ScheduleJson.MaxDepth))}: the schedule is nested deeper than the JSON form allows (64 objects and arrays).");
    }

    [Fact]
    public void Serialize_CyclicalScheduleInsideEachWrapper_PathNamesWhereItSits()
    {
        var custom = new CyclicalSchedule(0.001, 0.006, 4, static c => 1.0 / c, ScaleMode.Cycle);

        ((Action)(() => ScheduleJson.Serialize(new LinearWarmup(custom, 5, 0)))).Should().Throw<NotSupportedException>().WithMessage("$.schedule: a CyclicalSchedule*");
        ((Action)(() => ScheduleJson.Serialize(new ProductSchedule([new ConstantSchedule(1), custom])))).Should().Throw<NotSupportedException>().WithMessage("$.schedules[1]: a CyclicalSchedule*");
        ((Action)(() => ScheduleJson.Serialize(new ScaledSchedule(new UserSchedule(), 2)))).Should().Throw<NotSupportedException>()
            .WithMessage("$.schedule: *UserSchedule is not one of the library's schedules, so it has no JSON form. Known types: Triangular, Triangular2, ExpRange, *, ProductSchedule.");
    }

    [Fact]
    public void Serialize_TooDeep_NotSupported()
    {
        ILearningRateSchedule schedule = new ConstantSchedule(0.1);
        for (var i = 0; i < ScheduleJson.MaxDepth - 1; i++)
        {
            schedule = new ScaledSchedule(schedule, 1);
        }

        ScheduleJson.Deserialize(ScheduleJson.Serialize(schedule)).Should().BeOfType<ScaledSchedule>();
        var deeper = new ScaledSchedule(schedule, 1);
        ((Action)(() => ScheduleJson.Serialize(deeper))).Should().Throw<NotSupportedException>().WithMessage("*nested deeper than*");
        var deepJoin = new SequentialSchedule([new ConstantSchedule(1), schedule], [1]);
        ((Action)(() => ScheduleJson.Serialize(deepJoin))).Should().Throw<NotSupportedException>().WithMessage("$.schedules[1]*nested deeper than*");
    }

    private static string DeepWarmups(int depth)
    {
        var json = """{"type":"ConstantSchedule","learningRate":0.1}""";
        for (var i = 0; i < depth; i++)
        {
            json = $$"""{"type":"LinearWarmup","warmupIterations":2,"startLearningRate":0,"schedule":{{json}}}""";
        }

        return json;
    }

    private static IEnumerable<ILearningRateSchedule> Flatten(ILearningRateSchedule schedule)
    {
        yield return schedule;
        var children = schedule switch
        {
            LinearWarmup w => [w.Schedule],
            ScaledSchedule s => [s.Schedule],
            SequentialSchedule q => q.Schedules,
            ProductSchedule p => p.Schedules,
            _ => (IEnumerable<ILearningRateSchedule>)[],
        };
        foreach (var child in children.SelectMany(Flatten))
        {
            yield return child;
        }
    }

    private static Dictionary<string, ILearningRateSchedule> BuildSamples()
    {
        ILearningRateSchedule[] leaves =
        [
            new Triangular(0.001, 0.006, 2000),
            new Triangular(0.1 + 0.2, 1.0 / 3, 5, 3),
            new Triangular2(0.001, 0.01, 2, 5),
            new ExpRange(0.001, 0.01, 3, 0.99994, 6),
            new FixedDecay(0.001, 0.006, 8),
            new ConstantSchedule(0.01),
            new StepDecay(0.1, 30, 0.1),
            new MultiStepDecay(0.05, [80, 30, 30], 0.5),
            new ExponentialDecay(0.1, 0.95),
            new PolynomialDecay(0.1, 50, 2),
            new CosineAnnealing(0.1, 0.001, 50),
            new LinearRamp(0.1, 0.0, 7),
            new CosineWarmRestarts(0.1, 5, 2, 0.001),
            new OneCycle(0.5, 77, 0.25, AnnealStrategy.Linear, 10, 100, threePhase: true, baseMomentum: 0.8, maxMomentum: 0.9),
            new OneCycle(0.1, 100),
            new LrRangeTest(1e-6, 10.0, 37, RangeTestSweep.Exponential, RangeTestMetric.Loss, 0.5, 3),
            new LrRangeTest(1e-4, 0.02, 50, RangeTestSweep.Linear, RangeTestMetric.Accuracy, 0.0, double.PositiveInfinity),
            new LrRangeTest(1e-4, 0.02, 50, RangeTestSweep.Linear, RangeTestMetric.Accuracy, 0.9, 4, accuracyDropFraction: 0.25, accuracyDropPatience: 3),
            new LrRangeTest(1e-4, 0.02, 50, RangeTestSweep.Linear, RangeTestMetric.Accuracy, 0.9, 4, accuracyDropFraction: double.PositiveInfinity),
            new LinearWarmup(new CosineAnnealing(0.1, 0, 20), 5, 0.01),
            new SequentialSchedule([new LinearRamp(0.0, 0.1, 10), new CosineWarmRestarts(0.1, 10)], [10]),
            new ScaledSchedule(new Triangular(0.001, 0.006, 4), 0.1),
            new ProductSchedule([new ExponentialDecay(0.1, 0.9), new StepDecay(1, 3, 0.5)]),
        ];
        var samples = leaves.ToDictionary(s => s.ToString()!, StringComparer.Ordinal);

        // Every leaf inside every wrapper, and wrappers inside wrappers.
        var nested = new SequentialSchedule(leaves, [.. Enumerable.Range(1, leaves.Length - 1).Select(k => 10L * k)]);
        var all = new ILearningRateSchedule[]
        {
            nested,
            new ProductSchedule(leaves),
            new LinearWarmup(new ScaledSchedule(new ProductSchedule([nested, new ConstantSchedule(2)]), 0.5), 100, 0),
        };
        foreach (var s in all)
        {
            samples.Add(s.ToString()!, s);
        }

        return samples;
    }

    private sealed class UserSchedule : ILearningRateSchedule
    {
        public double GetLearningRate(long iteration) => 0.1;
    }

    private sealed class EndlessStream : Stream
    {
        public long BytesRead { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            buffer.AsSpan(offset, count).Fill((byte)' ');
            BytesRead += count;
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
