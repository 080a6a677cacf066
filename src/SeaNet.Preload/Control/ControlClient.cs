using System.Net.Sockets;
using System.Text;

namespace SeaNet.Preload.Control;

/// <summary>The client side of <see cref="ControlProtocol"/>: sends one request and reads the reply lines.</summary>
internal sealed class ControlClient : IDisposable
{
    private readonly Socket socket;
    private readonly byte[] buffer = new byte[64 * 1024];
    private readonly StringBuilder pending = new();
    private readonly Decoder decoder = Encoding.UTF8.GetDecoder();
    private readonly char[] chars = new char[64 * 1024];

    private ControlClient(Socket socket) => this.socket = socket;

    /// <summary>Connects to the daemon serving <paramref name="channel"/>; null (with the reason) if none answers.</summary>
    public static ControlClient? TryConnect(string channel, out string error)
    {
        var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            s.Connect(ControlProtocol.EndPointFor(channel));
            error = string.Empty;
            return new ControlClient(s);
        }
        catch (SocketException e)
        {
            s.Dispose();
            error = $"no daemon answers on the control socket of {channel} ({e.Message})";
            return null;
        }
    }

    public void Send(params string[] fields) => socket.Send(Encoding.UTF8.GetBytes(string.Join('\0', fields) + "\n"));

    /// <summary>The next reply line; null at the end of the connection. <paramref name="timeoutMs"/>
    /// bounds one wait (0 = none); on a timeout, <paramref name="timedOut"/> is set and null returned.</summary>
    public string? ReadLine(int timeoutMs, out bool timedOut)
    {
        timedOut = false;
        while (true)
        {
            string text = pending.ToString();
            int nl = text.IndexOf('\n', StringComparison.Ordinal);
            if (nl >= 0)
            {
                pending.Remove(0, nl + 1);
                return text[..nl];
            }

            if (timeoutMs > 0 && !socket.Poll(timeoutMs * 1000, SelectMode.SelectRead))
            {
                timedOut = true;
                return null;
            }

            int n;
            try
            {
                n = socket.Receive(buffer);
            }
            catch (SocketException)
            {
                return null;
            }

            if (n == 0)
            {
                return null;
            }

            int c = decoder.GetChars(buffer, 0, n, chars, 0);
            pending.Append(chars, 0, c);
        }
    }

    public void Dispose() => socket.Dispose();
}
