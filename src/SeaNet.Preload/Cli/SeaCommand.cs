namespace SeaNet.Preload.Cli;

/// <summary><c>sea &lt;subcommand&gt;</c>: the user's and admin's command-line tool.</summary>
internal static class SeaCommand
{
    public const string Usage = """
        usage: sea status [--channel PATH] [--json]          the daemon, its tiers, files by state, the flush queue
               sea flush [--wait] [--channel PATH] [PATH…]   flush now (all dirty files, or these); --wait: until persisted
               sea drain [--channel PATH]                    flush everything, evict, wait; list what is not persisted
               sea check [-c FILE] [--tree DIR]              validate sea.ini and the lists (and match them against DIR)
               sea ls ARCHIVE                                the members of a ZIP archive
               sea pack [--keep] [-o ARCHIVE] DIR            turn a directory into one verified archive
               sea unpack [-C DEST] ARCHIVE                  restore the exact tree an archive holds
        """;

    public static int Run(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            (args.Length == 0 ? Console.Error : Console.Out).Write(Usage);
            return args.Length == 0 ? 2 : 0;
        }

        switch (args[0])
        {
            case "status":
                return StatusCommand.Run(args[1..]);
            case "flush":
                return FlushCommand.Run(args[1..]);
            case "drain":
                return FlushCommand.RunDrain(args[1..]);
            case "check":
                return CheckCommand.Run(args[1..]);
            case "ls":
                return LsCommand.Run(args[1..]);
            case "pack":
                return PackCommand.RunPack(args[1..]);
            case "unpack":
                return PackCommand.RunUnpack(args[1..]);
        }

        Console.Error.WriteLine($"sea: unknown command '{args[0]}'\n{Usage}");
        return 2;
    }
}
