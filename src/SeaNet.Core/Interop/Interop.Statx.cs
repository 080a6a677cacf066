using System.Runtime.InteropServices;

namespace SeaNet.Core.Interop;

internal static unsafe partial class Libc
{
    internal const int AT_EMPTY_PATH = 0x1000;
    internal const uint STATX_BASIC_STATS = 0x7ff;
    internal const uint STATX_MTIME = 0x40;
    internal const uint STATX_CTIME = 0x80;
    internal const uint STATX_SIZE = 0x200;
    internal const uint STATX_INO = 0x100;
    internal const uint S_IFMT = 0xF000;
    internal const uint S_IFREG = 0x8000;

    /// <summary><c>struct statx</c>: unlike <c>struct stat</c> its layout is the same on every
    /// architecture, which is why SeaNet uses it instead of fstat. Only the fields read are named.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 256)]
    internal struct Statx
    {
        [FieldOffset(0)] public uint stx_mask;
        [FieldOffset(16)] public uint stx_nlink;
        [FieldOffset(20)] public uint stx_uid;
        [FieldOffset(24)] public uint stx_gid;
        [FieldOffset(28)] public ushort stx_mode;
        [FieldOffset(32)] public ulong stx_ino;
        [FieldOffset(40)] public ulong stx_size;
        [FieldOffset(64)] public StatxTimestamp stx_atime;
        [FieldOffset(96)] public StatxTimestamp stx_ctime;
        [FieldOffset(112)] public StatxTimestamp stx_mtime;
        [FieldOffset(136)] public uint stx_dev_major;
        [FieldOffset(140)] public uint stx_dev_minor;
    }

    /// <summary><c>struct statx_timestamp</c> (16 bytes: the nanoseconds are followed by 4 reserved bytes).</summary>
    [StructLayout(LayoutKind.Explicit, Size = 16)]
    internal struct StatxTimestamp
    {
        [FieldOffset(0)] public long tv_sec;
        [FieldOffset(8)] public uint tv_nsec;

        public readonly long Nanoseconds => (tv_sec * 1_000_000_000L) + tv_nsec;

        public readonly Timespec ToTimespec() => new() { tv_sec = tv_sec, tv_nsec = tv_nsec };
    }

    internal const int AT_FDCWD = -100;
    internal const int AT_SYMLINK_NOFOLLOW = 0x100;
    internal const uint S_IFLNK = 0xA000;

    [LibraryImport(Name, EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int fstatx(SafeFd dirfd, string path, int flags, uint mask, Statx* buf);

    /// <summary>statx relative to the working directory (absolute paths): one system call.</summary>
    [LibraryImport(Name, EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int statx(int dirfd, string path, int flags, uint mask, Statx* buf);

    /// <summary>statx with a raw path pointer: with <c>AT_EMPTY_PATH</c> and a pointer to a zero byte it is
    /// fstatx on a raw fd, with no string to marshal.</summary>
    [LibraryImport(Name, EntryPoint = "statx", SetLastError = true)]
    internal static partial int statx(int dirfd, byte* path, int flags, uint mask, Statx* buf);
}
