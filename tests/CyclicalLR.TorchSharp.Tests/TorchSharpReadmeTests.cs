namespace CyclicalLR.Tests;

/// <summary>
/// README's "With TorchSharp" section shows <see cref="TorchSharpSnippet"/>, which compiles against TorchSharp 0.107.
/// Nothing here runs TorchSharp code or loads libtorch (see <see cref="TorchSharpSnippet"/> for why).
/// </summary>
public sealed class TorchSharpReadmeTests
{
    [Fact]
    public void TorchSharpSnippet_ReadmeBlock_IsTheCodeThatCompiles() =>
        ReadmeSnippet.ShouldMatchTestSource("torchsharp", "TorchSharpSnippet.cs.txt", ["using CyclicalLR;", "using static TorchSharp.torch;"]);

    [Fact]
    public void TorchSharpSnippet_IsCompiledAgainstTorchSharp0107()
    {
        // Metadata only: reading the reference list loads neither TorchSharp's code nor its native library.
        typeof(TorchSharpSnippet).Assembly.GetReferencedAssemblies()
            .Should().ContainSingle(a => a.Name == "TorchSharp")
            .Which.Version.Should().Be(new Version(0, 107, 0, 0));
    }
}
