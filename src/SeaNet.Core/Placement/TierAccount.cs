namespace SeaNet.Core.Placement;

/// <summary>The numbers the daemon keeps for one tier, mirrored into the shared tier table.</summary>
public sealed class TierAccount
{
    internal TierAccount(string root, bool isPersistent, long? configuredCapacity)
    {
        Root = root;
        IsPersistent = isPersistent;
        ConfiguredCapacity = configuredCapacity;
    }

    public string Root { get; }

    public bool IsPersistent { get; }

    /// <summary>The <c>cache_N_capacity</c> cap, or null to use the file system's size.</summary>
    public long? ConfiguredCapacity { get; }

    /// <summary>Configured cap, or the file system's size at the last refresh.</summary>
    public long Capacity { get; internal set; }

    /// <summary>Sum of the sizes of the files the daemon has accounted on this tier.</summary>
    public long Used { get; internal set; }

    /// <summary>max_fs for each file currently open for writing on this tier.</summary>
    public long Reserved { get; internal set; }

    /// <summary>statvfs available bytes at the last refresh (0 if the tier could not be stat'ed).</summary>
    public long FsFree { get; internal set; }

    /// <summary>What placement compares with max_fs: for a cache tier
    /// min(capacity − used − reserved, fs_free − reserved); for the persistent tier fs_free. Never negative.</summary>
    public long Room { get; internal set; }

    public long FileCount { get; internal set; }

    /// <summary>errno text of the last failed statvfs, or null.</summary>
    public string? FileSystemError { get; internal set; }
}
