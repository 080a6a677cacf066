using System.Globalization;
using System.Text;

namespace SeaNet.Core.Configuration;

/// <summary>Typed reading of <c>sea.ini</c> values: sizes, numbers, log levels and environment-variable
/// expansion. Every failure is a <see cref="ConfigException"/> naming file, line and key.</summary>
internal static class ConfigValues
{
    private const string SizeHint = "use bytes or a K/M/G/T suffix";

    /// <summary>Parses a size: plain bytes, or a number with <c>K</c>, <c>M</c>, <c>G</c> or <c>T</c>
    /// (also <c>KiB</c>…<c>TiB</c>, any case), all powers of 1024. <c>KB</c>/<c>MB</c> are refused
    /// rather than guessed: whether they mean 1000 or 1024 differs between tools.</summary>
    public static long Size(IniEntry entry, string file)
    {
        string text = entry.Value.Trim();
        int digits = 0;
        while (digits < text.Length && char.IsAsciiDigit(text[digits]))
        {
            digits++;
        }

        string suffix = text[digits..].Trim();
        int shift = suffix.ToUpperInvariant() switch
        {
            "" or "B" => 0,
            "K" or "KIB" => 10,
            "M" or "MIB" => 20,
            "G" or "GIB" => 30,
            "T" or "TIB" => 40,
            _ => -1,
        };

        if (digits == 0 || shift < 0)
        {
            string hint = suffix.Length == 2 && "KMGT".Contains(char.ToUpperInvariant(suffix[0]), StringComparison.Ordinal)
                && char.ToUpperInvariant(suffix[1]) == 'B'
                ? $"{SizeHint}; write {text[..digits]}{char.ToUpperInvariant(suffix[0])} for powers of 1024"
                : SizeHint;
            throw ConfigError.At(file, entry.Line, entry.Key, $"'{entry.Value}' is not a size ({hint})");
        }

        if (!long.TryParse(text.AsSpan(0, digits), NumberStyles.None, CultureInfo.InvariantCulture, out long number)
            || number > (long.MaxValue >> shift))
        {
            throw ConfigError.At(file, entry.Line, entry.Key, $"'{entry.Value}' is too large for a size");
        }

        return number << shift;
    }

    /// <summary>Parses a whole decimal number in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static int Integer(IniEntry entry, string file, int min, int max)
    {
        if (!int.TryParse(entry.Value.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value))
        {
            throw ConfigError.At(file, entry.Line, entry.Key,
                $"'{entry.Value}' is not a whole number (use {min} to {max})");
        }

        if (value < min || value > max)
        {
            throw ConfigError.At(file, entry.Line, entry.Key, $"{value} is out of range (use {min} to {max})");
        }

        return value;
    }

    /// <summary>Parses a duration: seconds (<c>2</c>, <c>1.5</c>), or a number with <c>ms</c>, <c>s</c> or
    /// <c>m</c> (<c>500ms</c>, <c>2s</c>, <c>1m</c>). At least 0, at most <paramref name="max"/>.</summary>
    public static TimeSpan Duration(IniEntry entry, string file, TimeSpan max)
    {
        string text = entry.Value.Trim();
        int end = 0;
        while (end < text.Length && (char.IsAsciiDigit(text[end]) || text[end] == '.'))
        {
            end++;
        }

        string suffix = text[end..].Trim().ToLowerInvariant();
        double scale = suffix switch
        {
            "" or "s" => 1000,
            "ms" => 1,
            "m" or "min" => 60_000,
            _ => -1,
        };
        if (end == 0 || scale < 0
            || !decimal.TryParse(text.AsSpan(0, end), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal number))
        {
            throw ConfigError.At(file, entry.Line, entry.Key,
                $"'{entry.Value}' is not a duration (use seconds, e.g. 2 or 1.5, or a number with ms, s or m: 500ms, 2s, 1m)");
        }

        double milliseconds = (double)number * scale;
        if (milliseconds > max.TotalMilliseconds)
        {
            throw ConfigError.At(file, entry.Line, entry.Key, $"'{entry.Value}' is longer than the maximum, {max.TotalSeconds:0}s");
        }

        return TimeSpan.FromMilliseconds(Math.Round(milliseconds));
    }

    /// <summary>Parses a share of a whole: a percentage (<c>90%</c>) or a fraction (<c>0.9</c>), in (0, 1].</summary>
    public static double Fraction(IniEntry entry, string file)
    {
        string text = entry.Value.Trim();
        bool percent = text.EndsWith('%');
        string number = percent ? text[..^1].TrimEnd() : text;
        const string Hint = "write a percentage such as 90% or a fraction such as 0.9";
        if (number.Length == 0
            || !double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double value))
        {
            throw ConfigError.At(file, entry.Line, entry.Key, $"'{entry.Value}' is not a share of the capacity ({Hint})");
        }

        if (!percent && value > 1)
        {
            throw ConfigError.At(file, entry.Line, entry.Key, $"{number} is more than 1 ({Hint}: did you mean {number}%?)");
        }

        double fraction = percent ? value / 100 : value;
        if (fraction <= 0 || fraction > 1)
        {
            throw ConfigError.At(file, entry.Line, entry.Key, $"'{entry.Value}' is out of range (use more than 0% and at most 100%)");
        }

        return fraction;
    }

    /// <summary>Parses yes/no, true/false, on/off or 1/0 (any case).</summary>
    public static bool Boolean(IniEntry entry, string file) =>
        entry.Value.Trim().ToLowerInvariant() switch
        {
            "yes" or "true" or "on" or "1" => true,
            "no" or "false" or "off" or "0" => false,
            _ => throw ConfigError.At(file, entry.Line, entry.Key, $"'{entry.Value}' is not yes or no (use yes/no, true/false, on/off or 1/0)"),
        };

    /// <summary>Sea's 0–4, or SeaNet's names for them.</summary>
    public static LogLevel Level(IniEntry entry, string file)
    {
        string text = entry.Value.Trim();
        LogLevel? level = text.ToLowerInvariant() switch
        {
            "0" or "none" => LogLevel.None,
            "1" or "error" => LogLevel.Error,
            "2" or "warning" => LogLevel.Warning,
            "3" or "info" => LogLevel.Info,
            "4" or "debug" => LogLevel.Debug,
            _ => null,
        };
        return level ?? throw ConfigError.At(file, entry.Line, entry.Key,
            $"'{entry.Value}' is not a log level (use 0-4: 0 none, 1 error, 2 warning, 3 info, 4 debug)");
    }

    /// <summary>Replaces <c>$NAME</c> and <c>${NAME}</c> with the variable's value; <c>$$</c> is a
    /// literal <c>$</c>. An unset or empty variable is an error rather than an empty string, because
    /// <c>$SLURM_TMPDIR/x</c> silently becoming <c>/x</c> would put a tier at the root.</summary>
    public static string ExpandVariables(string text, IniEntry entry, string file, Func<string, string?> environment)
    {
        if (!text.Contains('$', StringComparison.Ordinal))
        {
            return text;
        }

        var result = new StringBuilder(text.Length);
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            if (c != '$')
            {
                result.Append(c);
                i++;
                continue;
            }

            if (i + 1 < text.Length && text[i + 1] == '$')
            {
                result.Append('$');
                i += 2;
                continue;
            }

            string name;
            if (i + 1 < text.Length && text[i + 1] == '{')
            {
                int close = text.IndexOf('}', i + 2);
                name = close < 0 ? string.Empty : text[(i + 2)..close];
                if (close < 0 || !IsIdentifier(name))
                {
                    throw ConfigError.At(file, entry.Line, entry.Key,
                        $"'{text[i..]}' is not ${{NAME}} (write ${{NAME}} with a name of letters, digits and '_', or $$ for a '$')");
                }

                i = close + 1;
            }
            else
            {
                int end = i + 1;
                while (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] == '_'))
                {
                    end++;
                }

                name = text[(i + 1)..end];
                if (!IsIdentifier(name))
                {
                    throw ConfigError.At(file, entry.Line, entry.Key,
                        "a '$' must start $NAME or ${NAME} (write $$ for a literal '$')");
                }

                i = end;
            }

            string? value = environment(name);
            if (string.IsNullOrEmpty(value))
            {
                throw ConfigError.At(file, entry.Line, entry.Key,
                    $"environment variable {name} is not set (set it before starting SeaNet, or write the value itself)");
            }

            result.Append(value);
        }

        return result.ToString();
    }

    /// <summary>A shell variable name: a letter or '_', then letters, digits or '_'.</summary>
    public static bool IsIdentifier(string text) =>
        text.Length > 0
        && (char.IsAsciiLetter(text[0]) || text[0] == '_')
        && text.All(ch => char.IsAsciiLetterOrDigit(ch) || ch == '_');

    /// <summary>An identifier in capitals (<c>SLURM_TMPDIR</c>): what Sea's bare variable names look like.</summary>
    public static bool LooksLikeVariableName(string text) =>
        IsIdentifier(text) && text.Any(char.IsAsciiLetterUpper) && !text.Any(char.IsAsciiLetterLower);
}
