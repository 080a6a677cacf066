using System.Runtime.InteropServices;

namespace SeaNet.Core.Interop;

/// <summary>Positional reads and writes on a raw fd: no file position, so one descriptor serves
/// several readers, and no lseek (.NET's RandomAccess probes each new handle with two).</summary>
internal static unsafe partial class Libc
{
    [LibraryImport(Name, SetLastError = true)]
    internal static partial nint pread(int fd, byte* buf, nuint count, long offset);

    [LibraryImport(Name, SetLastError = true)]
    internal static partial nint pwrite(int fd, byte* buf, nuint count, long offset);

    /// <summary>pwrite of all of <paramref name="data"/> at <paramref name="offset"/> (short writes
    /// and EINTR retried); false with errno set on failure.</summary>
    internal static bool PwriteAll(int fd, ReadOnlySpan<byte> data, long offset)
    {
        fixed (byte* p = data)
        {
            int done = 0;
            while (done < data.Length)
            {
                nint n = pwrite(fd, p + done, (nuint)(data.Length - done), offset + done);
                if (n < 0 && Marshal.GetLastPInvokeError() == (int)Errno.EINTR)
                {
                    continue;
                }

                if (n <= 0)
                {
                    return false;
                }

                done += (int)n;
            }
        }

        return true;
    }
}
