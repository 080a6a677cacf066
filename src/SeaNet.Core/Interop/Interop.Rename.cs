using System.Runtime.InteropServices;

namespace SeaNet.Core.Interop;

/// <summary>Names: renameat2 (atomic publish), link and unlink.</summary>
internal static partial class Libc
{
    internal const uint RENAME_NOREPLACE = 1;

    [LibraryImport(Name, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int renameat2(int oldDirFd, string oldPath, int newDirFd, string newPath, uint flags);

    [LibraryImport(Name, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int link(string oldPath, string newPath);

    [LibraryImport(Name, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int unlink(string path);
}
