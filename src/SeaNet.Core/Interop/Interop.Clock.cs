using System.Runtime.InteropServices;

namespace SeaNet.Core.Interop;

[StructLayout(LayoutKind.Sequential)]
internal struct Timespec
{
    public long tv_sec;
    public long tv_nsec;

    /// <summary>Nanoseconds since the epoch, as a timespec (a time before 1970 has tv_nsec in [0, 1e9)).</summary>
    public static Timespec FromNanoseconds(long ns) => new() { tv_sec = Math.DivRem(ns, 1_000_000_000L, out long rem) - (rem < 0 ? 1 : 0), tv_nsec = rem < 0 ? rem + 1_000_000_000L : rem };
}

internal static unsafe partial class Libc
{
    internal const int CLOCK_MONOTONIC = 1;

    [LibraryImport(Name, SetLastError = true)]
    internal static partial int clock_gettime(int clockId, Timespec* ts);
}

/// <summary>CLOCK_MONOTONIC, the clock the shared header's <c>heartbeat_ns</c> is measured on (the
/// shim compares it with its own clock_gettime; Environment.TickCount64 is a different clock).</summary>
public static unsafe class MonotonicClock
{
    public static ulong NowNs()
    {
        Timespec ts;
        Libc.clock_gettime(Libc.CLOCK_MONOTONIC, &ts);
        return (ulong)ts.tv_sec * 1_000_000_000UL + (ulong)ts.tv_nsec;
    }
}
