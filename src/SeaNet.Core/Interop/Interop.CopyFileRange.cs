using System.Runtime.InteropServices;

namespace SeaNet.Core.Interop;

/// <summary>The data-copy family: copy_file_range, its fallback sendfile, and plain read. They take
/// raw fds: the flusher copies tens of thousands of small files, and a <see cref="SafeFd"/> per fd
/// is a finalizable allocation it does not need (it closes its fds in <c>finally</c>).</summary>
internal static unsafe partial class Libc
{
    internal const int EIO = 5;
    internal const int EXDEV = 18;
    internal const int ENOSYS = 38;
    internal const int EOPNOTSUPP = 95;

    /// <summary>Nulls for both offsets: the file positions are used and advanced, so a copy can change
    /// method halfway and carry on where the previous one stopped.</summary>
    [LibraryImport(Name, SetLastError = true)]
    internal static partial nint copy_file_range(int fdIn, long* offIn, int fdOut, long* offOut, nuint len, uint flags);

    [LibraryImport(Name, SetLastError = true)]
    internal static partial nint sendfile(int outFd, int inFd, long* offset, nuint count);

    [LibraryImport(Name, SetLastError = true)]
    internal static partial nint read(int fd, byte* buf, nuint count);

    [LibraryImport(Name, SetLastError = true)]
    internal static partial nint write(int fd, byte* buf, nuint count);
}
