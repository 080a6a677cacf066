using System.Runtime.InteropServices;

namespace SeaNet.Core.Interop;

/// <summary>An owned file descriptor, closed exactly once. -1 is the invalid value (0 is a valid fd).</summary>
public sealed class SafeFd : SafeHandle
{
    public SafeFd()
        : base(new IntPtr(-1), ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle.ToInt64() < 0;

    public int Value => (int)handle.ToInt64();

    protected override bool ReleaseHandle() => Libc.close((int)handle.ToInt64()) == 0;
}
