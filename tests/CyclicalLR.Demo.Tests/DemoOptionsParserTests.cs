using System.Text.RegularExpressions;

namespace CyclicalLR.Demo.Tests;

public sealed class DemoOptionsParserTests
{
    [Fact]
    public void Parse_NoArguments_Defaults()
    {
        var options = DemoOptionsParser.Parse([]);

        options.Should().Be(new DemoOptions());
        options.Seed.Should().Be(1);
        options.Seeds.Should().Be(10);
        options.OutputDirectory.Should().Be("demo-report");
        options.DataDirectory.Should().BeNull();
        options.Quick.Should().BeFalse();
    }

    [Fact]
    public void Parse_EveryOption_Read()
    {
        var options = DemoOptionsParser.Parse(
        [
            "--seed", "7", "--seeds", "3", "--out", "r", "--data", "d", "--train-limit", "500", "--hidden", "8",
            "--batch", "16", "--epochs-per-step", "2", "--cycles", "3", "--range-epochs", "5", "--range-min-lr", "1e-4",
            "--range-max-lr", "0.5", "--fixed-lr", "0.05", "--threads", "1", "--cyclical-momentum",
        ]);

        options.Should().Be(new DemoOptions
        {
            Seed = 7,
            Seeds = 3,
            OutputDirectory = "r",
            DataDirectory = "d",
            TrainLimit = 500,
            Hidden = 8,
            BatchSize = 16,
            EpochsPerStep = 2,
            Cycles = 3,
            RangeEpochs = 5,
            RangeMinLearningRate = 1e-4,
            RangeMaxLearningRate = 0.5,
            FixedLearningRate = 0.05,
            Threads = 1,
            CyclicalMomentum = true,
        });
    }

    [Fact]
    public void Parse_Quick_QuickDefaultsButExplicitOptionsWin()
    {
        var options = DemoOptionsParser.Parse(["--seeds", "4", "--quick"]);

        options.Should().Be(DemoOptions.QuickDefaults with { Seeds = 4 });
    }

    [Theory]
    [InlineData("--nope")]
    [InlineData("seed")]
    [InlineData("--seed")]
    [InlineData("--seed", "--quick")]
    [InlineData("--seed", "x")]
    [InlineData("--seed", "-1")]
    [InlineData("--seeds", "0")]
    [InlineData("--seeds", "1.5")]
    [InlineData("--out", "")]
    [InlineData("--fixed-lr", "NaN")]
    [InlineData("--fixed-lr", "-NaN")]
    [InlineData("--fixed-lr", "Infinity")]
    [InlineData("--fixed-lr", "0")]
    [InlineData("--fixed-lr", "-0.1")]
    [InlineData("--fixed-lr", "0,1")]
    [InlineData("--range-max-lr", "0.00005")]
    [InlineData("--cyclical-momentum", "--cyclical-momentum")]
    [InlineData("--train-limit", "5")]
    public void Parse_BadArguments_ThrowsOptionException(params string[] args)
    {
        var act = () => DemoOptionsParser.Parse(args);

        act.Should().Throw<OptionException>().Which.Message.Should().NotBeNullOrWhiteSpace();
    }

    [Fact]
    public void HelpText_ListsEveryOptionTheParserAcceptsWithItsDefault()
    {
        var help = DemoOptionsParser.HelpText();
        var listed = Regex.Matches(help, @"^  (--[a-z-]+)", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToArray();

        listed.Should().BeEquivalentTo(
            "--help", "--seed", "--seeds", "--out", "--quick", "--data", "--train-limit", "--hidden", "--batch",
            "--epochs-per-step", "--cycles", "--cyclical-momentum", "--range-epochs", "--range-min-lr", "--range-max-lr", "--fixed-lr", "--threads");
        foreach (var option in listed.Where(o => o != "--help"))
        {
            var value = option switch
            {
                "--out" or "--data" => "x",
                _ when option.EndsWith("-lr", StringComparison.Ordinal) => "0.5",
                _ => "10",
            };
            string[] args = option switch
            {
                "--quick" or "--cyclical-momentum" => [option],
                "--train-limit" => [option, value, "--data", "x"],
                _ => [option, value],
            };
            var parses = () => DemoOptionsParser.Parse(args);
            parses.Should().NotThrow(option + " is listed in the help");
        }

        foreach (var line in help.Split('\n').Where(l => l.StartsWith("  --", StringComparison.Ordinal) && !l.Contains("--help", StringComparison.Ordinal)))
        {
            line.Should().MatchRegex(@"\[[^\]]+\]\s*$", "every option shows its default");
        }
    }

    [Fact]
    public void Run_BadOption_Exit2WithMessageOnError()
    {
        var output = new StringWriter();
        var error = new StringWriter();

        var code = Program.Run(["--frobnicate"], output, error);

        code.Should().Be(2);
        error.ToString().Should().Contain("--frobnicate").And.Contain("--help");
        output.ToString().Should().BeEmpty();
    }

    [Fact]
    public void Run_Help_Exit0AndPrintsHelp()
    {
        var output = new StringWriter();

        var code = Program.Run(["--help"], output, new StringWriter());

        code.Should().Be(0);
        output.ToString().Should().Be(DemoOptionsParser.HelpText());
    }

    [Fact]
    public void Run_MissingDataFolder_Exit1WithMessage()
    {
        var error = new StringWriter();
        var missing = Path.Combine(Path.GetTempPath(), "cyclicallr-missing-" + Guid.NewGuid().ToString("N"));

        var code = Program.Run(["--quick", "--data", missing], new StringWriter(), error);

        code.Should().Be(1);
        error.ToString().Should().Contain(missing);
    }
}
