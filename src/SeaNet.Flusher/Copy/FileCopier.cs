using System.Runtime.InteropServices;
using SeaNet.Core.Channel;
using SeaNet.Core.Interop;

namespace SeaNet.Flusher.Copy;

/// <summary>
/// Copies one cached file to a temporary name next to its final place on the persistent tier, ready
/// to be published by a rename: a reader of the persistent tier never sees a torn file.
/// </summary>
/// <remarks>
/// <para>Per small regular file the copy is nine system calls when the destination directory
/// exists: open the source, statx it, create the temporary, one copy call (none for an empty file),
/// fchmod, futimens, statx the source again, close both. Missing destination directories are found
/// by the temporary's creation failing with ENOENT, so no directory is probed, and none needs caching
/// (a cache could go stale when a directory is removed; this cannot): they are created, with the
/// modes of the source directories, only then, and the creation is retried once.</para>
/// <para>The data moves with copy_file_range, else sendfile, else read/write; which one works is
/// remembered per (source device, destination device) pair (<c>FileCopier.Data.cs</c>).</para>
/// <para>Thread-safe: the flush workers share one instance. Nothing throws for a file-system error;
/// each one is a <see cref="CopyResult"/>.</para>
/// <para>Preserved: the data, the permission bits including setuid/setgid/sticky (applied at the end:
/// until then the temporary is 0600, never readable by others), atime and mtime to the nanosecond,
/// a symbolic link's text (not its target). Not preserved: owner and group (the flusher runs as the
/// user), extended attributes, holes (a sparse file is written out in full). Fifos, sockets and
/// device files are <see cref="CopyStatus.Failed"/> with EINVAL: they have no data to persist, and
/// the persistent tier is no place to recreate a device.</para>
/// </remarks>
public sealed partial class FileCopier
{
    /// <summary>The start of every temporary's name: hidden, and recognisable by a recovery scan.</summary>
    public const string HiddenPrefix = ShmLayout.HiddenPrefix;

    private const int EINTR = 4;
    private const int ENOENT = 2;
    private const int ENOTDIR = 20;
    private const int EEXIST = 17;
    private const int EPERM = 1;
    private const int EINVAL = 22;
    private const int ELOOP = 40;
    private const uint PermissionBits = 0xFFF; // 07777
    private const uint PrivateFileMode = 0x180; // 0600

    private static readonly int SourceFlags =
        Libc.O_RDONLY | Libc.O_CLOEXEC | Libc.O_NOFOLLOW | Libc.O_NOCTTY | Libc.O_NOATIME
        // A fifo would block the open until a writer appears; on a regular file O_NONBLOCK has no effect.
        | Libc.O_NONBLOCK;

    private readonly BandwidthLimiter? limiter;

    public FileCopier(BandwidthLimiter? limiter = null) => this.limiter = limiter;

    /// <summary>
    /// Copies <c>sourceRoot/relative</c> (a regular file or a symbolic link) to
    /// <see cref="TempPathFor"/>(<c>destRoot/relative</c>), creating the missing directories below
    /// <paramref name="destRoot"/> with the modes of the corresponding source directories.
    /// </summary>
    public CopyResult CopyToTemp(string sourceRoot, string destRoot, string relative) => CopyToTemp(sourceRoot, destRoot, relative, 0);

    /// <summary>As above, to <see cref="TempPathFor(string, ulong)"/> with <paramref name="tag"/>.</summary>
    public CopyResult CopyToTemp(string sourceRoot, string destRoot, string relative, ulong tag)
    {
        if (!IsRelativeBelowRoot(relative))
        {
            return new CopyResult(CopyStatus.Failed, null, 0, 0, EINVAL, $"copy {relative}: not a relative path below the tier's root");
        }

        string source = Join(sourceRoot, relative);
        string temp = TempPathFor(Join(destRoot, relative), tag);

        int flags = SourceFlags;
        int src;
        while ((src = Libc.open_fd(source, flags, 0)) < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            if (errno == EINTR)
            {
                continue;
            }

            if (errno == EPERM && (flags & Libc.O_NOATIME) != 0)
            {
                // O_NOATIME is only for the file's owner; keeping atime untouched is a nicety.
                flags &= ~Libc.O_NOATIME;
                continue;
            }

            return errno switch
            {
                ELOOP => CopySymlink(source, sourceRoot, destRoot, relative, temp),
                ENOENT or ENOTDIR => Gone(),
                _ => Failure(errno, "open", source),
            };
        }

        try
        {
            return CopyRegular(src, source, sourceRoot, destRoot, relative, temp);
        }
        finally
        {
            Libc.close(src);
        }
    }

    private unsafe CopyResult CopyRegular(int src, string source, string sourceRoot, string destRoot, string relative, string temp)
    {
        byte empty = 0;
        Libc.Statx before;
        if (Libc.statx(src, &empty, Libc.AT_EMPTY_PATH, Libc.STATX_BASIC_STATS, &before) != 0)
        {
            return Failure(Marshal.GetLastPInvokeError(), "stat", source);
        }

        if ((before.stx_mode & Libc.S_IFMT) != Libc.S_IFREG)
        {
            return new CopyResult(CopyStatus.Failed, null, 0, 0, EINVAL, $"copy {source}: not a regular file or a symbolic link");
        }

        int dst = CreateTemp(temp, null, sourceRoot, destRoot, relative, out CopyResult createFailure);
        if (dst < 0)
        {
            return createFailure;
        }

        bool keep = false;
        try
        {
            long size = (long)before.stx_size;
            ulong sourceDevice = Device(before.stx_dev_major, before.stx_dev_minor);
            long copied = CopyData(src, dst, size, sourceDevice, destRoot, out int copyErrno);
            if (copied < 0)
            {
                return Failure(copyErrno, "copy", $"{source} to {temp}");
            }

            if (Libc.fchmod(dst, before.stx_mode & PermissionBits) != 0)
            {
                return Failure(Marshal.GetLastPInvokeError(), "chmod", temp);
            }

            Timespec* times = stackalloc Timespec[2];
            times[0] = before.stx_atime.ToTimespec();
            times[1] = before.stx_mtime.ToTimespec();
            if (Libc.futimens(dst, times) != 0)
            {
                return Failure(Marshal.GetLastPInvokeError(), "utimens", temp);
            }

            Libc.Statx after;
            if (Libc.statx(src, &empty, Libc.AT_EMPTY_PATH, Libc.STATX_SIZE | Libc.STATX_MTIME | Libc.STATX_CTIME, &after) != 0)
            {
                return Failure(Marshal.GetLastPInvokeError(), "stat", source);
            }

            if (Changed(in before, in after))
            {
                return new CopyResult(CopyStatus.SourceChanged, null, 0, before.stx_mtime.Nanoseconds, 0, null);
            }

            if (copied != size)
            {
                // The source ended early without its size changing: never publish a short copy.
                return Failure(Libc.EIO, "read", source);
            }

            Libc.Statx made;
            ulong ino = Libc.statx(dst, &empty, Libc.AT_EMPTY_PATH, Libc.STATX_INO, &made) == 0 ? made.stx_ino : 0;

            // close reports the write-back errors of some file systems (NFS, Lustre): the copy is not
            // complete until it succeeded. On Linux the fd is gone even when close fails.
            int closed = Libc.close(dst);
            dst = -1;
            if (closed != 0 && Marshal.GetLastPInvokeError() is int closeErrno && closeErrno != EINTR)
            {
                return Failure(closeErrno, "close", temp);
            }

            keep = true;
            return new CopyResult(CopyStatus.Copied, temp, copied, before.stx_mtime.Nanoseconds, 0, null) { Ino = ino };
        }
        finally
        {
            if (dst >= 0)
            {
                Libc.close(dst);
            }

            if (!keep)
            {
                Libc.unlink(temp);
            }
        }
    }

    /// <summary>The copy is of one version of the file only if nothing wrote, truncated, renamed or
    /// unlinked it meanwhile: each of those changes the size, the mtime or the ctime.</summary>
    private static bool Changed(in Libc.Statx before, in Libc.Statx after) =>
        before.stx_size != after.stx_size
        || before.stx_mtime.tv_sec != after.stx_mtime.tv_sec
        || before.stx_mtime.tv_nsec != after.stx_mtime.tv_nsec
        || before.stx_ctime.tv_sec != after.stx_ctime.tv_sec
        || before.stx_ctime.tv_nsec != after.stx_ctime.tv_nsec;

    /// <summary>Creates the temporary: a file (O_EXCL, 0600) when <paramref name="linkTarget"/> is null,
    /// else a symbolic link. A leftover of a crash under the same (deterministic) name is removed and the
    /// creation retried once; missing parent directories are created and the creation retried once.</summary>
    /// <returns>The fd of the file (0 for a link) or -1 with <paramref name="failure"/> set.</returns>
    private unsafe int CreateTemp(string temp, byte* linkTarget, string sourceRoot, string destRoot, string relative, out CopyResult failure)
    {
        bool removedLeftover = false;
        bool createdParents = false;
        while (true)
        {
            int fd = linkTarget == null
                ? Libc.open_fd(temp, Libc.O_CREAT | Libc.O_EXCL | Libc.O_WRONLY | Libc.O_CLOEXEC, PrivateFileMode)
                : Libc.symlink(linkTarget, temp);
            if (fd >= 0)
            {
                failure = default;
                return fd;
            }

            int errno = Marshal.GetLastPInvokeError();
            if (errno == EINTR)
            {
                continue;
            }

            if (errno == EEXIST && !removedLeftover)
            {
                removedLeftover = true;
                if (Libc.unlink(temp) != 0 && Marshal.GetLastPInvokeError() is int unlinkErrno && unlinkErrno != ENOENT)
                {
                    failure = Failure(unlinkErrno, "remove leftover", temp);
                    return -1;
                }

                continue;
            }

            if (errno == ENOENT && !createdParents)
            {
                createdParents = true;
                int slash = relative.LastIndexOf('/');
                if (slash > 0)
                {
                    CopyResult? made = CreateDirectory(sourceRoot, destRoot, relative[..slash]);
                    if (made is CopyResult madeFailure)
                    {
                        failure = madeFailure;
                        return -1;
                    }

                    continue;
                }
            }

            failure = Failure(errno, "create", temp);
            return -1;
        }
    }

    private static CopyResult Gone() => new(CopyStatus.SourceGone, null, 0, 0, 0, null);

    private static CopyResult Failure(int errno, string operation, string path) =>
        new(CopyStatus.Failed, null, 0, 0, errno, $"{operation} {path}: {Marshal.GetPInvokeErrorMessage(errno)}");

    private static string Join(string root, string relative) =>
        root.EndsWith('/') ? string.Concat(root, relative) : string.Concat(root, "/", relative);

    /// <summary>Relative, non-empty, no "." or ".." component, no empty component: it names a file
    /// strictly below the root, so neither the source nor the destination can escape its tier.</summary>
    private static bool IsRelativeBelowRoot(string relative)
    {
        if (relative.Length == 0 || relative[0] == '/' || relative[^1] == '/')
        {
            return false;
        }

        foreach (Range range in relative.AsSpan().Split('/'))
        {
            ReadOnlySpan<char> part = relative.AsSpan()[range];
            if (part.Length == 0 || part is "." || part is "..")
            {
                return false;
            }
        }

        return true;
    }

    private static ulong Device(uint major, uint minor) => ((ulong)major << 32) | minor;
}
