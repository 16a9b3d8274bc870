namespace CyclicalLR.Demo.Tests;

public sealed class ReportFolderTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "cyclicallr-folder-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private string PreviousReport()
    {
        var target = Path.Combine(_directory, "report");
        Directory.CreateDirectory(target);
        File.WriteAllText(Path.Combine(target, ReportWriter.ReportFileName), "old report");
        File.WriteAllText(Path.Combine(target, "accuracy.csv"), "old csv");
        return target;
    }

    [Fact]
    public void Prepare_StagesBesideTheTarget_NothingInTheTargetYet()
    {
        var target = Path.Combine(_directory, "report");

        using var folder = ReportFolder.Prepare(target, dataDirectory: null);

        Path.GetDirectoryName(folder.Staging).Should().Be(_directory);
        Directory.Exists(folder.Staging).Should().BeTrue();
        Directory.EnumerateFileSystemEntries(folder.Staging).Should().BeEmpty();
        Directory.Exists(target).Should().BeFalse();
    }

    [Fact]
    public void Dispose_WithoutCommitAfterAPartialWrite_PreviousReportIntactNothingLeft()
    {
        var target = PreviousReport();

        using (var folder = ReportFolder.Prepare(target, dataDirectory: null))
        {
            File.WriteAllText(Path.Combine(folder.Staging, "accuracy.csv"), "new csv");
            File.WriteAllText(Path.Combine(folder.Staging, ReportWriter.ReportFileName), "half a rep");
            // The write fails here: no Commit.
        }

        Directory.EnumerateFileSystemEntries(_directory).Should().Equal(target);
        File.ReadAllText(Path.Combine(target, ReportWriter.ReportFileName)).Should().Be("old report");
        File.ReadAllText(Path.Combine(target, "accuracy.csv")).Should().Be("old csv");
    }

    [Fact]
    public void Dispose_WithoutCommit_RemovesTheParentFoldersItCreated()
    {
        Directory.CreateDirectory(_directory);
        var target = Path.Combine(_directory, "a", "b", "report");

        using (var folder = ReportFolder.Prepare(target, dataDirectory: null))
        {
            Directory.Exists(Path.Combine(_directory, "a", "b")).Should().BeTrue();
        }

        Directory.EnumerateFileSystemEntries(_directory).Should().BeEmpty();
    }

    [Fact]
    public void Commit_OverAPreviousReport_ReplacesItWhole()
    {
        var target = PreviousReport();

        using (var folder = ReportFolder.Prepare(target, dataDirectory: null))
        {
            File.WriteAllText(Path.Combine(folder.Staging, ReportWriter.ReportFileName), "new report");
            folder.Commit();
        }

        Directory.EnumerateFileSystemEntries(_directory).Should().Equal(target);
        Directory.EnumerateFileSystemEntries(target).Should().Equal(Path.Combine(target, ReportWriter.ReportFileName));
        File.ReadAllText(Path.Combine(target, ReportWriter.ReportFileName)).Should().Be("new report");
    }

    [Fact]
    public void Commit_IntoAnEmptyFolder_MovesTheReportThere()
    {
        var target = Path.Combine(_directory, "report");
        Directory.CreateDirectory(target);

        using (var folder = ReportFolder.Prepare(target, dataDirectory: null))
        {
            File.WriteAllText(Path.Combine(folder.Staging, ReportWriter.ReportFileName), "new report");
            folder.Commit();
        }

        File.ReadAllText(Path.Combine(target, ReportWriter.ReportFileName)).Should().Be("new report");
        Directory.EnumerateFileSystemEntries(_directory).Should().Equal(target);
    }

    [Theory]
    [InlineData("/")]
    [InlineData(".")]
    public void Prepare_RootOrCurrentFolder_Throws(string target)
    {
        var act = () => ReportFolder.Prepare(target, dataDirectory: null);

        act.Should().Throw<OptionException>().WithMessage($"--out '{target}' *");
    }

    [Fact]
    public void Prepare_TargetHoldsTheDataFolder_Throws()
    {
        var data = Path.Combine(_directory, "data");
        Directory.CreateDirectory(data);
        File.WriteAllText(Path.Combine(_directory, ReportWriter.ReportFileName), "looks like a previous report");

        var act = () => ReportFolder.Prepare(_directory, data);

        act.Should().Throw<OptionException>().WithMessage("*holds the --data folder*");
    }

    [Fact]
    public void Prepare_TargetBesideTheDataFolderWithASharedPrefix_Accepted()
    {
        var data = Path.Combine(_directory, "report-data");
        Directory.CreateDirectory(data);

        using var folder = ReportFolder.Prepare(Path.Combine(_directory, "report"), data);

        Directory.Exists(folder.Staging).Should().BeTrue();
    }
}
