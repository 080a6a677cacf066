using SeaNet.Core.Channel;
using SeaNet.Core.Configuration;
using SeaNet.Core.Logging;
using SeaNet.Core.Namespace;
using SeaNet.Core.Placement;
using SeaNet.Core.Policy;
using SeaNet.Flusher.Copy;
using SeaNet.Flusher.Workers;

namespace SeaNet.Flusher.Scheduling;

/// <summary>
/// Decides what moves between tiers and when; the <see cref="FlushEngine"/> moves it. Event-driven:
/// the daemon hands every applied notification to <see cref="Observe"/>, and a file whose last
/// writer closed it becomes a candidate after <see cref="SeaConfig.FlushDelay"/> of quiet. Nothing
/// rescans the caches, except once at start (<see cref="Start"/>) to learn what a previous daemon
/// left.
/// <list type="table">
/// <item><term>flush list only</term><description>copied to the persistent tier; the cached copy stays for fast re-reads.</description></item>
/// <item><term>flush and evict lists</term><description>copied, then the cached copy is dropped (a move).</description></item>
/// <item><term>evict list only</term><description>never reaches the persistent tier; removed from the cache once closed.</description></item>
/// <item><term>neither</term><description>stays in the cache; reported by a drain as not persisted.</description></item>
/// </list>
/// Threading: everything here runs on the daemon's main loop, except the engine's threads, which
/// only see jobs and hand back results.
/// </summary>
public sealed partial class FlushScheduler : IDisposable
{
    private const ulong Second = 1_000_000_000;

    /// <summary>First retry of a failed flush after this; doubled each time up to <see cref="MaxBackoffNs"/>.</summary>
    public const ulong FirstBackoffNs = Second;

    public const ulong MaxBackoffNs = 60 * Second;

    private readonly SeaConfig config;
    private readonly NamespaceIndex index;
    private readonly CapacityAccounting accounting;
    private readonly SeaLog log;
    private readonly FilePolicy policy;
    private readonly FlushEngine engine;
    private readonly FlushJournal journal;
    private readonly Dictionary<string, FileEntry> entries = new(StringComparer.Ordinal);
    private readonly int persistent;
    private readonly ulong delayNs;

    public FlushScheduler(SeaConfig config, NamespaceIndex index, CapacityAccounting accounting, SeaLog log, Action wake)
    {
        this.config = config;
        this.index = index;
        this.accounting = accounting;
        this.log = log;
        policy = new FilePolicy(config);
        persistent = config.Tiers.Count - 1;
        delayNs = (ulong)config.FlushDelay.Ticks * 100;
        journal = new FlushJournal(config.Tiers[0].Path);
        var limiter = config.FlushBandwidth > 0 ? new BandwidthLimiter(config.FlushBandwidth) : null;
        engine = new FlushEngine(config.FlushWorkers, new FileCopier(limiter), config.Tiers.Select(t => t.Path).ToList(), journal, wake);
    }

    /// <summary>Jobs with the workers now.</summary>
    public int InFlight => engine.InFlight;

    /// <summary>Files flushed (durable on the persistent tier) since start, and their bytes.</summary>
    public long FilesFlushed { get; private set; }

    public long BytesFlushed { get; private set; }

    /// <summary>How long the main loop may sleep before <see cref="Tick"/> has something to do.</summary>
    public int MillisecondsUntilDue(ulong now, int most)
    {
        if (engine.InFlight > 0 || tombs.Count > 0 || prefetchWalking)
        {
            return Math.Min(most, 20);
        }

        if (nextDueNs == ulong.MaxValue)
        {
            return most;
        }

        return nextDueNs <= now ? 0 : (int)Math.Min((ulong)most, ((nextDueNs - now) / 1_000_000) + 1);
    }

    /// <summary>At start, after the index was rebuilt from the cache tiers: removes a crashed flush's
    /// temporaries, learns which cached files are already on the persistent tier (same size and
    /// mtime), schedules the rest, and starts the prefetch.</summary>
    public void Start(ulong now)
    {
        int leftovers = journal.RecoverLeftovers();
        if (leftovers > 0)
        {
            log.Info($"removed {leftovers} temporary file(s) an interrupted flush left on the persistent tier");
        }

        (int clean, int stale, int scheduled) = Reconcile(now);
        if (index.Count > 0)
        {
            log.Info($"flusher: {clean} cached file(s) already persisted, {stale} changed since, {scheduled} scheduled");
        }

        StartPrefetch();
    }

    /// <summary>
    /// Learns from the tiers which cached files are persisted: at start (a previous daemon's
    /// files), and after notifications were lost to a full ring (the daemon resynced its index).
    /// A cached file whose persistent copy has the same size and mtime is CLEAN, one with a
    /// different copy STALE, one without DIRTY; every one the flush or evict list names and that
    /// is not CLEAN is scheduled. Files with a job in flight are left to its result. The writers of
    /// files found here are unknown (a previous daemon's, or lost notifications): each is flushed
    /// (a copy is harmless) but its cached copy is not dropped before a close of it is seen.
    /// Cost: two statx per cached file.
    /// </summary>
    public (int Clean, int Stale, int Scheduled) Reconcile(ulong now)
    {
        int clean = 0, stale = 0, scheduled = 0;
        foreach ((string path, FileRecord r) in index.Records.ToList())
        {
            if (r.Tier == persistent || Relative(path) is not { } rel
                || (entries.TryGetValue(path, out FileEntry? known) && known.Phase is FlushPhase.InFlight or FlushPhase.RetryWait or FlushPhase.GaveUp))
            {
                continue; // a job or a back-off owns it
            }

            FileFate fate = policy.FateOf(rel);
            bool onPersistent = NativeStat.TryStat(TierPath(persistent, rel), out long psize, out long pmtime, out bool dir) && !dir;
            bool cached = NativeStat.TryStat(TierPath(r.Tier, rel), out long csize, out long cmtime, out _);
            bool same = onPersistent && cached && psize == csize && pmtime == cmtime;
            IndexState state = same ? IndexState.Clean : onPersistent ? IndexState.Stale : IndexState.Dirty;
            if (state != r.State)
            {
                index.Set(path, r with { State = state, Version = r.Version + 1 });
            }

            _ = same ? clean++ : onPersistent ? stale++ : 0;
            if (fate == FileFate.Keep && !onPersistent && known is { Forced: false })
            {
                entries.Remove(path);
                Forget(known);
                continue;
            }

            if (fate == FileFate.Keep && !onPersistent && known is null)
            {
                continue;
            }

            FileEntry e = known ?? new FileEntry(path, fate) { LastUseNs = now, HoldDrop = true };
            entries[path] = e;
            e.Fate = fate;
            e.Persisted = onPersistent;
            e.PersistedSize = onPersistent ? psize : 0;
            e.PersistedMtimeNs = onPersistent ? pmtime : 0;
            if (same)
            {
                Flushed(e, 0, true); // whoever waited for it: it is there
            }

            if (!same && e.WantsFlush && !accounting.IsReserved(path))
            {
                Schedule(e, now);
                scheduled++;
            }
            else if (fate == FileFate.Evict && !accounting.IsReserved(path))
            {
                Schedule(e, now + delayNs);
            }
        }

        return (clean, stale, scheduled);
    }

    /// <summary>Follows one notification the applier has just applied.</summary>
    public void Observe(in Notification n, ulong now)
    {
        switch (n.Op)
        {
            case NotificationOp.Created or NotificationOp.OpenedWrite or NotificationOp.Truncated:
                Written(n.Path, n.Tier, n.Op, now);
                if (n.Op == NotificationOp.Truncated && !accounting.IsReserved(n.Path))
                {
                    Closed(n.Path, now); // truncate(2) by name: no close will follow
                }

                break;
            case NotificationOp.ClosedWrite:
                if (n.Tier != persistent && TryResurrect(n.Path, n.Tier, n.Op))
                {
                    Closed(n.Path, now);
                    break;
                }

                if (entries.TryGetValue(n.Path, out FileEntry? closing))
                {
                    closing.HoldDrop = false; // a close seen since the restart: its writer is known
                }

                if (!accounting.IsReserved(n.Path))
                {
                    Closed(n.Path, now);
                }

                break;
            case NotificationOp.Removed:
                Removed(n.Path);
                break;
            case NotificationOp.Renamed:
                Renamed(n.Path, n.NewPath!, now);
                break;
            case NotificationOp.Exchanged:
                Exchanged(n.Path, n.NewPath!, now);
                break;
        }
    }

    private void Written(string path, int tier, NotificationOp op, ulong now)
    {
        if (tier == persistent)
        {
            // written where it is on the persistent tier: a cached copy above it (prefetched, or
            // kept after a flush) must not hide what is being written
            if (op == NotificationOp.OpenedWrite)
            {
                DropShadowingCopy(path);
            }

            return;
        }

        if (TryResurrect(path, tier, op))
        {
            return;
        }

        if (!entries.TryGetValue(path, out FileEntry? e))
        {
            return; // its fate is looked up when it is closed
        }

        e.LastUseNs = now;
        if (op == NotificationOp.Created)
        {
            // a new file at a known name (the old one was removed): no copy of it is persisted
            e.Persisted = false;
            e.Attempts = 0;
        }

        switch (e.Phase)
        {
            case FlushPhase.InFlight:
                e.Rerun = true;
                break;
            case FlushPhase.Waiting or FlushPhase.RetryWait or FlushPhase.GaveUp:
                e.Phase = FlushPhase.Idle;
                break;
        }
    }

    private void Closed(string path, ulong now)
    {
        if (!index.TryGet(path, out FileRecord r) || r.Tier == persistent || Relative(path) is not { } rel)
        {
            return;
        }

        if (!entries.TryGetValue(path, out FileEntry? e))
        {
            FileFate fate = policy.FateOf(rel);
            if (fate == FileFate.Keep)
            {
                return;
            }

            e = entries[path] = new FileEntry(path, fate);
        }

        e.LastUseNs = now;
        if (e.Phase == FlushPhase.InFlight)
        {
            e.Rerun = true;
            return;
        }

        if (r.State != IndexState.Clean || e.Fate is FileFate.Evict or FileFate.Move)
        {
            Schedule(e, now + (draining ? 0 : delayNs));
        }
    }

    private void Schedule(FileEntry e, ulong due)
    {
        if (draining && e.WantsFlush && index.TryGet(e.Path, out FileRecord r))
        {
            // written after the drain began (a process that outlived the command): waited for too
            foreach (Barrier b in barriers)
            {
                if (b.IsDrain)
                {
                    b.Add(e.Path, r.Size);
                }
            }
        }

        e.Phase = FlushPhase.Waiting;
        e.DueNs = due;
        nextDueNs = Math.Min(nextDueNs, due);
    }

    private string? Relative(string path) => VirtualPath.RelativeToMount(path, config.MountDir);

    /// <summary>The cached file at <paramref name="path"/> is to be flushed again, and a copy of some
    /// version may be on the persistent tier.</summary>
    private void MarkStale(string path)
    {
        if (index.TryGet(path, out FileRecord r) && r.Tier != persistent && r.State != IndexState.Stale)
        {
            index.Set(path, r with { State = IndexState.Stale, Version = r.Version + 1 });
        }

        if (entries.TryGetValue(path, out FileEntry? e))
        {
            e.Persisted = true;
        }
    }

    private string TierPath(int tier, string rel) => Path.Join(config.Tiers[tier].Path, rel);

    /// <summary>Runs what is due: dispatches waiting files, applies the workers' results, removes
    /// eviction tombs past their grace, keeps cache tiers under their high-water mark, reports to
    /// waiting <c>sea flush</c>/<c>sea drain</c> clients.</summary>
    public void Tick(ulong now)
    {
        while (engine.TryTakeResult(out JobResult r))
        {
            Apply(r, now);
        }

        if (nextDueNs <= now)
        {
            Dispatch(now);
        }

        TakePrefetchCandidates(now);
        ExpireTombs(now, all: false);
        if (now - lastWaterCheckNs >= Second)
        {
            lastWaterCheckNs = now;
            KeepUnderHighWater(now);
        }

        SampleRate(now);
        ReportToWaiters(now);
    }

    private readonly List<FileEntry> due = [];

    /// <summary>Destinations (paths below the tier roots) a flush job is copying to now.</summary>
    private readonly HashSet<string> flushing = new(StringComparer.Ordinal);
    private ulong nextDueNs = ulong.MaxValue;
    private ulong lastWaterCheckNs;

    private void Dispatch(ulong now)
    {
        ulong next = ulong.MaxValue;
        due.Clear();
        foreach (FileEntry e in entries.Values)
        {
            if (e.Phase is not (FlushPhase.Waiting or FlushPhase.RetryWait))
            {
                continue;
            }

            if (e.DueNs > now)
            {
                next = Math.Min(next, e.DueNs);
                continue;
            }

            due.Add(e);
        }

        nextDueNs = next;
        foreach (FileEntry e in due)
        {
            Due(e, now); // may reschedule: nextDueNs only goes down
        }
    }

    /// <summary>A waiting file's time has come: flush it, or evict it, or drop its cached copy.</summary>
    private void Due(FileEntry e, ulong now)
    {
        e.Phase = FlushPhase.Idle;
        if (!index.TryGet(e.Path, out FileRecord r) || r.Tier == persistent || Relative(e.Path) is not { } rel)
        {
            entries.Remove(e.Path);
            Forget(e);
            return;
        }

        if (accounting.IsReserved(e.Path) && !draining)
        {
            return; // opened for writing again: its close schedules it
        }

        if (e.WantsFlush && r.State != IndexState.Clean)
        {
            if (flushing.Contains(rel))
            {
                // a flush of an earlier file of this name (removed or renamed since) is still
                // running: publishing both could interleave; wait for it
                Schedule(e, now + (Second / 20));
                return;
            }

            flushing.Add(rel);
            e.Phase = FlushPhase.InFlight;
            e.DispatchedVersion = r.Version;
            e.Rerun = false;
            engine.Submit(new FlushJob(JobKind.Flush, e.Path, rel, r.Tier, persistent, NoReplace: !e.Persisted, e, e.PersistedSize, e.PersistedMtimeNs));
            return;
        }

        if (e.WantsFlush && r.State == IndexState.Clean)
        {
            Flushed(e, 0, true); // clean already (a reconciliation found it there): nobody waits for it
        }

        if ((e.Fate == FileFate.Evict && !e.Forced || (e.Fate == FileFate.Move && r.State == IndexState.Clean)) && (!e.HoldDrop || draining))
        {
            DropCachedCopy(e, r, rel, now);
        }
    }

    private void Apply(JobResult result, ulong now)
    {
        if (result.Job.Kind == JobKind.Prefetch)
        {
            PrefetchResult(result, now);
            return;
        }

        var e = (FileEntry)result.Job.Token;
        string rel = result.Job.Relative;
        flushing.Remove(rel);
        if (log.IsEnabled(LogLevel.Debug))
        {
            log.Debug($"flush of {e.Path}: {result.Outcome}{(result.Error is null ? string.Empty : ": " + result.Error)}{(e.Orphaned ? " (removed or renamed meanwhile)" : string.Empty)}");
        }

        if (e.Orphaned || !entries.TryGetValue(e.Path, out FileEntry? current) || current != e)
        {
            // removed or renamed away meanwhile: what this flush published is a ghost
            if (result.Outcome == JobOutcome.Done)
            {
                RemoveGhost(TierPath(persistent, rel), result.Bytes, result.MtimeNs, result.Ino);
            }

            return;
        }

        e.Phase = FlushPhase.Idle;
        switch (result.Outcome)
        {
            case JobOutcome.Done:
                e.Persisted = true;
                e.PersistedSize = result.Bytes;
                e.PersistedMtimeNs = result.MtimeNs;
                e.PersistedIno = result.Ino;
                e.Attempts = 0;
                e.LastError = null;
                e.LastUseNs = now;
                FilesFlushed++;
                BytesFlushed += result.Bytes;
                if (!index.TryGet(e.Path, out FileRecord r) || r.Tier == persistent)
                {
                    entries.Remove(e.Path); // gone from the cache meanwhile (a resync): nothing to wait for
                    Forget(e);
                }
                else
                {
                    bool current2 = r.Version == e.DispatchedVersion && !e.Rerun;
                    index.Set(e.Path, r with { State = current2 ? IndexState.Clean : IndexState.Stale });
                    Flushed(e, result.Bytes, current2);
                    if (!current2)
                    {
                        Closed(e.Path, now);
                    }
                    else if (e.Fate == FileFate.Move && (!e.HoldDrop || draining))
                    {
                        DropCachedCopy(e, r with { State = IndexState.Clean }, rel, now);
                    }
                }

                break;
            case JobOutcome.SourceChanged:
                if (draining && ++e.Attempts > config.DrainRetries + 2)
                {
                    // written continuously: a drain cannot wait for it forever
                    e.LastError = "it kept changing while it was being flushed (still open for writing?)";
                    e.Phase = FlushPhase.GaveUp;
                }

                Flushed(e, 0, false);
                if (e.Phase != FlushPhase.GaveUp)
                {
                    Closed(e.Path, now);
                }

                break;
            case JobOutcome.SourceGone:
                entries.Remove(e.Path);
                Forget(e);
                break;
            case JobOutcome.Exists or JobOutcome.Conflict:
                // Exists: the persistent tier has a file of that name the daemon did not know of
                // (e.g. it was restarted). Conflict: not the copy it expected to replace. Either
                // way the cached file, if it is still there, is the application's newest: learn
                // what is on the persistent tier now and replace exactly that next time.
                if (!index.TryGet(e.Path, out FileRecord now2) || now2.Tier == persistent)
                {
                    entries.Remove(e.Path); // renamed over from the persistent tier: nothing cached to flush
                    Forget(e);
                    break;
                }

                e.Persisted = NativeStat.TryStat(TierPath(persistent, rel), out long ps, out long pm, out bool pdir) && !pdir;
                e.PersistedSize = e.Persisted ? ps : 0;
                e.PersistedMtimeNs = e.Persisted ? pm : 0;
                bool there = e.Persisted;
                MarkStale(e.Path);
                e.Persisted = there;
                Schedule(e, now);
                break;
            case JobOutcome.Failed:
                Failed(e, result, now);
                break;
        }
    }

    private void Failed(FileEntry e, JobResult result, ulong now)
    {
        e.Attempts++;
        bool changed = e.LastError != result.Error;
        e.LastError = result.Error ?? FlushEngine.Describe(result.Errno);
        if (changed || e.Attempts % 10 == 0)
        {
            log.Warn($"flush of {e.Path} failed (attempt {e.Attempts}): {e.LastError}; the cached copy is kept and the flush retried");
        }

        if (draining && e.Attempts > config.DrainRetries)
        {
            e.Phase = FlushPhase.GaveUp;
            Flushed(e, 0, false);
            return;
        }

        Flushed(e, 0, false);

        ulong backoff = Math.Min(MaxBackoffNs, FirstBackoffNs << Math.Min(e.Attempts - 1, 6));
        e.Phase = FlushPhase.RetryWait;
        e.DueNs = now + backoff;
        nextDueNs = Math.Min(nextDueNs, e.DueNs);
    }

    private void Removed(string path)
    {
        if (entries.Remove(path, out FileEntry? e))
        {
            Forget(e);
            if (e.Phase == FlushPhase.InFlight)
            {
                e.Orphaned = true;
            }
            else if (e.Persisted && Relative(path) is { } rel)
            {
                // the shim removed every copy it saw; one a flush published just after is a ghost
                RemoveGhost(TierPath(persistent, rel), e.PersistedSize, e.PersistedMtimeNs, e.PersistedIno);
            }
        }
    }

    private void Renamed(string from, string to, ulong now)
    {
        if (entries.Remove(from, out FileEntry? e))
        {
            Forget(e);
            var moved = new FileEntry(to, Relative(to) is { } rel ? policy.FateOf(rel) : FileFate.Keep)
            {
                Persisted = e.Persisted,
                PersistedSize = e.PersistedSize,
                PersistedMtimeNs = e.PersistedMtimeNs,
                PersistedIno = e.PersistedIno,
                Forced = e.Forced,
                LastUseNs = now,
            };
            if (e.Phase == FlushPhase.InFlight)
            {
                // its result removes what it publishes under the old name; the new name is
                // flushed again (replacing whatever the shim moved along with it)
                e.Orphaned = true;
                MarkStale(to);
                moved.Persisted = true;
            }
            else if (e.Persisted && Relative(from) is { } oldRel && RemoveGhost(TierPath(persistent, oldRel), e.PersistedSize, e.PersistedMtimeNs, e.PersistedIno))
            {
                // the shim did not move the persistent copy along (it could not know of it yet):
                // the new name is not persisted. STALE, not DIRTY: never tell shims "one copy"
                // unless certain
                MarkStale(to);
                moved.Persisted = true;
            }

            entries[to] = moved;
        }
        else if (!index.TryGet(to, out _))
        {
            // a directory: its files' entries follow it
            string prefix = from + "/";
            foreach (FileEntry below in entries.Values.Where(x => x.Path.StartsWith(prefix, StringComparison.Ordinal)).ToList())
            {
                entries.Remove(below.Path);
                Forget(below);
                if (below.Phase == FlushPhase.InFlight)
                {
                    below.Orphaned = true;
                    continue;
                }

                below.Path = to + below.Path[from.Length..];
                if (Relative(below.Path) is { } rel)
                {
                    below.Fate = policy.FateOf(rel);
                }

                entries[below.Path] = below;
            }

            // written under a scratch name, renamed into place: the new names decide
            foreach (string moved in index.PathsBelow(to))
            {
                if (!accounting.IsReserved(moved))
                {
                    Closed(moved, now);
                }
            }

            return;
        }

        Closed(to, now); // the write-then-rename pattern: the final name decides the fate
    }

    /// <summary>Two names swapped their files; their persistent copies did not: both are flushed again.</summary>
    private void Exchanged(string a, string b, ulong now)
    {
        foreach (string p in new[] { a, b })
        {
            if (entries.Remove(p, out FileEntry? e))
            {
                Forget(e);
                e.Orphaned |= e.Phase == FlushPhase.InFlight;
            }

            if (Relative(p) is { } rel)
            {
                entries[p] = new FileEntry(p, policy.FateOf(rel)) { Persisted = true, LastUseNs = now };
            }
        }

        foreach (string p in new[] { a, b })
        {
            if (!accounting.IsReserved(p))
            {
                Closed(p, now);
            }
        }
    }

    /// <summary>Removes <paramref name="path"/> on the persistent tier if it is the copy a flush wrote
    /// (same size and mtime): never a file someone else put there since. True if it was removed.</summary>
    /// <summary>Removes the copy a flush published at <paramref name="path"/> if it is still that copy:
    /// same size and mtime and, when known, the same inode. Only the inode tells it apart from another
    /// file of equal size and mtime that the application renamed there meanwhile (a notification of the
    /// removal is applied after the rename that followed it).</summary>
    private bool RemoveGhost(string path, long size, long mtimeNs, ulong ino)
    {
        if (!NativeStat.TryStat(path, out long s, out long m, out bool dir) || dir || s != size || m != mtimeNs)
        {
            return false;
        }

        if (ino == 0 || !NativeStat.TryInode(path, out ulong now) || now != ino)
        {
            return false; // not provably ours: leaving a stale copy beats deleting a user's file
        }

        try
        {
            File.Delete(path);
            log.Debug($"removed {path}: its file was removed or renamed through the mount while it was being flushed");
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            log.Warn($"cannot remove {path}, a copy of a file removed or renamed meanwhile: {ex.Message}");
            return false;
        }
    }

    public void Dispose()
    {
        engine.Dispose();
        journal.Dispose();
    }
}
