using System.Globalization;
using SeaNet.Flusher.Packing;

namespace SeaNet.Preload.Cli;

/// <summary><c>sea ls ARCHIVE</c>: the members of a ZIP archive (one SeaNet wrote, or any other):
/// mode, size, method, CRC-32 and name, in archive order, then a summary line. Exit 0, or 2 with
/// the reason if the file is not a readable archive.</summary>
internal static class LsCommand
{
    public const string Usage = """
        usage: sea ls ARCHIVE
          Lists the members of a ZIP archive: mode, size, method (stored/deflated/…), CRC-32, name.
        """;

    public static int Run(string[] args)
    {
        if (args.Length == 1 && args[0] is "-h" or "--help")
        {
            Console.Out.Write(Usage);
            return 0;
        }

        if (args.Length != 1 || args[0].StartsWith('-'))
        {
            Console.Error.WriteLine($"sea ls: give exactly one archive\n{Usage}");
            return 2;
        }

        try
        {
            using FileStream s = File.OpenRead(args[0]);
            (IReadOnlyList<ZipMember> members, string comment) = ZipDirectory.Read(s);
            var inv = CultureInfo.InvariantCulture;
            long total = 0;
            foreach (ZipMember m in members)
            {
                string method = m.Method switch { 0 => "stored", 8 => "deflated", _ => "method-" + m.Method.ToString(inv) };
                Console.Out.WriteLine(string.Create(inv, $"{Convert.ToString(m.Mode, 8),4} {m.Size,12} {method,-8} {m.Crc:x8} {m.Name}"));
                total += m.Size;
            }

            Console.Out.WriteLine(string.Create(inv, $"{members.Count} member(s), {total} bytes{(comment.Length > 0 ? $"; comment: {comment}" : string.Empty)}"));
            return 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            Console.Error.WriteLine($"sea ls: {args[0]}: {e.Message}");
            return 2;
        }
    }
}
