using System.Diagnostics;
using System.Globalization;

namespace SeaNet.Preload.Control;

/// <summary>How a <c>flush --wait</c> or a drain ended, as the daemon reported it.</summary>
internal sealed record FlushOutcome(int Persisted, long Bytes, IReadOnlyList<(string Path, string Reason)> Failed,
    IReadOnlyList<(string Path, string Reason)> Kept, long Evicted, TimeSpan Elapsed, long AlreadyPersisted = 0);

/// <summary>Sends a waiting request (drain, flush --wait) and follows it to the end, drawing progress
/// on a terminal (files, bytes, rate, ETA): the client side shared by <c>sea drain</c>,
/// <c>sea flush --wait</c> and sea_launch's final drain.</summary>
internal static class FlushWait
{
    /// <returns>The outcome, or null with <paramref name="error"/> if the daemon could not be reached or
    /// went away before the end (a caller may retry: the request is idempotent).</returns>
    public static FlushOutcome? Run(string channel, string[] request, string label, Func<bool> cancelled, out string error)
    {
        using ControlClient? client = ControlClient.TryConnect(channel, out error);
        if (client is null)
        {
            return null;
        }

        var clock = Stopwatch.StartNew();
        bool tty = !Console.IsErrorRedirected;
        bool drew = false;
        var failed = new List<(string, string)>();
        var kept = new List<(string, string)>();
        client.Send(request);
        try
        {
            while (true)
            {
                string? line = client.ReadLine(500, out bool timedOut);
                if (timedOut)
                {
                    if (cancelled())
                    {
                        error = "interrupted";
                        return null;
                    }

                    continue;
                }

                if (line is null)
                {
                    error = "the daemon went away before the end";
                    return null;
                }

                string[] f = line.Split(' ', 2);
                switch (f[0])
                {
                    case "progress" when tty:
                        Draw(label, f[1], clock.Elapsed);
                        drew = true;
                        break;
                    case "failed" or "kept":
                        string[] pr = f[1].Split('\t', 2);
                        (f[0] == "failed" ? failed : kept).Add((ControlProtocol.Unescape(pr[0]), pr.Length > 1 ? ControlProtocol.Unescape(pr[1]) : string.Empty));
                        break;
                    case "done":
                        long[] n = f[1].Split(' ').Select(x => long.Parse(x, CultureInfo.InvariantCulture)).ToArray();
                        return new FlushOutcome((int)n[0], n[1], failed, kept, n[4], clock.Elapsed, n.Length > 5 ? n[5] : 0);
                    case "queued":
                        return new FlushOutcome(0, 0, failed, kept, 0, clock.Elapsed);
                    case "error":
                        error = f.Length > 1 ? f[1] : "error";
                        return null;
                }
            }
        }
        finally
        {
            if (drew)
            {
                Console.Error.Write("\r\x1b[K");
            }
        }
    }

    private static void Draw(string label, string fields, TimeSpan elapsed)
    {
        string[] p = fields.Split(' ');
        long done = long.Parse(p[0], CultureInfo.InvariantCulture), total = long.Parse(p[1], CultureInfo.InvariantCulture);
        long bytes = long.Parse(p[2], CultureInfo.InvariantCulture), bytesTotal = long.Parse(p[3], CultureInfo.InvariantCulture);
        double rate = double.Parse(p[4], CultureInfo.InvariantCulture);
        if (rate <= 0 && elapsed.TotalSeconds > 0)
        {
            rate = bytes / elapsed.TotalSeconds;
        }

        string eta = rate > 0 && bytesTotal > bytes ? $", ETA {Math.Ceiling((bytesTotal - bytes) / rate):0} s" : string.Empty;
        Console.Error.Write(string.Create(CultureInfo.InvariantCulture,
            $"\r{label}: {done}/{total} files, {Human(bytes)} of {Human(bytesTotal)}, {Human((long)rate)}/s{eta}\x1b[K"));
    }

    public static string Human(long bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.Length - 1)
        {
            v /= 1024;
            u++;
        }

        return u == 0 ? string.Create(CultureInfo.InvariantCulture, $"{bytes} B") : string.Create(CultureInfo.InvariantCulture, $"{v:0.0} {units[u]}");
    }

    /// <summary>Prints the summary line and every file not persisted (all failures; files in no flush
    /// list up to <paramref name="keptShown"/>, the rest counted).</summary>
    public static void Report(TextWriter to, string program, string what, FlushOutcome o, int keptShown)
    {
        to.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{program}: {what} in {o.Elapsed.TotalSeconds:0.00} s: {o.Persisted} file(s) ({Human(o.Bytes)}) persisted{(o.AlreadyPersisted > 0 ? $" (+{o.AlreadyPersisted} before)" : string.Empty)}, {o.Failed.Count} failed, {o.Kept.Count} not in the flush list, {o.Evicted} evicted"));
        foreach ((string path, string reason) in o.Failed)
        {
            to.WriteLine($"{program}: NOT persisted, left in cache: {path}: {reason}");
        }

        foreach ((string path, string reason) in o.Kept.Take(keptShown))
        {
            to.WriteLine($"{program}: left in cache: {path}: {reason}");
        }

        if (o.Kept.Count > keptShown)
        {
            to.WriteLine($"{program}: ... and {o.Kept.Count - keptShown} more file(s) left in cache, not in the flush list");
        }
    }
}
