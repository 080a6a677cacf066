using SeaNet.Core.Configuration;
using SeaNet.Core.Interop;

namespace SeaNet.Preload.Cli;

/// <summary>
/// Which configuration to use: <c>-c FILE</c>, else <c>$SEA_HOME/sea.ini</c>, else the embedded
/// default built from <c>--mount</c>, <c>--persistent</c> and the cache directory. The launcher
/// resolves this once and hands the daemon the resolved form (<see cref="ToDaemonArguments"/>):
/// the file, or all three embedded-default directories, so a restarted daemon sees exactly the
/// same tiers even though the default cache directory name depends on the launcher's pid.
/// </summary>
internal sealed record ConfigArguments
{
    public string? ConfigFile { get; init; }

    public string? Mount { get; init; }

    public string? Persistent { get; init; }

    public string? CacheDir { get; init; }

    /// <summary>Parses one option at <paramref name="i"/> if it is a config option (advancing past its value).</summary>
    /// <returns>null if <paramref name="args"/>[i] is not a config option; otherwise an error message or "".</returns>
    public static string? TryParseOption(string[] args, ref int i, ref ConfigArguments config)
    {
        string a = args[i];
        string? name = a switch
        {
            "-c" or "--config" => "-c",
            "--mount" => "--mount",
            "--persistent" => "--persistent",
            "--cache-dir" => "--cache-dir",
            _ => null,
        };
        string? inline = null;
        if (name is null)
        {
            int eq = a.IndexOf('=');
            if (a.StartsWith("--", StringComparison.Ordinal) && eq > 0 && a[..eq] is "--config" or "--mount" or "--persistent" or "--cache-dir")
            {
                name = a[..eq] == "--config" ? "-c" : a[..eq];
                inline = a[(eq + 1)..];
            }
            else
            {
                return null;
            }
        }

        string? value = inline;
        if (value is null)
        {
            if (i + 1 >= args.Length)
            {
                return $"{a} needs a value";
            }

            value = args[++i];
        }

        if (value.Length == 0)
        {
            return $"{name} needs a non-empty value";
        }

        config = name switch
        {
            "-c" => config with { ConfigFile = value },
            "--mount" => config with { Mount = value },
            "--persistent" => config with { Persistent = value },
            _ => config with { CacheDir = value },
        };
        return string.Empty;
    }

    /// <summary>The job id used in default names: <paramref name="slurmJobId"/> ($SLURM_JOB_ID), else the launcher's pid.</summary>
    public static string JobId(string? slurmJobId, int launcherPid) =>
        string.IsNullOrWhiteSpace(slurmJobId) || slurmJobId.Contains('/') || slurmJobId.Contains("..", StringComparison.Ordinal)
            ? launcherPid.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : slurmJobId;

    /// <summary>Fills in the embedded default's directories (unless a file is used) so the result can be handed to the daemon verbatim.</summary>
    /// <exception cref="ConfigException">-c names a missing file, or $SEA_HOME/sea.ini is missing.</exception>
    public ConfigArguments Resolve(string jobId)
    {
        string? file = SeaConfigLoader.Locate(ConfigFile);
        if (file is not null)
        {
            if (Mount is not null || Persistent is not null || CacheDir is not null)
            {
                throw new ConfigException(
                    $"--mount, --persistent and --cache-dir apply only to the embedded default, but the configuration is {file}: set mount_dir and the cache_N keys there instead",
                    file);
            }

            return new ConfigArguments { ConfigFile = file };
        }

        string cwd = Directory.GetCurrentDirectory();
        return new ConfigArguments
        {
            Mount = Path.GetFullPath(Mount ?? Path.Combine(cwd, "sea_mount")),
            Persistent = Path.GetFullPath(Persistent ?? Path.Combine(cwd, "sea_persistent")),
            CacheDir = Path.GetFullPath(CacheDir ?? $"/dev/shm/seanet-{ProcessProbe.UserId}-{jobId}"),
        };
    }

    /// <summary>Loads the configuration these (resolved) arguments name.</summary>
    /// <exception cref="ConfigException">Anything wrong with it.</exception>
    public SeaConfig Load() =>
        ConfigFile is not null
            ? SeaConfigLoader.Load(ConfigFile)
            : SeaConfigLoader.EmbeddedDefault(Mount!, Persistent!, CacheDir!);

    /// <summary>The arguments that make a daemon load the same configuration.</summary>
    public IEnumerable<string> ToDaemonArguments() =>
        ConfigFile is not null
            ? ["-c", ConfigFile]
            : ["--mount", Mount!, "--persistent", Persistent!, "--cache-dir", CacheDir!];
}
