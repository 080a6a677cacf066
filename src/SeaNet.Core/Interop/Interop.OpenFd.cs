using System.Runtime.InteropServices;

namespace SeaNet.Core.Interop;

/// <summary>open(2) returning the raw fd as C declares it (an <c>int</c>), for hot paths that close in
/// <c>finally</c> instead of allocating a <see cref="SafeFd"/>.</summary>
internal static partial class Libc
{
    internal const int O_NOCTTY = 0x100;
    internal const int O_NONBLOCK = 0x800;
    internal const int O_NOATIME = 0x40000;

    [LibraryImport(Name, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int open_fd(string path, int flags, uint mode);

    [LibraryImport(Name, SetLastError = true)]
    internal static partial int fchmod(int fd, uint mode);
}
