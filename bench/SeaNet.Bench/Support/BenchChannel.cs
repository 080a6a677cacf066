using SeaNet.Core.Channel;
using SeaNet.Core.Configuration;
using SeaNet.Core.Namespace;

namespace SeaNet.Bench.Support;

/// <summary>
/// A real channel for benchmarks: a directory under /dev/shm (tmpfs, as in production) holding two
/// cache tiers, a persistent tier and the region file, mapped by a real <see cref="SharedRegion"/>
/// with the default index size. The mount is virtual and never created: only the daemon side runs.
/// </summary>
public sealed unsafe class BenchChannel : IDisposable
{
    /// <summary>Sea's default max_fs (256 MiB).</summary>
    public const long MaxFs = 256L << 20;

    public BenchChannel(uint indexSlots = ShmLayout.IndexSlotsDefault)
    {
        string parent = Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
        Root = Path.Combine(parent, $"seanet-bench-{Environment.ProcessId}-{Guid.NewGuid():N}");
        string[] roots = ["t0", "t1", "persistent"];
        TierRoots = roots.Select(t => Directory.CreateDirectory(Path.Combine(Root, t)).FullName).ToArray();
        Config = new SeaConfig
        {
            MountDir = BenchPaths.Mount,
            Tiers =
            [
                new TierConfig(TierRoots[0], 8L << 30, false),
                new TierConfig(TierRoots[1], null, false),
                new TierConfig(TierRoots[2], null, true),
            ],
            MaxFileSize = MaxFs,
            IndexSlots = (int)indexSlots,
            Source = "bench",
        };
        Region = SharedRegion.CreateOrReinitialise(Path.Combine(Root, "channel.shm"), RegionSpec.FromConfig(Config));
        Region.SetState(DaemonState.Running);
    }

    public string Root { get; }

    public string[] TierRoots { get; }

    public SeaConfig Config { get; }

    public SharedRegion Region { get; }

    /// <summary>The daemon's writer over the region's index (each call starts a fresh shadow: use one per index).</summary>
    public IndexTable NewIndexTable() => new(Region.Index, Region.IndexSlots);

    /// <summary>A shim-side reader of the region's index.</summary>
    public ShimIndexReader NewIndexReader() => new(Region.Index, Region.IndexSlots, Region.TierCount);

    public void Dispose()
    {
        Region.Dispose();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
