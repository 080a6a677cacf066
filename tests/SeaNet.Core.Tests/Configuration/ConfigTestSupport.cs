using System.Runtime.InteropServices;
using SeaNet.Core.Configuration;
using Xunit;

namespace SeaNet.Tests.Configuration;

/// <summary>Shared bits for the configuration tests: a minimal valid file, environments, and the
/// ability to tell whether we run as root (root ignores permission bits).</summary>
internal static partial class ConfigTestSupport
{
    /// <summary>The smallest valid file: one cache level and the persistent one.</summary>
    public const string Minimal = "[Sea]\nmount_dir = /m\nn_levels = 2\ncache_0 = /c0\ncache_1 = /p\n";

    public static readonly IReadOnlyDictionary<string, string?> NoEnvironment = new Dictionary<string, string?>();

    public static IReadOnlyDictionary<string, string?> Env(params (string Name, string Value)[] variables) =>
        variables.ToDictionary(v => v.Name, v => (string?)v.Value);

    /// <summary>Parses <paramref name="text"/> as "sea.ini" with no environment unless one is given.</summary>
    public static SeaConfig Parse(string text, IReadOnlyDictionary<string, string?>? environment = null) =>
        SeaConfigLoader.Parse(text, "sea.ini", environment ?? NoEnvironment);

    /// <summary>The message of the <see cref="ConfigException"/> parsing <paramref name="text"/> throws.</summary>
    public static ConfigException ParseError(string text, IReadOnlyDictionary<string, string?>? environment = null) =>
        Assert.Throws<ConfigException>(() => Parse(text, environment));

    public static bool RunningAsRoot => GetEuid() == 0;

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEuid();
}

/// <summary>A fresh directory under the system temp directory, removed afterwards (permissions restored first).</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "seanet-config-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Combine(string relative) => System.IO.Path.Combine(Path, relative);

    public void Dispose()
    {
        if (OperatingSystem.IsLinux())
        {
            foreach (string dir in Directory.EnumerateDirectories(Path, "*", SearchOption.AllDirectories).Prepend(Path))
            {
                File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        Directory.Delete(Path, recursive: true);
    }
}
