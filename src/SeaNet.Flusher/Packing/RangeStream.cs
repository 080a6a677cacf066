using System.Runtime.InteropServices;
using SeaNet.Core.Interop;

namespace SeaNet.Flusher.Packing;

/// <summary>A read-only window [offset, offset + length) of a file, read with pread(2) (several
/// windows of one descriptor can be read at once; the descriptor belongs to the caller). Reads return 0 at the window's end, or
/// earlier at the file's: callers that expect a length check it (a member cut short, a source that
/// shrank).</summary>
internal sealed class RangeStream(int fd, long offset, long length) : Stream
{
    private long position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => position;
        set => throw new NotSupportedException();
    }

    /// <summary>Opens <paramref name="path"/> read-only with open(2) alone: .NET's own file opening
    /// adds an fstat and a flock pair per file, which a pack of 100,000 chunks feels.</summary>
    public static SafeFd OpenRead(string path)
    {
        SafeFd fd = Libc.open(path, Libc.O_RDONLY | Libc.O_CLOEXEC, 0);
        if (fd.IsInvalid)
        {
            throw new IOException($"{path}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }

        return fd;
    }

    public override int Read(byte[] buffer, int offset1, int count) => Read(buffer.AsSpan(offset1, count));

    public override unsafe int Read(Span<byte> buffer)
    {
        long left = length - position;
        if (left <= 0)
        {
            return 0;
        }

        nint n;
        fixed (byte* p = buffer)
        {
            while ((n = Libc.pread(fd, p, (nuint)Math.Min(buffer.Length, left), offset + position)) < 0
                && Marshal.GetLastPInvokeError() == (int)Errno.EINTR)
            {
            }
        }

        if (n < 0)
        {
            throw new IOException($"read at {offset + position}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }

        position += n;
        return (int)n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset1, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset1, int count) => throw new NotSupportedException();
}
