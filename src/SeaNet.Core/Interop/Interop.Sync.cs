using System.Runtime.InteropServices;

namespace SeaNet.Core.Interop;

/// <summary>Durability: fsync of one file, syncfs of a whole file system.</summary>
internal static partial class Libc
{
    [LibraryImport(Name, SetLastError = true)]
    internal static partial int fsync(int fd);

    [LibraryImport(Name, SetLastError = true)]
    internal static partial int syncfs(int fd);
}
