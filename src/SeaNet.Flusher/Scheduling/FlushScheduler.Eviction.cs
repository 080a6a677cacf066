using SeaNet.Core.Channel;
using SeaNet.Core.Namespace;
using SeaNet.Core.Policy;

namespace SeaNet.Flusher.Scheduling;

/// <summary>
/// Dropping cached copies: evicted temporaries, the cached half of a move, and clean files pushed
/// out of a tier past its high-water mark.
/// <para>
/// A process may have opened the cached copy for writing a moment before it is dropped, its
/// OPENED_WRITE still in the ring. So a drop first renames the copy to a hidden tomb beside it
/// (new opens find the persistent copy, or nothing for an evicted file), and removes the tomb only
/// after <see cref="TombGraceNs"/>; an OPENED_WRITE for that name and tier within the grace puts
/// the tomb back (the writer's fd is that very inode), so no write is ever lost to an eviction.
/// </para>
/// </summary>
public sealed partial class FlushScheduler
{
    /// <summary>How long a dropped copy stays as a tomb: far longer than a shim takes from open to
    /// enqueueing its OPENED_WRITE.</summary>
    public const ulong TombGraceNs = 2 * Second;

    private readonly Queue<Tomb> tombs = new();
    private readonly Dictionary<string, Tomb> tombsByPath = new(StringComparer.Ordinal);

    /// <summary>Files removed from a cache because they were evicted or moved, or pushed out.</summary>
    public long FilesEvicted { get; private set; }

    private sealed record Tomb(string Path, int Tier, string Real, string TombPath, long Size, ulong AtNs, bool WasClean)
    {
        public bool Gone { get; set; }

        /// <summary>The dropped copy's mtime: a tomb written since has a writer the daemon did not know of.</summary>
        public long MtimeNs { get; init; }
    }

    /// <summary>The tomb beside <paramref name="real"/>: <c>.seanet~tomb~name</c>, named (long names
    /// included) by the same rule as flush temporaries; the shim's rmdir recognises the prefix.</summary>
    private static string TombPathFor(string real) =>
        Copy.FileCopier.TempPathFor(Path.Join(Path.GetDirectoryName(real), "tomb~" + Path.GetFileName(real)));

    /// <summary>Takes the cached copy of <paramref name="e"/> out of the view: a clean file then
    /// resolves to its persistent copy; an evicted one is gone.</summary>
    private bool DropCachedCopy(FileEntry e, FileRecord r, string rel, ulong now)
    {
        if (accounting.IsReserved(e.Path))
        {
            return false; // open for writing: never dropped under a writer
        }

        string real = TierPath(r.Tier, rel);
        string tomb = TombPathFor(real);

        try
        {
            File.Move(real, tomb, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            log.Warn($"cannot drop the cached copy {real}: {ex.Message}");
            return false;
        }

        bool clean = r.State == IndexState.Clean;
        NativeStat.TryStat(tomb, out long tombSize, out long tombMtime, out _);
        var t = new Tomb(e.Path, r.Tier, real, tomb, tombSize, now, clean) { MtimeNs = tombMtime };
        if (tombsByPath.Remove(e.Path, out Tomb? older))
        {
            older.Gone = true;
            TryDelete(older.TombPath);
        }

        tombs.Enqueue(t);
        tombsByPath[e.Path] = t;
        accounting.RemoveFile(r.Tier, r.Size);
        entries.Remove(e.Path);
        Forget(e);
        FilesEvicted++;
        if (clean)
        {
            accounting.AddFile(persistent, r.Size);
            index.Set(e.Path, r with { Tier = persistent, State = IndexState.Clean });
        }
        else
        {
            index.Remove(e.Path, out _);
        }

        return true;
    }

    /// <summary>An OPENED_WRITE for a name dropped within the grace: the writer holds the tomb's
    /// inode, so the tomb becomes the file again.</summary>
    private bool TryResurrect(string path, int tier, NotificationOp op)
    {
        if (op == NotificationOp.Created || !tombsByPath.TryGetValue(path, out Tomb? t) || t.Tier != tier)
        {
            return false;
        }

        return Resurrect(t);
    }

    /// <summary>Puts a tomb back in place of the name it was dropped from; the file is to be flushed again.</summary>
    private bool Resurrect(Tomb t)
    {
        string path = t.Path;
        int tier = t.Tier;

        tombsByPath.Remove(path);
        t.Gone = true;
        if (FileCopier_Publish(t.TombPath, t.Real) != 0)
        {
            log.Warn($"{path} was opened for writing just as its cached copy was dropped, and cannot be put back ({t.TombPath}); the writer's data is in that file");
            return false;
        }

        if (index.TryGet(path, out FileRecord old))
        {
            accounting.RemoveFile(old.Tier, old.Size);
        }

        long size = NativeStat.TryStat(t.Real, out long s, out _, out _) ? s : t.Size;
        accounting.AddFile(tier, size);
        index.Set(path, new FileRecord(tier, size, t.WasClean ? IndexState.Stale : IndexState.Dirty, old.Version + 1));
        if (Relative(path) is { } rel)
        {
            entries[path] = new FileEntry(path, policy.FateOf(rel)) { Persisted = t.WasClean };
        }

        log.Debug($"{path}: opened for writing as it was dropped from tier {tier}; put back");
        return true;
    }

    private static int FileCopier_Publish(string from, string to) => Copy.FileCopier.Publish(from, to, noReplace: true);

    /// <summary>The persistent copy of <paramref name="path"/> is being written directly: a cached copy
    /// above it is out of date, and would hide the new data.</summary>
    private void DropShadowingCopy(string path)
    {
        if (!index.TryGet(path, out FileRecord r) || r.Tier == persistent || r.State != IndexState.Clean || Relative(path) is not { } rel)
        {
            return;
        }

        TryDelete(TierPath(r.Tier, rel));
        accounting.RemoveFile(r.Tier, r.Size);
        accounting.AddFile(persistent, r.Size);
        index.Set(path, r with { Tier = persistent });
        if (entries.Remove(path, out FileEntry? e))
        {
            Forget(e);
        }
    }

    private void ExpireTombs(ulong now, bool all)
    {
        while (tombs.TryPeek(out Tomb? t) && (all || now - t.AtNs >= TombGraceNs))
        {
            tombs.Dequeue();
            if (t.Gone)
            {
                continue;
            }

            tombsByPath.Remove(t.Path);
            if (NativeStat.TryStat(t.TombPath, out long size, out long mtime, out _) && (size != t.Size || mtime != t.MtimeNs))
            {
                // written through a descriptor opened before the drop, by a writer that has not
                // said so (it predates this daemon): the data goes back into the view, and is not
                // dropped again before a close of it is seen; if it cannot go back, it stays (hidden)
                if (Resurrect(t) && entries.TryGetValue(t.Path, out FileEntry? back))
                {
                    back.HoldDrop = true;
                    Schedule(back, now + delayNs);
                }

                continue;
            }

            TryDelete(t.TombPath);
        }
    }

    /// <summary>Past the high-water mark, clean files leave the tier, least recently used first,
    /// down to the low-water mark. Dirty data never does.</summary>
    private void KeepUnderHighWater(ulong now)
    {
        for (int tier = 0; tier < persistent; tier++)
        {
            var account = accounting.Tiers[tier];
            long capacity = account.Capacity;
            if (capacity <= 0 || account.Used <= (long)(capacity * config.CacheHighWater))
            {
                continue;
            }

            long target = (long)(capacity * config.CacheLowWater);
            var clean = new List<(FileEntry Entry, FileRecord Record)>();
            foreach (FileEntry e in entries.Values)
            {
                if (e.Phase is FlushPhase.Idle && !e.HoldDrop && index.TryGet(e.Path, out FileRecord r) && r.Tier == tier && r.State == IndexState.Clean
                    && !accounting.IsReserved(e.Path))
                {
                    clean.Add((e, r));
                }
            }

            clean.Sort((a, b) => a.Entry.LastUseNs.CompareTo(b.Entry.LastUseNs));
            int dropped = 0;
            long before = account.Used;
            foreach ((FileEntry e, FileRecord r) in clean)
            {
                if (account.Used <= target)
                {
                    break;
                }

                if (Relative(e.Path) is { } rel && DropCachedCopy(e, r, rel, now))
                {
                    dropped++;
                }
            }

            if (dropped > 0)
            {
                log.Info($"tier {tier} ({account.Root}) above its high-water mark ({before} of {capacity} bytes used): "
                    + $"dropped {dropped} clean file(s), now {account.Used} bytes");
            }
        }
    }

    private void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (DirectoryNotFoundException)
        {
            // its directory is gone already (rm -r took a tomb with it): nothing to remove
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            log.Warn($"cannot remove {path}: {ex.Message}");
        }
    }
}
