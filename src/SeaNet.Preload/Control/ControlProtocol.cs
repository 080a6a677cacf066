using System.Globalization;
using System.Net.Sockets;
using System.Text;
using SeaNet.Core.Namespace;

namespace SeaNet.Preload.Control;

/// <summary>
/// The control socket: how <c>sea flush</c>, <c>sea drain</c>, <c>sea status</c> and sea_launch's
/// final drain talk to the daemon. A Linux abstract Unix socket named after the channel (no file to
/// leave behind, no path-length limit); the daemon serves only peers of its own uid (SO_PEERCRED).
/// <para>
/// Request: one line, fields separated by NUL: <c>status</c> | <c>flush NUL wait|nowait {NUL path}</c> |
/// <c>drain</c>. Replies: lines <c>progress DONE TOTAL BYTES_DONE BYTES_TOTAL RATE</c>,
/// <c>failed PATH TAB REASON</c>, <c>kept PATH TAB REASON</c>, then one final line
/// <c>done PERSISTED BYTES FAILED KEPT EVICTED</c>, <c>queued N</c>, <c>status JSON</c> or
/// <c>error MESSAGE</c>. Paths and reasons escape backslash, tab and newline.
/// </para>
/// </summary>
internal static class ControlProtocol
{
    public static UnixDomainSocketEndPoint EndPointFor(string channel) =>
        new("\0seanet-ctl-" + PathHash.Of(Path.GetFullPath(channel)).ToString("x16", CultureInfo.InvariantCulture));

    public static string Escape(string s) => s.Replace("\\", "\\\\").Replace("\t", "\\t").Replace("\n", "\\n");

    public static string Unescape(string s)
    {
        if (!s.Contains('\\'))
        {
            return s;
        }

        var b = new StringBuilder(s.Length);
        for (int i = 0; i < s.Length; i++)
        {
            if (s[i] == '\\' && i + 1 < s.Length)
            {
                i++;
                b.Append(s[i] switch { 't' => '\t', 'n' => '\n', _ => s[i] });
            }
            else
            {
                b.Append(s[i]);
            }
        }

        return b.ToString();
    }

    public static string Number(long n) => n.ToString(CultureInfo.InvariantCulture);

    public static string Number(double n) => n.ToString("0.###", CultureInfo.InvariantCulture);
}
