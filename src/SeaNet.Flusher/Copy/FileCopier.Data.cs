using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using SeaNet.Core.Interop;

namespace SeaNet.Flusher.Copy;

/// <summary>How the bytes move.</summary>
internal enum CopyMethod
{
    /// <summary>copy_file_range(2): in the kernel, with reflinks or server-side copy where the file
    /// system has them. Since Linux 5.19 it refuses (EXDEV) copies between file systems of different
    /// types, e.g. tmpfs to ext4, the flusher's most common case.</summary>
    CopyFileRange,

    /// <summary>sendfile(2): in the kernel, between any two file systems.</summary>
    SendFile,

    /// <summary>read(2) and write(2) through a pooled buffer: works everywhere.</summary>
    ReadWrite,
}

/// <summary>The data copy and the cache of which <see cref="CopyMethod"/> works where.</summary>
public sealed partial class FileCopier
{
    /// <summary>With a limiter, the bytes asked for per call: the granularity at which the bandwidth
    /// cap is enforced (1 MiB is under 10 ms at the speed of a local disk).</summary>
    internal const int LimitedChunk = 1 << 20;

    private const int ReadWriteBuffer = 1 << 20;

    /// <summary>Few file systems are ever involved (a few cache tiers, one persistent tier); the bound
    /// only guards against a pathological caller.</summary>
    private const int MaxCachedDevices = 256;

    /// <summary>Which method worked last for a (source device, destination device) pair; a pair not
    /// listed starts with copy_file_range.</summary>
    private readonly ConcurrentDictionary<(ulong Source, ulong Destination), CopyMethod> methods = new();

    /// <summary>The device of each destination root, stat'ed once. A mount point below a root would make
    /// the pair wrong for the files under it; that costs at most a failed call and a fallback per file.</summary>
    private readonly ConcurrentDictionary<string, ulong> rootDevices = new(StringComparer.Ordinal);

    private long fallbacks;

    /// <summary>The method tried first for a pair of devices not cached yet. Tests set it to exercise the
    /// fallbacks that this machine's file systems never need.</summary>
    internal CopyMethod FirstMethod { get; init; } = CopyMethod.CopyFileRange;

    /// <summary>How many times a method failed and the copy fell back to the next one.</summary>
    internal long Fallbacks => Interlocked.Read(ref fallbacks);

    /// <summary>The method cached for copies from the file system of <paramref name="sourceFile"/> into
    /// <paramref name="destRoot"/>, or null if none was cached yet.</summary>
    internal unsafe CopyMethod? CachedMethod(string sourceFile, string destRoot)
    {
        Libc.Statx st;
        if (Libc.statx(Libc.AT_FDCWD, sourceFile, Libc.AT_SYMLINK_NOFOLLOW, Libc.STATX_BASIC_STATS, &st) != 0)
        {
            return null;
        }

        return methods.TryGetValue((Device(st.stx_dev_major, st.stx_dev_minor), RootDevice(destRoot)), out CopyMethod method)
            ? method
            : null;
    }

    /// <summary>Copies <paramref name="size"/> bytes from the current position of <paramref name="src"/>
    /// to <paramref name="dst"/>.</summary>
    /// <returns>The bytes copied (fewer than <paramref name="size"/> if the source ended early), or -1
    /// with <paramref name="errno"/>.</returns>
    private unsafe long CopyData(int src, int dst, long size, ulong sourceDevice, string destRoot, out int errno)
    {
        errno = 0;
        if (size == 0)
        {
            return 0;
        }

        var pair = (sourceDevice, RootDevice(destRoot));
        bool isCached = methods.TryGetValue(pair, out CopyMethod cached);
        if (!isCached)
        {
            cached = FirstMethod;
        }

        CopyMethod method = cached;
        byte[]? buffer = null;
        long copied = 0;
        long credit = 0; // bytes acquired from the limiter and not yet copied (a fallback retries a chunk)
        try
        {
            while (copied < size)
            {
                long want = size - copied;
                if (limiter is not null)
                {
                    want = Math.Min(want, LimitedChunk);
                    if (credit < want)
                    {
                        limiter.Acquire(want - credit);
                        credit = want;
                    }
                }

                nint n = method switch
                {
                    CopyMethod.CopyFileRange => Libc.copy_file_range(src, null, dst, null, (nuint)want, 0),
                    CopyMethod.SendFile => Libc.sendfile(dst, src, null, (nuint)want),
                    _ => ReadWrite(src, dst, want, buffer ??= ArrayPool<byte>.Shared.Rent(ReadWriteBuffer)),
                };
                if (n > 0)
                {
                    copied += n;
                    credit = Math.Max(0, credit - n);
                    continue;
                }

                if (n == 0)
                {
                    break; // end of the source: it shrank, which the caller's second statx reports
                }

                int error = Marshal.GetLastPInvokeError();
                if (error == EINTR)
                {
                    continue;
                }

                if (method != CopyMethod.ReadWrite && error is Libc.EXDEV or Libc.ENOSYS or Libc.EOPNOTSUPP or EINVAL)
                {
                    // The file positions were advanced by exactly what was copied, so the next method
                    // continues where this one stopped.
                    method = method == CopyMethod.CopyFileRange ? CopyMethod.SendFile : CopyMethod.ReadWrite;
                    Interlocked.Increment(ref fallbacks);
                    continue;
                }

                errno = error;
                return -1;
            }
        }
        finally
        {
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        if ((!isCached || method != cached) && (methods.Count < MaxCachedDevices || isCached))
        {
            methods[pair] = method;
        }

        return copied;
    }

    /// <summary>One read and as many writes as it takes to write it out.</summary>
    /// <returns>Bytes copied, 0 at the end of the source, -1 with errno set.</returns>
    private static unsafe nint ReadWrite(int src, int dst, long want, byte[] buffer)
    {
        fixed (byte* p = buffer)
        {
            nint got = Libc.read(src, p, (nuint)Math.Min(want, buffer.Length));
            if (got <= 0)
            {
                return got;
            }

            nint written = 0;
            while (written < got)
            {
                nint n = Libc.write(dst, p + written, (nuint)(got - written));
                if (n == 0)
                {
                    Marshal.SetLastPInvokeError(Libc.EIO); // never for a regular file; do not spin on it
                    return -1;
                }

                if (n < 0)
                {
                    if (Marshal.GetLastPInvokeError() == EINTR)
                    {
                        continue;
                    }

                    return -1;
                }

                written += n;
            }

            return got;
        }
    }

    private unsafe ulong RootDevice(string destRoot)
    {
        if (rootDevices.TryGetValue(destRoot, out ulong device))
        {
            return device;
        }

        Libc.Statx st;
        if (Libc.statx(Libc.AT_FDCWD, destRoot, 0, Libc.STATX_BASIC_STATS, &st) != 0)
        {
            return ulong.MaxValue; // not cached: the root may appear later
        }

        device = Device(st.stx_dev_major, st.stx_dev_minor);
        if (rootDevices.Count < MaxCachedDevices)
        {
            rootDevices.TryAdd(destRoot, device);
        }

        return device;
    }
}
