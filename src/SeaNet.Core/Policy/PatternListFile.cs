using SeaNet.Core.Configuration;

namespace SeaNet.Core.Policy;

/// <summary>
/// Sea's list files, read from the configuration directory (beside sea.ini, <c>$SEA_HOME</c> for
/// Sea users): one POSIX extended regular expression per line.
/// </summary>
/// <remarks>
/// A missing file is an empty list, as in Sea. Lines are trimmed of surrounding spaces and tabs
/// (and a Windows '\r'); blank lines are skipped; a line whose first non-blank character is '#'
/// is a comment. Sea hands every line to grep unchanged, but a '#' line could only ever match a
/// file whose relative path starts with '#', and Sea split lines at spaces anyway, so neither
/// rule changes what a working Sea list does. Write <c>[#]</c> for a pattern that starts with '#'.
/// </remarks>
public static class PatternListFile
{
    public const string Flush = ".sea_flushlist";

    public const string Evict = ".sea_evictlist";

    public const string Prefetch = ".sea_prefetchlist";

    /// <summary>The patterns of a list file's text; <paramref name="source"/> names it in messages.</summary>
    public static List<PatternEntry> Parse(string text, string source)
    {
        var entries = new List<PatternEntry>();
        string[] lines = text.Split('\n');
        for (int k = 0; k < lines.Length; k++)
        {
            string line = lines[k];
            if (k == 0 && line.StartsWith('\uFEFF'))
            {
                line = line[1..];
            }

            line = line.Trim(' ', '\t', '\r');
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            entries.Add(new PatternEntry(line, source, k + 1));
        }

        return entries;
    }

    /// <summary>Reads <paramref name="fileName"/> in <paramref name="directory"/>; a missing file is an empty list.</summary>
    /// <param name="directory">Where to look (absolute).</param>
    /// <param name="fileName">One of <see cref="Flush"/>, <see cref="Evict"/>, <see cref="Prefetch"/>.</param>
    /// <param name="source">What messages call the file.</param>
    /// <exception cref="ConfigException">The file exists but cannot be read, or is a directory.</exception>
    public static List<PatternEntry> Read(string directory, string fileName, string source)
    {
        string path = Path.Combine(directory, fileName);
        if (Directory.Exists(path))
        {
            throw ConfigError.InFile(source, null, $"is a directory; {fileName} must be a file with one pattern per line (or absent)");
        }

        try
        {
            return File.Exists(path) ? Parse(File.ReadAllText(path), source) : [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            string reason = e is UnauthorizedAccessException ? "permission denied" : e.Message;
            throw ConfigError.InFile(source, null, $"cannot read it ({reason}); fix its permissions or remove it");
        }
    }
}
