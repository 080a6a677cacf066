using SeaNet.Core.Channel;
using SeaNet.Core.Configuration;
using SeaNet.Core.Interop;
using SeaNet.Core.Placement;
using SeaNet.Tests.Channel;
using Xunit;

namespace SeaNet.Tests.Placement;

/// <summary>Room per tier from configured capacity, accounted files, reservations and statvfs, on real directories.</summary>
public sealed class CapacityAccountingTests : IDisposable
{
    private const long MiB = 1 << 20;
    private readonly TestChannel channel = new(maxFs: MiB, tier0Capacity: 10 * MiB);

    public void Dispose() => channel.Dispose();

    private CapacityAccounting New(long maxFs = MiB)
    {
        var a = new CapacityAccounting(channel.Config.Tiers, maxFs);
        a.RefreshFileSystems();
        return a;
    }

    private long FreeSpace(int tier) =>
        FileSystemSpace.TryGet(channel.TierRoots[tier], out FileSystemSpace s, out _) ? s.AvailableBytes : throw new IOException();

    [Fact]
    public void A_capped_cache_tier_has_capacity_minus_used_minus_reserved()
    {
        CapacityAccounting a = New();
        a.AddFile(0, 3 * MiB);
        a.Reserve(channel.V("w1"), 0, 1);
        a.Reserve(channel.V("w2"), 0, 1);
        a.RecomputeRoom();

        TierAccount t = a.Tiers[0];
        Assert.Equal((10 * MiB, 3 * MiB, 2 * MiB), (t.Capacity, t.Used, t.Reserved));
        Assert.Equal(5 * MiB, t.Room);
    }

    [Fact]
    public void An_uncapped_cache_tier_has_the_file_systems_size_and_free_space_minus_reservations()
    {
        CapacityAccounting a = New();
        a.Reserve(channel.V("w"), 1, 1);
        a.RecomputeRoom();

        Assert.True(FileSystemSpace.TryGet(channel.TierRoots[1], out FileSystemSpace fs, out _));
        TierAccount t = a.Tiers[1];
        Assert.Equal(fs.TotalBytes, t.Capacity);
        Assert.InRange(t.FsFree, fs.AvailableBytes - (64 * MiB), fs.AvailableBytes + (64 * MiB));
        Assert.Equal(t.FsFree - MiB, t.Room);
    }

    [Fact]
    public void The_persistent_tier_room_is_its_free_space_whatever_is_accounted_there()
    {
        CapacityAccounting a = New();
        a.AddFile(2, 50 * MiB);
        a.Reserve(channel.V("p"), 2, 1);
        a.RecomputeRoom();

        Assert.Equal(a.Tiers[2].FsFree, a.Tiers[2].Room);
        Assert.InRange(a.Tiers[2].Room, FreeSpace(2) - (64 * MiB), FreeSpace(2) + (64 * MiB));
    }

    [Fact]
    public void Room_is_never_negative()
    {
        CapacityAccounting a = New();
        a.AddFile(0, 20 * MiB);
        a.RecomputeRoom();
        Assert.Equal(0, a.Tiers[0].Room);
    }

    [Fact]
    public void A_new_file_goes_to_the_first_tier_with_room_for_max_fs()
    {
        CapacityAccounting a = New(maxFs: 4 * MiB);
        Assert.Equal(0, a.ChooseTier());

        a.Reserve(channel.V("x"), 0, 1);
        a.RecomputeRoom();
        Assert.Equal(0, a.ChooseTier()); // 10 − 4 = 6 MiB left

        a.Reserve(channel.V("y"), 0, 1);
        a.RecomputeRoom();
        Assert.Equal(1, a.ChooseTier()); // 2 MiB left < max_fs: spill to tier 1

        a.Release(channel.V("x"));
        a.RecomputeRoom();
        Assert.Equal(0, a.ChooseTier());
    }

    [Fact]
    public void Reserving_the_same_path_twice_counts_once()
    {
        CapacityAccounting a = New();
        a.Reserve(channel.V("same"), 0, 1);
        a.Reserve(channel.V("same"), 1, 2);
        Assert.Equal((0L, MiB, 1), (a.Tiers[0].Reserved, a.Tiers[1].Reserved, a.ReservationCount));
        Assert.True(a.Release(channel.V("same")));
        Assert.False(a.Release(channel.V("same")));
        Assert.Equal(0, a.Tiers[1].Reserved);
    }

    [Fact]
    public void A_tier_that_vanished_gets_no_room_and_says_why()
    {
        CapacityAccounting a = New();
        Directory.Delete(channel.TierRoots[1]);
        a.RefreshFileSystems();

        Assert.Equal(0, a.Tiers[1].Room);
        Assert.NotNull(a.Tiers[1].FileSystemError);
        Assert.Null(a.Tiers[0].FileSystemError);
    }

    [Fact]
    public void Free_space_is_refreshed_every_second_when_busy_and_every_five_when_idle()
    {
        var a = new CapacityAccounting(channel.Config.Tiers, MiB);
        const ulong s = 1_000_000_000;
        Assert.True(a.RefreshFileSystemsIfDue(100 * s, busy: false));
        Assert.False(a.RefreshFileSystemsIfDue((100 * s) + (s / 2), busy: true));
        Assert.True(a.RefreshFileSystemsIfDue(101 * s, busy: true));
        Assert.False(a.RefreshFileSystemsIfDue(104 * s, busy: false));
        Assert.True(a.RefreshFileSystemsIfDue(106 * s, busy: false));
    }

    [Fact]
    public void Writing_real_data_shows_up_in_free_space_after_a_refresh()
    {
        CapacityAccounting a = New();
        long before = a.Tiers[0].FsFree;
        channel.Put(0, "big", (int)(32 * MiB));
        using (var fs = new FileStream(Path.Combine(channel.TierRoots[0], "big"), FileMode.Open))
        {
            fs.Flush(flushToDisk: true);
        }

        a.RefreshFileSystems();
        Assert.True(a.Tiers[0].FsFree < before, $"free space {a.Tiers[0].FsFree} not below {before}");
    }

    [Fact]
    public unsafe void Publishing_writes_every_tiers_numbers_into_the_shared_table()
    {
        using SharedRegion region = channel.Open();
        CapacityAccounting a = New();
        a.AddFile(0, 3 * MiB);
        a.AddFile(0, MiB);
        a.Reserve(channel.V("w"), 0, 1);
        a.PublishTo(region);

        SeanetTier* t = region.TierTable;
        Assert.Equal((10 * MiB, 4 * MiB, MiB, 5 * MiB, 2L), (t->CapacityBytes, t->UsedBytes, t->ReservedBytes, t->RoomBytes, t->FileCount));
        Assert.Equal(a.Tiers[2].Room, region.TierTable[2].RoomBytes);
        Assert.True(region.TierTable[1].FsFreeBytes > 0);
    }

    [Fact]
    public void Recount_rebuilds_used_bytes_and_counts_from_records()
    {
        CapacityAccounting a = New();
        a.AddFile(0, 999);
        a.Recount([
            new(channel.V("a"), new SeaNet.Core.Namespace.FileRecord(0, 10, IndexState.Dirty)),
            new(channel.V("b"), new SeaNet.Core.Namespace.FileRecord(1, 20, IndexState.Dirty)),
            new(channel.V("c"), new SeaNet.Core.Namespace.FileRecord(1, 30, IndexState.Dirty)),
        ]);
        Assert.Equal((10L, 1L, 50L, 2L), (a.Tiers[0].Used, a.Tiers[0].FileCount, a.Tiers[1].Used, a.Tiers[1].FileCount));
    }
}
