using SeaNet.Core.Channel;
using SeaNet.Core.Interop;
using SeaNet.Core.Placement;

namespace SeaNet.Core.Namespace;

/// <summary>What applying one notification did (for debug logging and tests).</summary>
public enum ApplyOutcome
{
    Applied,
    Unknown,
    Ignored,
}

/// <summary>
/// Applies validated notifications to the namespace index and the capacity accounting. Each op:
/// <list type="bullet">
/// <item>CREATED(tier, path, pid): record (size 0, writers + 1) and reserve max_fs on the tier.</item>
/// <item>CLOSED_WRITE(tier, path, size): size and used bytes updated, reservation released, writers 0.</item>
/// <item>REMOVED(path): record dropped, its bytes given back, reservation released.</item>
/// <item>RENAMED(old → new, tier): the record at old (a file) moves to new on that tier, and so does
/// every record below old/ (a directory); whatever was recorded at a destination is dropped.</item>
/// <item>TRUNCATED(path, size): size updated.</item>
/// <item>MKDIR/RMDIR: nothing (directories live on the tiers).</item>
/// </list>
/// A file on a cache tier is DIRTY, on the persistent tier CLEAN. Notifications about files the
/// daemon never heard of (written before it restarted, or lost to a full ring) are recorded from
/// what the message says; a rename of an unknown file stats it on its tier to learn its size.
/// Never throws on message content (it has been validated by <see cref="NotificationRing"/>).
/// Threading: not thread-safe; owned by the daemon's main loop.
/// </summary>
public sealed class NotificationApplier
{
    private readonly NamespaceIndex index;
    private readonly CapacityAccounting accounting;
    private readonly string mount;

    public NotificationApplier(NamespaceIndex index, CapacityAccounting accounting, string mount)
    {
        this.index = index;
        this.accounting = accounting;
        this.mount = mount;
    }

    public ApplyOutcome Apply(in Notification n) => n.Op switch
    {
        NotificationOp.Created => Created(n.Path, n.Tier, n.Pid),
        NotificationOp.ClosedWrite => ClosedWrite(n.Path, n.Tier, n.Size, n.Pid),
        NotificationOp.OpenedWrite => OpenedWrite(n.Path, n.Tier, n.Pid),
        NotificationOp.Removed => Removed(n.Path),
        NotificationOp.Renamed => Renamed(n.Path, n.NewPath!, n.Tier),
        NotificationOp.Truncated => Truncated(n.Path, n.Tier, n.Size),
        NotificationOp.Exchanged => Exchanged(n.Path, n.NewPath!),
        _ => ApplyOutcome.Ignored,
    };

    private IndexState StateOn(int tier) => accounting.Tiers[tier].IsPersistent ? IndexState.Clean : IndexState.Dirty;

    /// <summary>The state of a known file written again on <paramref name="tier"/>: a cached file that
    /// had reached the persistent tier now differs from that copy.</summary>
    private IndexState ModifiedOn(int tier, FileRecord old) =>
        accounting.Tiers[tier].IsPersistent ? IndexState.Clean
        : old.Tier == tier && old.State is IndexState.Clean or IndexState.Stale ? IndexState.Stale
        : IndexState.Dirty;

    private ApplyOutcome Created(string path, int tier, int pid)
    {
        if (index.TryGet(path, out FileRecord old))
        {
            accounting.RemoveFile(old.Tier, old.Size);
        }

        accounting.AddFile(tier, 0);
        index.Set(path, new FileRecord(tier, 0, StateOn(tier), old.Version + 1));
        accounting.Reserve(path, tier, pid);
        return ApplyOutcome.Applied;
    }

    /// <summary>An existing file is being written by <paramref name="pid"/> (opened for writing,
    /// or inherited across exec): it holds a reservation until every writer has closed it.</summary>
    private ApplyOutcome OpenedWrite(string path, int tier, int pid)
    {
        bool known = index.TryGet(path, out FileRecord old);
        if (!known && TryStatOnTier(path, tier, out long size))
        {
            DropAt(path);
            accounting.AddFile(tier, size);
            index.Set(path, new FileRecord(tier, size, StateOn(tier)));
            known = true;
        }
        else if (known && old.Tier == tier)
        {
            index.Set(path, old with { State = ModifiedOn(tier, old), Version = old.Version + 1 });
        }

        accounting.Reserve(path, tier, pid);
        return known ? ApplyOutcome.Applied : ApplyOutcome.Unknown;
    }

    private ApplyOutcome ClosedWrite(string path, int tier, long size, int pid)
    {
        // The shim leaves the stat to us (size -1) so the application's close stays one system
        // call; a file already gone again is dropped by the REMOVED that follows.
        if (size < 0 && !TryStatOnTier(path, tier, out size))
        {
            size = 0;
        }

        bool known = index.TryGet(path, out FileRecord old);
        Place(path, known, old, tier, size);
        accounting.Release(path, pid); // other writers (a parent shell, another process) keep it
        return known ? ApplyOutcome.Applied : ApplyOutcome.Unknown;
    }

    private ApplyOutcome Truncated(string path, int tier, long size)
    {
        bool known = index.TryGet(path, out FileRecord old);
        Place(path, known, old, known ? old.Tier : tier, size);
        return known ? ApplyOutcome.Applied : ApplyOutcome.Unknown;
    }

    private ApplyOutcome Removed(string path)
    {
        accounting.Release(path);
        if (!index.Remove(path, out FileRecord old))
        {
            return ApplyOutcome.Unknown;
        }

        accounting.RemoveFile(old.Tier, old.Size);
        return ApplyOutcome.Applied;
    }

    private ApplyOutcome Renamed(string oldPath, string newPath, int tier)
    {
        if (oldPath == newPath)
        {
            return ApplyOutcome.Ignored;
        }

        bool any = false;
        bool wasFile = index.Remove(oldPath, out FileRecord file);
        if (wasFile)
        {
            DropAt(newPath);
            accounting.RemoveFile(file.Tier, file.Size);
            accounting.AddFile(tier, file.Size);
            // a cached file keeps its state: the shim moved its persistent copy along (the
            // flusher checks that it did, see FlushScheduler.Renamed)
            index.Set(newPath, file with { Tier = tier, State = tier == file.Tier ? file.State : StateOn(tier), Version = file.Version + 1 });
            any = true;
        }

        // A known file has nothing below it: only a directory rename pays for the scan (the
        // write-to-temp-then-rename pattern renames files, thousands a second).
        if (!wasFile)
        {
            foreach (string below in index.PathsBelow(oldPath))
            {
                index.Remove(below, out FileRecord r);
                string destination = newPath + below[oldPath.Length..];
                DropAt(destination);
                index.Set(destination, r);
                any = true;
            }
        }

        accounting.MoveReservations(oldPath, newPath, tier);
        if (any)
        {
            return ApplyOutcome.Applied;
        }

        // Unknown to us (lost notification, or a file older than this daemon): learn it from the tier.
        if (TryStatOnTier(newPath, tier, out long size))
        {
            DropAt(newPath);
            accounting.AddFile(tier, size);
            index.Set(newPath, new FileRecord(tier, size, StateOn(tier)));
        }

        return ApplyOutcome.Unknown;
    }

    /// <summary>Two names swapped their files (each file keeps its tier). A cached file's persistent
    /// copy did not swap, so neither is clean any more; an unknown side is learnt from its tier.</summary>
    private ApplyOutcome Exchanged(string a, string b)
    {
        bool hasA = index.Remove(a, out FileRecord ra);
        bool hasB = index.Remove(b, out FileRecord rb);
        if (hasA)
        {
            index.Set(b, Swapped(ra));
        }

        if (hasB)
        {
            index.Set(a, Swapped(rb));
        }

        accounting.MoveReservations(a, b + "\0swap", null);
        accounting.MoveReservations(b, a, null);
        accounting.MoveReservations(b + "\0swap", b, null);
        return hasA && hasB ? ApplyOutcome.Applied : ApplyOutcome.Unknown;
    }

    private FileRecord Swapped(FileRecord r) => r with
    {
        // the other name's persistent copy (if any) is now below this file: not the only copy
        State = accounting.Tiers[r.Tier].IsPersistent ? IndexState.Clean : IndexState.Stale,
        Version = r.Version + 1,
    };

    private void Place(string path, bool known, FileRecord old, int tier, long size)
    {
        if (known)
        {
            accounting.RemoveFile(old.Tier, old.Size);
        }

        accounting.AddFile(tier, size);
        index.Set(path, known
            ? new FileRecord(tier, size, ModifiedOn(tier, old), old.Version + 1)
            : new FileRecord(tier, size, StateOn(tier)));
    }

    private void DropAt(string path)
    {
        if (index.Remove(path, out FileRecord replaced))
        {
            accounting.RemoveFile(replaced.Tier, replaced.Size);
        }
    }

    private bool TryStatOnTier(string vpath, int tier, out long size)
    {
        size = 0;
        string? relative = VirtualPath.RelativeToMount(vpath, mount);
        if (relative is null)
        {
            return false;
        }

        // One lstat-like statx: this runs for every file an application writes.
        Libc.Statx st;
        unsafe
        {
            if (Libc.statx(Libc.AT_FDCWD, Path.Join(accounting.Tiers[tier].Root, relative), Libc.AT_SYMLINK_NOFOLLOW, Libc.STATX_BASIC_STATS, &st) != 0)
            {
                return false;
            }
        }

        // a symlink counts 0 bytes
        size = (st.stx_mode & Libc.S_IFMT) == Libc.S_IFLNK ? 0 : (long)st.stx_size;
        return true;
    }
}
