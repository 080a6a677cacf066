using SeaNet.Core.Interop;

namespace SeaNet.Core.Configuration;

/// <summary>
/// Start-up checks of a loaded <see cref="SeaConfig"/> against the real file systems, so a missing
/// or unusable tier is refused before any program runs rather than discovered by its first write.
/// </summary>
/// <remarks>
/// What it does, in order:
/// <list type="number">
/// <item>Cache tiers: created if missing (like <c>mkdir -p</c>, new directories mode 0700): they are
/// scratch space, often under a per-job tmpfs path that does not exist before the job.</item>
/// <item>The persistent tier must already exist: it is the shared file system where results end up,
/// and creating it would turn a typo into results written somewhere nobody looks.</item>
/// <item>Every tier must be a directory we can create files in, proven by creating and removing a
/// probe file (permission bits alone do not show read-only mounts, ACLs or quotas).</item>
/// <item>The mount directory is created if missing. Programs not running under SeaNet see it as
/// the plain, usually empty, directory it is.</item>
/// </list>
/// Existing directories keep their permissions. Not thread-safe with itself on the same tiers; it
/// runs once, before the daemon starts serving.
/// </remarks>
public static partial class TierPreparation
{
    /// <summary>Checks and prepares the tiers and the mount directory of <paramref name="config"/>.</summary>
    /// <returns>Remarks worth logging (directories created, a non-empty mount directory).</returns>
    /// <exception cref="ConfigException">A tier or the mount directory cannot be used; the message names
    /// the key, the path, the reason and what to do.</exception>
    public static IReadOnlyList<string> Prepare(SeaConfig config)
    {
        var remarks = new List<string>();
        foreach (TierConfig tier in config.Tiers)
        {
            string name = NameOf(config, tier);
            if (tier.IsPersistent)
            {
                RequireExistingDirectory(config, tier, name);
            }
            else if (CreateDirectories(config, tier.Key, name, tier.Path))
            {
                remarks.Add($"created {name} = {tier.Path} (mode 0700)");
            }

            ProbeWritable(config, tier, name);
        }

        string mountName = config.Source == SeaConfigLoader.EmbeddedSource ? "--mount" : "mount_dir";
        if (CreateDirectories(config, "mount_dir", mountName, config.MountDir))
        {
            remarks.Add($"created {mountName} = {config.MountDir} (mode 0700)");
        }
        else if (HasEntries(config, mountName))
        {
            remarks.Add($"{mountName} = {config.MountDir} is not empty: programs running under SeaNet see the tiers there, not these entries");
        }

        return remarks;
    }

    private static bool HasEntries(SeaConfig config, string mountName)
    {
        try
        {
            return Directory.EnumerateFileSystemEntries(config.MountDir).Any();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Fail(config, "mount_dir", $"{mountName} = {config.MountDir}: cannot list it ({e.Message}); fix the permissions or choose another mount directory");
        }
    }

    private static void RequireExistingDirectory(SeaConfig config, TierConfig tier, string name)
    {
        if (Directory.Exists(tier.Path))
        {
            return;
        }

        string problem = Path.Exists(tier.Path)
            ? $"is not a directory; point {name} at the persistent directory"
            : $"does not exist; SeaNet never creates the persistent directory (a typo would send results where nobody looks): create it, or correct {name}";
        throw Fail(config, tier.Key, $"{name} = {tier.Path}: {problem}");
    }

    /// <summary><c>mkdir -p</c> with mode 0700 for what it creates.</summary>
    /// <returns>True if the directory did not exist and was created.</returns>
    private static bool CreateDirectories(SeaConfig config, string key, string name, string path)
    {
        if (Directory.Exists(path))
        {
            return false;
        }

        string current = string.Empty;
        foreach (string component in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            current += "/" + component;
            if (Directory.Exists(current))
            {
                continue;
            }

            if (Mkdir(current, PrivateDirectoryMode) == 0)
            {
                continue;
            }

            Errno errno = LastErrno.Get();
            string reason = errno.Describe();
            if (errno == Errno.EEXIST)
            {
                if (Directory.Exists(current))
                {
                    continue; // created meanwhile by another task of the job
                }

                reason = $"{current} exists and is not a directory";
            }

            throw Fail(config, key, $"{name} = {path}: cannot create it ({reason}); create it yourself or point {name} elsewhere");
        }

        return true;
    }

    private static void ProbeWritable(SeaConfig config, TierConfig tier, string name)
    {
        string probe = $"{tier.Path}/.seanet-probe-{Environment.ProcessId}-{Random.Shared.Next():x8}";
        int fd = Open(probe, O_WRONLY | Libc.O_CREAT | Libc.O_EXCL | Libc.O_CLOEXEC, PrivateFileMode);
        if (fd < 0)
        {
            string reason = LastErrno.Get().Describe();
            throw Fail(config, tier.Key, $"{name} = {tier.Path}: not writable ({reason}); fix the permissions or point {name} elsewhere");
        }

        _ = Close(fd);

        if (Unlink(probe) != 0)
        {
            string reason = LastErrno.Get().Describe();
            throw Fail(config, tier.Key, $"{name} = {tier.Path}: cannot remove the probe file {probe} ({reason}); fix the permissions or point {name} elsewhere");
        }
    }

    /// <summary>The name the user gave the directory: its key, or the launcher's option for the embedded default.</summary>
    private static string NameOf(SeaConfig config, TierConfig tier) =>
        config.Source != SeaConfigLoader.EmbeddedSource ? tier.Key
        : tier.IsPersistent ? "--persistent"
        : "the cache directory";

    private static ConfigException Fail(SeaConfig config, string key, string sentence) =>
        new($"{config.Source}: {sentence}", config.Source, 0, key);
}
