namespace CyclicalLR.Demo;

/// <summary>
/// An option must change: it is malformed or out of range, conflicts with another option, does not fit the data
/// (for example more iterations than the demo allows on this data set), or names a report folder that cannot be
/// written. The program prints the message, one line that names the option, and exits with code 2.
/// </summary>
internal sealed class OptionException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="OptionException"/> class.</summary>
    public OptionException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="OptionException"/> class.</summary>
    /// <param name="message">What to change, naming the option.</param>
    public OptionException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="OptionException"/> class.</summary>
    /// <param name="message">What to change, naming the option.</param>
    /// <param name="innerException">The error that showed the problem.</param>
    public OptionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
