using System.Runtime.InteropServices;
using SeaNet.Core.Interop;

namespace SeaNet.Flusher.Copy;

/// <summary>Copying a symbolic link: its text, never what it points to.</summary>
public sealed partial class FileCopier
{
    /// <summary>Called when opening the source with O_NOFOLLOW failed with ELOOP: either it is a symbolic
    /// link (copied as one) or its path has a loop (a failure).</summary>
    private unsafe CopyResult CopySymlink(string source, string sourceRoot, string destRoot, string relative, string temp)
    {
        Libc.Statx before;
        if (Libc.statx(Libc.AT_FDCWD, source, Libc.AT_SYMLINK_NOFOLLOW, Libc.STATX_BASIC_STATS, &before) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            return errno is ENOENT or ENOTDIR ? Gone() : Failure(errno, "stat", source);
        }

        if ((before.stx_mode & Libc.S_IFMT) != Libc.S_IFLNK)
        {
            return Failure(ELOOP, "open", source);
        }

        byte* target = stackalloc byte[Libc.PATH_MAX + 1];
        nint length = Libc.readlink(source, target, Libc.PATH_MAX);
        if (length < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            return errno is ENOENT or ENOTDIR ? Gone() : Failure(errno, "readlink", source);
        }

        target[length] = 0;
        if (CreateTemp(temp, target, sourceRoot, destRoot, relative, out CopyResult createFailure) < 0)
        {
            return createFailure;
        }

        bool keep = false;
        try
        {
            Timespec* times = stackalloc Timespec[2];
            times[0] = before.stx_atime.ToTimespec();
            times[1] = before.stx_mtime.ToTimespec();
            if (Libc.utimensat(Libc.AT_FDCWD, temp, times, Libc.AT_SYMLINK_NOFOLLOW) != 0)
            {
                return Failure(Marshal.GetLastPInvokeError(), "utimens", temp);
            }

            Libc.Statx after;
            if (Libc.statx(Libc.AT_FDCWD, source, Libc.AT_SYMLINK_NOFOLLOW, Libc.STATX_BASIC_STATS, &after) != 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                return errno is ENOENT or ENOTDIR ? Gone() : Failure(errno, "stat", source);
            }

            // By path, so a link replaced by another one (a new inode) counts as a change too.
            if (Changed(in before, in after) || before.stx_ino != after.stx_ino
                || before.stx_dev_major != after.stx_dev_major || before.stx_dev_minor != after.stx_dev_minor)
            {
                return new CopyResult(CopyStatus.SourceChanged, null, 0, before.stx_mtime.Nanoseconds, 0, null);
            }

            keep = true;
            Libc.Statx made;
            ulong ino = Libc.statx(Libc.AT_FDCWD, temp, Libc.AT_SYMLINK_NOFOLLOW, Libc.STATX_INO, &made) == 0 ? made.stx_ino : 0;
            return new CopyResult(CopyStatus.Copied, temp, 0, before.stx_mtime.Nanoseconds, 0, null) { Ino = ino };
        }
        finally
        {
            if (!keep)
            {
                Libc.unlink(temp);
            }
        }
    }
}
