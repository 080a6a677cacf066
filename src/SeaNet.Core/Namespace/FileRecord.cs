using SeaNet.Core.Channel;

namespace SeaNet.Core.Namespace;

/// <summary>What the daemon knows about one file: where it is, how big, whether the persistent
/// tier has a copy, and how many CREATED notifications are still waiting for their CLOSED_WRITE.</summary>
public record struct FileRecord(int Tier, long Size, IndexState State);
