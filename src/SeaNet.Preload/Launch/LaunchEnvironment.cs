using System.Globalization;
using SeaNet.Core.Configuration;
using SeaNet.Core.Interop;

namespace SeaNet.Preload.Launch;

/// <summary>Where things are for one launch, and the environment the command runs with.</summary>
internal static class LaunchEnvironment
{
    /// <summary>The shim, relative to the install prefix (the parent of bin/).</summary>
    public const string ShimRelativePath = "lib/libseanet.so";

    /// <summary><paramref name="shmDir"/> (<c>$SEANET_SHM_DIR</c>, for tests) or /dev/shm, then
    /// <c>seanet-&lt;uid&gt;-&lt;jobid&gt;-&lt;launcher pid&gt;.shm</c>.</summary>
    public static string ChannelPath(string? shmDir, string jobId, int launcherPid) =>
        Path.Combine(string.IsNullOrEmpty(shmDir) ? "/dev/shm" : shmDir,
            string.Create(CultureInfo.InvariantCulture, $"seanet-{ProcessProbe.UserId}-{jobId}-{launcherPid}.shm"));

    /// <summary>The install prefix: the parent of the directory holding the real executable
    /// (bin/sea_launch is a symlink to bin/seanetd; the prefix is the same for both).</summary>
    public static string InstallPrefix(string executablePath)
    {
        string real = Path.GetFullPath(executablePath);
        string bin = Path.GetDirectoryName(real) ?? "/";
        return Path.GetDirectoryName(bin) ?? "/";
    }

    /// <summary>The variables set for the command (added to the inherited environment).</summary>
    /// <remarks>
    /// LD_PRELOAD: the shim first, then what the user had (kept, in its order). First, because SeaNet
    /// must see every call the program makes under the mount: a library ahead of it that answers a
    /// call itself (a cache, a replacement stdio) would send it to the empty real mount directory.
    /// A tracer behind it (Darshan and the like) still sees every call, with the tier path where
    /// the I/O really happens, and its own calls reach glibc through RTLD_NEXT. The other order
    /// also works (the shim's wrappers only need RTLD_NEXT to lead to glibc): a user who wants a
    /// tracer to record virtual paths can start it ahead with their own LD_PRELOAD inside the job.
    /// </remarks>
    public static Dictionary<string, string> ForCommand(SeaConfig config, string channel, string shim, string? existingPreload) =>
        new(StringComparer.Ordinal)
        {
            ["LD_PRELOAD"] = string.IsNullOrWhiteSpace(existingPreload) ? shim : shim + ":" + existingPreload,
            // libuv (Node.js >= 20, and anything else built on libuv >= 1.45) submits file reads,
            // writes, opens, stats and renames to io_uring, which the kernel performs without any
            // glibc call for the shim to redirect. 0 makes libuv use its thread pool, i.e. glibc.
            // Set over the user's value: with io_uring, files under the mount cannot work at all.
            ["UV_USE_IO_URING"] = "0",
            ["SEANET_MOUNT"] = config.MountDir,
            ["SEANET_TIERS"] = string.Join(':', config.Tiers.Select(t => t.Path)),
            ["SEANET_MAX_FS"] = config.MaxFileSize.ToString(CultureInfo.InvariantCulture),
            ["SEANET_CHANNEL"] = channel,
            ["SEANET_LOG"] = config.LogFile ?? string.Empty,
        };
}
