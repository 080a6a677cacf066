using SeaNet.Core.Channel;
using SeaNet.Core.Interop;
using Xunit;

namespace SeaNet.Tests.Channel;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed unsafe class SharedRegionTests : IDisposable
{
    private readonly TestChannel channel = new(indexSlots: 4096, maxFs: 12345);

    public void Dispose() => channel.Dispose();

    [Fact]
    public void A_new_region_is_private_sized_and_fully_initialised()
    {
        using SharedRegion r = channel.Open();
        SeanetHeader* h = r.Header;

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(channel.RegionPath));
        Assert.Equal((long)ShmLayout.RegionSize(4096), new FileInfo(channel.RegionPath).Length);
        Assert.Equal(ShmLayout.Magic, h->Magic);
        Assert.Equal(ShmLayout.Version, h->Version);
        Assert.Equal(768u, h->HeaderSize);
        Assert.Equal(ShmLayout.RegionSize(4096), h->TotalSize);
        Assert.Equal(Environment.ProcessId, h->DaemonPid);
        Assert.Equal(DaemonState.Starting, r.State);
        Assert.Equal(1UL, h->Generation);
        Assert.Equal(12345UL, h->MaxFs);
        Assert.Equal((3u, 4096u, 1024u, 4096u), (h->NTiers, h->RingSlots, h->MsgSize, h->IndexSlots));
        Assert.Equal((ShmLayout.TiersOffset, ShmLayout.RingOffset, ShmLayout.IndexOffset), (h->TiersOffset, h->RingOffset, h->IndexOffset));
        Assert.Equal(channel.Mount, SharedRegion.ReadCString(new ReadOnlySpan<byte>(h->Mount, ShmLayout.RootMax)));
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(channel.TierRoots[i], SharedRegion.ReadCString(new ReadOnlySpan<byte>(r.TierTable[i].Root, ShmLayout.RootMax)));
            Assert.Equal(i == 2 ? 1u : 0u, r.TierTable[i].Flags);
        }

        Assert.Equal((0UL, 0UL, 0UL), (h->RingTail, h->RingHead, h->Dropped));
        for (uint i = 0; i < ShmLayout.RingSlots; i++)
        {
            Assert.Equal(i, r.Ring[i].Seq);
        }
    }

    [Fact]
    public void Reinitialising_bumps_the_generation_keeps_dropped_and_clears_the_index()
    {
        using (SharedRegion first = channel.Open())
        {
            first.Header->Dropped = 7;
            IndexEntryWriter.Write(first.Index + 5, 42, 1, 0, (byte)IndexState.Dirty);
        }

        using SharedRegion second = channel.Open();
        Assert.Equal(2UL, second.Header->Generation);
        Assert.Equal(7UL, second.Header->Dropped);
        Assert.Equal(0UL, second.Index[5].Key);
        Assert.Equal(0UL, second.Index[5].Seq & 1);
        Assert.True(second.Index[5].Seq >= 4, "the entry's seq keeps growing so a reader never mistakes old data for new");
    }

    [Fact]
    public void A_file_that_is_not_ours_gets_a_fresh_region()
    {
        File.WriteAllBytes(channel.RegionPath, new byte[100_000]);
        using SharedRegion r = channel.Open();
        Assert.Equal(1UL, r.Header->Generation);
        Assert.Equal(ShmLayout.Magic, r.Header->Magic);
    }

    [Fact]
    public void A_symlink_in_place_of_the_region_is_refused()
    {
        string target = Path.Combine(channel.Directory, "elsewhere");
        File.WriteAllText(target, "precious");
        File.CreateSymbolicLink(channel.RegionPath, target);

        Assert.Throws<IOException>(() => channel.Open());
        Assert.Equal("precious", File.ReadAllText(target));
    }

    [Fact]
    public void A_region_file_with_a_second_hard_link_is_refused()
    {
        using (channel.Open())
        {
        }

        Assert.Equal(0, Link(channel.RegionPath, channel.RegionPath + ".link"));
        IOException e = Assert.Throws<IOException>(() => channel.Open());
        Assert.Contains("links", e.Message);
    }

    [Fact]
    public void A_region_file_owned_by_another_user_is_refused()
    {
        if (ProcessProbe.UserId != 0)
        {
            return; // only root can give a file away; the check itself is the same uid comparison
        }

        File.WriteAllBytes(channel.RegionPath, []);
        Assert.Equal(0, Chown(channel.RegionPath, 12345, 12345));
        IOException e = Assert.Throws<IOException>(() => channel.Open());
        Assert.Contains("uid 12345", e.Message);
    }

    [Fact]
    public void Readers_validate_the_header_before_trusting_it()
    {
        string path = Path.Combine(channel.Directory, "junk.shm");
        File.WriteAllBytes(path, new byte[(int)ShmLayout.RegionSize(1024)]);
        Assert.False(SharedRegion.TryOpenReadOnly(path, out _, out string error));
        Assert.Contains("magic", error);

        File.WriteAllBytes(path, new byte[10]);
        Assert.False(SharedRegion.TryOpenReadOnly(path, out _, out error));
        Assert.Contains("too small", error);

        Assert.False(SharedRegion.TryOpenReadOnly(Path.Combine(channel.Directory, "missing"), out _, out error));

        using (channel.Open())
        {
            Assert.True(SharedRegion.TryOpenReadOnly(channel.RegionPath, out SharedRegion? reader, out error), error);
            using (reader)
            {
                Assert.False(reader!.IsWritable);
                Assert.Equal(3, reader.TierCount);
            }
        }

        using (var f = new FileStream(channel.RegionPath, FileMode.Open))
        {
            f.SetLength(f.Length - 32); // the header no longer matches the file
        }

        Assert.False(SharedRegion.TryOpenReadOnly(channel.RegionPath, out _, out error));
        Assert.Contains("total_size", error);
    }

    [Fact]
    public void A_spec_the_header_cannot_hold_is_refused_before_touching_anything()
    {
        RegionSpec spec = RegionSpec.FromConfig(channel.Config);
        Assert.NotNull((spec with { IndexSlots = 1000 }).Validate());
        Assert.NotNull((spec with { Mount = "/" + new string('m', 600) }).Validate());
        Assert.NotNull((spec with { Mount = "relative" }).Validate());
        Assert.NotNull((spec with { Tiers = [.. spec.Tiers.Take(2)] }).Validate()); // no persistent tier last
        Assert.NotNull((spec with { Tiers = [.. Enumerable.Repeat(spec.Tiers[0], 8), spec.Tiers[2]] }).Validate());
        Assert.Null(spec.Validate());

        Assert.Throws<ArgumentException>(() => SharedRegion.CreateOrReinitialise(channel.RegionPath, spec with { IndexSlots = 1000 }));
        Assert.False(File.Exists(channel.RegionPath));
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "link", SetLastError = true)]
    private static extern int Link(string from, string to);

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "chown", SetLastError = true)]
    private static extern int Chown(string path, int uid, int gid);
}
