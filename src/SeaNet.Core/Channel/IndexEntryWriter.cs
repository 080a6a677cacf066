namespace SeaNet.Core.Channel;

/// <summary>
/// The writer half of the index entry seqlock. One writer (the daemon's main loop) per entry;
/// readers (shims) never write. Protocol: seq := even+1 (odd: "being written"), full fence,
/// write the fields, seq := even+2 (release). A reader takes seq (acquire), reads the fields,
/// re-reads seq after an acquire fence, and retries if it was odd or changed.
/// </summary>
public static unsafe class IndexEntryWriter
{
    public static void Write(SeanetIndexEntry* e, ulong key, long size, byte tier, byte state)
    {
        // A daemon killed mid-write leaves an odd seq; rounding down keeps the sequence monotonic.
        ulong s = Volatile.Read(ref e->Seq) & ~1UL;
        Volatile.Write(ref e->Seq, s + 1);
        Interlocked.MemoryBarrier(); // the field stores below must not become visible before "odd"
        e->Key = key;
        e->Size = size;
        e->Tier = tier;
        e->State = state;
        Volatile.Write(ref e->Seq, s + 2);
    }
}
