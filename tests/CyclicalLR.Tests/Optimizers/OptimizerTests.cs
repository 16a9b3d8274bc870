using System.Numerics;
using System.Reflection;
using CyclicalLR.Tests.Sgd;

namespace CyclicalLR.Tests;

/// <summary>
/// <see cref="Optimizer{T}"/> and <see cref="ParameterGroup{T}"/>: code written against the base types registers, steps,
/// checkpoints, resets and range-tests every optimizer with the same bits as code written against the optimizer's own
/// type, gets the optimizer's own group type back, and cannot derive from either base type.
/// </summary>
public sealed class OptimizerTests
{
    /// <summary>Every optimizer kind, by name: plain SGD, SGD with momentum and decay, Adam, AdamW with AMSGrad.</summary>
    public static TheoryData<string> Kinds => new() { "sgd", "sgd-momentum", "adam", "adamw-amsgrad" };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Step_ThroughTheBaseType_SameBitsAsTheOptimizersOwnStepWithItsOwnMomentum(string kind)
    {
        var viaBase = Model<double>.Create(kind);
        var viaOwn = Model<double>.Create(kind);

        for (var i = 0; i < 5; i++)
        {
            viaBase.WriteGradients(i);
            viaOwn.WriteGradients(i);
            viaBase.Optimizer.Step(0.01 * (i + 1)).Should().BeTrue();
            StepWithOwnMomentum(viaOwn.Optimizer, 0.01 * (i + 1)).Should().BeTrue();
        }

        Bits.ShouldEqual<double>(viaBase.Weights, viaOwn.Weights);
        Bits.ShouldEqual<double>(viaBase.GroupWeights, viaOwn.GroupWeights);
        Checkpoint(viaBase.Optimizer).Should().Equal(Checkpoint(viaOwn.Optimizer));
        viaBase.Optimizer.StepCount.Should().Be(5);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void AddGroup_ThroughTheBaseType_ReturnsTheOptimizersOwnGroupType(string kind)
    {
        Optimizer<float> optimizer = kind.StartsWith("sgd", StringComparison.Ordinal) ? new SgdOptimizer<float>(weightDecay: 0.5) : new AdamOptimizer<float>(weightDecay: 0.5);
        var expectedType = kind.StartsWith("sgd", StringComparison.Ordinal) ? typeof(SgdParameterGroup<float>) : typeof(AdamParameterGroup<float>);

        var group = optimizer.AddGroup(0.25);
        var noDecay = optimizer.AddGroup(2, weightDecay: 0);

        group.Should().BeOfType(expectedType);
        optimizer.DefaultGroup.Should().BeOfType(expectedType);
        optimizer.Groups.Should().HaveCount(3);
        optimizer.Groups[0].Should().BeSameAs(optimizer.DefaultGroup);
        optimizer.Groups[1].Should().BeSameAs(group);
        optimizer.Groups[2].Should().BeSameAs(noDecay);
        (group.LearningRateMultiplier, group.WeightDecay).Should().Be((0.25, 0.5), "a group added without a weight decay takes the optimizer's");
        (noDecay.LearningRateMultiplier, noDecay.WeightDecay).Should().Be((2, 0));
    }

    [Fact]
    public void GroupsAndDefaultGroup_OwnTypeAndBaseType_SameInstances()
    {
        var sgd = new SgdOptimizer<double>();
        var adam = new AdamOptimizer<double>();
        SgdParameterGroup<double> sgdGroup = sgd.AddGroup(0.5);
        AdamParameterGroup<double> adamGroup = adam.AddGroup(0.5);
        Optimizer<double> sgdBase = sgd;
        Optimizer<double> adamBase = adam;

        sgdBase.Groups.Should().Equal(sgd.Groups);
        adamBase.Groups.Should().Equal(adam.Groups);
        sgdBase.DefaultGroup.Should().BeSameAs(sgd.DefaultGroup);
        adamBase.DefaultGroup.Should().BeSameAs(adam.DefaultGroup);
        sgd.Groups[1].Should().BeSameAs(sgdGroup);
        adam.Groups[1].Should().BeSameAs(adamGroup);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Register_ThroughTheBaseTypes_CountsInTheRightGroup(string kind)
    {
        var model = Model<float>.Create(kind);

        model.Optimizer.DefaultGroup.Count.Should().Be(1);
        model.Optimizer.DefaultGroup.ElementCount.Should().Be(7);
        model.Optimizer.Groups[1].Count.Should().Be(1);
        model.Optimizer.Groups[1].ElementCount.Should().Be(3);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Register_OverlapThroughTheBaseType_ThrowsAndRegistersNothing(string kind)
    {
        var model = Model<float>.Create(kind);

        var act = () => model.Optimizer.Register(model.Weights.AsMemory(2, 3), new float[3]);

        act.Should().Throw<ArgumentException>().WithParameterName("weights");
        model.Optimizer.DefaultGroup.Count.Should().Be(1);
        model.Optimizer.DefaultGroup.ElementCount.Should().Be(7);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void SaveLoadReset_ThroughTheBaseType_ResumeBitForBitAndResetAsFresh(string kind)
    {
        var run = Model<double>.Create(kind);
        var resumed = Model<double>.Create(kind);
        var fresh = Model<double>.Create(kind);
        for (var i = 0; i < 3; i++)
        {
            run.StepAt(i);
        }

        var state = Checkpoint(run.Optimizer);
        resumed.Optimizer.LoadState(new MemoryStream(state));
        for (var i = 3; i < 6; i++)
        {
            run.StepAt(i);
            resumed.StepAt(i);
        }

        Bits.ShouldEqual<double>(resumed.Weights, run.Weights);
        Bits.ShouldEqual<double>(resumed.GroupWeights, run.GroupWeights);
        Checkpoint(resumed.Optimizer).Should().Equal(Checkpoint(run.Optimizer));

        run.Optimizer.ResetState();
        fresh.Weights.AsSpan().CopyTo(run.Weights);
        fresh.GroupWeights.AsSpan().CopyTo(run.GroupWeights);
        run.Optimizer.StepCount.Should().Be(0);
        run.Optimizer.SkippedStepCount.Should().Be(0);
        Checkpoint(run.Optimizer).Should().Equal(Checkpoint(fresh.Optimizer), "a reset optimizer is a fresh one");
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Step_NonFiniteGradientThroughTheBaseType_SkipsCountsAndChangesNothing(string kind)
    {
        var skipped = Model<float>.Create(kind, skipNonFiniteSteps: true);
        var twin = Model<float>.Create(kind, skipNonFiniteSteps: true);
        skipped.StepAt(0);
        twin.StepAt(0);
        var weights = skipped.Weights.ToArray();
        skipped.GroupGradients[1] = float.NaN;

        skipped.Optimizer.Step(0.01).Should().BeFalse();

        Bits.ShouldEqual<float>(skipped.Weights, weights);
        (skipped.Optimizer.StepCount, skipped.Optimizer.SkippedStepCount).Should().Be((1, 1));
        skipped.StepAt(1);
        twin.StepAt(1);
        Bits.ShouldEqual<float>(skipped.Weights, twin.Weights, "the skipped step left every state array as it was");
        Bits.ShouldEqual<float>(skipped.GroupWeights, twin.GroupWeights);
        (skipped.Optimizer.StepCount, skipped.Optimizer.SkippedStepCount).Should().Be((2, 1));
    }

    /// <summary>Learning rates the base type's <see cref="Optimizer{T}.Step(double)"/> rejects, by name (xunit merges NaN signs).</summary>
    public static TheoryData<string, string> BadLearningRates()
    {
        var data = new TheoryData<string, string>();
        foreach (var kind in new[] { "sgd-momentum", "adamw-amsgrad" })
        {
            foreach (var name in new[] { "NaN", "-NaN", "+Infinity", "-Infinity", "-1", "-epsilon", "1e300" })
            {
                data.Add(kind, name);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(BadLearningRates))]
    public void Step_BadLearningRateThroughTheBaseType_ThrowsNamingItAndChangesNothing(string kind, string name)
    {
        var learningRate = name switch
        {
            "NaN" => double.NaN,
            "-NaN" => BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(double.NaN) ^ long.MinValue),
            "+Infinity" => double.PositiveInfinity,
            "-Infinity" => double.NegativeInfinity,
            "-1" => -1,
            "-epsilon" => -double.Epsilon,
            _ => 1e300, // finite in double, infinite once rounded to float
        };
        var model = Model<float>.Create(kind);
        model.StepAt(0);
        var before = Checkpoint(model.Optimizer);

        var act = () => model.Optimizer.Step(learningRate);

        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("learningRate");
        Checkpoint(model.Optimizer).Should().Equal(before);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void LrRangeTestRun_OptimizerTypedAsTheBase_RestoresWeightsAndStateBitForBit(string kind)
    {
        var model = Model<float>.Create(kind);
        model.StepAt(0);
        var before = Checkpoint(model.Optimizer);
        var test = new LrRangeTest(1e-4, 1, 30);
        var steps = 0;

        var result = test.Run(model.Optimizer, lr =>
        {
            model.WriteGradients(steps++);
            model.Optimizer.Step(lr);
            return 1.0 / (1 + steps);
        });

        result.Points.Should().NotBeEmpty();
        steps.Should().BeGreaterThan(1, "the test stepped the optimizer");
        Checkpoint(model.Optimizer).Should().Equal(before);
    }

    [Theory]
    [InlineData(typeof(Optimizer<>))]
    [InlineData(typeof(ParameterGroup<>))]
    public void BaseTypes_NoConstructorVisibleOutsideTheLibrary_AndEveryPublicSubclassIsSealed(Type baseType)
    {
        var constructors = baseType.GetConstructors(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic);

        baseType.IsAbstract.Should().BeTrue();
        constructors.Should().NotBeEmpty();
        constructors.Should().OnlyContain(c => c.IsAssembly || c.IsFamilyAndAssembly, "users must not derive from the base types");
        var subclasses = baseType.Assembly.GetExportedTypes()
            .Where(t => t.BaseType is { IsGenericType: true } b && b.GetGenericTypeDefinition() == baseType)
            .ToList();
        subclasses.Should().HaveCount(2);
        subclasses.Should().OnlyContain(t => t.IsSealed);
    }

    [Fact]
    public void ParameterGroupToString_EachType_NamesItsTypeAndSettings()
    {
        var sgd = new SgdOptimizer<float>();
        var adam = AdamW.Create<float>();
        sgd.AddGroup(0.5).Register(new float[3], new float[3]);
        adam.Register(new float[4], new float[4]);

        sgd.Groups[1].ToString().Should().Be("SgdParameterGroup(learningRateMultiplier: 0.5, weightDecay: 0, buffers: 1, elements: 3)");
        adam.DefaultGroup.ToString().Should().Be("AdamParameterGroup(learningRateMultiplier: 1, weightDecay: 0.01, buffers: 1, elements: 4)");
    }

    private static bool StepWithOwnMomentum<T>(Optimizer<T> optimizer, double learningRate)
        where T : unmanaged, IFloatingPointIeee754<T> => optimizer switch
        {
            SgdOptimizer<T> sgd => sgd.Step(learningRate, sgd.Momentum),
            AdamOptimizer<T> adam => adam.Step(learningRate, adam.Beta1),
            _ => throw new InvalidOperationException(optimizer.GetType().Name),
        };

    /// <summary>Generic code over any optimizer: its whole state, weights included.</summary>
    private static byte[] Checkpoint<T>(Optimizer<T> optimizer)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var stream = new MemoryStream();
        optimizer.SaveState(stream, includeWeights: true);
        return stream.ToArray();
    }

    /// <summary>A two-group model held only through the base types.</summary>
    private sealed class Model<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private Model(Optimizer<T> optimizer)
        {
            Optimizer = optimizer;
            Weights = Bits.Random<T>(7, seed: 11);
            Gradients = new T[7];
            GroupWeights = Bits.Random<T>(3, seed: 12);
            GroupGradients = new T[3];
            ParameterGroup<T> group = optimizer.AddGroup(0.5, weightDecay: 0.01);
            optimizer.Register(Weights, Gradients);
            group.Register(GroupWeights, GroupGradients);
        }

        public Optimizer<T> Optimizer { get; }

        public T[] Weights { get; }

        public T[] Gradients { get; }

        public T[] GroupWeights { get; }

        public T[] GroupGradients { get; }

        public static Model<T> Create(string kind, bool skipNonFiniteSteps = false) => new(kind switch
        {
            "sgd" => new SgdOptimizer<T>(skipNonFiniteSteps: skipNonFiniteSteps),
            "sgd-momentum" => new SgdOptimizer<T>(momentum: 0.9, dampening: 0.1, weightDecay: 1e-3, skipNonFiniteSteps: skipNonFiniteSteps),
            "adam" => new AdamOptimizer<T>(skipNonFiniteSteps: skipNonFiniteSteps),
            "adamw-amsgrad" => AdamW.Create<T>(amsgrad: true, skipNonFiniteSteps: skipNonFiniteSteps),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        });

        public void WriteGradients(int iteration)
        {
            Bits.Random<T>(Gradients.Length, seed: 100 + iteration).CopyTo(Gradients, 0);
            Bits.Random<T>(GroupGradients.Length, seed: 200 + iteration).CopyTo(GroupGradients, 0);
        }

        public void StepAt(int iteration)
        {
            WriteGradients(iteration);
            Optimizer.Step(0.01 * (iteration + 1)).Should().BeTrue();
        }
    }
}
