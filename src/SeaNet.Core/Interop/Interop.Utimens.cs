using System.Runtime.InteropServices;

namespace SeaNet.Core.Interop;

/// <summary>Setting atime and mtime with nanoseconds: <c>times</c> points to two <see cref="Timespec"/>
/// (atime, then mtime).</summary>
internal static unsafe partial class Libc
{
    /// <summary>tv_nsec meaning "leave this time as it is".</summary>
    internal const long UTIME_OMIT = (1L << 30) - 2;

    [LibraryImport(Name, SetLastError = true)]
    internal static partial int futimens(int fd, Timespec* times);

    [LibraryImport(Name, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int utimensat(int dirfd, string path, Timespec* times, int flags);
}
