using System.Collections.Concurrent;
using System.IO.Enumeration;
using SeaNet.Core.Namespace;
using SeaNet.Core.Policy;
using SeaNet.Flusher.Copy;
using SeaNet.Flusher.Workers;

namespace SeaNet.Flusher.Scheduling;

/// <summary>
/// Prefetch: at start, files of the persistent tier that the prefetch list names are copied to the
/// fastest cache tier with room, while the application already runs. A walker thread lists them
/// (only below the literal directories the patterns start with); workers copy each to a hidden
/// temporary beside its place in the cache; the scheduler renames it into place only if the file
/// was not written meanwhile (through the mount, or on the persistent tier: same size and mtime).
/// Until then an application opening it reads the persistent copy: never a partial one.
/// </summary>
public sealed partial class FlushScheduler
{
    private readonly ConcurrentQueue<(string Rel, long Size, long MtimeNs)> prefetchFound = new();
    private volatile bool prefetchWalking;

    /// <summary>Files prefetched into a cache tier.</summary>
    public long FilesPrefetched { get; private set; }

    private sealed record PrefetchToken(string Path, long Size, long MtimeNs, bool Known, uint Version, FileEntry Entry);

    private void StartPrefetch()
    {
        if (config.PrefetchList.IsEmpty)
        {
            return;
        }

        prefetchWalking = true;
        var walker = new Thread(WalkForPrefetch) { IsBackground = true, Name = "prefetch-walk" };
        walker.Start();
    }

    private void WalkForPrefetch()
    {
        string root = config.Tiers[persistent].Path;
        try
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (string prefix in config.PrefetchList.LiteralPrefixes()) // only where a pattern can match
            {
                string start = prefix.Length == 0 ? root : Path.Join(root, prefix);
                if (!Directory.Exists(start))
                {
                    continue;
                }

                int cut = root.Length + 1;
                var files = new FileSystemEnumerable<string>(start, (ref FileSystemEntry e) => e.ToFullPath()[cut..],
                    new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = 0 })
                {
                    ShouldIncludePredicate = (ref FileSystemEntry e) => !e.IsDirectory && (e.Attributes & FileAttributes.ReparsePoint) == 0
                        && !NamespaceIndex.IsHidden(e.FileName),
                    ShouldRecursePredicate = (ref FileSystemEntry e) => (e.Attributes & FileAttributes.ReparsePoint) == 0,
                };
                foreach (string rel in files)
                {
                    if (seen.Add(rel) && policy.Prefetches(rel) && NativeStat.TryStat(Path.Join(root, rel), out long size, out long mtime, out _))
                    {
                        prefetchFound.Enqueue((rel, size, mtime));
                    }
                }
            }
        }
        catch (Exception e)
        {
            // a walker thread must never take the daemon down: the files are read from the persistent tier
            log.Warn($"prefetch: cannot list {root}: {e.Message}");
        }
        finally
        {
            prefetchWalking = false;
        }
    }

    private void TakePrefetchCandidates(ulong now)
    {
        // a few per tick: the queue of workers is shared with flushes
        for (int n = 0; n < 256 && prefetchFound.TryDequeue(out (string Rel, long Size, long MtimeNs) f); n++)
        {
            string path = config.MountDir == "/" ? "/" + f.Rel : config.MountDir + "/" + f.Rel;
            bool known = index.TryGet(path, out FileRecord r);
            if (known && r.Tier != persistent)
            {
                continue; // already cached
            }

            int tier = -1;
            for (int t = 0; t < persistent; t++)
            {
                if (accounting.Tiers[t].Room - accounting.MaxFs >= f.Size)
                {
                    tier = t;
                    break;
                }
            }

            if (tier < 0)
            {
                log.Info($"prefetch: no cache tier has room for {f.Rel} ({f.Size} bytes); it is read from the persistent tier");
                continue;
            }

            var e = new FileEntry(path, policy.FateOf(f.Rel)) { Phase = FlushPhase.InFlight };
            accounting.Resize(tier, f.Size); // held while it is copied
            engine.Submit(new FlushJob(JobKind.Prefetch, path, f.Rel, persistent, tier, NoReplace: true,
                new PrefetchToken(path, f.Size, f.MtimeNs, known, r.Version, e)));
        }
    }

    private void PrefetchResult(JobResult result, ulong now)
    {
        var p = (PrefetchToken)result.Job.Token;
        int tier = result.Job.DestTier;
        accounting.Resize(tier, -p.Size);
        if (result.Outcome != JobOutcome.Done)
        {
            if (result.Outcome == JobOutcome.Failed)
            {
                log.Warn($"prefetch of {p.Path} failed: {result.Error}; it is read from the persistent tier");
            }

            return;
        }

        string temp = result.TempPath!;
        string real = TierPath(tier, result.Job.Relative);
        bool known = index.TryGet(p.Path, out FileRecord r);
        bool unchanged = known == p.Known && (!known || (r.Version == p.Version && r.Tier == persistent))
            && NativeStat.TryStat(TierPath(persistent, result.Job.Relative), out long size, out long mtime, out _)
            && size == p.Size && mtime == p.MtimeNs;
        if (!unchanged || FileCopier.Publish(temp, real, noReplace: true) != 0)
        {
            TryDelete(temp);
            log.Debug($"prefetch of {p.Path} dropped: the file changed while it was copied");
            return;
        }

        if (known)
        {
            accounting.RemoveFile(r.Tier, r.Size);
        }

        accounting.AddFile(tier, p.Size);
        index.Set(p.Path, new FileRecord(tier, p.Size, Core.Channel.IndexState.Clean, known ? r.Version + 1 : 0));
        FileEntry e = p.Entry;
        e.Phase = FlushPhase.Idle;
        e.Persisted = true;
        e.PersistedSize = p.Size;
        e.PersistedMtimeNs = p.MtimeNs;
        e.LastUseNs = now;
        entries[p.Path] = e;
        FilesPrefetched++;
    }
}
