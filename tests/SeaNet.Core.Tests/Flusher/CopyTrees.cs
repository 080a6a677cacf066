using System.Diagnostics;
using SeaNet.Core.Interop;
using SeaNet.Flusher.Copy;

namespace SeaNet.Tests.Flusher;

/// <summary>Where a test copies to: a disk (ext4 under /var/tmp, the cross-file-system case tmpfs → disk)
/// or tmpfs (/dev/shm → /dev/shm, the same file system).</summary>
public enum Destination
{
    Disk,
    Tmpfs,
}

/// <summary>A source tree on /dev/shm (a cache tier) and a destination tree (the persistent tier), both
/// removed at the end; plus the file helpers the copy tests share (exact modes and nanosecond times,
/// which System.IO rounds to 100 ns).</summary>
internal sealed class CopyTrees : IDisposable
{
    private readonly List<string> mounts = [];

    public CopyTrees(Destination destination = Destination.Disk)
    {
        string id = "seanet-copy-" + Guid.NewGuid().ToString("N");
        Source = Directory.CreateDirectory("/dev/shm/" + id + "-src").FullName;
        Dest = Directory.CreateDirectory((destination == Destination.Disk ? "/var/tmp/" : "/dev/shm/") + id + "-dst").FullName;
    }

    public string Source { get; }

    public string Dest { get; }

    public string Src(string relative) => Path.Join(Source, relative);

    public string Dst(string relative) => Path.Join(Dest, relative);

    /// <summary>Creates sourceRoot/relative (and its parent directories) with these bytes.</summary>
    public string Write(string relative, ReadOnlySpan<byte> content)
    {
        string path = Src(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using (FileStream f = File.Create(path))
        {
            f.Write(content);
        }

        return path;
    }

    public string Write(string relative, int size, int seed = 1) => Write(relative, Bytes(size, seed));

    public static byte[] Bytes(int size, int seed = 1)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>Mounts a file system over <paramref name="dir"/> (created), unmounted by Dispose.</summary>
    public void Mount(string dir, string arguments)
    {
        Directory.CreateDirectory(dir);
        Run("mount", $"{arguments} {dir}");
        mounts.Add(dir);
    }

    public static void Run(string program, string arguments)
    {
        (int exit, string error) = TryRun(program, arguments);
        if (exit != 0)
        {
            throw new InvalidOperationException($"{program} {arguments}: exit {exit}: {error}");
        }
    }

    public static (int Exit, string Error) TryRun(string program, string arguments)
    {
        using Process p = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardError = true })!;
        string error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, error);
    }

    public static unsafe Libc.Statx Lstat(string path)
    {
        Libc.Statx st;
        if (Libc.statx(Libc.AT_FDCWD, path, Libc.AT_SYMLINK_NOFOLLOW, Libc.STATX_BASIC_STATS, &st) != 0)
        {
            throw new IOException($"statx {path}: {LastErrno.Get()}");
        }

        return st;
    }

    public static uint Mode(string path) => Lstat(path).stx_mode & 0xFFFu;

    public static void Chmod(string path, uint mode)
    {
        if (Libc.chmod(path, mode) != 0)
        {
            throw new IOException($"chmod {path}: {LastErrno.Get()}");
        }
    }

    /// <summary>Sets atime and mtime to the nanosecond, without following a symbolic link.</summary>
    public static unsafe void SetTimes(string path, long atimeNs, long mtimeNs)
    {
        Timespec* times = stackalloc Timespec[2];
        times[0] = new Timespec { tv_sec = atimeNs / 1_000_000_000, tv_nsec = atimeNs % 1_000_000_000 };
        times[1] = new Timespec { tv_sec = mtimeNs / 1_000_000_000, tv_nsec = mtimeNs % 1_000_000_000 };
        if (Libc.utimensat(Libc.AT_FDCWD, path, times, Libc.AT_SYMLINK_NOFOLLOW) != 0)
        {
            throw new IOException($"utimensat {path}: {LastErrno.Get()}");
        }
    }

    /// <summary>The entries of a directory whose name starts with the temporary prefix.</summary>
    public static string[] Temporaries(string dir) =>
        Directory.Exists(dir) ? Directory.GetFileSystemEntries(dir, FileCopier.HiddenPrefix + "*") : [];

    public void Dispose()
    {
        foreach (string dir in mounts)
        {
            if (TryRun("umount", dir).Exit != 0)
            {
                TryRun("umount", "-l " + dir);
            }
        }

        foreach (string root in new[] { Source, Dest })
        {
            // Tests remove write permission and make directories immutable; undo both before deleting.
            TryRun("chattr", $"-R -i {root}");
            TryRun("chmod", $"-R u+rwx {root}");
            Directory.Delete(root, recursive: true);
        }
    }
}
