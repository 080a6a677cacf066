using System.Buffers;
using System.Text;

namespace SeaNet.Core.Namespace;

/// <summary>
/// The index key: FNV-1a 64 over the UTF-8 bytes of the normalised absolute virtual path, with 0
/// (reserved for "empty slot") mapped to 1. Must equal <c>seanet_path_hash</c> in
/// native/include/seanet_shm.h; LayoutAgreementTests checks both on fixed vectors.
/// </summary>
public static class PathHash
{
    private const ulong OffsetBasis = 0xcbf29ce484222325UL;
    private const ulong Prime = 0x100000001b3UL;

    public static ulong Of(ReadOnlySpan<byte> utf8)
    {
        ulong h = OffsetBasis;
        foreach (byte b in utf8)
        {
            h ^= b;
            h *= Prime;
        }

        return h != 0 ? h : 1;
    }

    public static ulong Of(string path)
    {
        int max = Encoding.UTF8.GetMaxByteCount(path.Length);
        if (max <= 1024)
        {
            Span<byte> buf = stackalloc byte[max];
            return Of(buf[..Encoding.UTF8.GetBytes(path, buf)]);
        }

        byte[] rented = ArrayPool<byte>.Shared.Rent(max);
        try
        {
            return Of(rented.AsSpan(0, Encoding.UTF8.GetBytes(path, rented)));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
