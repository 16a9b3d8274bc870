namespace CyclicalLR.Tests;

/// <summary>
/// The XML documentation the package ships (the file next to the assembly, byte for byte the one in the .nupkg, which
/// .ci/run checks) documents the public API and nothing else: no internal or private member's comments.
/// </summary>
public sealed class PublicXmlDocsTests
{
    private static readonly System.Reflection.Assembly Library = typeof(ILearningRateSchedule).Assembly;

    [Fact]
    public void ShippedXmlDocs_DocumentPublicMembersOnly()
    {
        var documented = ReflectionDocIds.Documented(Library);
        var publicApi = ReflectionDocIds.PublicApi(Library);

        documented.Should().OnlyHaveUniqueItems();
        documented.Except(publicApi).Should().BeEmpty("the shipped documentation holds public and protected members only");
        documented.Should().NotContain("T:CyclicalLR.Guard", "Guard is internal and has doc comments, which the build strips");
    }

    [Fact]
    public void ShippedXmlDocs_KeepEveryPublicMember()
    {
        var documented = ReflectionDocIds.Documented(Library);
        var publicApi = ReflectionDocIds.PublicApi(Library, withCompilerGenerated: false);

        publicApi.Should().Contain(["T:CyclicalLR.Triangular", "M:CyclicalLR.Triangular.GetLearningRate(System.Int64)"]);
        publicApi.Except(documented).Where(id => !ReflectionDocIds.IsParameterlessConstructor(id))
            .Should().BeEmpty("every public member has a doc comment (CS1591 is an error) and stripping must keep it");
    }
}
