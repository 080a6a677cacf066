using SeaNet.Core.Channel;

namespace SeaNet.Core.Namespace;

/// <summary>What the daemon knows about one file: where it is, how big, and whether the persistent
/// tier has a copy (<see cref="IndexState.Dirty"/>: none; <see cref="IndexState.Clean"/>: an identical
/// one; <see cref="IndexState.Stale"/>: an older one). <paramref name="Version"/> grows with every
/// write the daemon hears of, so a flush can tell whether what it copied is still current.</summary>
public record struct FileRecord(int Tier, long Size, IndexState State, uint Version = 0);
