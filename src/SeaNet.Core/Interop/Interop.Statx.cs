using System.Runtime.InteropServices;

namespace SeaNet.Core.Interop;

internal static unsafe partial class Libc
{
    internal const int AT_EMPTY_PATH = 0x1000;
    internal const uint STATX_BASIC_STATS = 0x7ff;
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
        [FieldOffset(40)] public ulong stx_size;
    }

    internal const int AT_FDCWD = -100;
    internal const int AT_SYMLINK_NOFOLLOW = 0x100;
    internal const uint S_IFLNK = 0xA000;

    [LibraryImport(Name, EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int fstatx(SafeFd dirfd, string path, int flags, uint mask, Statx* buf);

    /// <summary>statx relative to the working directory (absolute paths): one system call.</summary>
    [LibraryImport(Name, EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int statx(int dirfd, string path, int flags, uint mask, Statx* buf);
}
