using SeaNet.Core.Interop;

namespace SeaNet.Flusher.Scheduling;

/// <summary>Size, mtime and type of a path without following a final symlink: one
/// <see cref="Libc.statx"/>, the flusher's shorthand for comparing a cached file with its
/// persistent copy.</summary>
internal static unsafe class NativeStat
{
    private const uint S_IFDIR = 0x4000;

    /// <summary>The inode of <paramref name="path"/> (not following a symlink).</summary>
    public static bool TryInode(string path, out ulong ino)
    {
        bool ok = TryLstat(path, out Libc.Statx st);
        ino = ok ? st.stx_ino : 0;
        return ok;
    }

    public static bool TryStat(string path, out long size, out long mtimeNs, out bool isDirectory)
    {
        if (!TryLstat(path, out Libc.Statx st))
        {
            size = mtimeNs = 0;
            isDirectory = false;
            return false;
        }

        uint type = st.stx_mode & Libc.S_IFMT;
        isDirectory = type == S_IFDIR;
        size = type == Libc.S_IFLNK ? 0 : (long)st.stx_size;
        mtimeNs = (st.stx_mtime.tv_sec * 1_000_000_000) + st.stx_mtime.tv_nsec;
        return true;
    }

    /// <summary>True if <paramref name="path"/> exists and is a symbolic link (not followed).</summary>
    public static bool IsSymlink(string path) => TryLstat(path, out Libc.Statx st) && (st.stx_mode & Libc.S_IFMT) == Libc.S_IFLNK;

    /// <summary>One statx of <paramref name="path"/>, not following a final symlink.</summary>
    internal static bool TryLstat(string path, out Libc.Statx st)
    {
        Libc.Statx buf;
        bool ok = Libc.statx(Libc.AT_FDCWD, path, Libc.AT_SYMLINK_NOFOLLOW, Libc.STATX_BASIC_STATS, &buf) == 0;
        st = buf;
        return ok;
    }
}
