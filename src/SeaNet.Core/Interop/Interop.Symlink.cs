using System.Runtime.InteropServices;

namespace SeaNet.Core.Interop;

/// <summary>Symbolic links. The target is raw bytes, not a string: a link's text is copied exactly,
/// whatever its encoding.</summary>
internal static unsafe partial class Libc
{
    internal const int PATH_MAX = 4096;

    [LibraryImport(Name, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint readlink(string path, byte* buf, nuint size);

    [LibraryImport(Name, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int symlink(byte* target, string linkPath);
}
