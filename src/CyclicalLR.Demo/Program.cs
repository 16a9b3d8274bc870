namespace CyclicalLR.Demo;

internal static class Program
{
    private static int Main()
    {
        Console.WriteLine("CyclicalLR demo: not built yet (see issue 5).");
        return 0;
    }
}
