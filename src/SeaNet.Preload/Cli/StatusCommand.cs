using System.Globalization;
using System.Text;
using System.Text.Json;
using SeaNet.Core.Channel;
using SeaNet.Core.Interop;

namespace SeaNet.Preload.Cli;

/// <summary>
/// <c>sea status [--channel PATH] [--json]</c>: maps a channel read-only and prints the daemon's
/// state and the tier table. Without --channel: $SEANET_CHANNEL (set inside sea_launch), else
/// every channel of ours in $SEANET_SHM_DIR or /dev/shm.
/// </summary>
internal static class StatusCommand
{
    public const string Usage = """
        usage: sea status [--channel PATH] [--json]
        """;

    public static int Run(string[] args)
    {
        string? channel = null;
        bool json = false;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--channel" when i + 1 < args.Length:
                    channel = args[++i];
                    break;
                case "--json":
                    json = true;
                    break;
                case "-h" or "--help":
                    Console.Out.Write(Usage);
                    return 0;
                default:
                    Console.Error.WriteLine($"sea status: unexpected argument '{args[i]}'\n{Usage}");
                    return 2;
            }
        }

        List<string> channels = channel is not null ? [channel] : FindChannels();
        if (channels.Count == 0)
        {
            Console.Error.WriteLine("sea status: no SeaNet channel found (is sea_launch running? give --channel PATH)");
            return 1;
        }

        var snapshots = new List<Snapshot>();
        int status = 0;
        foreach (string c in channels)
        {
            if (!SharedRegion.TryOpenReadOnly(c, out SharedRegion? region, out string error))
            {
                Console.Error.WriteLine($"sea status: {error}");
                status = 1;
                continue;
            }

            using (region)
            {
                snapshots.Add(Snapshot.Take(region!) with { Flush = AskFlushStatus(c, out string why), FlushError = why });
            }
        }

        if (json)
        {
            WriteJson(snapshots);
        }
        else
        {
            foreach (Snapshot s in snapshots)
            {
                Console.Out.Write(s.ToText());
            }
        }

        return status;
    }

    internal static List<string> FindChannels()
    {
        string? env = Environment.GetEnvironmentVariable("SEANET_CHANNEL");
        if (!string.IsNullOrEmpty(env))
        {
            return [env];
        }

        string dir = Environment.GetEnvironmentVariable("SEANET_SHM_DIR") is { Length: > 0 } d ? d : "/dev/shm";
        try
        {
            return Directory.EnumerateFiles(dir, $"seanet-{ProcessProbe.UserId}-*.shm").Order(StringComparer.Ordinal).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary>The flusher's counters, over the control socket (the shared region has only the tiers);
    /// null with a reason if the daemon does not answer within 2 s.</summary>
    private static string? AskFlushStatus(string channel, out string why)
    {
        using Control.ControlClient? client = Control.ControlClient.TryConnect(channel, out why);
        if (client is null)
        {
            return null;
        }

        client.Send("status");
        string? line = client.ReadLine(2000, out bool timedOut);
        if (line is not null && line.StartsWith("status ", StringComparison.Ordinal))
        {
            return line["status ".Length..];
        }

        why = timedOut ? "the daemon did not answer within 2 s" : $"unexpected answer: {line}";
        return null;
    }

    private static void WriteJson(List<Snapshot> snapshots)
    {
        using Stream stdout = Console.OpenStandardOutput();
        using (var w = new Utf8JsonWriter(stdout, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartArray();
            foreach (Snapshot s in snapshots)
            {
                s.WriteJson(w);
            }

            w.WriteEndArray();
        }

        stdout.Write("\n"u8);
    }

    private sealed record TierRow(string Root, bool Persistent, long Capacity, long Used, long Reserved, long FsFree, long Room, long Files);

    private sealed record Snapshot(string Channel, ulong Generation, int Pid, bool Alive, DaemonState State, double HeartbeatAgeSeconds,
        string Mount, ulong MaxFs, ulong Dropped, ulong Pending, uint IndexSlots, List<TierRow> Tiers)
    {
        /// <summary>The daemon's flusher counters (JSON from the control socket), or null.</summary>
        public string? Flush { get; init; }

        public string FlushError { get; init; } = string.Empty;

        public static unsafe Snapshot Take(SharedRegion r)
        {
            SeanetHeader* h = r.Header;
            var tiers = new List<TierRow>();
            for (int i = 0; i < r.TierCount; i++)
            {
                SeanetTier* t = r.TierTable + i;
                tiers.Add(new TierRow(SharedRegion.ReadCString(new ReadOnlySpan<byte>(t->Root, ShmLayout.RootMax)),
                    (t->Flags & (uint)TierFlags.Persistent) != 0,
                    Volatile.Read(ref t->CapacityBytes), Volatile.Read(ref t->UsedBytes), Volatile.Read(ref t->ReservedBytes),
                    Volatile.Read(ref t->FsFreeBytes), Volatile.Read(ref t->RoomBytes), Volatile.Read(ref t->FileCount)));
            }

            ulong beat = Volatile.Read(ref h->HeartbeatNs);
            ulong now = MonotonicClock.NowNs();
            ulong tail = Volatile.Read(ref h->RingTail);
            ulong head = Volatile.Read(ref h->RingHead);
            int pid = Volatile.Read(ref h->DaemonPid);
            return new Snapshot(r.Path, Volatile.Read(ref h->Generation), pid, ProcessProbe.IsAlive(pid), r.State,
                now > beat ? (now - beat) / 1e9 : 0,
                SharedRegion.ReadCString(new ReadOnlySpan<byte>(h->Mount, ShmLayout.RootMax)),
                h->MaxFs, Volatile.Read(ref h->Dropped), tail > head ? tail - head : 0, h->IndexSlots, tiers);
        }

        public string ToText()
        {
            var sb = new StringBuilder();
            IFormatProvider inv = CultureInfo.InvariantCulture;
            string state = Alive ? State.ToString().ToUpperInvariant() : $"{State.ToString().ToUpperInvariant()} (process gone)";
            sb.Append(inv, $"channel   {Channel} (generation {Generation})\n");
            sb.Append(inv, $"daemon    pid {Pid}, {state}, heartbeat {HeartbeatAgeSeconds:0.00} s ago\n");
            sb.Append(inv, $"mount     {Mount}\n");
            sb.Append(inv, $"max_fs    {Human((long)MaxFs)}; ring: {Dropped} dropped, {Pending} pending; index: {IndexSlots} slots\n");
            int width = Math.Max(4, Tiers.Max(t => t.Root.Length));
            sb.Append(inv, $"tier  {"root".PadRight(width)}  {"capacity",10}  {"used",10}  {"reserved",10}  {"room",10}  {"files",8}\n");
            for (int i = 0; i < Tiers.Count; i++)
            {
                TierRow t = Tiers[i];
                string label = (i.ToString(inv) + (t.Persistent ? " P" : string.Empty)).PadRight(4);
                sb.Append(inv, $"{label}  {t.Root.PadRight(width)}  {Human(t.Capacity),10}  {Human(t.Used),10}  {Human(t.Reserved),10}  {Human(t.Room),10}  {t.Files,8}\n");
            }

            AppendFlush(sb, inv);
            return sb.Append('\n').ToString();
        }

        private void AppendFlush(StringBuilder sb, IFormatProvider inv)
        {
            if (Flush is null)
            {
                sb.Append(inv, $"flusher   unknown: {FlushError}\n");
                return;
            }

            using var doc = JsonDocument.Parse(Flush);
            JsonElement f = doc.RootElement;
            long N(string name) => f.GetProperty(name).GetInt64();
            sb.Append(inv, $"files     {N("dirty")} dirty, {N("stale")} changed since flushed, {N("clean_cached")} persisted and cached, {N("persistent_only")} on the persistent tier only\n");
            sb.Append(inv, $"flush     queue {N("waiting") + N("in_flight")} ({N("waiting")} waiting, {N("in_flight")} in flight), {N("failing")} failing; ");
            sb.Append(inv, $"{N("files_flushed")} files ({Human(N("bytes_flushed"))}) flushed, {Human(N("flush_bytes_per_second"))}/s; {N("files_evicted")} evicted, {N("files_prefetched")} prefetched");
            sb.Append(f.GetProperty("draining").GetBoolean() ? "; DRAINING\n" : "\n");
            foreach (JsonElement e in f.GetProperty("failures").EnumerateArray())
            {
                sb.Append(inv, $"failing   {e.GetProperty("path").GetString()}: {e.GetProperty("error").GetString()} (attempt {e.GetProperty("attempts").GetInt32()})\n");
            }
        }

        public void WriteJson(Utf8JsonWriter w)
        {
            w.WriteStartObject();
            w.WriteString("channel", Channel);
            w.WriteNumber("generation", Generation);
            w.WriteStartObject("daemon");
            w.WriteNumber("pid", Pid);
            w.WriteBoolean("alive", Alive);
            w.WriteString("state", State.ToString().ToLowerInvariant());
            w.WriteNumber("heartbeat_age_seconds", Math.Round(HeartbeatAgeSeconds, 3));
            w.WriteEndObject();
            w.WriteString("mount", Mount);
            w.WriteNumber("max_fs", MaxFs);
            w.WriteNumber("index_slots", IndexSlots);
            w.WriteStartObject("ring");
            w.WriteNumber("dropped", Dropped);
            w.WriteNumber("pending", Pending);
            w.WriteEndObject();
            w.WriteStartArray("tiers");
            foreach (TierRow t in Tiers)
            {
                w.WriteStartObject();
                w.WriteString("root", t.Root);
                w.WriteBoolean("persistent", t.Persistent);
                w.WriteNumber("capacity", t.Capacity);
                w.WriteNumber("used", t.Used);
                w.WriteNumber("reserved", t.Reserved);
                w.WriteNumber("fs_free", t.FsFree);
                w.WriteNumber("room", t.Room);
                w.WriteNumber("files", t.Files);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            if (Flush is not null)
            {
                w.WritePropertyName("flush");
                w.WriteRawValue(Flush);
            }
            else
            {
                w.WriteNull("flush");
                w.WriteString("flush_error", FlushError);
            }

            w.WriteEndObject();
        }

        private static string Human(long bytes)
        {
            string[] units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
            double v = bytes;
            int u = 0;
            while (Math.Abs(v) >= 1024 && u < units.Length - 1)
            {
                v /= 1024;
                u++;
            }

            return u == 0 ? string.Create(CultureInfo.InvariantCulture, $"{bytes} B") : string.Create(CultureInfo.InvariantCulture, $"{v:0.0} {units[u]}");
        }
    }
}
