using System.Text.RegularExpressions;

namespace CyclicalLR.Tests;

/// <summary>
/// Reads a C# snippet from README.md and the same snippet from a test's own source (copied to the test output under
/// <c>Snippets/</c>), so a test can assert that the README shows exactly the code the test runs.
/// </summary>
internal static partial class ReadmeSnippet
{
    /// <summary>
    /// Asserts that the <c>```csharp</c> block between <c>&lt;!-- marker ... --&gt;</c> and <c>&lt;!-- /marker --&gt;</c>
    /// in README.md, less its <c>using CyclicalLR;</c> line, equals the code between <c>// &lt;marker&gt;</c> and
    /// <c>// &lt;/marker&gt;</c> in <c>Snippets/<paramref name="sourceFile"/></c>, whitespace normalized.
    /// </summary>
    public static void ShouldMatchTestSource(string marker, string sourceFile)
    {
        var readme = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "README.md"));
        var block = Regex.Match(readme, $@"<!-- {marker}[^>]*-->\s*```csharp\r?\n(?<code>.*?)```\s*<!-- /{marker} -->", RegexOptions.Singleline);
        block.Success.Should().BeTrue($"README.md has a ```csharp block between <!-- {marker} --> and <!-- /{marker} -->");
        var lines = block.Groups["code"].Value.Split('\n');
        lines.Where(l => l.StartsWith("using ", StringComparison.Ordinal)).Should().Equal("using CyclicalLR;");
        var snippet = string.Join('\n', lines.Where(l => !l.StartsWith("using ", StringComparison.Ordinal)));

        var source = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Snippets", sourceFile));
        var test = Regex.Match(source, $@"// <{marker}>\r?\n(?<code>.*?)// </{marker}>", RegexOptions.Singleline);
        test.Success.Should().BeTrue($"{sourceFile} marks its code with // <{marker}> and // </{marker}>");

        Normalize(test.Groups["code"].Value).Should().Be(Normalize(snippet), $"README's {marker} block must be the code the test runs; edit both together");
    }

    private static string Normalize(string code) => Whitespace().Replace(code, " ").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
