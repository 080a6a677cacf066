using System.Text;

namespace SeaNet.Core.Configuration;

/// <summary>One <c>key = value</c> line. <see cref="Key"/> is lower case, as iniparser stores it.</summary>
internal sealed record IniEntry(string Key, string Value, int Line);

/// <summary>One <c>[section]</c>, name in lower case; a name given twice yields two sections.</summary>
internal sealed record IniSection(string Name, int Line, List<IniEntry> Entries);

/// <summary>
/// A line-oriented INI reader that accepts what Sea's iniparser accepts, and says where a line
/// is wrong instead of iniparser's bare "cannot load".
/// </summary>
/// <remarks>
/// The grammar, after iniparser 4 (<c>iniparser_line</c> / <c>iniparser_load_file</c>):
/// <list type="bullet">
/// <item>A line ending in <c>\</c> continues on the next one; the logical line keeps the first line's number.</item>
/// <item>Surrounding whitespace is ignored, so indented files (Sea's experiment configs) read the same.</item>
/// <item>Blank lines and lines starting with <c>#</c> or <c>;</c> are comments.</item>
/// <item><c>[name]</c> opens a section; names and keys are case-insensitive (stored lower case).
/// Unlike iniparser, a comment may follow the <c>]</c>.</item>
/// <item><c>key = value</c>: an unquoted value ends at the first <c>;</c> or <c>#</c> (Sea writes
/// <c>max_fs = 100 ; # comment</c>) and is trimmed. A value in <c>"..."</c> or <c>'...'</c> is taken
/// literally (backslash escapes the next character), so it may contain <c>;</c> or <c>#</c>.</item>
/// </list>
/// Anything else is an error naming the line. Interpretation of keys is the caller's business.
/// </remarks>
internal static class IniReader
{
    public static List<IniSection> Read(string text, string file)
    {
        var sections = new List<IniSection>();
        IniSection? current = null;
        string[] lines = text.Split('\n');
        if (lines.Length > 0 && lines[0].StartsWith('\uFEFF'))
        {
            lines[0] = lines[0][1..];
        }

        int i = 0;
        while (i < lines.Length)
        {
            int lineNo = i + 1;
            string logical = StripCr(lines[i++]);
            while (logical.TrimEnd().EndsWith('\\'))
            {
                logical = logical.TrimEnd()[..^1];
                if (i < lines.Length)
                {
                    logical += StripCr(lines[i++]);
                }
            }

            string line = logical.Trim();
            if (line.Length == 0 || line[0] == '#' || line[0] == ';')
            {
                continue;
            }

            if (line[0] == '[')
            {
                current = ReadSectionHeader(line, file, lineNo);
                sections.Add(current);
                continue;
            }

            int eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq < 0)
            {
                throw ConfigError.At(file, lineNo, null,
                    $"'{Shorten(line)}' is not 'key = value', a [section] or a comment (is the '=' missing?)");
            }

            string key = line[..eq].Trim().ToLowerInvariant();
            if (key.Length == 0)
            {
                throw ConfigError.At(file, lineNo, null, $"'{Shorten(line)}' has no key before the '='");
            }

            if (current is null)
            {
                throw ConfigError.At(file, lineNo, key,
                    "comes before any section; put it under a line reading [Sea]");
            }

            current.Entries.Add(new IniEntry(key, ReadValue(line[(eq + 1)..], file, lineNo, key), lineNo));
        }

        return sections;
    }

    private static IniSection ReadSectionHeader(string line, string file, int lineNo)
    {
        int close = line.IndexOf(']', StringComparison.Ordinal);
        if (close < 0)
        {
            throw ConfigError.At(file, lineNo, null,
                $"unterminated section header '{Shorten(line)}' (add the closing ']')");
        }

        string rest = line[(close + 1)..].TrimStart();
        if (rest.Length > 0 && rest[0] != '#' && rest[0] != ';')
        {
            throw ConfigError.At(file, lineNo, null,
                $"unexpected '{Shorten(rest)}' after the section header (start a comment with '#' or ';')");
        }

        string name = line[1..close].Trim();
        if (name.Length == 0)
        {
            throw ConfigError.At(file, lineNo, null, "empty section name '[]' (Sea's keys go under [Sea])");
        }

        return new IniSection(name.ToLowerInvariant(), lineNo, []);
    }

    private static string ReadValue(string afterEquals, string file, int lineNo, string key)
    {
        string s = afterEquals.TrimStart();
        if (s.Length == 0 || (s[0] != '"' && s[0] != '\''))
        {
            int comment = s.IndexOfAny([';', '#']);
            return (comment >= 0 ? s[..comment] : s).Trim();
        }

        char quote = s[0];
        var value = new StringBuilder();
        int j = 1;
        for (; j < s.Length && s[j] != quote; j++)
        {
            if (s[j] == '\\' && j + 1 < s.Length)
            {
                j++;
            }

            value.Append(s[j]);
        }

        if (j >= s.Length)
        {
            throw ConfigError.At(file, lineNo, key, $"unterminated quoted value (add the closing {quote})");
        }

        string after = s[(j + 1)..].TrimStart();
        if (after.Length > 0 && after[0] != ';' && after[0] != '#')
        {
            throw ConfigError.At(file, lineNo, key,
                $"unexpected '{Shorten(after)}' after the closing quote (start a comment with '#' or ';')");
        }

        return value.ToString();
    }

    private static string StripCr(string line) => line.EndsWith('\r') ? line[..^1] : line;

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";
}
