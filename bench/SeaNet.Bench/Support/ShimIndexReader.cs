using SeaNet.Core.Channel;
using SeaNet.Core.Namespace;

namespace SeaNet.Bench.Support;

/// <summary>
/// The shim's index lookup (<c>sn_index_hint</c> in native/src/channel/channel.c) in C#: hash the
/// path, probe linearly from key &amp; mask at most 32 times; per entry take seq (acquire), read
/// key, tier and state, acquire fence, re-read seq. An entry being written, a key-0 slot, a
/// tombstone or an out-of-range tier all answer -1 ("probe the tiers"). No retries, like the shim.
/// </summary>
public sealed unsafe class ShimIndexReader(SeanetIndexEntry* entries, uint slots, int tierCount)
{
    public const int MaxProbes = 32;

    private readonly uint mask = slots - 1;

    /// <summary>The tier the index says <paramref name="path"/> (UTF-8, no NUL) is on, or -1.</summary>
    public int Hint(ReadOnlySpan<byte> path)
    {
        ulong key = PathHash.Of(path);
        uint i = (uint)key & mask;
        for (int probe = 0; probe < MaxProbes; probe++, i = (i + 1) & mask)
        {
            SeanetIndexEntry* e = entries + i;
            ulong s1 = Volatile.Read(ref e->Seq);
            ulong k = e->Key;
            byte tier = e->Tier;
            byte state = e->State;
            Volatile.ReadBarrier(); // __atomic_thread_fence(__ATOMIC_ACQUIRE): orders the field reads before the re-read
            if ((s1 & 1) != 0 || Volatile.Read(ref e->Seq) != s1 || k == 0)
            {
                return -1;
            }

            if (k == key)
            {
                return state == (byte)IndexState.Tombstone || tier >= tierCount ? -1 : tier;
            }
        }

        return -1;
    }
}
