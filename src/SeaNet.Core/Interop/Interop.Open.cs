using System.Runtime.InteropServices;

namespace SeaNet.Core.Interop;

internal static partial class Libc
{
    internal const int O_RDONLY = 0;
    internal const int O_RDWR = 2;
    internal const int O_CREAT = 0x40;
    internal const int O_EXCL = 0x80;
    internal const int O_CLOEXEC = 0x80000;

    /// <summary>O_NOFOLLOW is one of the flags whose value is architecture-specific.</summary>
    internal static readonly int O_NOFOLLOW = IsArm64 ? 0x8000 : 0x20000;

    [LibraryImport(Name, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial SafeFd open(string path, int flags, uint mode);

    [LibraryImport(Name, SetLastError = true)]
    internal static partial int close(int fd);
}
