using System.Collections;
using SeaNet.Core.Policy;

namespace SeaNet.Core.Configuration;

/// <summary>Reads Sea's <c>sea.ini</c> (and SeaNet's additions) into a validated <see cref="SeaConfig"/>.</summary>
/// <remarks>
/// Reading never touches the tiers: it checks what can be checked from the text (syntax, types,
/// ranges, level numbering, the layout of mount and tiers). Whether the directories exist and are
/// writable is <see cref="TierPreparation"/>'s job at start-up. The format and every key are
/// described in docs/configuration.md and sea.ini.example.
/// </remarks>
public static class SeaConfigLoader
{
    /// <summary>What <see cref="SeaConfig.Source"/> and messages call the configuration used without a file.</summary>
    public const string EmbeddedSource = "<embedded default>";

    /// <summary>Loads and validates a file, and the list files beside it (<c>.sea_flushlist</c>,
    /// <c>.sea_evictlist</c>, <c>.sea_prefetchlist</c>; missing ones are empty lists). Throws
    /// <see cref="ConfigException"/> naming file, line, key and the fix.</summary>
    /// <param name="path">The file; messages name it as given here. Relative paths inside it are relative to its directory.</param>
    /// <param name="environment">Variables for <c>$VAR</c>, <c>~</c> and Sea's bare variable names; null means the process environment.</param>
    public static SeaConfig Load(string path, IReadOnlyDictionary<string, string?>? environment = null)
    {
        string fullPath = Path.GetFullPath(path);
        if (Directory.Exists(fullPath))
        {
            throw ConfigError.InFile(path, null, "is a directory, not a configuration file");
        }

        string text;
        try
        {
            text = File.ReadAllText(fullPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            string reason = e switch
            {
                FileNotFoundException or DirectoryNotFoundException => "no such file",
                UnauthorizedAccessException => "permission denied",
                _ => e.Message,
            };
            throw ConfigError.InFile(path, null, $"cannot read it ({reason})");
        }

        string directory = Path.GetDirectoryName(fullPath) ?? "/";
        return Interpret(text, path, fullPath, directory, environment, listDirectory: directory, listNamesFrom: path);
    }

    /// <summary>Parses text that came from <paramref name="sourceName"/> (used in messages).</summary>
    /// <remarks>Relative paths in the text are taken relative to <paramref name="sourceName"/>'s directory,
    /// resolved against the current directory (so a bare name means the current directory).
    /// The inline lists (<c>flush = REGEX</c>) are read; list files only if <paramref name="listDirectory"/>
    /// is given, so by default the result depends on the text alone.</remarks>
    /// <param name="listDirectory">Where to read <c>.sea_flushlist</c> and the others from, or null for none.</param>
    public static SeaConfig Parse(
        string text, string sourceName, IReadOnlyDictionary<string, string?>? environment = null, string? listDirectory = null)
    {
        string fullPath = Path.GetFullPath(sourceName);
        string directory = Path.GetDirectoryName(fullPath) ?? "/";
        string? lists = listDirectory is null ? null : Path.GetFullPath(listDirectory);
        return Interpret(text, sourceName, fullPath, directory, environment, lists, listNamesFrom: lists is null ? null : Path.Combine(listDirectory!, "sea.ini"));
    }

    /// <summary>The configuration used with neither <c>-c</c> nor <c>SEA_HOME</c>: one tmpfs cache tier, then persistent.</summary>
    /// <remarks>Relative arguments are taken from the current directory. The layout rules of a file
    /// apply (mount outside both tiers, tiers apart, no ':'), with messages naming the launcher's
    /// options. Every other setting keeps its default.</remarks>
    public static SeaConfig EmbeddedDefault(string mountDir, string persistentDir, string cacheDir)
    {
        string cwd = Directory.GetCurrentDirectory();
        PlacedPath mount = Place(mountDir, "--mount", cwd);
        PlacedPath cache = Place(cacheDir, "the cache directory", cwd);
        PlacedPath persistent = Place(persistentDir, "--persistent", cwd);
        TierLayout.Validate(EmbeddedSource, mount, [cache, persistent]);

        return new SeaConfig
        {
            MountDir = mount.Path,
            Tiers =
            [
                new TierConfig(cache.Path, null, false) { Key = "cache_0", Level = 0 },
                new TierConfig(persistent.Path, null, true) { Key = "cache_1", Level = 1 },
            ],
            Source = EmbeddedSource,
            FlushList = new PatternList([new PatternEntry(".*", EmbeddedSource, 0)]),
            DropCleanAtExit = true,
        };
    }

    /// <summary>
    /// Finds the configuration file the way <c>sea_launch</c> does: <paramref name="configOption"/> (<c>-c FILE</c>)
    /// if given, else <c>$SEA_HOME/sea.ini</c> if <c>SEA_HOME</c> is set, else none (null: use
    /// <see cref="EmbeddedDefault"/>). A named file that does not exist is an error, never a silent fallback:
    /// Sea users rely on <c>SEA_HOME</c>, and running on defaults instead of their tiers would surprise them.
    /// </summary>
    /// <returns>The full path of the file to <see cref="Load"/>, or null for the embedded default.</returns>
    public static string? Locate(string? configOption, IReadOnlyDictionary<string, string?>? environment = null)
    {
        if (configOption is not null)
        {
            if (File.Exists(configOption))
            {
                return Path.GetFullPath(configOption);
            }

            string problem = Directory.Exists(configOption)
                ? "is a directory; give the sea.ini file itself (-c DIR/sea.ini)"
                : "does not exist (check the -c argument)";
            throw ConfigError.InFile(configOption, null, problem);
        }

        string? home = Lookup(environment)("SEA_HOME");
        if (string.IsNullOrEmpty(home))
        {
            return null;
        }

        string file = Path.Combine(home, "sea.ini");
        if (File.Exists(file))
        {
            return Path.GetFullPath(file);
        }

        throw new ConfigException(
            $"SEA_HOME is set to {home} but {file} does not exist: create it (see sea.ini.example), "
            + "pass -c FILE, or unset SEA_HOME to run on the embedded default",
            file);
    }

    /// <param name="listDirectory">Where the list files are (absolute), or null to read none.</param>
    /// <param name="listNamesFrom">A path in that directory as the user would write it: list files
    /// are named in messages as its directory plus their name.</param>
    private static SeaConfig Interpret(
        string text, string fileForMessages, string fullPath, string directory, IReadOnlyDictionary<string, string?>? environment,
        string? listDirectory, string? listNamesFrom)
    {
        List<IniSection> sections = IniReader.Read(text, fileForMessages);
        ListFilePatterns? lists = null;
        if (listDirectory is not null)
        {
            string shownDirectory = Path.GetDirectoryName(listNamesFrom ?? string.Empty) ?? string.Empty;
            List<PatternEntry> Read(string name) => PatternListFile.Read(listDirectory, name, Path.Combine(shownDirectory, name));
            lists = new ListFilePatterns(Read(PatternListFile.Flush), Read(PatternListFile.Evict), Read(PatternListFile.Prefetch));
        }

        var interpreter = new SeaIniInterpreter(fileForMessages, directory, Lookup(environment));
        return interpreter.Interpret(sections, fullPath, directory, lists);
    }

    private static PlacedPath Place(string path, string name, string cwd)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw ConfigError.InFile(EmbeddedSource, name, "empty path");
        }

        return new PlacedPath(ConfigPath.Absolute(path, cwd), name, 0);
    }

    /// <summary>A lookup over <paramref name="environment"/>, or over a snapshot of the process environment.</summary>
    private static Func<string, string?> Lookup(IReadOnlyDictionary<string, string?>? environment)
    {
        if (environment is not null)
        {
            return name => environment.GetValueOrDefault(name);
        }

        var snapshot = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (DictionaryEntry variable in Environment.GetEnvironmentVariables())
        {
            snapshot[(string)variable.Key] = variable.Value as string;
        }

        return name => snapshot.GetValueOrDefault(name);
    }
}
