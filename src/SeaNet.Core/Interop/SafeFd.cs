using System.Runtime.InteropServices;

namespace SeaNet.Core.Interop;

/// <summary>An owned file descriptor, closed exactly once. -1 is the invalid value (0 is a valid fd).</summary>
public sealed class SafeFd : SafeHandle
{
    public SafeFd()
        : base(new IntPtr(-1), ownsHandle: true)
    {
    }

    // C's open returns a 32-bit int that the marshaller widens to a pointer: -1 arrives as
    // 0x00000000FFFFFFFF. Only the low 32 bits are the fd.
    public override bool IsInvalid => Value < 0;

    public int Value => unchecked((int)handle.ToInt64());

    protected override bool ReleaseHandle() => Libc.close(Value) == 0;
}
