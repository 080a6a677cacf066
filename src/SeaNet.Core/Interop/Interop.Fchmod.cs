using System.Runtime.InteropServices;

namespace SeaNet.Core.Interop;

internal static partial class Libc
{
    [LibraryImport(Name, SetLastError = true)]
    internal static partial int fchmod(SafeFd fd, uint mode);
}
