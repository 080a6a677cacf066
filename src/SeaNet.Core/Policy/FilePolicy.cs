using SeaNet.Core.Configuration;

namespace SeaNet.Core.Policy;

/// <summary>What happens to a file written under the mount once it is closed, from the flush and
/// evict lists (Sea's <c>.sea_flushlist</c> and <c>.sea_evictlist</c>).</summary>
public enum FileFate
{
    /// <summary>In neither list: stays in cache and never reaches the persistent tier; a drain
    /// reports it as "not persisted (not in flush list)".</summary>
    Keep,

    /// <summary>In the flush list only: copied to the persistent tier; the cached copy stays for readers.</summary>
    Flush,

    /// <summary>In the evict list only: a temporary; removed from cache, never copied.</summary>
    Evict,

    /// <summary>In both lists: copied to the persistent tier, then the cached copy is dropped (Sea's <c>mv</c>).</summary>
    Move,
}

/// <summary>
/// The flush, evict and prefetch decisions for one configuration, answered per relative path
/// (<c>sub-01/anat/out.nii.gz</c>: relative to the mount root, no leading slash).
/// </summary>
/// <remarks>
/// <see cref="FateOf"/> runs once per closed file, so it is two matches of a precompiled
/// linear-time regex each (see <see cref="PatternList"/>) and allocates nothing.
/// Threading: immutable; call from any thread.
/// </remarks>
public sealed class FilePolicy
{
    private readonly PatternList _flush;
    private readonly PatternList _evict;
    private readonly PatternList _prefetch;

    public FilePolicy(SeaConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        _flush = config.FlushList;
        _evict = config.EvictList;
        _prefetch = config.PrefetchList;
    }

    public FileFate FateOf(string relativePath) =>
        (_flush.Matches(relativePath), _evict.Matches(relativePath)) switch
        {
            (true, true) => FileFate.Move,
            (true, false) => FileFate.Flush,
            (false, true) => FileFate.Evict,
            _ => FileFate.Keep,
        };

    /// <summary>True if the file, found on the persistent tier, is to be copied to a cache tier at start.</summary>
    public bool Prefetches(string relativePath) => _prefetch.Matches(relativePath);
}
