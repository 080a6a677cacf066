using System.Runtime.InteropServices;
using System.Text;
using SeaNet.Core.Interop;

namespace SeaNet.Flusher.Copy;

/// <summary>Naming the temporary, publishing it, and making it durable. The flusher's commit step is
/// <see cref="SyncFileSystem"/> (the temporaries' data), <see cref="Publish"/> for each temporary, then
/// <see cref="SyncFileSystem"/> again (the renames).</summary>
public sealed partial class FileCopier
{
    /// <summary>NAME_MAX: the longest file name, in bytes, on every Linux file system SeaNet targets.</summary>
    internal const int NameMax = 255;

    private const int HashHexDigits = 16;

    /// <summary>The temporary for <paramref name="finalPath"/>: in the same directory (a rename within
    /// one directory is atomic), named <see cref="HiddenPrefix"/> + the file's name. A name too long for
    /// that keeps as much of its start as fits (whole UTF-8 characters) followed by "~" and a 64-bit
    /// FNV-1a hash of the whole name in 16 hex digits. Deterministic: a crash's leftover has the same
    /// name as the next attempt's temporary, which removes it.</summary>
    public static string TempPathFor(string finalPath) => TempPathFor(finalPath, 0);

    /// <summary>As <see cref="TempPathFor(string)"/>, with "~" + <paramref name="tag"/> in hex at the end
    /// when the tag is not 0: two copies to one destination (a flush still running for a file removed
    /// meanwhile, and the flush of its successor) never share a temporary.</summary>
    public static string TempPathFor(string finalPath, ulong tag)
    {
        int slash = finalPath.LastIndexOf('/');
        ReadOnlySpan<char> directory = finalPath.AsSpan(0, slash + 1);
        ReadOnlySpan<char> name = finalPath.AsSpan(slash + 1);
        string suffix = tag == 0 ? string.Empty : "~" + tag.ToString("x", System.Globalization.CultureInfo.InvariantCulture);
        int nameBytes = Encoding.UTF8.GetByteCount(name);
        if (HiddenPrefix.Length + nameBytes + suffix.Length <= NameMax)
        {
            return string.Concat(directory, HiddenPrefix, name, suffix);
        }

        int budget = NameMax - HiddenPrefix.Length - 1 - HashHexDigits - suffix.Length;
        int keptChars = 0;
        int keptBytes = 0;
        foreach (Rune rune in name.EnumerateRunes())
        {
            if (keptBytes + rune.Utf8SequenceLength > budget)
            {
                break;
            }

            keptBytes += rune.Utf8SequenceLength;
            keptChars += rune.Utf16SequenceLength;
        }

        return $"{directory}{HiddenPrefix}{name[..keptChars]}~{Fnv1a64(name, nameBytes):x16}{suffix}";
    }

    /// <summary>Renames <paramref name="tempPath"/> to <paramref name="finalPath"/> atomically; with
    /// <paramref name="noReplace"/> an existing <paramref name="finalPath"/> is left alone (EEXIST). On a
    /// file system without RENAME_NOREPLACE (EINVAL) that is link + unlink, which is just as exclusive.</summary>
    /// <returns>0 or the errno.</returns>
    public static int Publish(string tempPath, string finalPath, bool noReplace)
    {
        if (Libc.renameat2(Libc.AT_FDCWD, tempPath, Libc.AT_FDCWD, finalPath, noReplace ? Libc.RENAME_NOREPLACE : 0) == 0)
        {
            return 0;
        }

        int errno = Marshal.GetLastPInvokeError();
        if (!noReplace || errno is not (EINVAL or Libc.ENOSYS))
        {
            return errno;
        }

        if (Libc.link(tempPath, finalPath) != 0)
        {
            return Marshal.GetLastPInvokeError();
        }

        // Published; a failed unlink only leaves a second name, which the next copy's leftover removal takes.
        Libc.unlink(tempPath);
        return 0;
    }

    /// <summary><see cref="PublishOver"/>'s answer when the file at the final name is not the expected one.</summary>
    public const int Conflict = -1;

    private const uint RenameExchange = 2;

    /// <summary>Publishes <paramref name="tempPath"/> over the copy expected at <paramref name="finalPath"/>
    /// (its size and mtime) and over nothing else: exchange the two atomically, check what came
    /// out, exchange back if it is not that copy. A file the user renamed over the final name
    /// between the copy and the commit is never destroyed. With nothing at the final name: a
    /// no-replace publish. Returns 0, an errno, or <see cref="Conflict"/> (temp then still holds
    /// the new copy, for the caller to remove). On a file system without RENAME_EXCHANGE: a plain
    /// replace.</summary>
    public static unsafe int PublishOver(string tempPath, string finalPath, long expectSize, long expectMtimeNs)
    {
        if (Libc.renameat2(Libc.AT_FDCWD, tempPath, Libc.AT_FDCWD, finalPath, RenameExchange) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            return errno switch
            {
                ENOENT => Publish(tempPath, finalPath, noReplace: true),
                EINVAL or Libc.ENOSYS or 95 /* EOPNOTSUPP */ => Publish(tempPath, finalPath, noReplace: false),
                _ => errno,
            };
        }

        // tempPath now holds what was at the final name
        Libc.Statx st;
        // sizes as the flusher records them: a symlink counts 0 bytes
        bool expected = Libc.statx(Libc.AT_FDCWD, tempPath, Libc.AT_SYMLINK_NOFOLLOW, Libc.STATX_BASIC_STATS, &st) == 0
            && ((st.stx_mode & Libc.S_IFMT) == Libc.S_IFLNK ? 0 : (long)st.stx_size) == expectSize
            && (st.stx_mtime.tv_sec * 1_000_000_000) + st.stx_mtime.tv_nsec == expectMtimeNs;
        if (expected)
        {
            Libc.unlink(tempPath);
            return 0;
        }

        Libc.renameat2(Libc.AT_FDCWD, tempPath, Libc.AT_FDCWD, finalPath, RenameExchange); // put it back
        return Conflict;
    }

    /// <summary>syncfs(2) of the file system holding <paramref name="anyPathOnIt"/>.</summary>
    /// <returns>0 or the errno (from open or from syncfs: a write-back error since the last syncfs).</returns>
    public static int SyncFileSystem(string anyPathOnIt) => OpenAnd(anyPathOnIt, Libc.O_NONBLOCK, sync: true);

    /// <summary>fsync(2) of one file or directory (following a symbolic link).</summary>
    /// <returns>0 or the errno.</returns>
    public static int FsyncPath(string path) => OpenAnd(path, 0, sync: false);

    private static int OpenAnd(string path, int extraFlags, bool sync)
    {
        int fd;
        while ((fd = Libc.open_fd(path, Libc.O_RDONLY | Libc.O_CLOEXEC | Libc.O_NOCTTY | extraFlags, 0)) < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            if (errno != EINTR)
            {
                return errno;
            }
        }

        try
        {
            return (sync ? Libc.syncfs(fd) : Libc.fsync(fd)) == 0 ? 0 : Marshal.GetLastPInvokeError();
        }
        finally
        {
            Libc.close(fd);
        }
    }

    private static ulong Fnv1a64(ReadOnlySpan<char> name, int byteCount)
    {
        Span<byte> bytes = byteCount <= 1024 ? stackalloc byte[byteCount] : new byte[byteCount];
        Encoding.UTF8.GetBytes(name, bytes);
        ulong hash = 14695981039346656037UL;
        foreach (byte b in bytes)
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return hash;
    }
}
