using System.Runtime.InteropServices;
using SeaNet.Core.Interop;

namespace SeaNet.Core.Configuration;

/// <summary>The libc calls the start-up checks need, called directly so a failure reports the exact
/// errno (EROFS, ENOTDIR, EDQUOT…) rather than .NET's coarser exception types.</summary>
/// <remarks><c>open</c> is declared here returning <c>int</c>, as C declares it: a pointer-sized
/// return (a <c>SafeHandle</c>) would see a failed open's -1 as 0xFFFFFFFF, a valid-looking handle.</remarks>
public static partial class TierPreparation
{
    private const uint PrivateDirectoryMode = 0x1C0; // 0700: tiers hold the user's data, nobody else's business
    private const uint PrivateFileMode = 0x180;      // 0600
    private const int O_WRONLY = 0x1;

    [LibraryImport(Libc.Name, EntryPoint = "mkdir", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Mkdir(string path, uint mode);

    [LibraryImport(Libc.Name, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags, uint mode);

    [LibraryImport(Libc.Name, EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);

    [LibraryImport(Libc.Name, EntryPoint = "unlink", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Unlink(string path);
}
