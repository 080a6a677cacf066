using System.Globalization;
using System.Text;

namespace SeaNet.Flusher.Packing;

/// <summary>One file or directory as the manifest records it. <paramref name="Name"/> is relative
/// and '/'-separated; the pack root itself is <c>"."</c>. Size and CRC are 0 for a directory.</summary>
public sealed record ManifestEntry(string Name, bool IsDirectory, uint Mode, long MtimeNs, long Size, uint Crc);

/// <summary>
/// SeaNet's manifest, the last member of every archive it writes (<see cref="PackLayout.ManifestName"/>):
/// what the ZIP format cannot carry. ZIP's times are whole seconds (extended timestamp) or two
/// (DOS); SeaNet promises mtimes "as written", to the nanosecond, and <c>sea unpack</c> restores
/// directories (empty ones too) with their modes and mtimes. Text, one entry a line:
/// <code>
/// seanet-manifest 1
/// d 755 1796702014000000000 .
/// f 644 1796702017795591723 4096 1c291ca3 0/0.0
/// </code>
/// Fields are separated by one space; the name is the rest of the line with <c>%</c>, LF and CR
/// written as <c>%25</c>, <c>%0A</c>, <c>%0D</c>. Mode is octal (permission bits and set-id/sticky),
/// CRC hexadecimal. A line that does not parse is an <see cref="InvalidDataException"/> naming it.
/// </summary>
public static class PackManifest
{
    private const string Header = "seanet-manifest 1";

    public static byte[] Write(IEnumerable<ManifestEntry> entries)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder(Header).Append('\n');
        foreach (ManifestEntry e in entries)
        {
            sb.Append(e.IsDirectory ? 'd' : 'f').Append(' ')
              .Append(Convert.ToString(e.Mode & 0xFFF, 8)).Append(' ')
              .Append(e.MtimeNs.ToString(inv)).Append(' ');
            if (!e.IsDirectory)
            {
                sb.Append(e.Size.ToString(inv)).Append(' ').Append(e.Crc.ToString("x8", inv)).Append(' ');
            }

            sb.Append(Escape(e.Name)).Append('\n');
        }

        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    public static List<ManifestEntry> Parse(ReadOnlySpan<byte> data)
    {
        string text = Encoding.UTF8.GetString(data);
        string[] lines = text.Split('\n');
        if (lines.Length == 0 || lines[0] != Header)
        {
            throw new InvalidDataException($"manifest: first line is not '{Header}'");
        }

        var entries = new List<ManifestEntry>(lines.Length);
        for (int i = 1; i < lines.Length; i++)
        {
            string line = lines[i];
            if (line.Length == 0 && i == lines.Length - 1)
            {
                break; // the final newline
            }

            entries.Add(ParseLine(line) ?? throw new InvalidDataException($"manifest line {i + 1} is damaged: '{line}'"));
        }

        return entries;
    }

    private static ManifestEntry? ParseLine(string line)
    {
        var inv = CultureInfo.InvariantCulture;
        string[] f = line.Split(' ', 6);
        bool dir = f.Length >= 4 && f[0] == "d";
        if (!(dir || (f.Length >= 6 && f[0] == "f")))
        {
            return null;
        }

        string name = dir ? string.Join(' ', f[3..]) : f[5];
        uint mode;
        try
        {
            mode = Convert.ToUInt32(f[1], 8);
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            return null;
        }

        if (mode > 0xFFF || !long.TryParse(f[2], NumberStyles.AllowLeadingSign, inv, out long mtime) || name.Length == 0)
        {
            return null;
        }

        long size = 0;
        uint crc = 0;
        if (!dir && (!long.TryParse(f[3], NumberStyles.None, inv, out size)
            || !uint.TryParse(f[4], NumberStyles.AllowHexSpecifier, inv, out crc)))
        {
            return null;
        }

        string? unescaped = Unescape(name);
        return unescaped is null ? null : new ManifestEntry(unescaped, dir, mode, mtime, size, crc);
    }

    private static string Escape(string name) => name.Replace("%", "%25", StringComparison.Ordinal)
        .Replace("\n", "%0A", StringComparison.Ordinal).Replace("\r", "%0D", StringComparison.Ordinal);

    private static string? Unescape(string name)
    {
        if (!name.Contains('%', StringComparison.Ordinal))
        {
            return name;
        }

        var sb = new StringBuilder(name.Length);
        for (int i = 0; i < name.Length; i++)
        {
            if (name[i] != '%')
            {
                sb.Append(name[i]);
                continue;
            }

            if (i + 2 >= name.Length)
            {
                return null;
            }

            switch (name.AsSpan(i + 1, 2))
            {
                case "25": sb.Append('%'); break;
                case "0A": sb.Append('\n'); break;
                case "0D": sb.Append('\r'); break;
                default: return null;
            }

            i += 2;
        }

        return sb.ToString();
    }
}
