namespace SeaNet.Core.Configuration;

/// <summary>Reads Sea's <c>sea.ini</c> (and SeaNet's additions) into a validated <see cref="SeaConfig"/>.</summary>
public static class SeaConfigLoader
{
    /// <summary>Loads and validates a file. Throws <see cref="ConfigException"/> naming file, line, key and the fix.</summary>
    public static SeaConfig Load(string path, IReadOnlyDictionary<string, string?>? environment = null) =>
        throw new NotImplementedException("stub: being written");

    /// <summary>Parses text that came from <paramref name="sourceName"/> (used in messages).</summary>
    public static SeaConfig Parse(string text, string sourceName, IReadOnlyDictionary<string, string?>? environment = null) =>
        throw new NotImplementedException("stub: being written");

    /// <summary>The configuration used with neither <c>-c</c> nor <c>SEA_HOME</c>: one tmpfs cache tier, then persistent.</summary>
    public static SeaConfig EmbeddedDefault(string mountDir, string persistentDir, string cacheDir) =>
        throw new NotImplementedException("stub: being written");
}

/// <summary>A configuration error: what is wrong, where (file, line, key) and what to do.</summary>
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

    public string File { get; }

    public int Line { get; }

    public string? Key { get; }
}
