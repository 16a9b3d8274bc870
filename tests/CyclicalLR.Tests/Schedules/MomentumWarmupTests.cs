namespace CyclicalLR.Tests;

public sealed class MomentumWarmupTests
{
    private static readonly CyclicalMomentum Cyclical = new(new Triangular(0.001, 0.006, 4), 0.85, 0.95);

    [Fact]
    public void GetMomentum_StartGiven_RampsToFirstValueThenShifted()
    {
        var momentum = new MomentumWarmup(Cyclical, 4, 0.5);

        momentum.StartMomentum.Should().Be(0.5);
        momentum.TargetMomentum.Should().Be(0.95);
        momentum.GetMomentum(0).Should().Be(0.5);
        new[] { 1L, 2L, 3L }.Select(momentum.GetMomentum).Should().Equal([0.6125, 0.725, 0.8375], (a, e) => Math.Abs(a - e) <= 1e-15);
        momentum.GetMomentum(4).Should().Be(0.95);
        momentum.GetMomentum(8).Should().Be(0.85);
        momentum.GetMomentum(long.MaxValue).Should().Be(Cyclical.GetMomentum(long.MaxValue - 4));
    }

    [Fact]
    public void GetMomentum_NoStart_HoldsFirstValue()
    {
        var momentum = new MomentumWarmup(Cyclical, 3);

        new[] { 0L, 1L, 2L, 3L }.Select(momentum.GetMomentum).Should().AllBeEquivalentTo(0.95);
        momentum.GetMomentum(-1 + 1).Should().Be(0.95);
        ((Action)(() => momentum.GetMomentum(-1))).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("iteration");
    }

    [Fact]
    public void Constructor_BadArguments_ThrowNamingParameter()
    {
        ((Action)(() => _ = new MomentumWarmup(null!, 5))).Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("momentum");
        ((Action)(() => _ = new MomentumWarmup(Cyclical, 0))).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("warmupIterations");
        foreach (var value in TestValues.NotFiniteNonNegative.Values)
        {
            ((Action)(() => _ = new MomentumWarmup(Cyclical, 5, value))).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("startMomentum");
        }
    }

    [Fact]
    public void ToString_ShowsParameters() =>
        new MomentumWarmup(Cyclical, 5).ToString().Should().Be($"MomentumWarmup(warmupIterations: 5, startMomentum: 0.95, momentum: {Cyclical})");
}
