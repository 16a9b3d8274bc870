using System.Globalization;
using System.Text;
using static System.FormattableString;

namespace CyclicalLR.Demo;

/// <summary>Parses the demo's command line. Every option is <c>--name value</c> or a flag; unknown or bad ones throw.</summary>
internal static class DemoOptionsParser
{
    /// <summary>Parses <paramref name="args"/>; <c>--quick</c> changes the defaults of the options not given.</summary>
    /// <exception cref="FormatException">An option is unknown, lacks its value, or its value is out of range.</exception>
    public static DemoOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = args.Contains("--quick") ? DemoOptions.QuickDefaults : new DemoOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            options = name switch
            {
                "--help" or "-h" or "-?" => options with { Help = true },
                "--quick" => options with { Quick = true },
                "--seed" => options with { Seed = Int(name, Value(args, ref i), min: 0) },
                "--seeds" => options with { Seeds = Int(name, Value(args, ref i), min: 1) },
                "--out" => options with { OutputDirectory = Text(name, Value(args, ref i)) },
                "--data" => options with { DataDirectory = Text(name, Value(args, ref i)) },
                "--train-limit" => options with { TrainLimit = Int(name, Value(args, ref i), min: 10) },
                "--hidden" => options with { Hidden = Int(name, Value(args, ref i), min: 1) },
                "--batch" => options with { BatchSize = Int(name, Value(args, ref i), min: 1) },
                "--epochs-per-step" => options with { EpochsPerStep = Positive(name, Value(args, ref i)) },
                "--cycles" => options with { Cycles = Int(name, Value(args, ref i), min: 1) },
                "--range-epochs" => options with { RangeEpochs = Positive(name, Value(args, ref i)) },
                "--range-min-lr" => options with { RangeMinLearningRate = Positive(name, Value(args, ref i)) },
                "--range-max-lr" => options with { RangeMaxLearningRate = Positive(name, Value(args, ref i)) },
                "--fixed-lr" => options with { FixedLearningRate = Positive(name, Value(args, ref i)) },
                "--threads" => options with { Threads = Int(name, Value(args, ref i), min: 1) },
                _ => throw new FormatException($"Unknown option '{name}'. Run with --help to list the options."),
            };
        }

        if (!(options.RangeMaxLearningRate > options.RangeMinLearningRate))
        {
            throw new FormatException(string.Create(
                CultureInfo.InvariantCulture,
                $"--range-max-lr ({options.RangeMaxLearningRate:R}) must be greater than --range-min-lr ({options.RangeMinLearningRate:R})."));
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
        text.AppendLine("Step 1, an LR range test (linear sweep, accuracy) suggests base and max learning rates.");
        text.AppendLine("Step 2 trains the same MLP with fixed, Triangular, Triangular2, ExpRange and FixedDecay (SGD, momentum 0.9)");
        text.AppendLine("over several seeds and prints the paper's table. Step 3 writes plots, CSVs and report.md to --out.");
        text.AppendLine();
        text.AppendLine("Usage: dotnet run -c Release --project src/CyclicalLR.Demo -- [options]");
        text.AppendLine();
        text.AppendLine("Options (default in brackets; --quick changes the defaults it lists):");
        Line(text, "--help, -h", "show this help and exit");
        Line(text, "--seed N", Invariant($"first seed; runs use N..N+seeds-1, the range test N [{d.Seed}]"));
        Line(text, "--seeds K", Invariant($"seeds per policy [{d.Seeds}; quick {q.Seeds}]"));
        Line(text, "--out DIR", Invariant($"report folder, created or overwritten [{d.OutputDirectory}]"));
        Line(text, "--quick", "short smoke run: fewer seeds, one short cycle, smaller network [off]");
        Line(text, "--data DIR", "folder of MNIST-format gzip IDX files (e.g. /usr/share/datasets/fashion-mnist) [embedded UCI digits]");
        Line(text, "--train-limit N", "use only the first N training images of --data [all]");
        Line(text, "--hidden N", Invariant($"hidden ReLU units [{d.Hidden}; quick {q.Hidden}]"));
        Line(text, "--batch N", Invariant($"mini-batch size [{d.BatchSize}]"));
        Line(text, "--epochs-per-step N", Invariant($"half-cycle (stepsize) in epochs, for CyclePlan; Smith: 2 to 8 [{d.EpochsPerStep:R}; quick {q.EpochsPerStep:R}]"));
        Line(text, "--cycles N", Invariant($"whole cycles every policy trains for [{d.Cycles}; quick {q.Cycles}]"));
        Line(text, "--range-epochs N", Invariant($"length of the range test's sweep in epochs [{d.RangeEpochs:R}; quick {q.RangeEpochs:R}]"));
        Line(text, "--range-min-lr X", Invariant($"range test's first learning rate [{d.RangeMinLearningRate:R}]"));
        Line(text, "--range-max-lr X", Invariant($"range test's last learning rate [{d.RangeMaxLearningRate:R}]"));
        Line(text, "--fixed-lr X", "the fixed policy's learning rate [midpoint of the suggested base and max]");
        Line(text, "--threads N", "runs trained at once; each run is single-threaded and deterministic [processor count]");
        text.AppendLine();
        text.AppendLine("Exit codes: 0 done, 1 failed (e.g. bad data files, no bounds from the range test), 2 bad option.");
        return text.ToString();
    }

    private static void Line(StringBuilder text, string name, string description) =>
        text.Append("  ").Append(name.PadRight(22)).AppendLine(description);


    private static string Value(IReadOnlyList<string> args, ref int i)
    {
        if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
        {
            throw new FormatException($"Option '{args[i]}' needs a value. Run with --help to list the options.");
        }

        i++;
        return args[i];
    }

    private static string Text(string name, string value) =>
        value.Length > 0 ? value : throw new FormatException($"Option '{name}' needs a non-empty value.");

    private static int Int(string name, string value, int min)
    {
        if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) || parsed < min)
        {
            throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"Option '{name}' needs an integer of at least {min}; got '{value}'."));
        }

        return parsed;
    }

    private static double Positive(string name, string value)
    {
        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) || !double.IsFinite(parsed) || !(parsed > 0))
        {
            throw new FormatException($"Option '{name}' needs a finite number greater than 0; got '{value}'.");
        }

        return parsed;
    }
}
