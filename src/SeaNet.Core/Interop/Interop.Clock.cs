using System.Runtime.InteropServices;

namespace SeaNet.Core.Interop;

[StructLayout(LayoutKind.Sequential)]
internal struct Timespec
{
    public long tv_sec;
    public long tv_nsec;
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
