using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using SeaNet.Core.Interop;
using SeaNet.Core.Logging;
using SeaNet.Flusher.Scheduling;

namespace SeaNet.Preload.Control;

public enum ControlKind
{
    Status,
    Flush,
    Drain,
}

/// <summary>One request from a client, answered by the daemon's main loop through <see cref="Reply"/>
/// and <see cref="IFlushWaiter"/>; the connection's own thread writes the lines out.</summary>
#pragma warning disable CA1001 // the collection holds no unmanaged resource once completed; both threads may still touch it
internal sealed class ControlRequest : IFlushWaiter
{
    private readonly BlockingCollection<string> lines = new();

    public ControlRequest(ControlKind kind, bool wait, IReadOnlyList<string> paths)
    {
        Kind = kind;
        Wait = wait;
        Paths = paths;
    }

    public ControlKind Kind { get; }

    public bool Wait { get; }

    public IReadOnlyList<string> Paths { get; }

    /// <summary>A final line: the connection closes after it.</summary>
    public void Reply(string line)
    {
        if (TryAdd(line))
        {
            Abandon();
        }
    }

    /// <summary>False once the client is gone (or the reply is complete): called on the daemon's
    /// main loop, so it must never throw.</summary>
    private bool TryAdd(string line)
    {
        try
        {
            return !lines.IsAddingCompleted && lines.TryAdd(line);
        }
        catch (InvalidOperationException)
        {
            return false; // completed by the client's thread meanwhile
        }
    }

    public void Progress(FlushProgress p)
    {
        if (!lines.IsAddingCompleted)
        {
            TryAdd($"progress {ControlProtocol.Number(p.FilesDone)} {ControlProtocol.Number(p.FilesTotal)} {ControlProtocol.Number(p.BytesDone)} {ControlProtocol.Number(p.BytesTotal)} {ControlProtocol.Number(p.BytesPerSecond)}");
        }
    }

    public void Completed(FlushReport r)
    {
        if (lines.IsAddingCompleted)
        {
            return;
        }

        foreach ((string path, string reason) in r.Failed)
        {
            TryAdd($"failed {ControlProtocol.Escape(path)}\t{ControlProtocol.Escape(reason)}");
        }

        foreach ((string path, string reason) in r.Kept)
        {
            TryAdd($"kept {ControlProtocol.Escape(path)}\t{ControlProtocol.Escape(reason)}");
        }

        Reply($"done {ControlProtocol.Number(r.Persisted)} {ControlProtocol.Number(r.BytesPersisted)} {ControlProtocol.Number(r.Failed.Count)} {ControlProtocol.Number(r.Kept.Count)} {ControlProtocol.Number(r.Evicted)} {ControlProtocol.Number(r.AlreadyPersisted)}");
    }

    public IEnumerable<string> Lines => lines.GetConsumingEnumerable();

    /// <summary>The client went away: what the loop still says is dropped.</summary>
    public void Abandon()
    {
        try
        {
            lines.CompleteAdding();
        }
        catch (ObjectDisposedException)
        {
        }
    }
}

#pragma warning restore CA1001

/// <summary>Accepts control connections (see <see cref="ControlProtocol"/>) and queues their requests
/// for the daemon's main loop. Threading: an accept thread plus one short-lived thread per client.</summary>
internal sealed class ControlServer : IDisposable
{
    private const int SolSocket = 1;
    private const int SoPeercred = 17;

    private readonly Socket listener;
    private readonly ConcurrentQueue<ControlRequest> requests;
    private readonly Action wake;
    private readonly SeaLog log;
    private readonly Thread acceptor;
    private volatile bool stopping;

    public ControlServer(string channel, ConcurrentQueue<ControlRequest> requests, Action wake, SeaLog log)
    {
        this.requests = requests;
        this.wake = wake;
        this.log = log;
        listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(ControlProtocol.EndPointFor(channel));
        listener.Listen(16);
        acceptor = new Thread(AcceptLoop) { IsBackground = true, Name = "control-accept" };
        acceptor.Start();
    }

    private void AcceptLoop()
    {
        while (!stopping)
        {
            Socket client;
            try
            {
                client = listener.Accept();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                if (!stopping)
                {
                    log.Warn($"control socket: {e.Message}");
                }

                return;
            }

            new Thread(() => Serve(client)) { IsBackground = true, Name = "control-client" }.Start();
        }
    }

    private void Serve(Socket client)
    {
        ControlRequest? request = null;
        using (client)
        {
            try
            {
                Span<byte> cred = stackalloc byte[12];
                if (client.GetRawSocketOption(SolSocket, SoPeercred, cred) != 12 || MemoryMarshal.Read<uint>(cred[4..]) != ProcessProbe.UserId)
                {
                    log.Warn("control socket: refused a client of another user");
                    return;
                }

                client.ReceiveTimeout = 5000;
                string? line = ReadLine(client);
                request = Parse(line);
                if (request is null)
                {
                    Send(client, "error malformed request\n");
                    return;
                }

                requests.Enqueue(request);
                wake();
                client.ReceiveTimeout = 0;
                foreach (string reply in request.Lines)
                {
                    Send(client, reply + "\n");
                }
            }
            catch (Exception e) when (e is SocketException or IOException or ObjectDisposedException)
            {
                // the client went away; the request (a drain, say) goes on without it
                request?.Abandon();
            }
        }
    }

    private static ControlRequest? Parse(string? line)
    {
        if (line is null)
        {
            return null;
        }

        string[] f = line.Split('\0');
        return f[0] switch
        {
            "status" => new ControlRequest(ControlKind.Status, false, []),
            "drain" => new ControlRequest(ControlKind.Drain, true, []),
            "flush" when f.Length >= 2 => new ControlRequest(ControlKind.Flush, f[1] == "wait", f[2..].Where(p => p.Length > 0).ToList()),
            _ => null,
        };
    }

    private static string? ReadLine(Socket s)
    {
        var buffer = new List<byte>(256);
        var one = new byte[4096];
        while (buffer.Count < 1 << 20)
        {
            int n = s.Receive(one);
            if (n == 0)
            {
                break;
            }

            int nl = Array.IndexOf(one, (byte)'\n', 0, n);
            buffer.AddRange(one.AsSpan(0, nl >= 0 ? nl : n));
            if (nl >= 0)
            {
                return Encoding.UTF8.GetString(buffer.ToArray());
            }
        }

        return buffer.Count > 0 ? Encoding.UTF8.GetString(buffer.ToArray()) : null;
    }

    private static void Send(Socket s, string text) => s.Send(Encoding.UTF8.GetBytes(text));

    public void Dispose()
    {
        stopping = true;
        listener.Dispose();
    }
}
