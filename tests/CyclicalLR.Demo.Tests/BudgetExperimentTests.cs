namespace CyclicalLR.Demo.Tests;

public sealed class BudgetExperimentTests
{
    private static readonly TrainingSettings Settings = new(Hidden: 4, BatchSize: 32, Momentum: 0.9);

    private static DataSplit Tiny()
    {
        var digits = DigitsData.Load();
        return new DataSplit(digits.Train.Slice("tiny train", 0, 200), digits.Test.Slice("tiny test", 0, 100), "tiny");
    }

    private static float[] WeightsAfter(Dataset train, PolicySchedule schedule, long iterations, int seed)
    {
        var run = new TrainingRun(train, Settings, seed);
        for (long i = 0; i < iterations; i++)
        {
            run.Step(schedule.Rate.GetLearningRate(i), schedule.Momentum?.GetMomentum(i) ?? Settings.Momentum);
        }

        return [.. run.Network.Parameters];
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Run_SharedReadingEqualsASeparatelyTrainedShorterRun_BitForBit(bool cyclicalMomentum)
    {
        var split = Tiny();
        var policies = Policy.CreateComparison(0.01, 0.2, stepSize: 5, fixedLearningRate: 0.1, cyclicalMomentum);
        var plan = new BudgetPlan(policies, longestCycles: 4, cycleLength: 10);
        int[] seeds = [3, 4];

        var results = BudgetExperiment.Run(split, plan, Settings, seeds, measureEvery: 3, threads: 2);

        results.Select(r => r.Policy).Should().Equal(policies);
        foreach (var result in results)
        {
            result.TotalIterations.Should().Be(40);
            result.Runs.Select(r => r.Seed).Should().Equal(seeds);
            for (var b = 0; b < plan.Budgets.Length; b++)
            {
                for (var s = 0; s < seeds.Length; s++)
                {
                    // Whether read from the shared longest run or from its own run, the reading is what a run trained
                    // for exactly this budget gives.
                    var alone = Trainer.Train(split, result.Policy.ForBudget(plan.Iterations(b)), [plan.Iterations(b)], Settings, seeds[s]);
                    result.Finals(b)[s].Should().Be(alone.FinalAccuracy, $"{result.Policy.Name} at {plan.Budgets[b]} cycles, seed {seeds[s]}");
                }
            }
        }

        // The reason sharing is exact: the weights after one cycle of the longest run are those of a one-cycle run.
        var triangular2 = policies.Single(p => p.Name == "triangular2");
        WeightsAfter(split.Train, triangular2.ForBudget(40), 10, seed: 3).Should().Equal(WeightsAfter(split.Train, triangular2.ForBudget(10), 10, seed: 3));

        // And why exp_range is not shared: its first cycle depends on the budget, so a prefix is another run.
        var expRange = policies.Single(p => p.Name == "exp_range");
        WeightsAfter(split.Train, expRange.ForBudget(40), 10, seed: 3).Should().NotEqual(WeightsAfter(split.Train, expRange.ForBudget(10), 10, seed: 3));
    }

    [Fact]
    public void Run_SameNumbersWhateverTheThreads_CurvesMeasureEveryBudgetEnd()
    {
        var split = Tiny();
        var policies = Policy.CreateComparison(0.01, 0.2, stepSize: 5, fixedLearningRate: 0.1, cyclicalMomentum: false);
        var plan = new BudgetPlan(policies, longestCycles: 2, cycleLength: 10);

        var one = BudgetExperiment.Run(split, plan, Settings, [1, 2, 3], measureEvery: 7, threads: 1);
        var two = BudgetExperiment.Run(split, plan, Settings, [1, 2, 3], measureEvery: 7, threads: 2);

        for (var p = 0; p < one.Length; p++)
        {
            one[p].Iterations.Should().Equal(0, 7, 10, 14, 20);
            for (var b = 0; b < plan.Budgets.Length; b++)
            {
                one[p].Finals(b).Should().Equal(two[p].Finals(b));
            }
        }
    }
}
