namespace SeaNet.Core.Configuration;

/// <summary>A configuration error: what is wrong, where (file, line, key) and what to do.</summary>
/// <remarks>The message is complete on its own (<c>sea.ini:7: key 'max_fs': '12q' is not a size (use
/// bytes or a K/M/G/T suffix)</c>) so the launcher can print it as is; <see cref="File"/>,
/// <see cref="Line"/> and <see cref="Key"/> are there for programs that want the parts.</remarks>
public sealed class ConfigException : Exception
{
    public ConfigException(string message, string file, int line = 0, string? key = null)
        : base(message)
    {
        File = file;
        Line = line;
        Key = key;
    }

    public ConfigException()
        : base()
    {
        File = string.Empty;
    }

    public ConfigException(string message)
        : base(message)
    {
        File = string.Empty;
    }

    public ConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
        File = string.Empty;
    }

    /// <summary>The file as the user named it, or "&lt;embedded default&gt;".</summary>
    public string File { get; }

    /// <summary>1-based line of the offending text; 0 when the problem is a missing key or a whole-file matter.</summary>
    public int Line { get; }

    /// <summary>The key at fault (lower case, as the file spells it), if any.</summary>
    public string? Key { get; }
}

/// <summary>Builds <see cref="ConfigException"/>s so every message has the same shape:
/// <c>FILE:LINE: key 'k': what is wrong (what to do)</c>.</summary>
internal static class ConfigError
{
    public static ConfigException At(string file, int line, string? key, string problem)
    {
        string where = line > 0 ? $"{file}:{line}: " : $"{file}: ";
        string what = key is null ? problem : $"key '{key}': {problem}";
        return new ConfigException(where + what, file, line, key);
    }

    public static ConfigException InFile(string file, string? key, string problem) => At(file, 0, key, problem);

    /// <summary>A sentence that names its own keys (<c>mount_dir = /a is inside cache_1 = /a</c>);
    /// <paramref name="key"/> is only recorded in <see cref="ConfigException.Key"/>.</summary>
    public static ConfigException Sentence(string file, int line, string key, string sentence)
    {
        string where = line > 0 ? $"{file}:{line}: " : $"{file}: ";
        return new ConfigException(where + sentence, file, line, key);
    }

    public static ConfigException Missing(string file, string key, string hint) =>
        new($"{file}: missing key '{key}' in [Sea] ({hint})", file, 0, key);
}
