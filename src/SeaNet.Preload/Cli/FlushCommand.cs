namespace SeaNet.Preload.Cli;

/// <summary><c>sea flush</c> and <c>sea drain</c>: requests to the daemon's control socket.</summary>
internal static class FlushCommand
{
    public static int Run(string[] args)
    {
        Console.Error.WriteLine("sea flush: not implemented yet");
        return 2;
    }

    public static int RunDrain(string[] args)
    {
        Console.Error.WriteLine("sea drain: not implemented yet");
        return 2;
    }
}
