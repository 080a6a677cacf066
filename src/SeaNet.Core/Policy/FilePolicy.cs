using SeaNet.Core.Configuration;

namespace SeaNet.Core.Policy;

// TEMPORARY stand-in with the agreed API; replaced by the real one (branch `policy`).
public enum FileFate
{
    Keep,
    Flush,
    Evict,
    Move,
}

public sealed class FilePolicy
{
    private readonly SeaConfig config;

    public FilePolicy(SeaConfig config) => this.config = config;

    public FileFate FateOf(string relativePath)
    {
        bool flush = config.FlushList.Matches(relativePath), evict = config.EvictList.Matches(relativePath);
        return flush && evict ? FileFate.Move : flush ? FileFate.Flush : evict ? FileFate.Evict : FileFate.Keep;
    }

    public bool Prefetches(string relativePath) => config.PrefetchList.Matches(relativePath);
}
