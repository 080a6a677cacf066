using System.Diagnostics.CodeAnalysis;

namespace SeaNet.Core.Interop;

/// <summary>Start-up failures are exceptions, thrown from here so callers stay small; hot paths return status.</summary>
public static class ThrowHelper
{
    [DoesNotReturn]
    public static void ThrowIO(string what, string path, Errno errno) =>
        throw new IOException($"{what} {path}: {errno.Describe()} ({errno})");

    [DoesNotReturn]
    public static void ThrowIO(string message) => throw new IOException(message);

    [DoesNotReturn]
    public static void ThrowArgument(string message, string paramName) => throw new ArgumentException(message, paramName);
}
