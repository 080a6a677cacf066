using SeaNet.Core.Channel;
using SeaNet.Core.Namespace;

namespace SeaNet.Tests.Namespace;

/// <summary>A reader of the shared index following the shim's protocol (native/src/channel/channel.c,
/// docs/protocol.md): probe linearly from key &amp; mask; per entry take seq (acquire), read the
/// fields, acquire fence, re-read seq; odd or changed means "being written" (retry); key 0 ends
/// the chain; a matching key in state TOMBSTONE is a miss.</summary>
public sealed unsafe class IndexReader(SeanetIndexEntry* entries, uint slots)
{
    public readonly record struct Hit(int Tier, long Size, IndexState State);

    public IndexReader(SharedRegion region)
        : this(region.Index, region.IndexSlots)
    {
    }

    public int TornReads { get; private set; }

    public Hit? Find(string path) => Find(PathHash.Of(path));

    public Hit? Find(ulong key)
    {
        uint mask = slots - 1;
        for (uint probe = 0, i = (uint)key & mask; probe < slots; probe++, i = (i + 1) & mask)
        {
            while (true)
            {
                SeanetIndexEntry* e = entries + i;
                ulong s1 = Volatile.Read(ref e->Seq);
                ulong k = e->Key;
                long size = e->Size;
                byte tier = e->Tier;
                byte state = e->State;
                Interlocked.MemoryBarrier();
                if ((s1 & 1) != 0 || Volatile.Read(ref e->Seq) != s1)
                {
                    TornReads++;
                    continue;
                }

                if (k == 0)
                {
                    return null;
                }

                if (k == key)
                {
                    return state == (byte)IndexState.Tombstone ? null : new Hit(tier, size, (IndexState)state);
                }

                break;
            }
        }

        return null;
    }

    /// <summary>Whether the key is present as a tombstone (removed, key kept).</summary>
    public bool IsTombstone(string path)
    {
        ulong key = PathHash.Of(path);
        uint mask = slots - 1;
        for (uint probe = 0, i = (uint)key & mask; probe < slots; probe++, i = (i + 1) & mask)
        {
            SeanetIndexEntry* e = entries + i;
            if (e->Key == 0)
            {
                return false;
            }

            if (e->Key == key)
            {
                return e->State == (byte)IndexState.Tombstone;
            }
        }

        return false;
    }
}
