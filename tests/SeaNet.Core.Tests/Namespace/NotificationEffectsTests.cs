using SeaNet.Core.Channel;
using SeaNet.Core.Namespace;
using Xunit;

namespace SeaNet.Tests.Namespace;

/// <summary>What each notification does to the namespace and the accounting.</summary>
public sealed class NotificationEffectsTests : IDisposable
{
    private readonly ApplierFixture f = new(maxFs: 1000);

    public void Dispose() => f.Dispose();

    [Fact]
    public void A_created_file_is_recorded_and_reserves_max_fs_until_closed_after_writing()
    {
        f.Send(NotificationOp.Created, 0, "out.nii");

        Assert.Equal(new FileRecord(0, 0, IndexState.Dirty, Version: 1), f.Record("out.nii"));
        Assert.Equal((1000L, 0L, 1L), (f.Tier(0).Reserved, f.Tier(0).Used, f.Tier(0).FileCount));
        Assert.Equal(new IndexReader.Hit(0, 0, IndexState.Dirty), f.Reader.Find(f.V("out.nii")));

        f.Send(NotificationOp.ClosedWrite, 0, "out.nii", size: 640);

        Assert.Equal(new FileRecord(0, 640, IndexState.Dirty, Version: 2), f.Record("out.nii"));
        Assert.Equal((0L, 640L), (f.Tier(0).Reserved, f.Tier(0).Used));
        Assert.Equal(new IndexReader.Hit(0, 640, IndexState.Dirty), f.Reader.Find(f.V("out.nii")));
    }

    [Fact]
    public void A_file_rewritten_bigger_then_smaller_keeps_used_bytes_exact()
    {
        f.Send(NotificationOp.Created, 1, "f");
        f.Send(NotificationOp.ClosedWrite, 1, "f", size: 500);
        f.Send(NotificationOp.ClosedWrite, 1, "f", size: 800);
        f.Send(NotificationOp.Truncated, 1, "f", size: 100);

        Assert.Equal((100L, 1L), (f.Tier(1).Used, f.Tier(1).FileCount));
        Assert.Equal(100, f.Record("f").Size);
    }

    [Fact]
    public void Removing_a_file_gives_its_bytes_back_and_tombstones_it()
    {
        f.Send(NotificationOp.Created, 0, "tmp");
        f.Send(NotificationOp.ClosedWrite, 0, "tmp", size: 300);
        f.Send(NotificationOp.Removed, 0, "tmp");

        Assert.False(f.Has("tmp"));
        Assert.Equal((0L, 0L, 0L), (f.Tier(0).Used, f.Tier(0).FileCount, f.Tier(0).Reserved));
        Assert.True(f.Reader.IsTombstone(f.V("tmp")));
    }

    [Fact]
    public void Removing_a_file_still_being_written_releases_its_reservation()
    {
        f.Send(NotificationOp.Created, 0, "half");
        f.Send(NotificationOp.Removed, 0, "half");
        Assert.Equal(0, f.Tier(0).Reserved);
    }

    [Fact]
    public void Files_on_the_persistent_tier_are_clean_and_cache_files_dirty()
    {
        f.Send(NotificationOp.ClosedWrite, 2, "on-persistent", size: 5);
        f.Send(NotificationOp.ClosedWrite, 0, "in-cache", size: 5);

        Assert.Equal(IndexState.Clean, f.Record("on-persistent").State);
        Assert.Equal(IndexState.Dirty, f.Record("in-cache").State);
    }

    [Fact]
    public void Notifications_about_files_the_daemon_never_saw_record_them()
    {
        Assert.Equal(ApplyOutcome.Unknown, f.Send(NotificationOp.ClosedWrite, 1, "older", size: 42));
        Assert.Equal(new FileRecord(1, 42, IndexState.Dirty), f.Record("older"));

        Assert.Equal(ApplyOutcome.Unknown, f.Send(NotificationOp.Truncated, 0, "older2", size: 7));
        Assert.Equal((0, 7L), (f.Record("older2").Tier, f.Record("older2").Size));

        Assert.Equal(ApplyOutcome.Unknown, f.Send(NotificationOp.Removed, 0, "never-existed"));
        Assert.Equal(49, f.Tier(0).Used + f.Tier(1).Used);
    }

    [Fact]
    public void Directories_are_not_recorded()
    {
        Assert.Equal(ApplyOutcome.Ignored, f.Send(NotificationOp.Mkdir, 0, "d"));
        Assert.Equal(ApplyOutcome.Ignored, f.Send(NotificationOp.Rmdir, 0, "d"));
        Assert.Equal(0, f.Index.Count);
    }

    [Fact]
    public void Creating_over_an_existing_file_on_another_tier_moves_its_accounting()
    {
        f.Send(NotificationOp.ClosedWrite, 1, "again", size: 90);
        f.Send(NotificationOp.Created, 0, "again");

        Assert.Equal((0L, 0L), (f.Tier(1).Used, f.Tier(1).FileCount));
        Assert.Equal((0L, 1L, 1000L), (f.Tier(0).Used, f.Tier(0).FileCount, f.Tier(0).Reserved));
    }
}
