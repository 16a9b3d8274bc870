namespace CyclicalLR.Demo.Tests;

/// <summary>
/// The program's entry point, run in-process with bad command lines: every one ends with exit code 2 and one line that
/// names the option, before any training and without writing anything to <c>--out</c>.
/// </summary>
public sealed class CommandLineTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "cyclicallr-cli-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static (int Code, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = Program.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    private static void ShouldBeOneLineNaming(string error, string option)
    {
        error.Should().EndWith(Environment.NewLine).And.Contain(option);
        error.TrimEnd().Should().NotContain("\n", "an error is one line").And.NotContain("   at ", "no stack trace");
    }

    [Theory]
    [InlineData("--seed", "--seed 2147483647 --seeds 2")]
    [InlineData("--hidden", "--hidden 2147483647")]
    [InlineData("--hidden", "--hidden 700000")]
    [InlineData("--range-epochs", "--range-epochs 1e9")]
    [InlineData("--range-epochs", "--range-epochs 1e300")]
    [InlineData("--range-max-lr", "--range-max-lr 1e40")]
    [InlineData("--range-min-lr", "--range-min-lr 1e39 --range-max-lr 1e40")]
    [InlineData("--fixed-lr", "--fixed-lr 1e40")]
    [InlineData("--epochs-per-step", "--epochs-per-step 1e300")]
    [InlineData("--epochs-per-step", "--epochs-per-step 1e6")]
    [InlineData("--cycles", "--cycles 2147483647")]
    [InlineData("--cycles", "--cycles 1000 --epochs-per-step 1e4")]
    [InlineData("--batch", "--batch 2147483647")]
    [InlineData("--batch", "--batch 1438")]
    [InlineData("--train-limit", "--train-limit 100")]
    [InlineData("--seeds", "--seeds 101")]
    [InlineData("--seed", "--seed 1 --seed 2")]
    [InlineData("--quick", "--quick")]
    public void Run_OutOfRangeOption_Exit2OneLineBeforeAnyWork(string option, string commandLine)
    {
        var output = Path.Combine(_directory, "report");

        var (code, log, error) = Run(["--quick", "--out", output, .. commandLine.Split(' ')]);

        code.Should().Be(2, error);
        ShouldBeOneLineNaming(error, option);
        log.Should().NotContain("Step 1", "options are checked before any work starts");
        Directory.Exists(_directory).Should().BeFalse("nothing is written, not even the parent of --out");
    }

    [Fact]
    public void Run_OutUnderAFile_Exit2BeforeTraining()
    {
        Directory.CreateDirectory(_directory);
        var file = Path.Combine(_directory, "a-file");
        File.WriteAllText(file, "x");

        var (code, log, error) = Run("--quick", "--out", Path.Combine(file, "report"));

        code.Should().Be(2);
        ShouldBeOneLineNaming(error, "--out");
        error.Should().Contain("cannot be written");
        log.Should().NotContain("Step 1");
        Directory.EnumerateFileSystemEntries(_directory).Should().Equal(file);
    }

    [Fact]
    public void Run_OutInProc_Exit2BeforeTraining()
    {
        if (!Directory.Exists("/proc/self"))
        {
            return; // Linux only; Run_OutUnderAFile_Exit2BeforeTraining covers the rule everywhere.
        }

        var (code, log, error) = Run("--quick", "--out", "/proc/x");

        code.Should().Be(2);
        ShouldBeOneLineNaming(error, "--out '/proc/x'");
        log.Should().NotContain("Step 1");
    }

    [Fact]
    public void Run_OutIsAFile_Exit2()
    {
        Directory.CreateDirectory(_directory);
        var file = Path.Combine(_directory, "a-file");
        File.WriteAllText(file, "x");

        var (code, _, error) = Run("--quick", "--out", file);

        code.Should().Be(2);
        error.Should().Contain("is a file");
        File.ReadAllText(file).Should().Be("x");
    }

    [Fact]
    public void Run_OutIsAFolderOfOtherFiles_Exit2AndLeavesItAlone()
    {
        var folder = Path.Combine(_directory, "mine");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "notes.txt"), "keep");

        var (code, _, error) = Run("--quick", "--out", folder);

        code.Should().Be(2);
        ShouldBeOneLineNaming(error, "--out");
        error.Should().Contain("neither empty nor a previous report");
        Directory.EnumerateFileSystemEntries(folder).Should().Equal(Path.Combine(folder, "notes.txt"));
    }

    [Fact]
    public void Run_OutHoldsTheDataFolder_Exit2()
    {
        using var files = new IdxFiles();
        files.WriteValidFolder();
        var parent = Path.GetDirectoryName(files.Directory)!;
        var report = Path.Combine(files.Directory, ReportWriter.ReportFileName);
        File.WriteAllText(report, "a previous report in the data folder");

        var (code, _, error) = Run("--quick", "--data", files.Directory, "--out", files.Directory);

        code.Should().Be(2);
        error.Should().Contain("--data folder");
        File.Exists(files.PathOf("train-images-idx3-ubyte.gz")).Should().BeTrue();
        Directory.EnumerateDirectories(parent, "." + Path.GetFileName(files.Directory) + ".partial-*").Should().BeEmpty();
    }

    [Fact]
    public void Run_TooFewTrainingImages_Exit1NamesTheFile()
    {
        using var files = new IdxFiles();
        files.WriteValidFolder();
        files.WriteGzip("train-images-idx3-ubyte.gz", IdxFiles.Images(4, 2, 3));
        files.WriteGzip("train-labels-idx1-ubyte.gz", IdxFiles.Labels(0, 1, 2, 0));

        var (code, log, error) = Run("--quick", "--data", files.Directory, "--out", Path.Combine(_directory, "r"));

        code.Should().Be(1);
        ShouldBeOneLineNaming(error, "train-images-idx3-ubyte.gz has 4 images; the demo trains on at least 10");
        log.Should().NotContain("Step 1").And.NotContain("diverged");
        Directory.Exists(_directory).Should().BeFalse();
    }

    [Fact]
    public void Run_QuickIntoAPreviousReport_ReplacesItWhole()
    {
        var folder = Path.Combine(_directory, "report");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, ReportWriter.ReportFileName), "the previous run's report");
        File.WriteAllText(Path.Combine(folder, "stale.csv"), "a file the new run does not write");

        var (code, log, error) = Run("--quick", "--out", folder);

        code.Should().Be(0, error);
        log.Should().Contain("Step 3");
        File.ReadAllText(Path.Combine(folder, ReportWriter.ReportFileName)).Should().StartWith("# CyclicalLR demo report");
        File.Exists(Path.Combine(folder, "stale.csv")).Should().BeFalse("the previous report is replaced whole");
        Directory.EnumerateFileSystemEntries(_directory).Should().Equal(new[] { folder }, "no staging or old folder is left beside it");
    }

    [Fact]
    public void Run_FailsAfterCheckingIntoAPreviousReport_PreviousReportUntouched()
    {
        var folder = Path.Combine(_directory, "report");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, ReportWriter.ReportFileName), "the previous run's report");

        var (code, _, error) = Run("--quick", "--range-min-lr", "1e-9", "--range-max-lr", "2e-9", "--out", folder);

        code.Should().Be(1);
        ShouldBeOneLineNaming(error, "The range test suggests no bounds");
        Directory.EnumerateFileSystemEntries(folder).Should().Equal(Path.Combine(folder, ReportWriter.ReportFileName));
        File.ReadAllText(Path.Combine(folder, ReportWriter.ReportFileName)).Should().Be("the previous run's report");
        Directory.EnumerateFileSystemEntries(_directory).Should().Equal(folder);
    }
}
