using SeaNet.Core.Channel;
using SeaNet.Core.Interop;
using SeaNet.Testing;

namespace SeaNet.Bench.Support;

/// <summary>
/// A shim producer for the benchmarks: allocation-free, the enqueue itself is the shared
/// <see cref="ShimRing"/> (the C# image of <c>sn_notify</c>).
/// </summary>
public sealed unsafe class ShimProducer(SharedRegion region)
{
    private const ulong Mask = ShmLayout.RingSlots - 1;

    private readonly int pid = Environment.ProcessId;

    /// <summary>True when the slot the next ticket would use is still unread (a send would be dropped).
    /// Benchmarks spin on this instead of dropping, to keep the consumer fed.</summary>
    public bool IsFull
    {
        get
        {
            ulong pos = Volatile.Read(ref region.Header->RingTail);
            return (long)(Volatile.Read(ref region.Ring[pos & Mask].Seq) - pos) < 0;
        }
    }

    /// <summary>Enqueues one notification; <paramref name="paths"/> is <c>path\0</c> or <c>old\0new\0</c>.</summary>
    /// <returns>False if it was dropped (paths too long, or the ring full).</returns>
    public bool TryNotify(NotificationOp op, int tier, long size, ReadOnlySpan<byte> paths)
    {
        SeanetHeader* h = region.Header;
        if (paths.Length > ShmLayout.MsgPathMax)
        {
            Interlocked.Increment(ref h->Dropped);
            return false;
        }

        SeanetMsg* m = ShimRing.TryClaim(region, out ulong ticket);
        if (m == null)
        {
            return false;
        }

        m->Op = (uint)op;
        m->Tier = (uint)tier;
        m->Pid = pid;
        m->Size = size;
        m->PathLen = (uint)paths.Length;
        paths.CopyTo(new Span<byte>(m->Path, ShmLayout.MsgPathMax));
        ShimRing.Publish(region, m, ticket);
        return true;
    }
}
