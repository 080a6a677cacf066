using System.Runtime.InteropServices;
using System.Text;
using SeaNet.Core.Interop;

namespace SeaNet.Core.Channel;

public sealed unsafe partial class SharedRegion
{
    /// <summary>
    /// Brings the region to a consistent STARTING state.
    /// <para>Fresh file (no magic): everything is zeroed, each ring slot's seq = its index,
    /// generation = 1.</para>
    /// <para>Re-initialisation by a restarted daemon (our magic already there, shims may be
    /// attached and even enqueueing): generation + 1; ring_tail is left alone (producers
    /// fetch-add it concurrently), ring_head jumps to it, and each slot's seq becomes the
    /// ticket that will next use it, so messages in flight are discarded (the index is rebuilt
    /// from the tiers right after, which is newer than them). Index entries are cleared through
    /// their own seqlock so a concurrent reader sees a torn entry as "retry", never as data.
    /// <c>dropped</c> is kept: it only ever grows.</para>
    /// The magic is written last, with release semantics.
    /// </summary>
    private void Initialise(RegionSpec spec, bool wasOurs)
    {
        SeanetHeader* h = Header;
        Volatile.Write(ref h->DaemonState, (uint)DaemonState.Starting);
        ulong generation = 1;
        if (wasOurs)
        {
            generation = h->Generation + 1;
            ResyncRingAfterRestart();
            ClearIndexConcurrently();
            NativeMemory.Clear(TierTable, (nuint)(sizeof(SeanetTier) * ShmLayout.MaxTiers));
        }
        else
        {
            NativeMemory.Clear(map, length);
            for (uint i = 0; i < ShmLayout.RingSlots; i++)
            {
                Ring[i].Seq = i;
            }
        }

        h->Version = ShmLayout.Version;
        h->HeaderSize = (uint)sizeof(SeanetHeader);
        h->TotalSize = length;
        h->DaemonPid = Libc.getpid();
        h->Generation = generation;
        h->MaxFs = (ulong)spec.MaxFs;
        h->NTiers = (uint)spec.Tiers.Count;
        h->RingSlots = ShmLayout.RingSlots;
        h->MsgSize = ShmLayout.MsgSize;
        h->IndexSlots = spec.IndexSlots;
        h->TiersOffset = ShmLayout.TiersOffset;
        h->RingOffset = ShmLayout.RingOffset;
        h->IndexOffset = ShmLayout.IndexOffset;
        WriteCString(new Span<byte>(h->Mount, ShmLayout.RootMax), spec.Mount);
        for (int i = 0; i < spec.Tiers.Count; i++)
        {
            SeanetTier* t = TierTable + i;
            WriteCString(new Span<byte>(t->Root, ShmLayout.RootMax), spec.Tiers[i].Root);
            t->Flags = spec.Tiers[i].IsPersistent ? (uint)TierFlags.Persistent : 0;
        }

        Volatile.Write(ref h->ConsumerSleeping, 0u);
        Beat();
        Interlocked.MemoryBarrier();
        Volatile.Write(ref h->Magic, ShmLayout.Magic);
    }

    private void ResyncRingAfterRestart()
    {
        SeanetHeader* h = Header;
        ulong head = Volatile.Read(ref h->RingTail);
        const ulong mask = ShmLayout.RingSlots - 1;
        for (ulong i = 0; i < ShmLayout.RingSlots; i++)
        {
            Volatile.Write(ref Ring[i].Seq, head + ((i - head) & mask));
        }

        Volatile.Write(ref h->RingHead, head);
    }

    private void ClearIndexConcurrently()
    {
        uint slots = (uint)((length - ShmLayout.IndexOffset) / (ulong)sizeof(SeanetIndexEntry));
        for (uint i = 0; i < slots; i++)
        {
            SeanetIndexEntry* e = Index + i;
            if (e->Key != 0 || e->State != 0 || (e->Seq & 1) != 0)
            {
                IndexEntryWriter.Write(e, 0, 0, 0, (byte)IndexState.Empty);
            }
        }
    }

    private static void WriteCString(Span<byte> dest, string value)
    {
        dest.Clear();
        int n = Encoding.UTF8.GetBytes(value, dest[..^1]);
        dest[n] = 0;
    }

    /// <summary>Reads a NUL-terminated UTF-8 field of the header or tier table.</summary>
    public static string ReadCString(ReadOnlySpan<byte> field)
    {
        int n = field.IndexOf((byte)0);
        return Encoding.UTF8.GetString(n < 0 ? field : field[..n]);
    }
}
