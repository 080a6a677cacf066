using System.Globalization;
using SeaNet.Preload.Cli;

namespace SeaNet.Preload.Daemon;

/// <summary><c>seanetd serve --channel PATH [--parent-pid PID] [-c FILE | --mount DIR --persistent DIR --cache-dir DIR]</c>.</summary>
internal sealed record DaemonOptions
{
    public string Channel { get; init; } = string.Empty;

    /// <summary>The launcher's pid: when it is no longer our parent, the daemon stops (a launcher
    /// killed with SIGKILL must not leave a daemon behind). 0 = not supervised.</summary>
    public int ParentPid { get; init; }

    public ConfigArguments Config { get; init; } = new();

    public string? Error { get; init; }

    public const string Usage = """
        usage: seanetd serve --channel PATH [--parent-pid PID] [-c FILE | --mount DIR --persistent DIR [--cache-dir DIR]]
               seanetd launch ...      same as sea_launch ...
               seanetd status ...      same as sea status ...
        """;

    public static DaemonOptions Parse(string[] args)
    {
        var config = new ConfigArguments();
        string? channel = null;
        int parent = 0;
        for (int i = 0; i < args.Length; i++)
        {
            string? problem = ConfigArguments.TryParseOption(args, ref i, ref config);
            if (problem is { Length: > 0 })
            {
                return new DaemonOptions { Error = problem };
            }

            if (problem is not null)
            {
                continue;
            }

            switch (args[i])
            {
                case "--channel" when i + 1 < args.Length:
                    channel = args[++i];
                    break;
                case "--parent-pid" when i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out parent):
                    i++;
                    break;
                default:
                    return new DaemonOptions { Error = $"unexpected argument '{args[i]}'" };
            }
        }

        return string.IsNullOrEmpty(channel)
            ? new DaemonOptions { Error = "--channel PATH is required" }
            : new DaemonOptions { Channel = Path.GetFullPath(channel), ParentPid = parent, Config = config };
    }
}
