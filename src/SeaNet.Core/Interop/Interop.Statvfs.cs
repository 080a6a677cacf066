using System.Runtime.InteropServices;

namespace SeaNet.Core.Interop;

internal static unsafe partial class Libc
{
    /// <summary>glibc's <c>struct statvfs</c> on 64-bit Linux (x86-64 and arm64 agree).</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct StatVfs
    {
        public ulong f_bsize;
        public ulong f_frsize;
        public ulong f_blocks;
        public ulong f_bfree;
        public ulong f_bavail;
        public ulong f_files;
        public ulong f_ffree;
        public ulong f_favail;
        public ulong f_fsid;
        public ulong f_flag;
        public ulong f_namemax;
        public fixed int f_spare[6];
    }

    [LibraryImport(Name, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int statvfs(string path, StatVfs* buf);
}

/// <summary>Size and free space of the file system holding a directory.</summary>
public readonly record struct FileSystemSpace(long TotalBytes, long AvailableBytes)
{
    /// <summary>statvfs(2): total = f_blocks × f_frsize; available = f_bavail × f_frsize (what an
    /// unprivileged user may still write, i.e. without the root reserve).</summary>
    public static unsafe bool TryGet(string directory, out FileSystemSpace space, out Errno errno)
    {
        Libc.StatVfs s;
        if (Libc.statvfs(directory, &s) != 0)
        {
            errno = LastErrno.Get();
            space = default;
            return false;
        }

        errno = Errno.None;
        ulong frsize = s.f_frsize != 0 ? s.f_frsize : s.f_bsize;
        space = new FileSystemSpace(Clamp(s.f_blocks * frsize), Clamp(s.f_bavail * frsize));
        return true;
    }

    private static long Clamp(ulong v) => v > long.MaxValue ? long.MaxValue : (long)v;
}
