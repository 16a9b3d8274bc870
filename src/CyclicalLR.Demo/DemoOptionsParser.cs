using System.Globalization;
using System.Text;
using static System.FormattableString;

namespace CyclicalLR.Demo;

/// <summary>Parses the demo's command line. Every option is <c>--name value</c> or a flag; unknown or bad ones throw.</summary>
internal static class DemoOptionsParser
{
    /// <summary>
    /// Parses <paramref name="args"/>; <c>--quick</c> changes the defaults of the options not given. Checks every
    /// option's own range and the rules between options; <see cref="DemoPlan"/> checks the rules that need the data.
    /// </summary>
    /// <exception cref="OptionException">
    /// An option is unknown, given twice, lacks its value, its value is out of range, or it conflicts with another.
    /// </exception>
    public static DemoOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = args.Contains("--quick") ? DemoOptions.QuickDefaults : new DemoOptions();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i] is "-h" or "-?" ? "--help" : args[i];
            options = name switch
            {
                "--help" => options with { Help = true },
                "--quick" => options with { Quick = true },
                "--cyclical-momentum" => options with { CyclicalMomentum = true },
                "--seed" => options with { Seed = Int(name, Value(args, ref i), min: 0, max: int.MaxValue) },
                "--seeds" => options with { Seeds = Int(name, Value(args, ref i), min: 1, max: DemoOptions.MaxSeeds) },
                "--out" => options with { OutputDirectory = Text(name, Value(args, ref i)) },
                "--data" => options with { DataDirectory = Text(name, Value(args, ref i)) },
                "--train-limit" => options with { TrainLimit = Int(name, Value(args, ref i), min: DemoOptions.MinTrainImages, max: int.MaxValue) },
                "--hidden" => options with { Hidden = Int(name, Value(args, ref i), min: 1, max: int.MaxValue) },
                "--batch" => options with { BatchSize = Int(name, Value(args, ref i), min: 1, max: int.MaxValue) },
                "--epochs-per-step" => options with { EpochsPerStep = Positive(name, Value(args, ref i), max: double.MaxValue) },
                "--cycles" => options with { Cycles = Int(name, Value(args, ref i), min: 1, max: DemoOptions.MaxCycles) },
                "--range-epochs" => options with { RangeEpochs = Positive(name, Value(args, ref i), max: double.MaxValue) },
                "--range-min-lr" => options with { RangeMinLearningRate = Positive(name, Value(args, ref i), max: DemoOptions.MaxLearningRate) },
                "--range-max-lr" => options with { RangeMaxLearningRate = Positive(name, Value(args, ref i), max: DemoOptions.MaxLearningRate) },
                "--fixed-lr" => options with { FixedLearningRate = Positive(name, Value(args, ref i), max: DemoOptions.MaxLearningRate) },
                "--threads" => options with { Threads = Int(name, Value(args, ref i), min: 1, max: int.MaxValue) },
                _ => throw new OptionException($"Unknown option '{args[i]}'. Run with --help to list the options."),
            };
            if (!seen.Add(name))
            {
                throw new OptionException($"Option '{name}' is given twice; give it once.");
            }
        }

        if (!(options.RangeMaxLearningRate > options.RangeMinLearningRate))
        {
            throw new OptionException(string.Create(
                CultureInfo.InvariantCulture,
                $"--range-max-lr ({options.RangeMaxLearningRate:R}) must be greater than --range-min-lr ({options.RangeMinLearningRate:R})."));
        }

        if ((long)options.Seed + options.Seeds - 1 > int.MaxValue)
        {
            throw new OptionException(string.Create(
                CultureInfo.InvariantCulture,
                $"--seed {options.Seed} with --seeds {options.Seeds} runs past the largest seed {int.MaxValue}; use a --seed of at most {int.MaxValue - options.Seeds + 1}."));
        }

        if (options.TrainLimit is not null && options.DataDirectory is null)
        {
            throw new OptionException("--train-limit applies to --data files only; give --data DIR too, or drop --train-limit.");
        }

        return options;
    }

    /// <summary>Returns the help text: usage, what the demo does, and every option with its default.</summary>
    public static string HelpText()
    {
        var d = new DemoOptions();
        var q = DemoOptions.QuickDefaults;
        var text = new StringBuilder();
        text.AppendLine("CyclicalLR demo: Smith's cyclical learning rates (arXiv 1506.01186) on real data.");
        text.AppendLine();
        text.AppendLine("Step 1, an LR range test (exponential sweep, accuracy) suggests base and max learning rates.");
        text.AppendLine("Step 2 trains the same MLP with fixed, Triangular, Triangular2, ExpRange, FixedDecay and OneCycle (SGD, momentum 0.9)");
        text.AppendLine("to budgets of 1, 2, 4, ... cycles over several seeds and prints the paper's table with paired 95% intervals.");
        text.AppendLine("Step 3 writes plots, CSVs and report.md to --out.");
        text.AppendLine();
        text.AppendLine("Usage: dotnet run -c Release --project src/CyclicalLR.Demo -- [options]");
        text.AppendLine();
        text.AppendLine("Options (default in brackets; --quick changes the defaults it lists):");
        Line(text, "--help, -h", "show this help and exit");
        Line(text, "--seed N", Invariant($"first seed; runs use N..N+seeds-1, the range test N [{d.Seed}]"));
        Line(text, "--seeds K", Invariant($"seeds per policy, at most {DemoOptions.MaxSeeds} [{d.Seeds}; quick {q.Seeds}]"));
        Line(text, "--out DIR", Invariant($"report folder: new, empty or a previous report; replaced whole once the report is complete [{d.OutputDirectory}]"));
        Line(text, "--quick", "short smoke run: fewer seeds, one short cycle, smaller network [off]");
        Line(text, "--data DIR", "folder of MNIST-format gzip IDX files (e.g. /usr/share/datasets/fashion-mnist) [embedded UCI digits]");
        Line(text, "--train-limit N", Invariant($"use only the first N (at least {DemoOptions.MinTrainImages}) training images of --data [all]"));
        Line(text, "--hidden N", Invariant($"hidden ReLU units [{d.Hidden}; quick {q.Hidden}]"));
        Line(text, "--batch N", Invariant($"mini-batch size [{d.BatchSize}]"));
        Line(text, "--epochs-per-step N", Invariant($"half-cycle (stepsize) in epochs, for CyclePlan; Smith: 2 to 8 [{d.EpochsPerStep:R}; quick {q.EpochsPerStep:R}]"));
        Line(text, "--cycles N", Invariant($"longest budget in whole cycles (budgets 1, 2, 4, ..., N), at most {DemoOptions.MaxCycles} [{d.Cycles}; quick {q.Cycles}]"));
        Line(text, "--cyclical-momentum", "cycle momentum 0.95-0.85 against the rate (CyclicalMomentum; 1cycle's own) [off: 0.9]");
        Line(text, "--range-epochs N", Invariant($"length of the range test's sweep in epochs [{d.RangeEpochs:R}; quick {q.RangeEpochs:R}]"));
        Line(text, "--range-min-lr X", Invariant($"range test's first learning rate (exponential sweep) [{d.RangeMinLearningRate:R}]"));
        Line(text, "--range-max-lr X", Invariant($"range test's last learning rate [{d.RangeMaxLearningRate:R}]"));
        Line(text, "--fixed-lr X", "the fixed policy's learning rate [midpoint of the suggested base and max]");
        Line(text, "--threads N", "runs trained at once; each run is single-threaded and deterministic [processor count]");
        text.AppendLine();
        text.AppendLine(Invariant($"Limits, checked with the data before any training: runs of at most {DemoOptions.MaxIterationsPerRun:N0} iterations,"));
        text.AppendLine(Invariant($"a range test of at most {DemoOptions.MaxRangeIterations:N0}, at most {DemoOptions.MaxParameters:N0} weights in the networks trained at once,"));
        text.AppendLine("a batch of at most the training images, learning rates of at most float.MaxValue; each option at most once.");
        text.AppendLine();
        text.AppendLine("Exit codes: 0 done, 1 failed (e.g. bad data files, no bounds from the range test), 2 an option to change;");
        text.AppendLine("every error is one line on standard error.");
        return text.ToString();
    }

    private static void Line(StringBuilder text, string name, string description) =>
        text.Append("  ").Append(name.PadRight(22)).AppendLine(description);


    private static string Value(IReadOnlyList<string> args, ref int i)
    {
        if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
        {
            throw new OptionException($"Option '{args[i]}' needs a value. Run with --help to list the options.");
        }

        i++;
        return args[i];
    }

    private static string Text(string name, string value) =>
        value.Length > 0 ? value : throw new OptionException($"Option '{name}' needs a non-empty value.");

    private static int Int(string name, string value, int min, int max)
    {
        if (!int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) || parsed < min || parsed > max)
        {
            throw new OptionException(string.Create(CultureInfo.InvariantCulture, $"Option '{name}' needs an integer from {min} to {max}; got '{value}'."));
        }

        return parsed;
    }

    private static double Positive(string name, string value, double max)
    {
        const NumberStyles Styles = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;
        if (!double.TryParse(value, Styles, CultureInfo.InvariantCulture, out var parsed) || !double.IsFinite(parsed) || !(parsed > 0) || !(parsed <= max))
        {
            throw new OptionException(max == double.MaxValue
                ? $"Option '{name}' needs a finite number greater than 0; got '{value}'."
                : string.Create(CultureInfo.InvariantCulture, $"Option '{name}' needs a number greater than 0 and at most float.MaxValue ({max:G2}; the networks train in float); got '{value}'."));
        }

        return parsed;
    }
}
