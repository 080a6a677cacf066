using SeaNet.Core.Channel;
using SeaNet.Core.Namespace;

namespace SeaNet.Flusher.Scheduling;

/// <summary>What <c>sea status</c> shows about the flusher: files by state, the queue, the rate, failures.</summary>
public sealed record FlushStatus
{
    public int Dirty { get; init; }

    public int Stale { get; init; }

    public int CleanCached { get; init; }

    public int PersistentOnly { get; init; }

    public int Waiting { get; init; }

    public int InFlight { get; init; }

    public int Failing { get; init; }

    public long FilesFlushed { get; init; }

    public long BytesFlushed { get; init; }

    public long FilesEvicted { get; init; }

    public long FilesPrefetched { get; init; }

    public double BytesPerSecond { get; init; }

    public bool Draining { get; init; }

    public IReadOnlyList<(string Path, int Attempts, string Error)> Failures { get; init; } = [];
}

public sealed partial class FlushScheduler
{
    private const int RateWindow = 10;
    private readonly Queue<(ulong AtNs, long Bytes)> rateSamples = new();
    private ulong lastSampleNs;

    /// <summary>Bytes flushed per second over the last ~10 s.</summary>
    public double Rate
    {
        get
        {
            if (rateSamples.Count < 2)
            {
                return 0;
            }

            (ulong t0, long b0) = rateSamples.Peek();
            ulong span = lastSampleNs - t0;
            return span == 0 ? 0 : (BytesFlushed - b0) * 1e9 / span;
        }
    }

    private void SampleRate(ulong now)
    {
        if (now - lastSampleNs < Second)
        {
            return;
        }

        lastSampleNs = now;
        rateSamples.Enqueue((now, BytesFlushed));
        while (rateSamples.Count > RateWindow)
        {
            rateSamples.Dequeue();
        }
    }

    /// <summary>A snapshot for <c>sea status</c>: O(files), on request only.</summary>
    public FlushStatus Snapshot()
    {
        int dirty = 0, stale = 0, clean = 0, onPersistent = 0;
        foreach ((_, FileRecord r) in index.Records)
        {
            if (r.Tier == persistent)
            {
                onPersistent++;
            }
            else
            {
                _ = r.State switch
                {
                    IndexState.Clean => clean++,
                    IndexState.Stale => stale++,
                    _ => dirty++,
                };
            }
        }

        int waiting = 0, failing = 0;
        var failures = new List<(string, int, string)>();
        foreach (FileEntry e in entries.Values)
        {
            switch (e.Phase)
            {
                case FlushPhase.Waiting:
                    waiting++;
                    break;
                case FlushPhase.RetryWait or FlushPhase.GaveUp:
                    failing++;
                    if (failures.Count < 20)
                    {
                        failures.Add((e.Path, e.Attempts, e.LastError ?? string.Empty));
                    }

                    break;
            }
        }

        return new FlushStatus
        {
            Dirty = dirty,
            Stale = stale,
            CleanCached = clean,
            PersistentOnly = onPersistent,
            Waiting = waiting,
            InFlight = engine.InFlight,
            Failing = failing,
            FilesFlushed = FilesFlushed,
            BytesFlushed = BytesFlushed,
            FilesEvicted = FilesEvicted,
            FilesPrefetched = FilesPrefetched,
            BytesPerSecond = Rate,
            Draining = draining,
            Failures = failures,
        };
    }
}
