using System.Numerics;
using CyclicalLR.Tests.Sgd;

namespace CyclicalLR.Tests;

public sealed class LrRangeTestOptimizerExtensionsTests
{
    public enum Ending
    {
        Completed,
        Diverged,
        NotFinite,
        Throws,
    }

    public static TheoryData<Ending, string> Endings()
    {
        var data = new TheoryData<Ending, string>();
        foreach (var ending in Enum.GetValues<Ending>())
        {
            data.Add(ending, "everything");
            data.Add(ending, "plain");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Endings))]
    public void Run_Float_RestoresWeightsAndWholeStateBitForBit(Ending ending, string config) =>
        AssertRestores<float>(ending, StateConfig.Named(config));

    [Theory]
    [MemberData(nameof(Endings))]
    public void Run_Double_RestoresWeightsAndWholeStateBitForBit(Ending ending, string config) =>
        AssertRestores<double>(ending, StateConfig.Named(config));

    [Fact]
    public void Run_GivesTheSameResultAsThePlainCallbackForm()
    {
        var test = new LrRangeTest(1e-4, 0.02, 200, metric: RangeTestMetric.Accuracy);
        var model = new StateModel<float>(StateConfig.Named("momentum"));

        var restoring = test.Run(model.Optimizer, lr => SyntheticCurves.Accuracy(lr));
        var plain = test.Run(lr => SyntheticCurves.Accuracy(lr));

        restoring.Points.Should().Equal(plain.Points);
        restoring.ToString().Should().Be(plain.ToString());
    }

    [Fact]
    public void Run_BufferRegisteredDuringTheTest_ThrowsAndNamesTheCounts()
    {
        var test = new LrRangeTest(1e-4, 0.02, 20);
        var optimizer = new SgdOptimizer<float>(momentum: 0.9);
        optimizer.Register(new float[3], new float[3]);

        var act = () => test.Run(optimizer, lr =>
        {
            if (optimizer.Groups[0].Count == 1)
            {
                optimizer.Register(new float[2], new float[2]);
            }

            return 0.5;
        });

        act.Should().Throw<InvalidOperationException>().WithMessage("*1 group(s) and 1 buffer(s) when its state was captured and has 1 and 2 now*");
    }

    [Fact]
    public void Run_NullArguments_Throw()
    {
        var test = new LrRangeTest(1e-4, 0.02, 20);
        var optimizer = new SgdOptimizer<float>();

        ((Action)(() => LrRangeTestOptimizerExtensions.Run(null!, optimizer, _ => 0))).Should().Throw<ArgumentNullException>().WithParameterName("rangeTest");
        ((Action)(() => test.Run((SgdOptimizer<float>)null!, _ => 0))).Should().Throw<ArgumentNullException>().WithParameterName("optimizer");
        ((Action)(() => test.Run(optimizer, null!))).Should().Throw<ArgumentNullException>().WithParameterName("trainStep");
    }

    [Fact]
    public void Run_NullTrainStep_ThrowsBeforeCopyingTheOptimizer()
    {
        // Fail fast: a bad argument is rejected before the 4 MB of weights (and as much momentum) are copied aside.
        var test = new LrRangeTest(1e-4, 0.02, 20);
        var small = new SgdOptimizer<float>(momentum: 0.9);
        small.Register(new float[3], new float[3]);
        ((Action)(() => test.Run(small, null!))).Should().Throw<ArgumentNullException>(); // warm up (JIT)

        var optimizer = new SgdOptimizer<float>(momentum: 0.9);
        optimizer.Register(new float[1 << 20], new float[1 << 20]);
        var before = GC.GetAllocatedBytesForCurrentThread();
        ((Action)(() => test.Run(optimizer, null!))).Should().Throw<ArgumentNullException>().WithParameterName("trainStep");
        (GC.GetAllocatedBytesForCurrentThread() - before).Should().BeLessThan(1 << 20);
    }

    private static void AssertRestores<T>(Ending ending, StateConfig config)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // A model that has trained a while: momentum started, counters non-zero.
        var model = new StateModel<T>(config);
        model.Run(0, 25);
        var weightsBefore = model.Weights.Select(w => Bits.Of<T>(w)).ToArray();
        var stateBefore = model.Snapshot();
        var (steps, skipped) = (model.Optimizer.StepCount, model.Optimizer.SkippedStepCount);

        var metric = ending == Ending.Completed ? RangeTestMetric.Accuracy : RangeTestMetric.Loss;
        var test = new LrRangeTest(1e-3, 0.5, 60, RangeTestSweep.Exponential, metric);
        var iterations = 0;
        var changedDuringTest = false;
        double TrainStep(double lr)
        {
            model.Iterate(25 + iterations); // gradients, then optimizer.Step with the iteration's own lr schedule ...
            model.Optimizer.Step(lr); // ... and one more step at the range test's lr
            changedDuringTest |= !Bits.Of<T>(model.Weights[0]).AsSpan().SequenceEqual(weightsBefore[0]);
            iterations++;
            return ending switch
            {
                Ending.Completed => SyntheticCurves.Accuracy(lr),
                Ending.Diverged => iterations < 20 ? 1.0 / iterations : iterations * 100.0,
                Ending.NotFinite => iterations == 40 ? Blowup(model) : 1,
                _ => iterations == 17 ? throw new TimeoutException("the user's callback failed") : 1,
            };
        }

        LrRangeTestResult? result = null;
        var act = () => result = test.Run(model.Optimizer, TrainStep);

        if (ending == Ending.Throws)
        {
            act.Should().Throw<TimeoutException>().WithMessage("the user's callback failed");
            iterations.Should().Be(17);
        }
        else
        {
            act.Should().NotThrow();
            result!.StopReason.Should().Be(ending switch
            {
                Ending.Completed => RangeTestStopReason.Completed,
                Ending.Diverged => RangeTestStopReason.Diverged,
                _ => RangeTestStopReason.NotFinite,
            });
        }

        changedDuringTest.Should().BeTrue("the test trained the model");
        model.Optimizer.StepCount.Should().Be(steps);
        model.Optimizer.SkippedStepCount.Should().Be(skipped);
        for (var b = 0; b < weightsBefore.Length; b++)
        {
            Bits.Of<T>(model.Weights[b]).Should().Equal(weightsBefore[b], $"buffer {b} is restored bit for bit");
        }

        model.Snapshot().Should().Equal(stateBefore, "momentum buffers, first-step flags and counters are restored too");
    }

    // The model blew up: its weights are NaN and so is the loss.
    private static double Blowup<T>(StateModel<T> model)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        model.Weights[0].AsSpan().Fill(T.NaN);
        return double.NaN;
    }
}
