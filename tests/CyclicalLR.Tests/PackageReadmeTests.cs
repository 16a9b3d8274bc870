namespace CyclicalLR.Tests;

/// <summary>
/// The package readme (src/CyclicalLR/PACKAGE.md, what nuget.org shows) has the repository README's quick start, which
/// <see cref="ReadmeTests"/> compiles and runs.
/// </summary>
public sealed class PackageReadmeTests
{
    [Fact]
    public void QuickStart_PackageReadme_IsTheReadmeQuickStartThatReadmeTestsRuns()
    {
        ReadmeSnippet.UnderHeading("PACKAGE.md", "Quick start").Should().Be(ReadmeSnippet.BetweenMarkers("README.md", "quickstart"), "the package readme shows the README's quick start verbatim");
        ReadmeSnippet.UnderHeadingShouldMatchTestSource("PACKAGE.md", "Quick start", "quickstart", "ReadmeTests.cs.txt");
    }

    [Fact]
    public void PackageReadme_HasNoRelativeLinksOrHtml()
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "PACKAGE.md"));

        // A package page has no repository around it: every link must be absolute, and nuget.org shows raw HTML as text.
        System.Text.RegularExpressions.Regex.Matches(text, @"\]\((?<target>[^)]*)\)").Select(m => m.Groups["target"].Value)
            .Should().NotBeEmpty().And.OnlyContain(target => target.StartsWith("https://", StringComparison.Ordinal));
        text.Should().NotContain("<!--").And.NotContain("dotnet test").And.NotContain("dotnet run");
    }
}
