using SeaNet.Core.Channel;

namespace SeaNet.Core.Namespace;

/// <summary>
/// The published half of the namespace: an open-addressed hash table in shared memory
/// (linear probing from key &amp; mask; key = <see cref="PathHash"/>; key 0 = never used; a removed
/// key stays as a tombstone, state 255, so probe chains through it stay intact and a reinsert of
/// the same key reuses it). Each entry is written with <see cref="IndexEntryWriter"/>.
/// <para>
/// The daemon keeps a private shadow of which slot holds which key and never reads the shared
/// entries back to decide anything, so garbage written into the index by a misbehaving process
/// cannot make it loop or misplace keys (it only misleads readers until the next write there).
/// </para>
/// <para>
/// Load limits: new keys are published only while live entries are under 5/8 of the slots
/// (<see cref="MaxLive"/>); the table is rebuilt (cleared and refilled by
/// <see cref="NamespaceIndex"/>) when live + tombstones exceed 3/4 (<see cref="NeedsRebuild"/>). The
/// gap means a rebuild buys at least 1/8 of the slots' worth of removals before the next one.
/// Above the live limit a file is simply not published: a miss is never authoritative for the
/// shim, which then probes the tiers itself.
/// </para>
/// Threading: single writer (the daemon's main loop); readers are other processes.
/// </summary>
public sealed unsafe class IndexTable
{
    private const byte SlotEmpty = 0;
    private const byte SlotLive = 1;
    private const byte SlotTombstone = 2;

    private readonly SeanetIndexEntry* entries;
    private readonly uint mask;
    private readonly byte[] slotState;
    private readonly ulong[] slotKey;
    private readonly Dictionary<ulong, uint> slotOfKey = []; // live and tombstoned keys

    public IndexTable(SeanetIndexEntry* entries, uint slots)
    {
        if (slots == 0 || (slots & (slots - 1)) != 0)
        {
            throw new ArgumentException("slots must be a power of two", nameof(slots));
        }

        this.entries = entries;
        Slots = slots;
        mask = slots - 1;
        slotState = new byte[slots];
        slotKey = new ulong[slots];
    }

    public uint Slots { get; }

    public int Live { get; private set; }

    public int Tombstones { get; private set; }

    public int MaxLive => (int)(Slots / 8 * 5);

    public bool NeedsRebuild => Live + Tombstones > Slots / 4 * 3;

    /// <summary>Inserts or updates <paramref name="key"/>. False if it is new and the table is at its live limit.</summary>
    public bool TryPut(ulong key, int tier, long size, IndexState state)
    {
        if (slotOfKey.TryGetValue(key, out uint slot))
        {
            if (slotState[slot] == SlotTombstone)
            {
                if (Live >= MaxLive)
                {
                    return false;
                }

                slotState[slot] = SlotLive;
                Tombstones--;
                Live++;
            }

            IndexEntryWriter.Write(entries + slot, key, size, (byte)tier, (byte)state);
            return true;
        }

        if (Live >= MaxLive)
        {
            return false;
        }

        // The key is nowhere in the table: take the first empty or tombstoned slot of its chain.
        // Live < 5/8 of the slots, so the loop ends.
        slot = (uint)key & mask;
        while (slotState[slot] == SlotLive)
        {
            slot = (slot + 1) & mask;
        }

        if (slotState[slot] == SlotTombstone)
        {
            slotOfKey.Remove(slotKey[slot]);
            Tombstones--;
        }

        slotState[slot] = SlotLive;
        slotKey[slot] = key;
        slotOfKey[key] = slot;
        Live++;
        IndexEntryWriter.Write(entries + slot, key, size, (byte)tier, (byte)state);
        return true;
    }

    /// <summary>Marks the key removed (tombstone keeping the key). No-op if it is not published.</summary>
    public void Remove(ulong key)
    {
        if (!slotOfKey.TryGetValue(key, out uint slot) || slotState[slot] != SlotLive)
        {
            return;
        }

        slotState[slot] = SlotTombstone;
        IndexEntryWriter.Write(entries + slot, key, 0, 0, (byte)IndexState.Tombstone);
        Live--;
        Tombstones++;
    }

    /// <summary>Empties every used slot (through the seqlock: concurrent readers see misses, never torn data).</summary>
    public void Clear()
    {
        foreach (uint slot in slotOfKey.Values)
        {
            IndexEntryWriter.Write(entries + slot, 0, 0, 0, (byte)IndexState.Empty);
            slotState[slot] = SlotEmpty;
            slotKey[slot] = 0;
        }

        slotOfKey.Clear();
        Live = 0;
        Tombstones = 0;
    }
}
