namespace CyclicalLR.Demo.Tests;

public sealed class DigitsDataTests
{
    [Fact]
    public void Load_Embedded_FixedSplitOf1437And360()
    {
        var split = DigitsData.Load();

        split.Train.Count.Should().Be(1437);
        split.Test.Count.Should().Be(360);
        split.Train.FeatureCount.Should().Be(64);
        split.Train.ClassCount.Should().Be(10);
    }

    [Fact]
    public void Load_Embedded_PixelsScaledToUnitIntervalAndEveryClassPresent()
    {
        var split = DigitsData.Load();

        foreach (var data in new[] { split.Train, split.Test })
        {
            var labels = new HashSet<int>();
            for (var i = 0; i < data.Count; i++)
            {
                data.Features(i).ToArray().Should().OnlyContain(v => v >= 0 && v <= 1);
                labels.Add(data.Label(i));
            }

            labels.Should().BeEquivalentTo(Enumerable.Range(0, 10));
        }
    }

    [Fact]
    public void Load_Twice_SameSplit()
    {
        var a = DigitsData.Load();
        var b = DigitsData.Load();

        for (var i = 0; i < a.Test.Count; i++)
        {
            a.Test.Label(i).Should().Be(b.Test.Label(i));
            a.Test.Features(i).SequenceEqual(b.Test.Features(i)).Should().BeTrue();
        }
    }

    [Fact]
    public void Parse_ValidRow_ScalesBy16()
    {
        var row = string.Join(',', Enumerable.Repeat("16", 63).Prepend("8")) + ",7";

        var data = DigitsData.Parse(new StringReader(row + "\n"), "t");

        data.Count.Should().Be(1);
        data.Label(0).Should().Be(7);
        data.Features(0)[0].Should().Be(0.5f);
        data.Features(0)[63].Should().Be(1f);
    }

    [Theory]
    [InlineData("1,2,3", "t, line 1: expected 65 comma-separated values, found 3.")]
    [InlineData("17", "t, line 1: '17' is not an integer in 0..16.")]
    [InlineData("x", "t, line 1: 'x' is not an integer in 0..16.")]
    [InlineData("-1", "t, line 1: '-1' is not an integer in 0..16.")]
    public void Parse_BadRow_ThrowsWithLine(string first, string message)
    {
        var row = first.Contains(',', StringComparison.Ordinal)
            ? first
            : string.Join(',', Enumerable.Repeat("0", 63).Prepend(first)) + ",1";

        var act = () => DigitsData.Parse(new StringReader(row), "t");

        act.Should().Throw<InvalidDataException>().WithMessage(message);
    }

    [Fact]
    public void Parse_LabelAbove9_Throws()
    {
        var row = string.Join(',', Enumerable.Repeat("0", 64)) + ",10";

        var act = () => DigitsData.Parse(new StringReader(row), "t");

        act.Should().Throw<InvalidDataException>().WithMessage("*'10' is not an integer in 0..9.");
    }
}
