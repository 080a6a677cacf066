using SeaNet.Core.Channel;
using SeaNet.Core.Interop;

namespace SeaNet.Testing;

/// <summary>
/// The shim's enqueue (<c>sn_notify</c> in native/src/channel/channel.c) in C#, for the tests'
/// and the benchmarks' producers, which differ only in what they write into the slot: Vyukov's
/// MPSC ticket taken by CAS only when its slot is free, a full ring counted in <c>dropped</c>
/// and never waited for; after the slot is filled, seq published with a release store, a full
/// fence, and a futex wake if the consumer announced it sleeps.
/// </summary>
internal static unsafe class ShimRing
{
    private const ulong Mask = ShmLayout.RingSlots - 1;

    /// <summary>Takes a ticket; null if the ring is full (counted as dropped).</summary>
    public static SeanetMsg* TryClaim(SharedRegion region, out ulong ticket)
    {
        SeanetHeader* h = region.Header;
        ulong pos = Volatile.Read(ref h->RingTail);
        while (true)
        {
            SeanetMsg* m = region.Ring + (pos & Mask);
            long dif = (long)(Volatile.Read(ref m->Seq) - pos);
            if (dif == 0)
            {
                ulong seen = Interlocked.CompareExchange(ref h->RingTail, pos + 1, pos);
                if (seen == pos)
                {
                    ticket = pos;
                    return m;
                }

                pos = seen;
            }
            else if (dif < 0)
            {
                Interlocked.Increment(ref h->Dropped);
                ticket = 0;
                return null;
            }
            else
            {
                pos = Volatile.Read(ref h->RingTail);
            }
        }
    }

    /// <summary>Publishes a filled slot and wakes a sleeping consumer.</summary>
    public static void Publish(SharedRegion region, SeanetMsg* m, ulong ticket)
    {
        SeanetHeader* h = region.Header;
        Volatile.Write(ref m->Seq, ticket + 1);
        Interlocked.MemoryBarrier(); // either we see consumer_sleeping or the consumer sees our message
        if (Volatile.Read(ref h->ConsumerSleeping) == 1 && Interlocked.Exchange(ref h->ConsumerSleeping, 0u) == 1)
        {
            Futex.Wake(&h->ConsumerSleeping, 1);
        }
    }
}
