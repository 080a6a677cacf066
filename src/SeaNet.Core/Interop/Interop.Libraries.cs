namespace SeaNet.Core.Interop;

/// <summary>
/// Thin, allocation-free wrappers over the libc calls SeaNet needs, one file per family
/// (<c>Interop.Open.cs</c>, <c>Interop.Mmap.cs</c>, ...). Every import uses
/// <c>LibraryImport</c> with blittable arguments and <c>SetLastError</c>, so failures are
/// read with <see cref="LastErrno.Get"/>; nothing here throws except <see cref="ThrowHelper"/>.
/// Constants whose value differs between x86-64 and arm64 are resolved at start-up.
/// </summary>
internal static partial class Libc
{
    internal const string Name = "libc";

    internal static readonly bool IsArm64 =
        System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture == System.Runtime.InteropServices.Architecture.Arm64;
}
