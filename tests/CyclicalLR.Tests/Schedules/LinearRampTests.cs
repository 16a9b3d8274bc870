namespace CyclicalLR.Tests;

public sealed class LinearRampTests
{
    [Theory]
    [InlineData(0.001, 0.1, 10)]
    [InlineData(0.1, 0.001, 3)]
    [InlineData(0.001, 0.01, 1)]
    [InlineData(0.3, 0.3, 5)]
    public void GetLearningRate_Ends_AreExactAndHeld(double start, double end, long iterations)
    {
        var ramp = new LinearRamp(start, end, iterations);

        ramp.GetLearningRate(0).Should().Be(start);
        ramp.GetLearningRate(iterations).Should().Be(end);
        ramp.GetLearningRate(iterations + 1).Should().Be(end);
        ramp.GetLearningRate(long.MaxValue).Should().Be(end);
        for (long i = 0; i <= iterations; i++)
        {
            ramp.GetLearningRate(i).Should().BeInRange(Math.Min(start, end), Math.Max(start, end));
        }
    }

    [Fact]
    public void GetLearningRate_FixedDecay_IsTheSameRampBitForBit()
    {
        var fixedDecay = new FixedDecay(0.001, 0.007, 2000);
        var ramp = new LinearRamp(0.007, 0.001, 2000);

        for (long i = 0; i <= 2_100; i++)
        {
            BitConverter.DoubleToInt64Bits(ramp.GetLearningRate(i)).Should().Be(BitConverter.DoubleToInt64Bits(fixedDecay.GetLearningRate(i)), $"iteration {i}");
        }
    }

    [Fact]
    public void GetLearningRate_Rising_IsMonotone()
    {
        var ramp = new LinearRamp(1e-6, 0.1, 997);

        Enumerable.Range(0, 1_000).Select(i => ramp.GetLearningRate(i)).Should().BeInAscendingOrder();
    }

    [Fact]
    public void GetLearningRate_EndOfNegativeZero_HeldWithItsSign()
    {
        // -0.0 is a valid end (not negative); from the last iteration on the ramp returns the end itself, sign included
        // (the line's formula would give +0.0 there: -0.0 - (amplitude * 0) with a negative amplitude).
        var ramp = new LinearRamp(0.1, -0.0, 10);

        foreach (var i in new[] { 10L, 11L, long.MaxValue })
        {
            double.IsNegative(ramp.GetLearningRate(i)).Should().BeTrue("iteration {0} is at or after the end", i);
        }
    }
}
