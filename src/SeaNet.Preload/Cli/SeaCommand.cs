namespace SeaNet.Preload.Cli;

/// <summary><c>sea &lt;subcommand&gt;</c>: the user's and admin's command-line tool. Only <c>status</c> so far.</summary>
internal static class SeaCommand
{
    public const string Usage = """
        usage: sea status [--channel PATH] [--json]   show the daemon, its tiers and the channel
        """;

    public static int Run(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            (args.Length == 0 ? Console.Error : Console.Out).Write(Usage);
            return args.Length == 0 ? 2 : 0;
        }

        if (args[0] == "status")
        {
            return StatusCommand.Run(args[1..]);
        }

        Console.Error.WriteLine($"sea: unknown command '{args[0]}'\n{Usage}");
        return 2;
    }
}
