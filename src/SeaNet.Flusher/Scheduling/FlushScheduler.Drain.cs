using SeaNet.Core.Channel;
using SeaNet.Core.Namespace;
using SeaNet.Core.Policy;

namespace SeaNet.Flusher.Scheduling;

/// <summary>Where a <c>sea flush --wait</c> or a drain stands.</summary>
public sealed record FlushProgress(int FilesDone, int FilesTotal, long BytesDone, long BytesTotal, double BytesPerSecond);

/// <summary>How a flush barrier or a drain ended: every file it waited for, persisted or not.</summary>
public sealed record FlushReport(
    int Persisted,
    long BytesPersisted,
    IReadOnlyList<(string Path, string Reason)> Failed,
    IReadOnlyList<(string Path, string Reason)> Kept,
    long Evicted,
    int AlreadyPersisted = 0)
{
    public bool AllPersisted => Failed.Count == 0;
}

/// <summary>A client waiting on <see cref="FlushScheduler.Flush"/> or <see cref="FlushScheduler.Drain"/>;
/// called on the scheduler's thread, so it must only hand the data to its own thread.</summary>
public interface IFlushWaiter
{
    void Progress(FlushProgress progress);

    void Completed(FlushReport report);
}

public sealed partial class FlushScheduler
{
    /// <summary>Progress goes to waiting clients at most this often.</summary>
    public const ulong ProgressIntervalNs = Second / 4;

    private readonly List<Barrier> barriers = [];
    private bool draining;
    private ulong lastProgressNs;

    public bool Draining => draining;

    /// <summary>Files one client waits for: removed from <see cref="Pending"/> as each is persisted,
    /// given up on, or removed by the application.</summary>
    private sealed class Barrier(IFlushWaiter waiter, bool isDrain)
    {
        public IFlushWaiter Waiter { get; } = waiter;

        public bool IsDrain { get; } = isDrain;

        public Dictionary<string, long> Pending { get; } = new(StringComparer.Ordinal);

        public int Total { get; set; }

        public long BytesTotal { get; set; }

        public int Done { get; set; }

        public long BytesDone { get; set; }

        public List<(string, string)> Failed { get; } = [];

        public List<(string, string)> Kept { get; } = [];

        public long EvictedAtStart { get; init; }

        /// <summary>Files the flush list names that were persisted before the drain began.</summary>
        public int AlreadyPersisted { get; set; }

        public void Add(string path, long size)
        {
            if (Pending.TryAdd(path, size))
            {
                Total++;
                BytesTotal += size;
            }
        }
    }

    /// <summary><c>sea flush [PATH…]</c>: every dirty file named (or below a directory named; all
    /// files in the flush list if none) is flushed now, without waiting for its quiet period.
    /// Files named explicitly are flushed even if no list names them. With a waiter: it is told
    /// when they are all on the persistent tier (or failed <see cref="Configuration.SeaConfig.DrainRetries"/> more times).</summary>
    public void Flush(IReadOnlyList<string> paths, IFlushWaiter? waiter, ulong now)
    {
        Barrier? b = waiter is null ? null : new Barrier(waiter, isDrain: false);
        foreach ((string path, FileRecord r) in index.Records.ToList())
        {
            if (r.Tier == persistent || Relative(path) is not { } rel)
            {
                continue;
            }

            bool named = paths.Any(p => p == path || VirtualPath.IsBelow(path, p));
            if (paths.Count > 0 && !named)
            {
                continue;
            }

            if (!entries.TryGetValue(path, out FileEntry? e))
            {
                FileFate fate = policy.FateOf(rel);
                if (!named && fate is not (FileFate.Flush or FileFate.Move))
                {
                    continue;
                }

                e = entries[path] = new FileEntry(path, fate);
            }

            e.Forced |= named;
            if (!e.WantsFlush)
            {
                continue;
            }

            if (r.State == IndexState.Clean && e.Phase != FlushPhase.InFlight)
            {
                continue;
            }

            b?.Add(path, r.Size);
            e.Attempts = 0;
            if (e.Phase != FlushPhase.InFlight)
            {
                Schedule(e, now);
            }
        }

        if (b is not null)
        {
            // a name that is nowhere (a typo in a workflow's barrier) must not pass as flushed
            foreach (string p in paths)
            {
                bool known = index.TryGet(p, out _) || index.Records.Any(x => VirtualPath.IsBelow(x.Key, p));
                if (!known && Relative(p) is { } rel && !Enumerable.Range(0, persistent + 1).Any(t => Path.Exists(TierPath(t, rel))))
                {
                    b.Failed.Add((p, "no such file or directory under the mount"));
                }
                else if (Relative(p) is null)
                {
                    b.Failed.Add((p, $"not under the mount {config.MountDir}"));
                }
            }

            barriers.Add(b);
            CompleteIfDone(b, now);
        }
    }

    /// <summary>The application is done: flush everything the flush list names now, evict what the
    /// evict list names, retry failures up to <see cref="Configuration.SeaConfig.DrainRetries"/> more
    /// times, then report every cached file that is not persisted.</summary>
    public void Drain(IFlushWaiter waiter, ulong now)
    {
        draining = true;
        var b = new Barrier(waiter, isDrain: true) { EvictedAtStart = FilesEvicted };
        PersistDirectories();
        foreach ((string path, FileRecord r) in index.Records.ToList())
        {
            if (r.Tier == persistent || Relative(path) is not { } rel)
            {
                continue;
            }

            if (!entries.TryGetValue(path, out FileEntry? e))
            {
                FileFate fate = policy.FateOf(rel);
                if (fate == FileFate.Keep)
                {
                    if (r.State != IndexState.Clean)
                    {
                        b.Kept.Add((path, r.State == IndexState.Stale ? "changed since its flush; not in the flush list" : "not persisted (not in the flush list)"));
                    }

                    continue;
                }

                e = entries[path] = new FileEntry(path, fate);
            }

            if (e.Phase == FlushPhase.GaveUp)
            {
                e.Phase = FlushPhase.Idle;
            }

            e.Attempts = 0;
            if (e.WantsFlush && r.State == IndexState.Clean && e.Phase != FlushPhase.InFlight)
            {
                b.AlreadyPersisted++;
            }

            if (e.WantsFlush && r.State != IndexState.Clean)
            {
                b.Add(path, r.Size);
                if (e.Phase != FlushPhase.InFlight)
                {
                    Schedule(e, now);
                }
            }
            else if (e.Fate is FileFate.Evict or FileFate.Move && e.Phase != FlushPhase.InFlight)
            {
                DropCachedCopy(e, r, rel, now);
            }
            else if (!e.WantsFlush && r.State != IndexState.Clean)
            {
                b.Kept.Add((path, "not persisted (not in the flush list)"));
            }
        }

        barriers.Add(b);
        CompleteIfDone(b, now);
    }

    /// <summary>A flush of <paramref name="e"/> ended: persisted (<paramref name="ok"/>) or not.</summary>
    private void Flushed(FileEntry e, long bytes, bool ok)
    {
        foreach (Barrier b in barriers)
        {
            if (ok && b.Pending.Remove(e.Path))
            {
                b.Done++;
                b.BytesDone += bytes;
            }
            else if (!ok && e.Phase == FlushPhase.GaveUp && b.Pending.Remove(e.Path))
            {
                b.Failed.Add((e.Path, e.LastError ?? "flush failed"));
            }
            else if (!ok && !b.IsDrain && e.Attempts > config.DrainRetries && b.Pending.Remove(e.Path))
            {
                b.Failed.Add((e.Path, e.LastError ?? "flush failed"));
            }
        }
    }

    /// <summary>The file is gone (removed, renamed, evicted): nobody waits for it any more.</summary>
    private void Forget(FileEntry e)
    {
        foreach (Barrier b in barriers)
        {
            if (b.Pending.Remove(e.Path, out long size))
            {
                b.Total--;
                b.BytesTotal -= size;
            }
        }
    }

    private void ReportToWaiters(ulong now)
    {
        if (barriers.Count == 0)
        {
            return;
        }

        bool progress = now - lastProgressNs >= ProgressIntervalNs;
        if (progress)
        {
            lastProgressNs = now;
        }

        for (int i = barriers.Count - 1; i >= 0; i--)
        {
            Barrier b = barriers[i];
            if (!CompleteIfDone(b, now) && progress)
            {
                b.Waiter.Progress(new FlushProgress(b.Done, b.Total, b.BytesDone, b.BytesTotal, Rate));
            }
        }
    }

    private bool CompleteIfDone(Barrier b, ulong now)
    {
        if (b.Pending.Count > 0)
        {
            return false;
        }

        barriers.Remove(b);
        if (b.IsDrain)
        {
            draining = barriers.Any(x => x.IsDrain); // a `sea drain` from an epilog: back to normal after
            ExpireTombs(now, all: true);
            if (config.DropCleanAtExit)
            {
                DropAllClean();
            }
        }

        b.Waiter.Progress(new FlushProgress(b.Done, b.Total, b.BytesDone, b.BytesTotal, Rate));
        b.Waiter.Completed(new FlushReport(b.Done, b.BytesDone, b.Failed, b.Kept, FilesEvicted - b.EvictedAtStart, b.AlreadyPersisted));
        return true;
    }

    /// <summary>End of a drain with <c>drop_clean_at_exit</c>: the job's cache holds nothing persisted any more.</summary>
    private void DropAllClean()
    {
        foreach ((string path, FileRecord r) in index.Records.ToList())
        {
            if (r.Tier != persistent && r.State == IndexState.Clean && !accounting.IsReserved(path) && Relative(path) is { } rel)
            {
                TryDelete(TierPath(r.Tier, rel));
                accounting.RemoveFile(r.Tier, r.Size);
                accounting.AddFile(persistent, r.Size);
                index.Set(path, r with { Tier = persistent });
                entries.Remove(path);
            }
        }
    }
}
