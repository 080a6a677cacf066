using System.Runtime.InteropServices;

namespace SeaNet.Core.Interop;

internal static unsafe partial class Libc
{
    /// <summary>The futex syscall number differs per architecture (x86-64 202, arm64 98).</summary>
    internal static readonly long SYS_futex = IsArm64 ? 98 : 202;

    // Shared (not FUTEX_PRIVATE_FLAG) operations: the word lives in a MAP_SHARED region and the
    // waker is another process.
    internal const int FUTEX_WAIT = 0;
    internal const int FUTEX_WAKE = 1;

    /// <summary>syscall(2) is variadic in C; every argument here is an integer or a pointer, which
    /// the x86-64 and arm64 Linux ABIs pass exactly as for a fixed-argument call.</summary>
    [LibraryImport(Name, EntryPoint = "syscall", SetLastError = true)]
    internal static partial long syscall_futex(long number, uint* uaddr, int op, uint val, Timespec* timeout, uint* uaddr2, uint val3);
}

/// <summary>futex(2) on a 32-bit word in shared memory.</summary>
public static unsafe class Futex
{
    /// <summary>Sleeps while <c>*word == expected</c>, at most <paramref name="timeoutMs"/>.
    /// Returns on wake-up, timeout, signal, or at once if the word already differs.</summary>
    public static void Wait(uint* word, uint expected, int timeoutMs)
    {
        var ts = new Timespec { tv_sec = timeoutMs / 1000, tv_nsec = (timeoutMs % 1000) * 1_000_000L };
        Libc.syscall_futex(Libc.SYS_futex, word, Libc.FUTEX_WAIT, expected, &ts, null, 0);
    }

    /// <summary>Wakes up to <paramref name="count"/> waiters on the word.</summary>
    public static void Wake(uint* word, int count = int.MaxValue) =>
        Libc.syscall_futex(Libc.SYS_futex, word, Libc.FUTEX_WAKE, (uint)count, null, null, 0);
}
