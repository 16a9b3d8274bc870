using System.Collections;
using System.Globalization;
using System.Reflection;

namespace CyclicalLR.Tests;

/// <summary>
/// The constructor contract of every schedule type, found by reflection over the assembly so that a new type cannot
/// be forgotten: each public constructor has a row of valid arguments in <see cref="ValidArguments"/> (types that wrap
/// a schedule take theirs from the same table), and from that row every parameter is replaced in turn by each bad
/// value of its type (NaN of both signs, infinities, negatives, 0 and <see cref="long.MinValue"/> for sizes, undefined
/// enum values, null), which must throw naming that parameter. Every parameter is exposed as a get-only property,
/// every huge value is either rejected or gives finite values, and <c>ToString()</c> shows every parameter, invariantly.
/// </summary>
public sealed class ScheduleConstructorContractTests
{
    private static readonly ICyclicalSchedule Inner = new Triangular(0.001, 0.01, 4, 3);

    /// <summary>
    /// One row of valid arguments per public constructor, keyed <c>Type(param, ...)</c>. Wrappers get an inner
    /// schedule here: this is the factory table for types that need one.
    /// </summary>
    private static readonly Dictionary<string, object?[]> ValidArguments = new(StringComparer.Ordinal)
    {
        ["Triangular(baseLearningRate, maxLearningRate, stepSize, stepSizeDown)"] = [0.001, 0.01, 4L, 3L],
        ["Triangular2(baseLearningRate, maxLearningRate, stepSize, stepSizeDown)"] = [0.001, 0.01, 4L, 3L],
        ["ExpRange(baseLearningRate, maxLearningRate, stepSize, gamma, stepSizeDown)"] = [0.001, 0.01, 4L, 0.99, 3L],
        ["CyclicalSchedule(baseLearningRate, maxLearningRate, stepSize, scale, scaleMode, stepSizeDown)"] =
            [0.001, 0.01, 4L, new Func<long, double>(static x => 1.0 / x), ScaleMode.Cycle, 3L],
        ["FixedDecay(baseLearningRate, maxLearningRate, stepSize)"] = [0.001, 0.01, 8L],
        ["CyclicalMomentum(schedule, baseMomentum, maxMomentum)"] = [Inner, 0.85, 0.95],
        ["LrRangeTest(minLearningRate, maxLearningRate, iterations, sweep, metric, smoothing, divergenceThreshold, accuracyDropFraction, accuracyDropPatience)"] =
            [1e-5, 1.0, 100L, RangeTestSweep.Exponential, RangeTestMetric.Loss, 0.9, 4.0, 0.25, 7L],
        ["ConstantSchedule(learningRate)"] = [0.01],
        ["StepDecay(learningRate, stepSize, gamma)"] = [0.1, 30L, 0.1],
        ["MultiStepDecay(learningRate, milestones, gamma)"] = [0.05, new long[] { 80, 30, 30 }, 0.1],
        ["ExponentialDecay(learningRate, gamma)"] = [0.1, 0.95],
        ["PolynomialDecay(learningRate, totalIterations, power)"] = [0.1, 50L, 2.0],
        ["CosineAnnealing(maxLearningRate, minLearningRate, period)"] = [0.1, 0.001, 50L],
        ["LinearRamp(startLearningRate, endLearningRate, iterations)"] = [0.001, 0.1, 10L],
        ["CosineWarmRestarts(maxLearningRate, firstCycleLength, cycleLengthMultiplier, minLearningRate)"] = [0.1, 5L, 2L, 0.001],
        ["OneCycle(maxLearningRate, totalSteps, pctStart, annealStrategy, divFactor, finalDivFactor, threePhase, baseMomentum, maxMomentum)"] =
            [0.5, 77L, 0.25, AnnealStrategy.Linear, 10.0, 100.0, true, 0.8, 0.9],
        ["LinearWarmup(schedule, warmupIterations, startLearningRate)"] = [Inner, 5L, 0.0001],
        ["SequentialSchedule(schedules, milestones)"] = [new ILearningRateSchedule[] { Inner, new ConstantSchedule(0.1) }, new long[] { 5 }],
        ["ScaledSchedule(schedule, factor)"] = [Inner, 0.5],
        ["ProductSchedule(schedules)"] = [new ILearningRateSchedule[] { Inner, new ConstantSchedule(0.5) }],
        ["MomentumWarmup(momentum, warmupIterations, startMomentum)"] = [new CyclicalMomentum(Inner, 0.85, 0.95), 5L, 0.5],
        ["SequentialMomentum(schedules, milestones)"] = [new IMomentumSchedule[] { new CyclicalMomentum(Inner, 0.85, 0.95), new CyclicalMomentum(Inner, 0.8, 0.9) }, new long[] { 7 }],
    };

    /// <summary>Bad values a parameter documents as allowed (checked in the type's own tests).</summary>
    private static readonly HashSet<string> AllowedExceptions = new(StringComparer.Ordinal)
    {
        "LrRangeTest.divergenceThreshold=+Infinity", // documented: turns the divergence check off
        "LrRangeTest.accuracyDropFraction=+Infinity", // documented: turns the accuracy-drop check off
    };

    private static readonly IReadOnlyDictionary<string, long> BadSizes = new Dictionary<string, long>
    {
        ["0"] = 0,
        ["-1"] = -1,
        ["long.MinValue"] = long.MinValue,
    };

    public static TheoryData<string> ConstructorKeys => new(ValidArguments.Keys);

    public static TheoryData<string, string, string> BadArguments
    {
        get
        {
            var data = new TheoryData<string, string, string>();
            foreach (var (key, ctor) in PublicConstructors())
            {
                foreach (var p in ctor.GetParameters())
                {
                    foreach (var name in BadValueNames(p.ParameterType))
                    {
                        if (!AllowedExceptions.Contains($"{ctor.DeclaringType!.Name}.{p.Name}={name}"))
                        {
                            data.Add(key, p.Name!, name);
                        }
                    }
                }
            }

            return data;
        }
    }

    public static TheoryData<string, string> HugeArguments
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var (key, ctor) in PublicConstructors())
            {
                foreach (var p in ctor.GetParameters().Where(p => Underlying(p.ParameterType) is var t && (t == typeof(long) || t == typeof(double))))
                {
                    data.Add(key, p.Name!);
                }
            }

            return data;
        }
    }

    [Fact]
    public void ValidArguments_CoverEveryPublicConstructorOfEveryScheduleType()
    {
        var keys = PublicConstructors().Select(c => c.Key).ToArray();

        keys.Should().NotBeEmpty();
        ValidArguments.Keys.Should().BeEquivalentTo(keys, "every schedule constructor needs a row of valid arguments (wrappers: a factory for their inner schedule)");
        foreach (var type in ScheduleTypes())
        {
            type.IsSealed.Should().BeTrue($"{type.Name} is a sealed class");
        }
    }

    [Theory]
    [MemberData(nameof(ConstructorKeys))]
    public void Constructor_ValidArguments_BuildsAScheduleWithEveryParameterAsAGetOnlyProperty(string key)
    {
        var (ctor, args) = Resolve(key);
        var schedule = ctor.Invoke(args);

        foreach (var (p, arg) in ctor.GetParameters().Zip(args))
        {
            var property = ctor.DeclaringType!.GetProperty(char.ToUpperInvariant(p.Name![0]) + p.Name[1..], BindingFlags.Public | BindingFlags.Instance);
            property.Should().NotBeNull($"{key}: parameter {p.Name} is exposed for serialization");
            property!.SetMethod.Should().BeNull($"{key}: {property.Name} is get-only");
            var value = property.GetValue(schedule);
            if (arg is IEnumerable<long> sequence)
            {
                ((IEnumerable<long>)value!).Should().BeEquivalentTo(sequence, $"{key}: {property.Name}");
            }
            else if (arg is IEnumerable parts)
            {
                // A wrapper's list of schedules: the same instances, in order.
                ((IEnumerable)value!).Cast<object>().Should().Equal(parts.Cast<object>(), ReferenceEquals, $"{key}: {property.Name}");
            }
            else
            {
                value.Should().Be(arg, $"{key}: {property.Name}");
            }
        }

        ctor.DeclaringType!.GetProperties(BindingFlags.Public | BindingFlags.Instance).Should().OnlyContain(q => q.SetMethod == null || !q.SetMethod.IsPublic);
    }

    [Theory]
    [MemberData(nameof(ConstructorKeys))]
    public void ToString_ValidArguments_NamesTheTypeAndEveryParameterInvariantly(string key)
    {
        var (ctor, args) = Resolve(key);
        var schedule = ctor.Invoke(args);

        var text = schedule.ToString()!;
        var commaCulture = TestValues.WithCulture(TestValues.CommaDecimalCulture(), () => ctor.Invoke(args).ToString());

        text.Should().StartWith(ctor.DeclaringType!.Name + "(").And.EndWith(")");
        commaCulture.Should().Be(text);
        foreach (var (p, arg) in ctor.GetParameters().Zip(args))
        {
            if (arg is Delegate)
            {
                continue;
            }

            text.Should().Contain($"{p.Name}: ", $"{key} shows {p.Name}");
            if (arg is double d)
            {
                text.Should().Contain($"{p.Name}: {d.ToString("R", CultureInfo.InvariantCulture)}");
            }
            else if (arg is long or Enum)
            {
                text.Should().Contain($"{p.Name}: {Convert.ToString(arg, CultureInfo.InvariantCulture)}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(BadArguments))]
    public void Constructor_BadArgument_ThrowsNamingTheParameter(string key, string parameter, string value)
    {
        var (ctor, args) = Resolve(key);
        var index = Array.FindIndex(ctor.GetParameters(), p => p.Name == parameter);
        args[index] = BadValue(ctor.GetParameters()[index].ParameterType, value);

        var exception = Catch(() => ctor.Invoke(args));

        exception.Should().NotBeNull($"{key} with {parameter} = {value} must throw");
        (exception is ArgumentOutOfRangeException || (value == "null" && exception is ArgumentNullException))
            .Should().BeTrue($"{key} with {parameter} = {value} threw {exception}");
        ((ArgumentException)exception!).ParamName.Should().Be(parameter);
    }

    [Theory]
    [MemberData(nameof(HugeArguments))]
    public void Constructor_HugeArgument_IsRejectedOrGivesFiniteValues(string key, string parameter)
    {
        var (ctor, args) = Resolve(key);
        var parameters = ctor.GetParameters();
        var index = Array.FindIndex(parameters, p => p.Name == parameter);
        args[index] = Underlying(parameters[index].ParameterType) == typeof(long) ? (object)long.MaxValue : double.MaxValue;

        object? schedule = null;
        var exception = Catch(() => schedule = ctor.Invoke(args));

        if (exception is not null)
        {
            exception.Should().BeOfType<ArgumentOutOfRangeException>($"{key} with {parameter} huge");
            parameters.Select(p => p.Name).Should().Contain(((ArgumentException)exception).ParamName, "the exception names a parameter");
            return;
        }

        foreach (var i in new[] { 0L, 1L, 2L, 1L << 40, long.MaxValue / 2, long.MaxValue - 1, long.MaxValue })
        {
            foreach (var value in Evaluate(schedule!, i))
            {
                double.IsFinite(value).Should().BeTrue($"{schedule} at {i} gave {value:R}");
                value.Should().BeGreaterThanOrEqualTo(0, $"{schedule} at {i}");
            }
        }
    }

    [Fact]
    public void BadValueNames_EveryParameterTypeOfEveryConstructor_HasBadValuesOrIsExempt()
    {
        var types = PublicConstructors().SelectMany(c => c.Ctor.GetParameters()).Select(p => p.ParameterType).Distinct();

        // bool has no bad value; every other parameter type must have at least one.
        types.Where(t => t != typeof(bool)).Should().OnlyContain(t => BadValueNames(t).Any());
    }

    private static IEnumerable<double> Evaluate(object schedule, long iteration)
    {
        if (schedule is ILearningRateSchedule lr)
        {
            yield return lr.GetLearningRate(iteration);
        }

        if (schedule is IMomentumSchedule momentum)
        {
            yield return momentum.GetMomentum(iteration);
        }
    }

    private static Exception? Catch(Action action)
    {
        try
        {
            action();
            return null;
        }
        catch (TargetInvocationException e)
        {
            return e.InnerException;
        }
    }

    private static IEnumerable<string> BadValueNames(Type type)
    {
        var t = Underlying(type);
        if (t == typeof(double))
        {
            return TestValues.NotFiniteNonNegative.Keys;
        }

        if (t == typeof(long))
        {
            return BadSizes.Keys;
        }

        if (t.IsEnum)
        {
            return ["(enum)-1", "(enum)99"];
        }

        return type.IsValueType ? [] : ["null"];
    }

    private static object? BadValue(Type type, string name)
    {
        var t = Underlying(type);
        return name switch
        {
            "null" => null,
            "(enum)-1" => Enum.ToObject(t, -1),
            "(enum)99" => Enum.ToObject(t, 99),
            _ when t == typeof(long) => BadSizes[name],
            _ => TestValues.NotFiniteNonNegative[name],
        };
    }

    private static Type Underlying(Type type) => Nullable.GetUnderlyingType(type) ?? type;

    private static (ConstructorInfo Ctor, object?[] Args) Resolve(string key)
    {
        var ctor = PublicConstructors().Single(c => c.Key == key).Ctor;
        return (ctor, (object?[])ValidArguments[key].Clone());
    }

    private static IEnumerable<Type> ScheduleTypes() => typeof(ILearningRateSchedule).Assembly.GetExportedTypes()
        .Where(t => t.IsClass && (typeof(ILearningRateSchedule).IsAssignableFrom(t) || typeof(IMomentumSchedule).IsAssignableFrom(t)));

    private static IEnumerable<(string Key, ConstructorInfo Ctor)> PublicConstructors() =>
        ScheduleTypes()
            .SelectMany(t => t.GetConstructors())
            .Select(c => ($"{c.DeclaringType!.Name}({string.Join(", ", c.GetParameters().Select(p => p.Name))})", c))
            .OrderBy(c => c.Item1, StringComparer.Ordinal);
}
