using System.Runtime.InteropServices;

namespace SeaNet.Core.Interop;

internal static unsafe partial class Libc
{
    internal const int PROT_READ = 1;
    internal const int PROT_WRITE = 2;
    internal const int MAP_SHARED = 1;

    internal static readonly void* MAP_FAILED = (void*)-1;

    [LibraryImport(Name, SetLastError = true)]
    internal static partial void* mmap(void* addr, nuint length, int prot, int flags, SafeFd fd, long offset);

    [LibraryImport(Name, SetLastError = true)]
    internal static partial int munmap(void* addr, nuint length);
}
