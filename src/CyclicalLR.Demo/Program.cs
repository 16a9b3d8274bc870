namespace CyclicalLR.Demo;

/// <summary>Entry point: <c>dotnet run -c Release --project src/CyclicalLR.Demo -- [options]</c>; see <c>--help</c>.</summary>
internal static class Program
{
    private static int Main(string[] args) => Run(args, Console.Out, Console.Error);

    /// <summary>Parses the options and runs the demo.</summary>
    /// <returns>
    /// 0 when done, 1 when the run failed (for example bad data files), 2 for an option to change (checked with the data
    /// before any training). Every error is one line on <paramref name="error"/>, without a stack trace.
    /// </returns>
    internal static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        DemoOptions options;
        try
        {
            options = DemoOptionsParser.Parse(args);
        }
        catch (OptionException ex)
        {
            error.WriteLine(ex.Message);
            return 2;
        }

        if (options.Help)
        {
            output.Write(DemoOptionsParser.HelpText());
            return 0;
        }

        try
        {
            DemoPipeline.Run(options, output);
            return 0;
        }
        catch (OptionException ex)
        {
            error.WriteLine(ex.Message);
            return 2;
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException or InvalidOperationException)
        {
            error.WriteLine($"Error: {ex.Message}");
            return 1;
        }
    }
}
