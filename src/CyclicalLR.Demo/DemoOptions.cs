namespace CyclicalLR.Demo;

/// <summary>The demo's settings, from the command line (see <see cref="DemoOptionsParser"/>).</summary>
internal sealed record DemoOptions
{
    /// <summary>The most seeds per policy (<c>--seeds</c>): the curves and CSVs of every run are kept in memory.</summary>
    public const int MaxSeeds = 100;

    /// <summary>The most cycles (<c>--cycles</c>): each run measures test accuracy 16 to 32 times per cycle.</summary>
    public const int MaxCycles = 1000;

    /// <summary>
    /// The fewest training images the demo trains on (<c>--train-limit</c> and the data): the range test holds out a
    /// fifth of them, which must not be empty.
    /// </summary>
    public const int MinTrainImages = 10;

    /// <summary>The largest learning rate an option may give: the networks train in <see cref="float"/>.</summary>
    public const double MaxLearningRate = float.MaxValue;

    /// <summary>The most iterations of one training run (<c>--epochs-per-step</c> times <c>--cycles</c> on the data).</summary>
    public const long MaxIterationsPerRun = 10_000_000;

    /// <summary>The most iterations of the range test (<c>--range-epochs</c> on the data): it measures after every one.</summary>
    public const long MaxRangeIterations = 1_000_000;

    /// <summary>
    /// The most weights of the networks trained at once (<c>--hidden</c> on the data, times the runs <c>--threads</c>
    /// trains at once): every run holds three buffers of them.
    /// </summary>
    public const long MaxParameters = 50_000_000;

    /// <summary>Gets a value indicating whether to print the help and exit.</summary>
    public bool Help { get; init; }

    /// <summary>Gets the first seed; the runs use <c>Seed, Seed + 1, ..., Seed + Seeds - 1</c>, the range test uses <c>Seed</c>.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Gets the number of seeds each policy is trained with.</summary>
    public int Seeds { get; init; } = 10;

    /// <summary>Gets the report folder.</summary>
    public string OutputDirectory { get; init; } = "demo-report";

    /// <summary>Gets a value indicating whether this is a short smoke run.</summary>
    public bool Quick { get; init; }

    /// <summary>Gets a folder of MNIST-format gzip IDX files, or <see langword="null"/> for the embedded digits.</summary>
    public string? DataDirectory { get; init; }

    /// <summary>Gets the number of training images to use from <see cref="DataDirectory"/>, or <see langword="null"/> for all.</summary>
    public int? TrainLimit { get; init; }

    /// <summary>Gets the number of hidden units.</summary>
    public int Hidden { get; init; } = 32;

    /// <summary>Gets the mini-batch size.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Gets the step size in epochs, given to the planner (Smith: 2 to 8).</summary>
    public double EpochsPerStep { get; init; } = 2;

    /// <summary>Gets the longest budget in whole cycles; the budgets are 1, 2, 4, ... up to it (<see cref="BudgetPlan"/>).</summary>
    public int Cycles { get; init; } = 8;

    /// <summary>
    /// Gets a value indicating whether triangular, triangular2 and exp_range cycle the momentum (<see cref="CyclicalMomentum"/>)
    /// and 1cycle uses its own; otherwise every policy uses the constant momentum 0.9.
    /// </summary>
    public bool CyclicalMomentum { get; init; }

    /// <summary>Gets the length of the range test's sweep, in epochs.</summary>
    public double RangeEpochs { get; init; } = 8;

    /// <summary>Gets the range test's first learning rate: low enough that the exponential sweep starts on the curve's flat part.</summary>
    public double RangeMinLearningRate { get; init; } = 1e-4;

    /// <summary>Gets the range test's last learning rate.</summary>
    public double RangeMaxLearningRate { get; init; } = 1.0;

    /// <summary>Gets the fixed policy's learning rate, or <see langword="null"/> for the midpoint of the suggested bounds.</summary>
    public double? FixedLearningRate { get; init; }

    /// <summary>Gets the number of threads the runs are spread over.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>Gets the settings of a quick smoke run: 2 seeds, budgets of 1 and 2 cycles of 1-epoch steps, a 2-epoch range test.</summary>
    public static DemoOptions QuickDefaults { get; } = new()
    {
        Quick = true,
        Seeds = 2,
        Hidden = 16,
        EpochsPerStep = 1,
        Cycles = 2,
        RangeEpochs = 2,
    };
}
