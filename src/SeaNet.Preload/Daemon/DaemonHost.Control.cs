using System.Text;
using System.Text.Json;
using SeaNet.Flusher.Scheduling;
using SeaNet.Preload.Control;

namespace SeaNet.Preload.Daemon;

/// <summary>Requests from the control socket, answered on the main loop (the scheduler is not thread-safe).</summary>
internal sealed partial class DaemonHost
{
    private void ServeControlRequests(ulong now)
    {
        while (controlRequests.TryDequeue(out ControlRequest? r))
        {
            switch (r.Kind)
            {
                case ControlKind.Status:
                    r.Reply("status " + StatusJson(scheduler!.Snapshot()));
                    break;
                case ControlKind.Flush:
                    CatchUpWithTheRing();
                    scheduler!.Flush(r.Paths, r.Wait ? r : null, now);
                    if (!r.Wait)
                    {
                        r.Reply("queued");
                    }

                    break;
                case ControlKind.Drain:
                    log.Info("drain requested: flushing everything the flush list names now");
                    CatchUpWithTheRing();
                    scheduler!.Drain(r, now);
                    break;
            }
        }
    }

    /// <summary>A flush or drain must see every file written before it was asked for: the client
    /// (sea_launch after the command exited, or a program after its writes) sent it after its
    /// notifications, so apply all that is in the ring first, and learn from the tiers what a
    /// full ring lost.</summary>
    private void CatchUpWithTheRing()
    {
        while (Drain(BatchLimit) > 0)
        {
        }

        ulong dropped = DroppedSoFar();
        if (dropped != droppedSeen)
        {
            ResyncAfterLostNotifications(dropped);
        }
    }

    /// <summary>The daemon is stopping: nobody will answer what is still queued.</summary>
    private void AnswerRemainingRequests()
    {
        while (controlRequests.TryDequeue(out ControlRequest? r))
        {
            r.Reply("error the daemon is stopping");
        }
    }

    internal static string StatusJson(FlushStatus s)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteNumber("dirty", s.Dirty);
            w.WriteNumber("stale", s.Stale);
            w.WriteNumber("clean_cached", s.CleanCached);
            w.WriteNumber("persistent_only", s.PersistentOnly);
            w.WriteNumber("waiting", s.Waiting);
            w.WriteNumber("in_flight", s.InFlight);
            w.WriteNumber("failing", s.Failing);
            w.WriteNumber("files_flushed", s.FilesFlushed);
            w.WriteNumber("bytes_flushed", s.BytesFlushed);
            w.WriteNumber("files_evicted", s.FilesEvicted);
            w.WriteNumber("files_prefetched", s.FilesPrefetched);
            w.WriteNumber("flush_bytes_per_second", Math.Round(s.BytesPerSecond));
            w.WriteBoolean("draining", s.Draining);
            w.WriteStartArray("failures");
            foreach ((string path, int attempts, string error) in s.Failures)
            {
                w.WriteStartObject();
                w.WriteString("path", path);
                w.WriteNumber("attempts", attempts);
                w.WriteString("error", error);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
