using SeaNet.Core.Channel;
using SeaNet.Core.Configuration;

namespace SeaNet.Tests.Channel;

/// <summary>
/// A real channel for tests: a temporary directory holding two cache tiers, a persistent tier
/// and the region file, mapped by a real <see cref="SharedRegion"/>. The mount is virtual
/// (<c>&lt;dir&gt;/mnt</c>) and never created: only the daemon side is under test.
/// </summary>
public sealed class TestChannel : IDisposable
{
    public TestChannel(uint indexSlots = 1024, long maxFs = 1 << 20, long? tier0Capacity = null)
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("seanet-test-").FullName;
        Mount = Path.Combine(Directory, "mnt");
        TierRoots = ["t0", "t1", "persistent"];
        TierRoots = TierRoots.Select(t => System.IO.Directory.CreateDirectory(Path.Combine(Directory, t)).FullName).ToArray();
        Config = new SeaConfig
        {
            MountDir = Mount,
            Tiers =
            [
                new TierConfig(TierRoots[0], tier0Capacity, false),
                new TierConfig(TierRoots[1], null, false),
                new TierConfig(TierRoots[2], null, true),
            ],
            MaxFileSize = maxFs,
            IndexSlots = (int)indexSlots,
            Source = "test",
        };
        RegionPath = Path.Combine(Directory, "channel.shm");
    }

    public string Directory { get; }

    public string Mount { get; }

    public string[] TierRoots { get; }

    public SeaConfig Config { get; }

    public string RegionPath { get; }

    public SharedRegion Open() => SharedRegion.CreateOrReinitialise(RegionPath, RegionSpec.FromConfig(Config));

    public string V(string relative) => Mount + "/" + relative;

    /// <summary>Creates a file of <paramref name="size"/> bytes on tier <paramref name="tier"/>.</summary>
    public string Put(int tier, string relative, int size)
    {
        string path = Path.Combine(TierRoots[tier], relative);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, new byte[size]);
        return path;
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
