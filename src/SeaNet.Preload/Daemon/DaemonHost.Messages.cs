using SeaNet.Core.Channel;
using SeaNet.Core.Configuration;
using SeaNet.Core.Interop;
using SeaNet.Core.Namespace;

namespace SeaNet.Preload.Daemon;

internal sealed partial class DaemonHost
{
    /// <summary>Malformed notifications are logged one by one up to this many, then every 1000th:
    /// a broken or hostile producer must not be able to fill the disk through the log.</summary>
    private const long DetailedRejections = 20;

    private readonly HashSet<int> reportedTiers = [];

    /// <summary>The time of the batch being applied (quiet periods count from it).</summary>
    private ulong batchNowNs;

    /// <summary>Per tier, inflight bytes of CREATED messages applied since the last publication.</summary>
    private long[] inflightToRelease = [];

    /// <summary>After the tier table shows the reservations of the CREATED messages just applied,
    /// hand back what their shims added to inflight_bytes (see seanet_shm.h). Doing it after the
    /// publication errs on the safe side: for a moment the bytes count twice, never zero times.</summary>
    private void ReleaseInflightUnsynchronized()
    {
        for (int t = 0; t < inflightToRelease.Length; t++)
        {
            if (inflightToRelease[t] != 0)
            {
                ref long inflight = ref region.Tier(t).InflightBytes;
                long now = Interlocked.Add(ref inflight, -inflightToRelease[t]);
                inflightToRelease[t] = 0;

                // Below zero only if a shim's add predates this daemon (the region was reset on a
                // restart): clamp, unless a shim raised it meanwhile.
                while (now < 0 && Interlocked.CompareExchange(ref inflight, 0, now) != now)
                {
                    now = Volatile.Read(ref inflight);
                }
            }
        }
    }

    /// <summary>Reads and applies up to <paramref name="limit"/> slots. Never throws on ring content.</summary>
    /// <returns>How many slots were consumed (messages, rejected and reclaimed ones).</returns>
    private int Drain(int limit)
    {
        batchNowNs = MonotonicClock.NowNs(); // one clock read per batch, not per message
        int n = 0;
        for (; n < limit; n++)
        {
            RingRead read = ring.TryRead(out Notification m, out MessageDefect defect);
            switch (read)
            {
                case RingRead.Empty:
                    return n;
                case RingRead.Message:
                    ApplyOne(m);
                    break;
                case RingRead.Rejected:
                    long rejected = ring.Stats.Rejected;
                    if (rejected <= DetailedRejections || rejected % 1000 == 0)
                    {
                        log.Warn($"ignored a malformed notification ({defect}); {rejected} so far");
                    }

                    break;
                case RingRead.Reclaimed:
                    log.Warn($"skipped a ring slot whose producer never published it ({ring.Stats.Reclaimed} so far)");
                    break;
            }
        }

        return n;
    }

    private void ApplyOne(in Notification m)
    {
        if (m.Op == NotificationOp.Created)
        {
            // what the shim added to inflight_bytes; never more than one max_fs (garbage-proof)
            inflightToRelease[m.Tier] += Math.Min(m.Size, accounting.MaxFs);
        }

        ApplyOutcome outcome = applier.Apply(m);
        scheduler?.Observe(m, batchNowNs);
        if (log.IsEnabled(LogLevel.Debug))
        {
            string what = m.Op switch
            {
                NotificationOp.Renamed => $"{m.Path} -> {m.NewPath} tier {m.Tier}",
                NotificationOp.Mkdir or NotificationOp.Rmdir or NotificationOp.Removed => m.Path,
                _ => $"{m.Path} tier {m.Tier} size {m.Size}",
            };
            log.Debug($"{m.Op} {what} pid {m.Pid}: {outcome}");
        }
    }

    private void ReportFileSystemErrors()
    {
        for (int i = 0; i < accounting.Tiers.Count; i++)
        {
            string? error = accounting.Tiers[i].FileSystemError;
            if (error is null)
            {
                reportedTiers.Remove(i);
            }
            else if (reportedTiers.Add(i))
            {
                log.Error($"tier {i} ({accounting.Tiers[i].Root}): statvfs failed ({error}); nothing will be placed there until it recovers");
            }
        }
    }
}
