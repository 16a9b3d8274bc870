namespace CyclicalLR.Tests;

public sealed class ConstantScheduleTests
{
    [Theory]
    [InlineData(0.0)]
    [InlineData(0.1)]
    [InlineData(double.MaxValue)]
    public void GetLearningRate_AnyIteration_IsTheRate(double rate)
    {
        var schedule = new ConstantSchedule(rate);

        new[] { 0L, 1L, 1L << 40, long.MaxValue }.Select(schedule.GetLearningRate).Should().AllBeEquivalentTo(rate);
        schedule.LearningRate.Should().Be(rate);
        schedule.ToString().Should().Be($"ConstantSchedule(learningRate: {rate.ToString("R", System.Globalization.CultureInfo.InvariantCulture)})");
    }
}
