using System.Runtime.InteropServices;

namespace SeaNet.Core.Channel;

// C# mirror of native/include/seanet_shm.h. Field order, types and sizes follow the C
// declarations line by line; tests/SeaNet.Core.Tests/Channel/LayoutAgreementTests.cs compiles
// tests/native/layout_dump.c and compares every offset, size, constant and path hash, so a
// change on either side fails the test until the other side follows. Names are the C names in
// PascalCase (ring_tail -> RingTail), which is the mapping that test relies on.

/// <summary>Constants of the shared-memory protocol (the <c>SEANET_*</c> macros).</summary>
public static class ShmLayout
{
    public const ulong Magic = 0x314D485354454E53UL; // "SNETSHM1"
    public const uint Version = 1;

    public const int MaxTiers = 8;
    public const int RootMax = 512;
    public const int RingSlots = 4096;

    /// <summary>Names starting with this on a tier are SeaNet's own (flush and prefetch temporaries,
    /// eviction tombs, the flush journal); listings through the mount never show them.</summary>
    public const string HiddenPrefix = ".seanet~";
    public const int MsgPathMax = 992;
    public const uint IndexSlotsDefault = 262144;
    public const uint IndexSlotsMin = 64;
    public const uint MsgSize = 1024;

    public const ulong TiersOffset = 4096;
    public const ulong RingOffset = 16384;
    public const ulong IndexOffset = RingOffset + (ulong)RingSlots * MsgSize;

    /// <summary>SEANET_REGION_SIZE(index_slots): bytes of the whole region.</summary>
    public static ulong RegionSize(uint indexSlots) => IndexOffset + (ulong)indexSlots * 32;
}

/// <summary>header.daemon_state.</summary>
public enum DaemonState : uint
{
    Starting = 0,
    Running = 1,
    Stopping = 2,
}

/// <summary>seanet_tier.flags.</summary>
[Flags]
public enum TierFlags : uint
{
    None = 0,
    Persistent = 1,
}

/// <summary>seanet_msg.op: one-way notifications from the shim.</summary>
public enum NotificationOp : uint
{
    Created = 1,
    ClosedWrite = 2,
    Removed = 3,
    Renamed = 4,
    Mkdir = 5,
    Rmdir = 6,
    Truncated = 7,
    OpenedWrite = 8,

    /// <summary>renameat2 RENAME_EXCHANGE of two files: path = a NUL b NUL; each file keeps its tier.</summary>
    Exchanged = 9,
}

/// <summary>seanet_index_entry.state.</summary>
public enum IndexState : byte
{
    Empty = 0,
    /// <summary>In a cache tier only: never reached the persistent tier.</summary>
    Dirty = 1,

    /// <summary>A copy identical to this one is on the persistent tier (or this is it).</summary>
    Clean = 2,

    /// <summary>Modified in cache since its flush: an older copy is on the persistent tier.</summary>
    Stale = 3,
    Tombstone = 255,
}

/// <summary>struct seanet_tier: one row of the tier table (daemon writes, shims read).</summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct SeanetTier
{
    public fixed byte Root[ShmLayout.RootMax];
    public uint Flags;
    public uint Reserved0;
    public long CapacityBytes;
    public long UsedBytes;
    public long ReservedBytes;
    public long FsFreeBytes;
    public long RoomBytes;
    public long FileCount;
    public long InflightBytes;
    public fixed ulong Pad[2];
}

/// <summary>struct seanet_header: the first bytes of the region.</summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct SeanetHeader
{
    public ulong Magic;
    public uint Version;
    public uint HeaderSize;
    public ulong TotalSize;
    public int DaemonPid;
    public uint DaemonState;
    public ulong HeartbeatNs;
    public ulong Generation;
    public ulong MaxFs;
    public uint NTiers;
    public uint RingSlots;
    public uint MsgSize;
    public uint IndexSlots;
    public ulong TiersOffset;
    public ulong RingOffset;
    public ulong IndexOffset;
    public fixed byte Mount[ShmLayout.RootMax];
    public fixed byte Pad0[32];
    public ulong RingTail;
    public fixed byte Pad1[56];
    public ulong RingHead;
    public uint ConsumerSleeping;
    public uint Pad2;
    public ulong Dropped;
    public fixed byte Pad3[40];
}

/// <summary>struct seanet_msg: one ring slot.</summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct SeanetMsg
{
    public ulong Seq;
    public uint Op;
    public uint Tier;
    public int Pid;
    public uint PathLen;
    public long Size;
    public fixed byte Path[ShmLayout.MsgPathMax];
}

/// <summary>struct seanet_index_entry: one slot of the published namespace index.</summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct SeanetIndexEntry
{
    public ulong Seq;
    public ulong Key;
    public long Size;
    public byte Tier;
    public byte State;
    public fixed byte Pad[6];
}
