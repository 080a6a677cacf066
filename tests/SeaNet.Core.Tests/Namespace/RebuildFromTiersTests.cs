using SeaNet.Core.Channel;
using SeaNet.Core.Namespace;
using SeaNet.Tests.Channel;
using Xunit;

namespace SeaNet.Tests.Namespace;

/// <summary>At start-up the index is rebuilt from what the cache tiers hold: the tiers are the truth.</summary>
public sealed class RebuildFromTiersTests : IDisposable
{
    private readonly TestChannel channel = new();
    private readonly NamespaceIndex index = new(table: null);

    public void Dispose() => channel.Dispose();

    private int Rebuild() => index.RebuildFromTiers(channel.Mount, channel.TierRoots[..2]);

    [Fact]
    public void Files_on_every_cache_tier_are_recorded_dirty_with_their_tier_and_size()
    {
        channel.Put(0, "a.txt", 10);
        channel.Put(0, "sub/dir/deep.bin", 1000);
        channel.Put(1, "spilled/b.nii", 77);
        channel.Put(1, ".hidden", 3);

        Assert.Equal(4, Rebuild());

        Assert.True(index.TryGet(channel.V("a.txt"), out FileRecord r));
        Assert.Equal(new FileRecord(0, 10, IndexState.Dirty), r);
        Assert.True(index.TryGet(channel.V("sub/dir/deep.bin"), out r));
        Assert.Equal((0, 1000L), (r.Tier, r.Size));
        Assert.True(index.TryGet(channel.V("spilled/b.nii"), out r));
        Assert.Equal((1, 77L), (r.Tier, r.Size));
        Assert.True(index.TryGet(channel.V(".hidden"), out _));
    }

    [Fact]
    public void When_a_path_is_on_several_tiers_the_first_tier_wins()
    {
        channel.Put(1, "dup", 2);
        channel.Put(0, "dup", 1);

        Rebuild();

        Assert.True(index.TryGet(channel.V("dup"), out FileRecord r));
        Assert.Equal((0, 1L), (r.Tier, r.Size));
        Assert.Equal(1, index.Count);
    }

    [Fact]
    public void The_persistent_tier_is_not_walked()
    {
        channel.Put(2, "on-lustre.dat", 5);
        Assert.Equal(0, Rebuild());
        Assert.False(index.TryGet(channel.V("on-lustre.dat"), out _));
    }

    [Fact]
    public void Directories_are_not_records_but_symlinks_are_and_symlinked_directories_are_not_entered()
    {
        Directory.CreateDirectory(Path.Combine(channel.TierRoots[0], "empty-dir"));
        string outside = Directory.CreateDirectory(Path.Combine(channel.Directory, "outside")).FullName;
        File.WriteAllText(Path.Combine(outside, "must-not-appear"), "x");
        File.CreateSymbolicLink(Path.Combine(channel.TierRoots[0], "link-to-dir"), outside);
        File.CreateSymbolicLink(Path.Combine(channel.TierRoots[0], "link-to-file"), "a.txt");

        Rebuild();

        Assert.False(index.TryGet(channel.V("empty-dir"), out _));
        Assert.True(index.TryGet(channel.V("link-to-file"), out FileRecord link));
        Assert.Equal(0, link.Size);
        Assert.True(index.TryGet(channel.V("link-to-dir"), out _));
        Assert.False(index.TryGet(channel.V("link-to-dir/must-not-appear"), out _));
    }

    [Fact]
    public void A_missing_tier_directory_is_skipped()
    {
        Directory.Delete(channel.TierRoots[1]);
        channel.Put(0, "x", 1);
        Assert.Equal(1, Rebuild());
    }

    [Fact]
    public void Rebuilt_records_are_published()
    {
        using SharedRegion region = channel.Open();
        unsafe
        {
            var published = new NamespaceIndex(new IndexTable(region.Index, region.IndexSlots));
            channel.Put(1, "p/q", 12);
            published.RebuildFromTiers(channel.Mount, channel.TierRoots[..2]);
            Assert.Equal(new IndexReader.Hit(1, 12, IndexState.Dirty), new IndexReader(region).Find(channel.V("p/q")));
        }
    }
}
