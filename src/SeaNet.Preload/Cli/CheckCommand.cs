using System.Globalization;
using SeaNet.Core.Configuration;
using SeaNet.Core.Interop;
using SeaNet.Core.Policy;

namespace SeaNet.Preload.Cli;

/// <summary>
/// <c>sea check [-c FILE] [--tree DIR]</c>: loads the configuration exactly as <c>sea_launch</c> would
/// (<see cref="ConfigArguments"/>), lists and all, and reports. With <c>--tree</c>, matches every
/// pattern against the files under DIR (a tree laid out like the mount: the persistent directory,
/// or a previous run's output) so a pattern that matches nothing is caught before a job runs.
/// </summary>
/// <remarks>Exit status: 2 for a configuration error or bad arguments, 1 if some pattern matches
/// nothing under DIR, else 0. Errors go to stderr, the report to stdout.</remarks>
internal static class CheckCommand
{
    public const string Usage = """
        usage: sea check [-c FILE | --mount DIR --persistent DIR --cache-dir DIR] [--tree DIR]
          Validates sea.ini and the flush, evict and prefetch lists as sea_launch reads them
          (-c FILE, else $SEA_HOME/sea.ini, else the embedded default).
          --tree DIR   match every pattern against the files under DIR, a tree laid out like the
                       mount (e.g. the persistent directory), and count the files per fate
        """;

    private const int Examples = 3;

    public static int Run(string[] args)
    {
        var config = new ConfigArguments();
        string? tree = null;
        for (int i = 0; i < args.Length; i++)
        {
            string a = args[i];
            if (a is "-h" or "--help")
            {
                Console.Out.Write(Usage);
                return 0;
            }

            string? error = ConfigArguments.TryParseOption(args, ref i, ref config);
            if (error is null)
            {
                if (a == "--tree" && i + 1 < args.Length)
                {
                    tree = args[++i];
                    continue;
                }

                if (a.StartsWith("--tree=", StringComparison.Ordinal))
                {
                    tree = a["--tree=".Length..];
                    continue;
                }

                error = a == "--tree" ? "--tree needs a directory" : $"unknown argument '{a}'";
            }

            if (error.Length > 0)
            {
                Console.Error.WriteLine($"sea check: {error}\n{Usage}");
                return 2;
            }
        }

        if (tree is not null && (tree.Length == 0 || !Directory.Exists(tree)))
        {
            Console.Error.WriteLine($"sea check: --tree {tree}: no such directory (give a tree laid out like the mount, e.g. the persistent directory)");
            return 2;
        }

        SeaConfig loaded;
        try
        {
            string jobId = ConfigArguments.JobId(Environment.GetEnvironmentVariable("SLURM_JOB_ID"), ProcessProbe.ProcessId);
            loaded = config.Resolve(jobId).Load();
        }
        catch (ConfigException e)
        {
            Console.Error.WriteLine($"sea check: {e.Message}");
            return 2;
        }

        Summarise(loaded);
        if (tree is null)
        {
            Console.Out.WriteLine(
                $"sea check: the patterns are valid; to see what they match, run sea check --tree DIR on a tree laid out like the mount (e.g. --tree {loaded.PersistentTier.Path})");
            return 0;
        }

        return CheckTree(loaded, tree);
    }

    private static void Summarise(SeaConfig config)
    {
        TextWriter o = Console.Out;
        o.WriteLine($"sea check: {config.Source}: configuration is valid");
        o.WriteLine($"  mount_dir           {config.MountDir}");
        foreach (TierConfig tier in config.Tiers)
        {
            string what = tier.IsPersistent ? "persistent"
                : tier.CapacityBytes is long cap ? $"cache level {tier.Level}, at most {Bytes(cap)}"
                : $"cache level {tier.Level}";
            o.WriteLine($"  {tier.Key,-19} {tier.Path} ({what})");
        }

        o.WriteLine($"  flush list          {Describe(config.FlushList)}");
        o.WriteLine($"  evict list          {Describe(config.EvictList)}");
        o.WriteLine($"  prefetch list       {Describe(config.PrefetchList)}");
        o.WriteLine($"  flush_delay         {config.FlushDelay.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)}ms");
        o.WriteLine($"  flush_workers       {config.FlushWorkers}");
        o.WriteLine($"  flush_bandwidth     {(config.FlushBandwidth == 0 ? "no cap" : Bytes(config.FlushBandwidth) + "/s")}");
        o.WriteLine($"  cache water marks   drop clean files above {Percent(config.CacheHighWater)} until {Percent(config.CacheLowWater)}");
        o.WriteLine($"  drain_retries       {config.DrainRetries}");
        o.WriteLine($"  drop_clean_at_exit  {(config.DropCleanAtExit ? "yes" : "no")}");

        foreach (string w in config.Warnings)
        {
            o.WriteLine($"sea check: warning: {w}");
        }

        if (config.FlushList.IsEmpty)
        {
            string where = config.ConfigDirectory is null ? "sea.ini" : Path.Combine(config.ConfigDirectory, PatternListFile.Flush);
            o.WriteLine($"sea check: warning: the flush list is empty: files written under the mount stay in cache and are reported "
                + $"as not persisted at the end (add patterns to {where}, e.g. .* for everything, or flush = .* in sea.ini)");
        }
    }

    private static string Describe(PatternList list)
    {
        if (list.IsEmpty)
        {
            return "empty";
        }

        IEnumerable<string> sources = list.Entries
            .GroupBy(e => e.Source, StringComparer.Ordinal)
            .Select(g => $"{g.Key} ({g.Count()})");
        return $"{list.Entries.Count} pattern{(list.Entries.Count == 1 ? "" : "s")}: {string.Join(", ", sources)}";
    }

    private static int CheckTree(SeaConfig config, string tree)
    {
        var lists = new (string Name, PatternList List)[]
        {
            ("flush", config.FlushList), ("evict", config.EvictList), ("prefetch", config.PrefetchList),
        };
        bool[][] matched = lists.Select(l => new bool[l.List.Entries.Count]).ToArray();
        var policy = new FilePolicy(config);
        var fates = new Dictionary<FileFate, int>();
        var examples = new Dictionary<FileFate, List<string>>();
        int prefetched = 0;
        var paths = new List<string>();

        var options = new EnumerationOptions
        {
            RecurseSubdirectories = true,
            IgnoreInaccessible = true,
            AttributesToSkip = 0,
        };
        foreach (string file in Directory.EnumerateFiles(tree, "*", options))
        {
            string relative = Path.GetRelativePath(tree, file);
            paths.Add(relative);
            FileFate fate = policy.FateOf(relative);
            fates[fate] = fates.GetValueOrDefault(fate) + 1;
            List<string> some = examples.TryGetValue(fate, out List<string>? e) ? e : examples[fate] = [];
            if (some.Count < Examples)
            {
                some.Add(relative);
            }

            if (policy.Prefetches(relative))
            {
                prefetched++;
            }

            for (int l = 0; l < lists.Length; l++)
            {
                for (int k = 0; k < matched[l].Length; k++)
                {
                    if (!matched[l][k] && lists[l].List.EntryMatches(k, relative))
                    {
                        matched[l][k] = true;
                    }
                }
            }
        }

        TextWriter o = Console.Out;
        o.WriteLine($"sea check: {paths.Count} file{(paths.Count == 1 ? "" : "s")} under {tree}:");
        (FileFate Fate, string Meaning)[] rows =
        [
            (FileFate.Flush, "flush: copied to the persistent tier, cached copy kept"),
            (FileFate.Move, "move: copied to the persistent tier, then dropped from cache (flush and evict lists)"),
            (FileFate.Evict, "evict: removed from cache, never persisted"),
            (FileFate.Keep, "keep: in neither list, not persisted (reported at drain)"),
        ];
        foreach ((FileFate fate, string meaning) in rows)
        {
            int count = fates.GetValueOrDefault(fate);
            string eg = count > 0 ? $"  e.g. {string.Join(", ", examples[fate])}" : string.Empty;
            o.WriteLine($"  {count,8}  {meaning}{eg}");
        }

        o.WriteLine($"  {prefetched,8}  prefetch: copied to a cache tier at start");
        int unmatchedPack = ReportPackRoots(config, tree, options, o);

        int unmatched = 0;
        for (int l = 0; l < lists.Length; l++)
        {
            for (int k = 0; k < matched[l].Length; k++)
            {
                if (matched[l][k])
                {
                    continue;
                }

                unmatched++;
                PatternEntry entry = lists[l].List.Entries[k];
                string? partOf = paths.FirstOrDefault(p => lists[l].List.EntryMatchesPartOf(k, p));
                string hint = partOf is null
                    ? string.Empty
                    : $" (it matches part of '{partOf}', but a pattern must match the whole path relative to the mount; "
                        + $"e.g. .*{entry.Text} to allow anything before it, or {entry.Text}.* anything after)";
                o.WriteLine($"{entry.Where}: pattern '{entry.Text}' matches nothing under {tree}{hint}");
            }
        }

        return unmatched + unmatchedPack > 0 ? 1 : 0;
    }

    /// <summary>The directories under <paramref name="tree"/> that <c>pack</c> patterns make pack
    /// roots (the outermost, when roots nest), with their file counts; a pattern that names no
    /// directory is reported like a list pattern that matches nothing. Returns how many did not.</summary>
    private static int ReportPackRoots(SeaConfig config, string tree, EnumerationOptions options, TextWriter o)
    {
        PatternList pack = config.PackRoots;
        if (pack.IsEmpty)
        {
            return 0;
        }

        bool[] matched = new bool[pack.Entries.Count];
        var roots = new List<string>();
        var rootSet = new HashSet<string>(StringComparer.Ordinal);
        foreach (string dir in Directory.EnumerateDirectories(tree, "*", options).Order(StringComparer.Ordinal))
        {
            string relative = Path.GetRelativePath(tree, dir);
            if (HasAncestorIn(relative, rootSet))
            {
                continue; // inside a root already: its files go into that root's archive
            }

            for (int k = 0; k < matched.Length; k++)
            {
                if (pack.EntryMatches(k, relative))
                {
                    matched[k] = true;
                }
            }

            if (pack.Matches(relative))
            {
                roots.Add(relative);
                rootSet.Add(relative);
            }
        }

        var inv = System.Globalization.CultureInfo.InvariantCulture;
        var described = roots.Take(Examples).Select(r =>
        {
            int files = 0, large = 0;
            foreach (string f in Directory.EnumerateFiles(Path.Join(tree, r), "*", options))
            {
                files++;
                large += new FileInfo(f).Length > config.PackMaxMember ? 1 : 0;
            }

            return string.Create(inv, $"{r} ({files} files, {large} over pack_max_member)");
        });
        string eg = roots.Count > 0 ? $"  e.g. {string.Join(", ", described)}" : string.Empty;
        o.WriteLine($"  {roots.Count,8}  pack roots: their files belong in one archive each (packed offline by sea pack; not yet while flushing){eg}");
        int unmatched = 0;
        for (int k = 0; k < matched.Length; k++)
        {
            if (!matched[k])
            {
                unmatched++;
                PatternEntry entry = pack.Entries[k];
                o.WriteLine($"{entry.Where}: pack pattern '{entry.Text}' matches no directory under {tree} (it must match a directory's whole path relative to the mount, e.g. .*\\.zarr)");
            }
        }

        return unmatched;
    }

    /// <summary>Is a directory above <paramref name="relative"/> in <paramref name="set"/>? (Sorted
    /// order alone does not say: "a-b" sorts between "a" and "a/x".)</summary>
    private static bool HasAncestorIn(string relative, HashSet<string> set)
    {
        for (int slash = relative.IndexOf('/'); slash > 0; slash = relative.IndexOf('/', slash + 1))
        {
            if (set.Contains(relative[..slash]))
            {
                return true;
            }
        }

        return false;
    }

    private static string Bytes(long bytes)
    {
        string[] units = ["bytes", "KiB", "MiB", "GiB", "TiB"];
        int u = 0;
        while (u < units.Length - 1 && bytes % 1024 == 0 && bytes >= 1024)
        {
            bytes /= 1024;
            u++;
        }

        return $"{bytes} {units[u]}";
    }

    private static string Percent(double fraction) => (fraction * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%";
}
