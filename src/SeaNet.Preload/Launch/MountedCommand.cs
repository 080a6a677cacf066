using SeaNet.Core.Configuration;

namespace SeaNet.Preload.Launch;

/// <summary>
/// A command stored in the mount (<c>sea_launch -- $MOUNT/bin/tool</c>, or a PATH entry in the
/// mount) exists only on the tiers: sea_launch itself runs without the shim, so it can neither
/// find it nor exec it. Such a command is started through <c>/bin/sh -c 'exec "$0" "$@"'</c>,
/// whose exec (and PATH search) runs under the shim, which translates the path and gives a
/// script its virtual path as $0. sh replaces itself: the command keeps sh's pid, so signals
/// and the exit status are the command's own.
/// </summary>
internal static class MountedCommand
{
    public const string Shell = "/bin/sh";
    public const string ExecScript = "exec \"$0\" \"$@\"";

    /// <summary>True when <paramref name="name"/> must be exec'd by the shim: a path in the mount,
    /// or a bare name while some PATH entry is in the mount (the search order must then be
    /// execvp's over the view, not over the real mount directory, which is empty).</summary>
    public static bool NeedsShim(string name, string? pathVariable, string mountDir)
    {
        if (name.Contains('/'))
        {
            return IsUnder(Path.GetFullPath(name), mountDir);
        }

        return (pathVariable ?? string.Empty).Split(':').Any(e => IsUnder(Path.GetFullPath(e.Length == 0 ? "." : e), mountDir));
    }

    /// <summary>The real file the command will be, for looking at it: a path in the mount on the first
    /// tier that holds it, a bare name searched in PATH with each mount entry replaced by its tier
    /// directories (in tier order, as the view would answer). Null if not found.</summary>
    public static string? ProgramFile(string name, string? pathVariable, SeaConfig config)
    {
        if (name.Contains('/'))
        {
            string full = Path.GetFullPath(name);
            return IsUnder(full, config.MountDir) ? OnTier(full, config) : full;
        }

        IEnumerable<string> entries = (pathVariable ?? "/usr/local/bin:/usr/bin:/bin").Split(':').SelectMany(e =>
        {
            string full = Path.GetFullPath(e.Length == 0 ? "." : e);
            return IsUnder(full, config.MountDir) ? config.Tiers.Select(t => TierPath(full, config.MountDir, t.Path)) : [e];
        });
        return CommandResolver.Resolve(name, string.Join(':', entries), out _);
    }

    public static bool IsUnder(string fullPath, string mountDir)
    {
        string mount = Path.TrimEndingDirectorySeparator(mountDir);
        return fullPath == mount || fullPath.StartsWith(mount + "/", StringComparison.Ordinal);
    }

    private static string? OnTier(string fullPath, SeaConfig config) =>
        config.Tiers.Select(t => TierPath(fullPath, config.MountDir, t.Path)).FirstOrDefault(p => File.Exists(p) || Directory.Exists(p));

    private static string TierPath(string fullPath, string mountDir, string tier) =>
        tier + fullPath[Path.TrimEndingDirectorySeparator(mountDir).Length..];
}
