using System.Runtime.InteropServices;

namespace SeaNet.Flusher.Workers;

/// <summary>
/// Flush threads yield the CPU to the application: each lowers its own nice value to 19 at start
/// (Linux schedules threads individually, and any user may lower a priority). On a busy node the
/// application's threads win; on an idle one, and during the final drain, the flush runs at
/// full speed.
/// </summary>
internal static partial class BackgroundPriority
{
    private const int PrioProcess = 0;

    /// <summary>Nice value of the flusher's threads.</summary>
    public const int Nice = 19;

    [LibraryImport("libc", SetLastError = true)]
    private static partial int gettid();

    [LibraryImport("libc", SetLastError = true)]
    private static partial int setpriority(int which, uint who, int prio);

    /// <summary>Lowers the calling thread's priority; returns false (and changes nothing) if the kernel refuses.</summary>
    public static bool LowerCurrentThread() => setpriority(PrioProcess, (uint)gettid(), Nice) == 0;
}
