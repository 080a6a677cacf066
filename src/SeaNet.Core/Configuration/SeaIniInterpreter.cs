using System.Numerics;
using SeaNet.Core.Policy;

namespace SeaNet.Core.Configuration;

/// <summary>
/// Turns the sections of a <c>sea.ini</c> into a validated <see cref="SeaConfig"/>: Sea's keys with
/// Sea's meanings (every spelling Sea has used), SeaNet's additions, and the checks Sea never made.
/// One instance reads one file.
/// </summary>
/// <remarks>
/// Level keys: <c>n_levels</c> (Sea's older <c>n_sources</c>) counts levels; <c>cache_N</c> (older
/// <c>source_N</c>) gives level N for N = 0 … n_levels-1, fastest first, and the last level is the
/// persistent one, as Sea's flusher treats it. A cache level may list several directories
/// separated by commas (Sea's <c>source_1 = /disk0/x,/disk1/x</c>); each becomes a tier.
/// </remarks>
internal sealed class SeaIniInterpreter
{
    private const int MaxThreads = 1 << 16;
    private const int MaxFlushWorkers = 64;
    private const int MaxDrainRetries = 100;
    private static readonly TimeSpan MaxFlushDelay = TimeSpan.FromHours(1);

    private readonly string _file;
    private readonly string _baseDirectory;
    private readonly Func<string, string?> _environment;
    private readonly List<string> _warnings = [];
    private readonly Dictionary<string, IniEntry> _keys = [];
    private readonly SortedDictionary<int, IniEntry> _levels = [];
    private readonly SortedDictionary<int, IniEntry> _capacities = [];
    private readonly Dictionary<string, List<PatternEntry>> _patterns = new(StringComparer.Ordinal)
    {
        ["flush"] = [],
        ["evict"] = [],
        ["prefetch"] = [],
        ["pack"] = [],
    };

    /// <param name="file">The file as the user named it, for messages.</param>
    /// <param name="baseDirectory">What relative paths are relative to: the file's directory.</param>
    /// <param name="environment">Variable lookup; null or empty means unset.</param>
    public SeaIniInterpreter(string file, string baseDirectory, Func<string, string?> environment)
    {
        _file = file;
        _baseDirectory = baseDirectory;
        _environment = environment;
    }

    /// <param name="sections">The file's sections, from <see cref="IniReader"/>.</param>
    /// <param name="source">What <see cref="SeaConfig.Source"/> says.</param>
    /// <param name="configDirectory">What <see cref="SeaConfig.ConfigDirectory"/> says.</param>
    /// <param name="listFiles">Patterns already read from the list files; they come before the
    /// file's inline <c>flush</c>/<c>evict</c>/<c>prefetch</c> keys.</param>
    public SeaConfig Interpret(IReadOnlyList<IniSection> sections, string source, string? configDirectory, ListFilePatterns? listFiles = null)
    {
        Collect(sections);

        IniEntry levelCount = LevelCount();
        int n = ConfigValues.Integer(levelCount, _file, 1, ConfigLimits.MaxTiers);
        List<(TierConfig Tier, int Line)> tiers = Tiers(levelCount, n);

        IniEntry mountEntry = _keys.GetValueOrDefault("mount_dir")
            ?? throw ConfigError.Missing(_file, "mount_dir", "the directory programs read and write, e.g. mount_dir = /scratch/$USER/sea_mount");
        string mount = ResolvePaths(mountEntry, isList: false)[0];

        TierLayout.Validate(
            _file,
            new PlacedPath(mount, mountEntry.Key, mountEntry.Line),
            tiers.Select(t => new PlacedPath(t.Tier.Path, t.Tier.Key, t.Line)).ToList());

        var config = new SeaConfig
        {
            MountDir = mount,
            Tiers = tiers.Select(t => t.Tier).ToList(),
            Source = source,
            ConfigDirectory = configDirectory,
        };

        if (_keys.TryGetValue("max_fs", out IniEntry? maxFs))
        {
            long bytes = ConfigValues.Size(Expanded(maxFs), _file);
            if (bytes <= 0)
            {
                throw ConfigError.At(_file, maxFs.Line, maxFs.Key, "must be more than 0 (the largest file the pipeline writes)");
            }

            config = config with { MaxFileSize = bytes };
        }

        if (_keys.TryGetValue("n_threads", out IniEntry? threads))
        {
            config = config with { Threads = ConfigValues.Integer(Expanded(threads), _file, 1, MaxThreads) };
        }

        if (_keys.TryGetValue("log_level", out IniEntry? logLevel))
        {
            config = config with { LogLevel = ConfigValues.Level(Expanded(logLevel), _file) };
        }

        if (_keys.TryGetValue("log_file", out IniEntry? logFile) && logFile.Value.Length > 0)
        {
            config = config with { LogFile = ResolvePaths(logFile, isList: false)[0] };
        }

        if (_keys.TryGetValue("index_slots", out IniEntry? slots))
        {
            int count = ConfigValues.Integer(Expanded(slots), _file, ConfigLimits.MinIndexSlots, ConfigLimits.MaxIndexSlots);
            if (!BitOperations.IsPow2(count))
            {
                throw ConfigError.At(_file, slots.Line, slots.Key,
                    $"{count} is not a power of two (e.g. {BitOperations.RoundUpToPowerOf2((uint)count)})");
            }

            config = config with { IndexSlots = count };
        }

        config = FlushKeys(config);
        config = config with
        {
            FlushList = Patterns("flush", listFiles?.Flush),
            EvictList = Patterns("evict", listFiles?.Evict),
            PrefetchList = Patterns("prefetch", listFiles?.Prefetch),
            PackRoots = Patterns("pack", null),
        };
        config = PackKeys(config);

        if (n == 1)
        {
            _warnings.Add($"{_file}:{levelCount.Line}: {levelCount.Key} = 1: no cache tier; "
                + $"files are written straight to the persistent directory {tiers[0].Tier.Path}");
        }

        return config with { Warnings = _warnings };
    }

    /// <summary>SeaNet's keys for the flusher: delay, workers, bandwidth, high and low water, drain.</summary>
    private SeaConfig FlushKeys(SeaConfig config)
    {
        if (_keys.TryGetValue("flush_delay", out IniEntry? delay))
        {
            config = config with { FlushDelay = ConfigValues.Duration(Expanded(delay), _file, MaxFlushDelay) };
        }

        if (_keys.TryGetValue("flush_workers", out IniEntry? workers))
        {
            config = config with { FlushWorkers = ConfigValues.Integer(Expanded(workers), _file, 1, MaxFlushWorkers) };
        }

        if (_keys.TryGetValue("flush_bandwidth", out IniEntry? bandwidth))
        {
            IniEntry perSecond = Expanded(bandwidth);
            string text = perSecond.Value.Trim();
            if (text.EndsWith("/s", StringComparison.OrdinalIgnoreCase))
            {
                perSecond = perSecond with { Value = text[..^2] };
            }

            config = config with { FlushBandwidth = ConfigValues.Size(perSecond, _file) };
        }

        if (_keys.TryGetValue("drain_retries", out IniEntry? retries))
        {
            config = config with { DrainRetries = ConfigValues.Integer(Expanded(retries), _file, 0, MaxDrainRetries) };
        }

        if (_keys.TryGetValue("drop_clean_at_exit", out IniEntry? drop))
        {
            config = config with { DropCleanAtExit = ConfigValues.Boolean(Expanded(drop), _file) };
        }

        IniEntry? high = _keys.GetValueOrDefault("cache_high_water");
        IniEntry? low = _keys.GetValueOrDefault("cache_low_water");
        if (high is not null)
        {
            config = config with { CacheHighWater = ConfigValues.Fraction(Expanded(high), _file) };
        }

        if (low is not null)
        {
            config = config with { CacheLowWater = ConfigValues.Fraction(Expanded(low), _file) };
        }

        if (config.CacheLowWater >= config.CacheHighWater)
        {
            string Describe(IniEntry? e, string key, double value) =>
                e is null ? $"{key} = {value:0.##%} (the default)" : $"{key} = {e.Value} (line {e.Line})";
            IniEntry at = low is not null && (high is null || low.Line > high.Line) ? low : high!;
            throw ConfigError.Sentence(_file, at.Line, at.Key,
                $"{Describe(low, "cache_low_water", config.CacheLowWater)} must be below {Describe(high, "cache_high_water", config.CacheHighWater)}: "
                + "dropping clean files starts at the high mark and stops at the low one (lower cache_low_water or raise cache_high_water)");
        }

        return config;
    }

    /// <summary>SeaNet's packing keys (issue #5) besides the <c>pack</c> patterns: the largest member,
    /// and the format, of which there is one.</summary>
    private SeaConfig PackKeys(SeaConfig config)
    {
        if (_keys.TryGetValue("pack_max_member", out IniEntry? max))
        {
            long bytes = ConfigValues.Size(Expanded(max), _file);
            if (bytes <= 0 || bytes > SeaConfig.PackMaxMemberLimit)
            {
                throw ConfigError.At(_file, max.Line, max.Key, "must be more than 0 and at most 1T (the largest file an archive takes, e.g. 16M)");
            }

            config = config with { PackMaxMember = bytes };
        }

        if (_keys.TryGetValue("pack_format", out IniEntry? format) && !string.Equals(Expanded(format).Value.Trim(), "zip", StringComparison.OrdinalIgnoreCase))
        {
            throw ConfigError.At(_file, format.Line, format.Key,
                $"'{format.Value}' is not a format SeaNet writes; the one there is: zip (stored members, ZIP64; .ozx for OME-Zarr v3)");
        }

        return config;
    }

    /// <summary>A list: the list file's patterns, then the inline ones. Warns about a pattern that
    /// starts with '/', which can never match a path relative to the mount.</summary>
    private PatternList Patterns(string key, IReadOnlyList<PatternEntry>? fromFile)
    {
        List<PatternEntry> entries = [.. fromFile ?? [], .. _patterns[key]];
        foreach (PatternEntry e in entries)
        {
            string text = e.Text.StartsWith('^') ? e.Text[1..] : e.Text;
            if (text.StartsWith('/'))
            {
                _warnings.Add($"{e.Where}: pattern '{e.Text}' starts with '/', but patterns match paths relative to the mount "
                    + "(sub-01/anat/x.nii, no leading '/'), so it matches nothing; remove the mount directory and the '/'");
            }
        }

        return entries.Count == 0 ? PatternList.Empty : new PatternList(entries);
    }

    /// <summary>Sorts the [Sea] keys into plain keys, level keys and capacities; warns about the rest.
    /// A key given twice keeps its last value, as iniparser does, with a warning.</summary>
    private void Collect(IReadOnlyList<IniSection> sections)
    {
        bool sawSea = false;
        foreach (IniSection section in sections)
        {
            if (section.Name != "sea")
            {
                _warnings.Add($"{_file}:{section.Line}: unknown section [{section.Name}] (its keys are ignored)");
                continue;
            }

            sawSea = true;
            foreach (IniEntry entry in section.Entries)
            {
                switch (SeaIniKeys.Classify(entry.Key, out int level))
                {
                    case SeaIniKeys.Kind.Plain:
                        Keep(_keys, entry.Key, entry);
                        break;
                    case SeaIniKeys.Kind.Level:
                        Keep(_levels, level, entry);
                        break;
                    case SeaIniKeys.Kind.LevelCapacity:
                        Keep(_capacities, level, entry);
                        break;
                    case SeaIniKeys.Kind.Pattern:
                        AddPattern(entry);
                        break;
                    default:
                        _warnings.Add($"{_file}:{entry.Line}: unknown key '{entry.Key}' in [Sea] (ignored)");
                        break;
                }
            }
        }

        if (!sawSea)
        {
            throw ConfigError.InFile(_file, null, "no [Sea] section (Sea's keys go under a line reading [Sea]; see sea.ini.example)");
        }
    }

    /// <summary>An inline <c>flush</c>/<c>evict</c>/<c>prefetch</c> key: each adds one pattern, taken as
    /// written (no <c>$VAR</c> expansion: '$' is the end anchor).</summary>
    private void AddPattern(IniEntry entry)
    {
        if (entry.Value.Length == 0)
        {
            throw ConfigError.At(_file, entry.Line, entry.Key,
                "empty pattern (remove the line, or write .* for every file; to put ';' or '#' in a pattern, quote it)");
        }

        _patterns[entry.Key].Add(new PatternEntry(entry.Value, _file, entry.Line) { Key = entry.Key });
    }

    private void Keep<TKey>(IDictionary<TKey, IniEntry> into, TKey slot, IniEntry entry)
        where TKey : notnull
    {
        if (into.TryGetValue(slot, out IniEntry? earlier))
        {
            if (earlier.Key != entry.Key)
            {
                throw ConfigError.Sentence(_file, entry.Line, entry.Key,
                    $"{entry.Key} and {earlier.Key} (line {earlier.Line}) name the same thing; keep one of them");
            }

            _warnings.Add($"{_file}:{entry.Line}: key '{entry.Key}' was already given on line {earlier.Line}; this later value is used");
        }

        into[slot] = entry;
    }

    /// <summary><c>n_levels</c>, or Sea's older <c>n_sources</c>; both only if they agree.</summary>
    private IniEntry LevelCount()
    {
        IniEntry? levels = _keys.GetValueOrDefault("n_levels");
        IniEntry? sources = _keys.GetValueOrDefault("n_sources");
        if (levels is not null && sources is not null && Expanded(levels).Value != Expanded(sources).Value)
        {
            throw ConfigError.Sentence(_file, sources.Line, sources.Key,
                $"n_sources = {sources.Value} disagrees with n_levels = {levels.Value} (line {levels.Line}); keep n_levels only");
        }

        IniEntry? count = levels ?? sources;
        if (count is null)
        {
            string found = _levels.Count > 0
                ? $"; this file gives {_levels.Count} level(s), so add n_levels = {_levels.Count}"
                : string.Empty;
            throw ConfigError.Missing(_file, "n_levels", $"the number of levels cache_0 … cache_N-1, the last one persistent{found}");
        }

        return Expanded(count);
    }

    private List<(TierConfig Tier, int Line)> Tiers(IniEntry levelCount, int n)
    {
        string prefix = _levels.Values.All(e => e.Key.StartsWith("source_", StringComparison.Ordinal)) && _levels.Count > 0
            ? "source_"
            : "cache_";
        for (int level = 0; level < n; level++)
        {
            if (!_levels.ContainsKey(level))
            {
                throw ConfigError.At(_file, levelCount.Line, levelCount.Key,
                    $"{levelCount.Key} = {n} but there is no {prefix}{level} (give {prefix}0 to {prefix}{n - 1}, or change {levelCount.Key})");
            }
        }

        (int extraLevel, IniEntry? extra) = _levels.FirstOrDefault(l => l.Key >= n);
        if (extra is not null)
        {
            throw ConfigError.At(_file, extra.Line, extra.Key,
                $"{levelCount.Key} = {n} (line {levelCount.Line}) allows {prefix}0 to {prefix}{n - 1} only "
                + $"(raise {levelCount.Key} to {extraLevel + 1}, or remove {extra.Key})");
        }

        var capacities = new Dictionary<int, long>();
        foreach ((int level, IniEntry entry) in _capacities)
        {
            if (level >= n)
            {
                throw ConfigError.At(_file, entry.Line, entry.Key,
                    $"there is no level {level} ({levelCount.Key} = {n} on line {levelCount.Line})");
            }

            if (level == n - 1)
            {
                throw ConfigError.At(_file, entry.Line, entry.Key,
                    $"{_levels[level].Key} is the persistent level (the last one); capacities apply to cache levels only, so remove {entry.Key}");
            }

            long bytes = ConfigValues.Size(Expanded(entry), _file);
            if (bytes <= 0)
            {
                throw ConfigError.At(_file, entry.Line, entry.Key, "must be more than 0 (leave the key out to use the whole file system)");
            }

            capacities[level] = bytes;
        }

        var tiers = new List<(TierConfig, int)>();
        for (int level = 0; level < n; level++)
        {
            IniEntry entry = _levels[level];
            bool persistent = level == n - 1;
            List<string> paths = ResolvePaths(entry, isList: true);
            if (persistent && paths.Count > 1)
            {
                throw ConfigError.At(_file, entry.Line, entry.Key,
                    $"the persistent level (the last one) must be one directory, not {paths.Count}; only cache levels may list several");
            }

            if (tiers.Count + paths.Count > ConfigLimits.MaxTiers)
            {
                throw ConfigError.At(_file, entry.Line, entry.Key,
                    $"brings the number of tier directories to {tiers.Count + paths.Count}; SeaNet supports at most {ConfigLimits.MaxTiers} (list fewer directories)");
            }

            long? capacity = capacities.TryGetValue(level, out long cap) ? cap : null;
            tiers.AddRange(paths.Select(p => (new TierConfig(p, capacity, persistent) { Key = entry.Key, Level = level }, entry.Line)));
        }

        return tiers;
    }

    /// <summary>
    /// Reads a path value the ways Sea does and makes each path absolute and normalised.
    /// </summary>
    /// <remarks>
    /// An item that is a bare variable name (<c>cache_0 = SLURM_TMPDIR</c>) is replaced by that variable's
    /// value when it is set: that is Sea's form (<c>secure_getenv</c> on the value in config.cpp, per
    /// item in sea_prefetch.sh). A bare name in capitals that is not set is an error rather than
    /// Sea's silent relative directory named <c>SLURM_TMPDIR</c>. Otherwise <c>$VAR</c>/<c>${VAR}</c> are
    /// expanded, then a leading <c>~</c>. For lists, a variable's value may itself be a comma list.
    /// </remarks>
    private List<string> ResolvePaths(IniEntry entry, bool isList)
    {
        if (entry.Value.Trim().Length == 0)
        {
            throw ConfigError.At(_file, entry.Line, entry.Key, "empty value (give a directory)");
        }

        var paths = new List<string>();
        foreach (string raw in Split(entry.Value, isList))
        {
            string item = raw.Trim();
            if (item.Length == 0)
            {
                throw ConfigError.At(_file, entry.Line, entry.Key, $"'{entry.Value}' has an empty item in its comma-separated list");
            }

            string expanded;
            if (ConfigValues.IsIdentifier(item) && !string.IsNullOrEmpty(_environment(item)))
            {
                expanded = _environment(item)!;
            }
            else if (ConfigValues.LooksLikeVariableName(item))
            {
                throw ConfigError.At(_file, entry.Line, entry.Key,
                    $"'{item}' looks like an environment variable name, but {item} is not set (set it, or write ./{item} for a directory of that name)");
            }
            else
            {
                expanded = ConfigValues.ExpandVariables(item, entry, _file, _environment);
            }

            foreach (string part in Split(expanded, isList))
            {
                string path = part.Trim();
                if (path.Length == 0)
                {
                    throw ConfigError.At(_file, entry.Line, entry.Key, $"'{item}' expands to an empty directory name");
                }

                paths.Add(ConfigPath.Absolute(ExpandHome(path, entry), _baseDirectory));
            }
        }

        return paths;
    }

    private string ExpandHome(string path, IniEntry entry)
    {
        if (path != "~" && !path.StartsWith("~/", StringComparison.Ordinal))
        {
            if (path.StartsWith('~'))
            {
                throw ConfigError.At(_file, entry.Line, entry.Key, $"'{path}': only ~ and ~/ are expanded, not ~user (write the full path)");
            }

            return path;
        }

        string? home = _environment("HOME");
        if (string.IsNullOrEmpty(home))
        {
            throw ConfigError.At(_file, entry.Line, entry.Key, $"'{path}' uses ~ but HOME is not set (write the full path)");
        }

        return home + path[1..];
    }

    /// <summary>The entry with <c>$VAR</c> expanded, for values that are not paths.</summary>
    private IniEntry Expanded(IniEntry entry) =>
        entry with { Value = ConfigValues.ExpandVariables(entry.Value, entry, _file, _environment) };

    private static string[] Split(string value, bool isList) => isList ? value.Split(',') : [value];
}

/// <summary>The keys <c>sea.ini</c> may hold in <c>[Sea]</c>. docs/configuration.md and
/// sea.ini.example describe each; keep the three in step.</summary>
internal static class SeaIniKeys
{
    public enum Kind
    {
        Unknown,

        /// <summary>A key with no level number.</summary>
        Plain,

        /// <summary><c>cache_N</c> or Sea's older <c>source_N</c>.</summary>
        Level,

        /// <summary><c>flush</c>, <c>evict</c>, <c>prefetch</c>, <c>pack</c>: one list pattern each, may repeat.</summary>
        Pattern,

        /// <summary>SeaNet's <c>cache_N_capacity</c> (or <c>source_N_capacity</c>).</summary>
        LevelCapacity,
    }

    /// <summary>Keys without a level number: Sea's, then SeaNet's.</summary>
    public static readonly IReadOnlySet<string> Plain = new HashSet<string>(StringComparer.Ordinal)
    {
        "mount_dir", "n_levels", "n_sources", "log_level", "log_file", "max_fs", "n_threads",
        "index_slots", "flush_delay", "flush_workers", "flush_bandwidth", "cache_high_water", "cache_low_water",
        "drain_retries", "drop_clean_at_exit", "pack_max_member", "pack_format",
    };

    /// <summary>The inline list keys; each line adds one pattern to its list.</summary>
    public static readonly IReadOnlySet<string> Patterns = new HashSet<string>(StringComparer.Ordinal)
    {
        "flush", "evict", "prefetch", "pack",
    };

    public static Kind Classify(string key, out int level)
    {
        level = -1;
        if (Plain.Contains(key))
        {
            return Kind.Plain;
        }

        if (Patterns.Contains(key))
        {
            return Kind.Pattern;
        }

        string rest = key.StartsWith("cache_", StringComparison.Ordinal) ? key["cache_".Length..]
            : key.StartsWith("source_", StringComparison.Ordinal) ? key["source_".Length..]
            : string.Empty;
        bool capacity = rest.EndsWith("_capacity", StringComparison.Ordinal);
        string number = capacity ? rest[..^"_capacity".Length] : rest;

        // Decimal without leading zeros, as Sea formats it (sprintf "%d"): cache_01 is not cache_1.
        if (number.Length == 0 || number.Length > 2 || !number.All(char.IsAsciiDigit) || (number.Length > 1 && number[0] == '0'))
        {
            return Kind.Unknown;
        }

        level = int.Parse(number, System.Globalization.CultureInfo.InvariantCulture);
        return capacity ? Kind.LevelCapacity : Kind.Level;
    }
}

/// <summary>The patterns of <c>.sea_flushlist</c>, <c>.sea_evictlist</c> and <c>.sea_prefetchlist</c>, read
/// by <see cref="SeaConfigLoader"/> before the file is interpreted.</summary>
internal sealed record ListFilePatterns(
    IReadOnlyList<PatternEntry> Flush, IReadOnlyList<PatternEntry> Evict, IReadOnlyList<PatternEntry> Prefetch);
