namespace SeaNet.Core.Configuration;

/// <summary>
/// Bounds a configuration is checked against at load time, so a value the shared-memory
/// channel cannot carry is a clear error naming the key rather than a failure deep in the
/// daemon. They mirror <c>native/include/seanet_shm.h</c>; change both together.
/// </summary>
public static class ConfigLimits
{
    /// <summary>All tiers together, cache and persistent (<c>SEANET_MAX_TIERS</c>). A level
    /// that lists several directories counts each of them.</summary>
    public const int MaxTiers = 8;

    /// <summary>Longest tier or mount path in bytes of UTF-8 (<c>SEANET_ROOT_MAX</c> less the NUL).</summary>
    public const int MaxPathBytes = 511;

    /// <summary>Smallest <c>index_slots</c>: below this the shared index is too small to help.</summary>
    public const int MinIndexSlots = 1024;

    /// <summary>Largest <c>index_slots</c> (16M slots = 512 MiB of shared memory at 32 bytes a slot):
    /// more would take a large share of a node's RAM for a hint.</summary>
    public const int MaxIndexSlots = 1 << 24;
}
