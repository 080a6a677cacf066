using SeaNet.Core.Policy;

namespace SeaNet.Flusher.Scheduling;

public enum FlushPhase
{
    /// <summary>Nothing to do now (clean, or still being written).</summary>
    Idle,

    /// <summary>Closed; flushed (or evicted) when <see cref="FileEntry.DueNs"/> comes, unless written again.</summary>
    Waiting,

    /// <summary>A worker or the commit thread has it.</summary>
    InFlight,

    /// <summary>The last attempt failed; tried again at <see cref="FileEntry.DueNs"/>.</summary>
    RetryWait,

    /// <summary>A drain gave up on it after its retries; it stays in cache and is reported.</summary>
    GaveUp,
}

/// <summary>What the flusher knows about one cached file. Owned by the scheduler's thread; a job
/// carries its entry as the token, so a result can tell whether the file was removed or renamed
/// (<see cref="Orphaned"/>) while it was being copied.</summary>
public sealed class FileEntry
{
    public FileEntry(string path, FileFate fate)
    {
        Path = path;
        Fate = fate;
    }

    public string Path { get; set; }

    public FileFate Fate { get; set; }

    public FlushPhase Phase { get; set; }

    public ulong DueNs { get; set; }

    /// <summary>The record version the job in flight copied (see FileRecord.Version).</summary>
    public uint DispatchedVersion { get; set; }

    /// <summary>Written again while a job had it: flush once more when it comes back.</summary>
    public bool Rerun { get; set; }

    /// <summary>Removed or renamed away while in flight: what the job publishes must be undone.</summary>
    public bool Orphaned { get; set; }

    /// <summary>Asked for by <c>sea flush</c>: flushed even if no list names it.</summary>
    public bool Forced { get; set; }

    /// <summary>Some version of the file is on the persistent tier (size and mtime of that copy below).</summary>
    public bool Persisted { get; set; }

    public long PersistedSize { get; set; }

    public long PersistedMtimeNs { get; set; }

    /// <summary>The inode of the persistent copy this daemon's flush made (0: not made by it, or unknown).</summary>
    public ulong PersistedIno { get; set; }

    public int Attempts { get; set; }

    public string? LastError { get; set; }

    /// <summary>Last write, close or flush: the order in which clean files leave a full tier.</summary>
    public ulong LastUseNs { get; set; }

    /// <summary>Found at start (written under a previous daemon, whose writers this one does not
    /// know): its cached copy is not dropped before a close of it is seen (or the drain).</summary>
    public bool HoldDrop { get; set; }

    public bool WantsFlush => Forced || Fate is FileFate.Flush or FileFate.Move;
}
