using SeaNet.Core.Policy;

namespace SeaNet.Core.Configuration;

/// <summary>One storage level. Cache tiers come first, fastest first; the persistent tier is last.</summary>
/// <param name="Path">Absolute directory, no trailing slash.</param>
/// <param name="CapacityBytes">A cap below the file system's size (SeaNet key <c>cache_N_capacity</c>), or null for the whole file system.</param>
/// <param name="IsPersistent">True for the last level: the shared file system, the source of truth after flush.</param>
public sealed record TierConfig(string Path, long? CapacityBytes, bool IsPersistent)
{
    /// <summary>The key that named this directory (<c>cache_1</c>, or Sea's older <c>source_1</c>), so
    /// start-up errors can point at the line to fix. Several tiers share a key when a level lists
    /// several directories (<c>cache_1 = /disk0/x,/disk1/x</c>).</summary>
    public string Key { get; init; } = string.Empty;

    /// <summary>The level (N of <c>cache_N</c>) this directory belongs to. Tiers of one level are
    /// equally fast disks; they keep the order in which the file lists them.</summary>
    public int Level { get; init; }
}

public enum LogLevel
{
    None = 0,
    Error = 1,
    Warning = 2,
    Info = 3,
    Debug = 4,
}

/// <summary>
/// A validated configuration: what <c>sea.ini</c> (or the embedded default) says, with
/// environment variables expanded and paths made absolute. Produced by <see cref="SeaConfigLoader"/>.
/// </summary>
public sealed record SeaConfig
{
    /// <summary>The virtual directory programs see (Sea's <c>mount_dir</c>). Absolute, normalised.</summary>
    public required string MountDir { get; init; }

    /// <summary>All levels in order; the last one is the persistent tier.</summary>
    public required IReadOnlyList<TierConfig> Tiers { get; init; }

    /// <summary>Sea's <c>max_fs</c>: the largest size one new file may reach. A tier is chosen for a
    /// new file only if it has at least this much room. Default 256 MiB: large enough for a typical
    /// NIfTI volume, small enough that a 2 GiB tmpfs still takes several files at once.</summary>
    public long MaxFileSize { get; init; } = 256L << 20;

    /// <summary>Sea's <c>n_threads</c>: how many writers may be creating files at once (kept for Sea
    /// compatibility; SeaNet reserves max_fs per open writer instead of per thread).</summary>
    public int Threads { get; init; } = 1;

    public LogLevel LogLevel { get; init; } = LogLevel.Warning;

    /// <summary>Where the daemon and the launcher log; null means stderr only.</summary>
    public string? LogFile { get; init; }

    /// <summary>Slots in the shared namespace index (a power of two). Default 262,144 (8 MiB of
    /// shared memory): lookups stay one probe or two up to ~180k files; beyond that the index is
    /// still correct but lookups fall back to probing the tiers more often.</summary>
    public int IndexSlots { get; init; } = 262_144;

    /// <summary>The directory of the configuration file, where Sea keeps <c>.sea_flushlist</c>,
    /// <c>.sea_evictlist</c> and <c>.sea_prefetchlist</c>; null for the embedded default.</summary>
    public string? ConfigDirectory { get; init; }

    /// <summary>Where this configuration came from: a file path, or "&lt;embedded default&gt;".</summary>
    public required string Source { get; init; }

    /// <summary>Non-fatal remarks (unknown keys, deprecated spellings), each naming file and line.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Files to copy to the persistent tier: Sea's <c>.sea_flushlist</c>, then the <c>flush = REGEX</c> keys of sea.ini; <c>.*</c> for the embedded default.</summary>
    public PatternList FlushList { get; init; } = PatternList.Empty;

    /// <summary>Files to remove from the caches (Sea's <c>.sea_evictlist</c>, then <c>evict = REGEX</c>); with the flush list: a move.</summary>
    public PatternList EvictList { get; init; } = PatternList.Empty;

    /// <summary>Files to copy from the persistent tier to the fastest cache tier with room at start (Sea's <c>.sea_prefetchlist</c>, then <c>prefetch = REGEX</c>).</summary>
    public PatternList PrefetchList { get; init; } = PatternList.Empty;

    /// <summary>Pack roots (issue #5): directories, matched by their mount-relative path, whose files
    /// belong in one archive (<c>pack = REGEX</c> keys). Read and checked (<c>sea check --tree</c> shows
    /// them); the daemon does not pack during flushes yet, <c>sea pack</c> packs offline.</summary>
    public PatternList PackRoots { get; init; } = PatternList.Empty;

    /// <summary>The largest file a pack root's archive takes; larger ones stay ordinary files (key
    /// <c>pack_max_member</c>). 16 MiB: a file that size is worth its inode, and four times a typical
    /// compressed Zarr chunk (1-4 MiB).</summary>
    public long PackMaxMember { get; init; } = 16L << 20;

    /// <summary>How far over the configured <see cref="PackMaxMember"/> archives may go: ZIP64 holds any size.</summary>
    public const long PackMaxMemberLimit = 1L << 40;

    /// <summary>How long a file must stay closed (no writer) before it is flushed (key <c>flush_delay</c>).</summary>
    public TimeSpan FlushDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Copy workers (key <c>flush_workers</c>).</summary>
    public int FlushWorkers { get; init; } = 4;

    /// <summary>Cap on flush and prefetch bytes per second, all workers together; 0 = none (key <c>flush_bandwidth</c>).</summary>
    public long FlushBandwidth { get; init; }

    /// <summary>Fraction of a cache tier's capacity above which clean files are dropped (key <c>cache_high_water</c>).</summary>
    public double CacheHighWater { get; init; } = 0.90;

    /// <summary>Fraction down to which clean files are dropped once the high-water mark is passed (key <c>cache_low_water</c>).</summary>
    public double CacheLowWater { get; init; } = 0.75;

    /// <summary>How many more attempts a drain gives a file whose flush keeps failing before it reports it (key <c>drain_retries</c>).</summary>
    public int DrainRetries { get; init; } = 3;

    /// <summary>At the end of a drain, remove cached copies that are persisted (key <c>drop_clean_at_exit</c>;
    /// on for the embedded default, whose cache directory belongs to the job).</summary>
    public bool DropCleanAtExit { get; init; }

    public IEnumerable<TierConfig> CacheTiers => Tiers.Take(Tiers.Count - 1);

    public TierConfig PersistentTier => Tiers[^1];
}
