namespace CyclicalLR.Tests;

public sealed class ScaleModeTests
{
    [Fact]
    public void ScaleMode_Values_AreTheShippedOnes()
    {
        Enum.GetValues<ScaleMode>().Should().Equal(ScaleMode.Cycle, ScaleMode.Iterations);
        ((int)ScaleMode.Cycle, (int)ScaleMode.Iterations).Should().Be((0, 1));
        default(ScaleMode).Should().Be(ScaleMode.Cycle);
    }
}
