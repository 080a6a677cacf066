using SeaNet.Core.Channel;
using SeaNet.Core.Interop;

namespace SeaNet.Bench.Support;

/// <summary>
/// The shim's enqueue (<c>sn_notify</c> in native/src/channel/channel.c) in C#, allocation-free:
/// Vyukov's MPSC ticket taken by CAS only when its slot is free, a full ring counted in
/// <c>dropped</c> and never waited for, fields and paths written, seq published with a release
/// store, then a full fence and a futex wake if the consumer announced it sleeps. One difference:
/// the pid is read once here, where the shim calls getpid() per message.
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

        ulong pos = Volatile.Read(ref h->RingTail);
        SeanetMsg* m;
        while (true)
        {
            m = region.Ring + (pos & Mask);
            long dif = (long)(Volatile.Read(ref m->Seq) - pos);
            if (dif == 0)
            {
                ulong seen = Interlocked.CompareExchange(ref h->RingTail, pos + 1, pos);
                if (seen == pos)
                {
                    break;
                }

                pos = seen;
            }
            else if (dif < 0)
            {
                Interlocked.Increment(ref h->Dropped);
                return false;
            }
            else
            {
                pos = Volatile.Read(ref h->RingTail);
            }
        }

        m->Op = (uint)op;
        m->Tier = (uint)tier;
        m->Pid = pid;
        m->Size = size;
        m->PathLen = (uint)paths.Length;
        paths.CopyTo(new Span<byte>(m->Path, ShmLayout.MsgPathMax));
        Volatile.Write(ref m->Seq, pos + 1);
        Interlocked.MemoryBarrier(); // either we see consumer_sleeping or the consumer sees our message
        if (Volatile.Read(ref h->ConsumerSleeping) == 1 && Interlocked.Exchange(ref h->ConsumerSleeping, 0u) == 1)
        {
            Futex.Wake(&h->ConsumerSleeping, 1);
        }

        return true;
    }
}
