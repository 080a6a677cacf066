namespace SeaNet.Preload.Cli;

/// <summary><c>sea check</c>: validates sea.ini and the flush, evict and prefetch lists.</summary>
internal static class CheckCommand
{
    public static int Run(string[] args)
    {
        Console.Error.WriteLine("sea check: not implemented yet");
        return 2;
    }
}
