using CyclicalLR.Tests;

namespace CyclicalLR.Plotting.Tests;

/// <summary>
/// The plotting package's shipped XML documentation (next to the assembly, the one .ci/run finds in the .nupkg) holds
/// its public API only: not the core's internal Guard, which this assembly compiles in.
/// </summary>
public sealed class PublicXmlDocsTests
{
    private static readonly System.Reflection.Assembly Library = typeof(SchedulePlot).Assembly;

    [Fact]
    public void ShippedXmlDocs_DocumentPublicMembersOnly_AndEveryOne()
    {
        var documented = ReflectionDocIds.Documented(Library);

        documented.Should().OnlyHaveUniqueItems().And.NotContain("T:CyclicalLR.Guard");
        documented.Except(ReflectionDocIds.PublicApi(Library)).Should().BeEmpty("the shipped documentation holds public members only");
        ReflectionDocIds.PublicApi(Library, withCompilerGenerated: false).Except(documented).Where(id => !ReflectionDocIds.IsParameterlessConstructor(id))
            .Should().BeEmpty("every public member keeps its documentation");
    }
}
