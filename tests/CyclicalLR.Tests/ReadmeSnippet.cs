using System.Text.RegularExpressions;

namespace CyclicalLR.Tests;

/// <summary>
/// Reads a C# snippet from README.md (or a package readme) and the same snippet from a test's own source (copied to the
/// test output under <c>Snippets/</c>), so a test can assert that the readme shows exactly the code the test runs.
/// Linked into the other test projects too (CyclicalLR.Plotting.Tests, CyclicalLR.TorchSharp.Tests).
/// </summary>
internal static partial class ReadmeSnippet
{
    private static readonly string[] CoreUsings = ["using CyclicalLR;"];

    /// <summary>
    /// Asserts that the <c>```csharp</c> block between <c>&lt;!-- marker ... --&gt;</c> and <c>&lt;!-- /marker --&gt;</c>
    /// in README.md, less its <c>using</c> lines (exactly <paramref name="usings"/>, default <c>using CyclicalLR;</c>),
    /// equals the code between <c>// &lt;marker&gt;</c> and <c>// &lt;/marker&gt;</c> in
    /// <c>Snippets/<paramref name="sourceFile"/></c>, whitespace normalized.
    /// </summary>
    public static void ShouldMatchTestSource(string marker, string sourceFile, IReadOnlyList<string>? usings = null) =>
        ShouldEqualTestSource(BetweenMarkers("README.md", marker), marker, sourceFile, usings ?? CoreUsings);

    /// <summary>
    /// Asserts that the first <c>```csharp</c> block under the heading <c>## <paramref name="heading"/></c> of
    /// <paramref name="markdownFile"/> (a package readme: no HTML comments there, nuget.org shows raw HTML as text) is
    /// the code between the <paramref name="marker"/> comments of <c>Snippets/<paramref name="sourceFile"/></c>, with
    /// the same rules as <see cref="ShouldMatchTestSource"/>.
    /// </summary>
    public static void UnderHeadingShouldMatchTestSource(string markdownFile, string heading, string marker, string sourceFile, IReadOnlyList<string>? usings = null) =>
        ShouldEqualTestSource(UnderHeading(markdownFile, heading), marker, sourceFile, usings ?? CoreUsings);

    /// <summary>The code of the <c>```csharp</c> block between README.md's <paramref name="marker"/> comments.</summary>
    public static string BetweenMarkers(string markdownFile, string marker)
    {
        var block = Regex.Match(ReadOutput(markdownFile), $@"<!-- {marker}[^>]*-->\s*```csharp\r?\n(?<code>.*?)```\s*<!-- /{marker} -->", RegexOptions.Singleline);
        block.Success.Should().BeTrue($"{markdownFile} has a ```csharp block between <!-- {marker} --> and <!-- /{marker} -->");
        return block.Groups["code"].Value;
    }

    /// <summary>The code of the first <c>```csharp</c> block in the section <c>## <paramref name="heading"/></c>.</summary>
    public static string UnderHeading(string markdownFile, string heading)
    {
        var block = Regex.Match(ReadOutput(markdownFile), $@"^## {Regex.Escape(heading)}\r?\n(?:(?!^## ).)*?^```csharp\r?\n(?<code>.*?)^```", RegexOptions.Singleline | RegexOptions.Multiline);
        block.Success.Should().BeTrue($"{markdownFile} has a ```csharp block under '## {heading}'");
        return block.Groups["code"].Value;
    }

    private static void ShouldEqualTestSource(string code, string marker, string sourceFile, IReadOnlyList<string> usings)
    {
        var lines = code.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        lines.Where(IsUsing).Should().Equal(usings);
        var snippet = string.Join('\n', lines.Where(l => !IsUsing(l)));

        var source = ReadOutput(Path.Combine("Snippets", sourceFile));
        var test = Regex.Match(source, $@"// <{marker}>\r?\n(?<code>.*?)// </{marker}>", RegexOptions.Singleline);
        test.Success.Should().BeTrue($"{sourceFile} marks its code with // <{marker}> and // </{marker}>");

        Normalize(test.Groups["code"].Value).Should().Be(Normalize(snippet), $"the readme's {marker} block must be the code the test compiles; edit both together");
    }

    private static bool IsUsing(string line) => UsingDirective().IsMatch(line);

    private static string ReadOutput(string relativePath) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, relativePath));

    /// <summary>Whitespace runs become one space, so indentation (the test's method body) does not count.</summary>
    public static string Normalize(string code) => Whitespace().Replace(code, " ").Trim();

    [GeneratedRegex(@"^using (static )?[A-Za-z_][\w.]*( = [\w.]+)?;$")]
    private static partial Regex UsingDirective();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
