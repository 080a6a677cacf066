using SeaNet.Preload.Cli;

namespace SeaNet.Preload.Launch;

/// <summary>
/// <c>sea_launch [-c FILE] [--mount DIR] [--persistent DIR] [--] command [args...]</c>.
/// Options end at <c>--</c> or at the first argument that is not an option, so
/// <c>sea_launch ls -la</c> runs <c>ls -la</c>.
/// <para>
/// Sea compatibility: Sea's launcher is <c>sea_launch.sh script</c> and runs <c>bash script</c>.
/// So when there is no <c>--</c> and exactly one argument that names an existing file without
/// any execute bit, SeaNet runs it with bash too; in every other case the arguments are the
/// command (looked up in PATH).
/// </para>
/// </summary>
internal sealed record LaunchArguments
{
    public ConfigArguments Config { get; init; } = new();

    /// <summary>The program and its arguments, as they will be executed.</summary>
    public IReadOnlyList<string> Command { get; init; } = [];

    /// <summary>True when the Sea form was recognised and <see cref="Command"/> is <c>bash script</c>.</summary>
    public bool RunsScriptWithBash { get; init; }

    public bool Help { get; init; }

    /// <summary>A usage error, or null.</summary>
    public string? Error { get; init; }

    public static LaunchArguments Parse(string[] args)
    {
        var config = new ConfigArguments();
        int i = 0;
        bool dashDash = false;
        for (; i < args.Length; i++)
        {
            string a = args[i];
            if (a == "--")
            {
                dashDash = true;
                i++;
                break;
            }

            if (a is "-h" or "--help")
            {
                return new LaunchArguments { Help = true };
            }

            string? problem = ConfigArguments.TryParseOption(args, ref i, ref config);
            if (problem is null)
            {
                if (a.Length > 1 && a[0] == '-')
                {
                    return new LaunchArguments { Error = $"unknown option {a} (put the command after --)" };
                }

                break; // first operand: the command starts here
            }

            if (problem.Length != 0)
            {
                return new LaunchArguments { Error = problem };
            }
        }

        string[] command = args[i..];
        if (command.Length == 0)
        {
            return new LaunchArguments { Error = "no command given" };
        }

        if (!dashDash && command.Length == 1 && IsNonExecutableFile(command[0]))
        {
            return new LaunchArguments { Config = config, Command = ["bash", command[0]], RunsScriptWithBash = true };
        }

        return new LaunchArguments { Config = config, Command = command };
    }

    private static bool IsNonExecutableFile(string path)
    {
        try
        {
            var info = new FileInfo(path);
            const UnixFileMode anyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
            return info.Exists && (info.UnixFileMode & anyExecute) == 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return false;
        }
    }

    public const string Usage = """
        usage: sea_launch [-c FILE] [--mount DIR] [--persistent DIR] [--] command [args...]
               sea_launch script.sh          (Sea form: a non-executable script is run with bash)

        Runs command with SeaNet: files it writes under the mount directory land on the
        fastest tier with room (tmpfs, then disk, then the persistent directory).

        Configuration, first match wins:
          -c FILE             a sea.ini file
          $SEA_HOME/sea.ini   Sea's convention, when SEA_HOME is set
          embedded default    mount --mount (default ./sea_mount), persistent --persistent
                              (default ./sea_persistent, must exist), one tmpfs cache tier
                              in /dev/shm/seanet-<uid>-<job id>

        The command's exit status is sea_launch's (128+N if it was killed by signal N).
        Other exit codes: 2 usage or configuration error, 1 SeaNet could not start,
        126 command not executable, 127 command not found.
        """;
}
