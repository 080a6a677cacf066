using System.Runtime.InteropServices;

namespace SeaNet.Flusher.Scheduling;

/// <summary>Size, mtime and type of a path without following a final symlink (one statx).</summary>
internal static unsafe partial class NativeStat
{
    private const int AtFdcwd = -100;
    private const int AtSymlinkNofollow = 0x100;
    private const uint StatxBasic = 0x7ff;

    [StructLayout(LayoutKind.Explicit, Size = 256)]
    private struct StatxBuf
    {
        [FieldOffset(28)] public ushort Mode;
        [FieldOffset(40)] public ulong Size;
        [FieldOffset(112)] public long MtimeSec;
        [FieldOffset(120)] public uint MtimeNsec;
    }

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int statx(int dirfd, string path, int flags, uint mask, StatxBuf* buf);

    public static bool TryStat(string path, out long size, out long mtimeNs, out bool isDirectory)
    {
        StatxBuf b;
        if (statx(AtFdcwd, path, AtSymlinkNofollow, StatxBasic, &b) != 0)
        {
            size = mtimeNs = 0;
            isDirectory = false;
            return false;
        }

        isDirectory = (b.Mode & 0xF000) == 0x4000;
        size = (b.Mode & 0xF000) == 0xA000 ? 0 : (long)b.Size;
        mtimeNs = (b.MtimeSec * 1_000_000_000) + b.MtimeNsec;
        return true;
    }

    /// <summary>Errno of the last failed call on this thread.</summary>
    public static int LastErrno => Marshal.GetLastPInvokeError();
}

