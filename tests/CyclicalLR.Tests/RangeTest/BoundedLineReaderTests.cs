namespace CyclicalLR.Tests;

/// <summary>The line reader under <see cref="LrRangeTestResult.ReadCsv"/>: printable ASCII only, line ends, the end of the text.</summary>
public sealed class BoundedLineReaderTests
{
    private static BoundedLineReader Reader(string text) =>
        new(new StringReader(text), (line, what) => new FormatException("line " + line + ": " + what));

    [Fact]
    public void Next_PrintableAsciiEdges_Accepted()
    {
        var lines = Reader(" a~\n~ \r\nlast");
        lines.Next().Should().Be(" a~");
        lines.Next().Should().Be("~ ");
        lines.Next().Should().Be("last");
        lines.LineNumber.Should().Be(3);
        lines.Next().Should().BeNull();
        lines.LineNumber.Should().Be(4);
        lines.Next().Should().BeNull("the end of the text stays the end");
    }

    [Theory]
    [InlineData('\u001f', "U+001F")]
    [InlineData('\u007f', "U+007F")]
    public void Next_CharacterJustOutsidePrintableAscii_ThrowsNamingLineAndColumn(char bad, string code)
    {
        var lines = Reader("ok\nab" + bad + "\n");
        lines.Next().Should().Be("ok");
        var act = () => lines.Next();
        act.Should().Throw<FormatException>().WithMessage("line 2: unexpected character " + code + " at column 3");
    }

    [Fact]
    public void Next_LineOfExactlyTheMaximumLength_AcceptedOneMoreRejected()
    {
        var longest = new string('x', BoundedLineReader.MaximumLineLength);
        var lines = Reader(longest + "\n" + longest + "x\n");
        lines.Next().Should().Be(longest);
        var act = () => lines.Next();
        act.Should().Throw<FormatException>().WithMessage("line 2: longer than 1024 characters");
    }
}
