using System.Globalization;

namespace CyclicalLR;

/// <summary>
/// Reads lines of printable ASCII from a <see cref="TextReader"/> with a cap on each line's length, so a hostile file
/// costs at most <see cref="MaximumLineLength"/> characters of memory and time per line before it is rejected.
/// </summary>
/// <remarks>
/// A line ends at <c>\n</c> (a <c>\r</c> right before it is dropped); the text after the last <c>\n</c>, if any, is a
/// last line. Any other character outside <c>' '</c> to <c>'~'</c> (NUL, a lone <c>\r</c>, a tab, non-ASCII) is an error.
/// </remarks>
internal sealed class BoundedLineReader
{
    /// <summary>The longest line accepted, in characters (a range-test row is under 100, its settings line under 300).</summary>
    public const int MaximumLineLength = 1024;

    private readonly TextReader _reader;
    private readonly Func<int, string, Exception> _error;
    private readonly char[] _buffer = new char[4096];
    private readonly char[] _line = new char[MaximumLineLength + 1];
    private int _start;
    private int _end;

    /// <param name="reader">The text to read.</param>
    /// <param name="error">Makes the exception for a bad line from its number and what is wrong.</param>
    public BoundedLineReader(TextReader reader, Func<int, string, Exception> error)
    {
        _reader = reader;
        _error = error;
    }

    /// <summary>Gets the number of the line last returned (1-based), or of the end of the file once there are no more lines.</summary>
    public int LineNumber { get; private set; }

    /// <summary>Returns the next line, or <see langword="null"/> at the end of the text.</summary>
    public string? Next()
    {
        LineNumber++;
        var length = 0;
        while (true)
        {
            if (_start == _end)
            {
                _start = 0;
                _end = _reader.Read(_buffer, 0, _buffer.Length);
                if (_end == 0)
                {
                    return length == 0 ? null : Finish(length);
                }
            }

            var c = _buffer[_start++];
            if (c == '\n')
            {
                return Finish(length);
            }

            if (length == MaximumLineLength)
            {
                throw _error(LineNumber, string.Create(CultureInfo.InvariantCulture, $"longer than {MaximumLineLength} characters"));
            }

            _line[length++] = c;
        }
    }

    private string Finish(int length)
    {
        if (length > 0 && _line[length - 1] == '\r')
        {
            length--;
        }

        for (var i = 0; i < length; i++)
        {
            if (_line[i] is < ' ' or > '~')
            {
                throw _error(LineNumber, string.Create(CultureInfo.InvariantCulture, $"unexpected character U+{(int)_line[i]:X4} at column {i + 1}"));
            }
        }

        return new string(_line, 0, length);
    }
}
