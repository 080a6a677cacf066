using System.Runtime.InteropServices;

namespace SeaNet.Core.Interop;

internal static unsafe partial class Libc
{
    internal const int O_WRONLY = 1;
    internal const int O_APPEND = 0x400;

    [LibraryImport(Name, SetLastError = true)]
    internal static partial nint write(SafeFd fd, byte* buf, nuint count);
}

/// <summary>A file opened O_WRONLY|O_APPEND: each <see cref="TryAppend"/> is one write(2), so lines
/// from several processes appending to the same log never overwrite or split each other (.NET's
/// FileMode.Append seeks once and then writes at its own offset, which does not have that property).</summary>
public sealed class AppendOnlyFile : IDisposable
{
    private readonly SafeFd fd;

    private AppendOnlyFile(SafeFd fd) => this.fd = fd;

    /// <summary>Opens (creating with <paramref name="mode"/>) for appending.</summary>
    public static AppendOnlyFile? TryOpen(string path, uint mode, out Errno errno)
    {
        SafeFd fd = Libc.open(path, Libc.O_WRONLY | Libc.O_APPEND | Libc.O_CREAT | Libc.O_CLOEXEC, mode);
        if (fd.IsInvalid)
        {
            errno = LastErrno.Get();
            return null;
        }

        errno = Errno.None;
        return new AppendOnlyFile(fd);
    }

    public unsafe bool TryAppend(ReadOnlySpan<byte> data)
    {
        fixed (byte* p = data)
        {
            nuint done = 0;
            while (done < (nuint)data.Length)
            {
                nint n = Libc.write(fd, p + done, (nuint)data.Length - done);
                if (n < 0 && LastErrno.Get() == Errno.EINTR)
                {
                    continue;
                }

                if (n <= 0)
                {
                    return false;
                }

                done += (nuint)n;
            }
        }

        return true;
    }

    public void Dispose() => fd.Dispose();
}
