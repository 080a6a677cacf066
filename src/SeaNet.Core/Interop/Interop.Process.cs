using System.Runtime.InteropServices;

namespace SeaNet.Core.Interop;

internal static partial class Libc
{
    [LibraryImport(Name, SetLastError = true)]
    internal static partial int kill(int pid, int sig);

    [LibraryImport(Name)]
    internal static partial uint getuid();

    [LibraryImport(Name)]
    internal static partial int getpid();

    [LibraryImport(Name)]
    internal static partial int getppid();

    [LibraryImport(Name, SetLastError = true)]
    internal static partial int setpgid(int pid, int pgid);

    [LibraryImport(Name)]
    internal static partial int getpgrp();

    [LibraryImport(Name, SetLastError = true)]
    internal static partial int tcgetpgrp(int fd);
}

/// <summary>Process identity and liveness probes.</summary>
public static class ProcessProbe
{
    public static uint UserId => Libc.getuid();

    public static int ProcessId => Libc.getpid();

    public static int ParentProcessId => Libc.getppid();

    /// <summary>kill(pid, 0). ESRCH means gone. EPERM means the pid exists but belongs to someone
    /// else: our writers always share our uid, so the pid was recycled, but we still say "alive"
    /// because releasing a reservation too early is worse than holding it a little longer.</summary>
    public static bool IsAlive(int pid)
    {
        if (pid <= 0)
        {
            return false;
        }

        return Libc.kill(pid, 0) == 0 || LastErrno.Get() != Errno.ESRCH;
    }

    /// <summary>Sends a signal; false if the process does not exist (or the pid is not positive,
    /// which would otherwise address a whole process group).</summary>
    public static bool TrySignal(int pid, int signal) => pid > 0 && Libc.kill(pid, signal) == 0;

    /// <summary>Moves the calling process into its own process group, so signals a terminal sends
    /// to the foreground group (Ctrl-C) do not reach it.</summary>
    public static bool TryLeaveForegroundGroup() => Libc.setpgid(0, 0) == 0;

    /// <summary>True if our process group is the foreground group of the terminal on stdin, stdout
    /// or stderr: then keys like Ctrl-C signal our whole group, children included.</summary>
    public static bool IsInTerminalForeground()
    {
        int group = Libc.getpgrp();
        for (int fd = 0; fd <= 2; fd++)
        {
            if (Libc.tcgetpgrp(fd) == group)
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>Signal numbers (Linux; the same on x86-64 and arm64).</summary>
public static class Signals
{
    public const int SIGINT = 2;
    public const int SIGKILL = 9;
    public const int SIGTERM = 15;
}
