using System.Runtime.InteropServices;

namespace SeaNet.Core.Interop;

/// <summary>The errno values SeaNet branches on (Linux numbering, identical on x86-64 and arm64).</summary>
public enum Errno
{
    None = 0,
    EPERM = 1,
    ENOENT = 2,
    ESRCH = 3,
    EINTR = 4,
    EAGAIN = 11,
    ENOMEM = 12,
    EACCES = 13,
    EEXIST = 17,
    ENOTDIR = 20,
    EINVAL = 22,
    ENOSPC = 28,
    ELOOP = 40,
    ETIMEDOUT = 110,
}

/// <summary>Reading and describing the errno of the last import called with <c>SetLastError</c>.</summary>
public static class LastErrno
{
    /// <summary>The errno left by the last libc call on this thread.</summary>
    public static Errno Get() => (Errno)Marshal.GetLastPInvokeError();

    /// <summary>strerror text, e.g. "No such file or directory".</summary>
    public static string Describe(this Errno errno) => Marshal.GetPInvokeErrorMessage((int)errno);
}
