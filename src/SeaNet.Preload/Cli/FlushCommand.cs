using SeaNet.Preload.Control;

namespace SeaNet.Preload.Cli;

/// <summary><c>sea flush [--wait] [--channel PATH] [PATH…]</c> and <c>sea drain [--channel PATH]</c>:
/// requests to the daemon's control socket. Exit status: 0 all persisted (or queued), 1 some file
/// could not be persisted, 2 usage, 3 no daemon answered.</summary>
internal static class FlushCommand
{
    public const string FlushUsage = """
        usage: sea flush [--wait] [--channel PATH] [PATH…]
          Flushes now, without waiting for the quiet period: the files named (or below a directory
          named; named files are flushed even if no flush list names them), or every dirty file the
          flush list names. --wait: return when they are on the persistent tier (a barrier).
        """;

    public const string DrainUsage = """
        usage: sea drain [--channel PATH]
          Flushes everything the flush list names, evicts what the evict list names, waits, and
          lists every cached file not persisted.
        """;

    public static int Run(string[] args) => Execute(args, drain: false);

    public static int RunDrain(string[] args) => Execute(args, drain: true);

    private static int Execute(string[] args, bool drain)
    {
        string name = drain ? "sea drain" : "sea flush";
        string? channel = null;
        bool wait = drain;
        var paths = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--channel" when i + 1 < args.Length:
                    channel = args[++i];
                    break;
                case "--wait" when !drain:
                    wait = true;
                    break;
                case "-h" or "--help":
                    Console.Out.Write(drain ? DrainUsage : FlushUsage);
                    return 0;
                case var a when !drain && !a.StartsWith('-'):
                    paths.Add(Path.GetFullPath(a).TrimEnd('/') is { Length: > 0 } p ? p : "/");
                    break;
                default:
                    Console.Error.WriteLine($"{name}: unexpected argument '{args[i]}'\n{(drain ? DrainUsage : FlushUsage)}");
                    return 2;
            }
        }

        List<string> channels = channel is not null ? [channel] : StatusCommand.FindChannels();
        if (channels.Count != 1)
        {
            Console.Error.WriteLine(channels.Count == 0
                ? $"{name}: no SeaNet daemon found (is sea_launch running? give --channel PATH)"
                : $"{name}: several SeaNet daemons run ({string.Join(", ", channels)}): give --channel PATH");
            return 3;
        }

        string[] request = drain ? ["drain"] : ["flush", wait ? "wait" : "nowait", .. paths];
        FlushOutcome? o = FlushWait.Run(channels[0], request, name, () => false, out string error);
        if (o is null)
        {
            Console.Error.WriteLine($"{name}: {error}");
            return 3;
        }

        if (wait)
        {
            FlushWait.Report(Console.Error, name, drain ? "drained" : "flushed", o, keptShown: 50);
        }

        return o.Failed.Count == 0 ? 0 : 1;
    }
}
