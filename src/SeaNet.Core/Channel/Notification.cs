namespace SeaNet.Core.Channel;

/// <summary>A validated notification copied out of the ring. Paths are absolute, normalised and
/// under the mount; <see cref="NewPath"/> is set only for <see cref="NotificationOp.Renamed"/> and <see cref="NotificationOp.Exchanged"/>.</summary>
public readonly record struct Notification(NotificationOp Op, int Tier, int Pid, long Size, string Path, string? NewPath);

/// <summary>What one <see cref="NotificationRing.TryRead"/> produced.</summary>
public enum RingRead
{
    /// <summary>Nothing published at the head (the ring is empty, or a producer is mid-write).</summary>
    Empty,

    /// <summary>A valid notification.</summary>
    Message,

    /// <summary>A published slot that failed validation: counted, skipped, its slot freed.</summary>
    Rejected,

    /// <summary>A ticket that was taken but never published in time (producer killed mid-write,
    /// or one that gave up): the slot was reclaimed and skipped.</summary>
    Reclaimed,
}

/// <summary>Why a published message was rejected.</summary>
public enum MessageDefect
{
    None = 0,
    BadOp,
    BadTier,
    BadPid,
    BadSize,
    BadPathLength,
    BadTermination,
    BadPath,
}
