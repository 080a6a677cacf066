using SeaNet.Core.Channel;
using SeaNet.Core.Namespace;
using Xunit;

namespace SeaNet.Tests.Namespace;

/// <summary>RENAMED moves a file's record, or every record below a renamed directory.</summary>
public sealed class DirectoryRenameTests : IDisposable
{
    private readonly ApplierFixture f = new(maxFs: 1000);

    public DirectoryRenameTests()
    {
        f.Send(NotificationOp.ClosedWrite, 0, "work/a", size: 1);
        f.Send(NotificationOp.ClosedWrite, 1, "work/sub/b", size: 2);
        f.Send(NotificationOp.ClosedWrite, 0, "work/sub/deeper/c", size: 3);
        f.Send(NotificationOp.ClosedWrite, 0, "work2/not-below", size: 4);
        f.Send(NotificationOp.ClosedWrite, 0, "workfile", size: 5);
    }

    public void Dispose() => f.Dispose();

    [Fact]
    public void Renaming_a_directory_moves_every_record_below_it_and_nothing_else()
    {
        Assert.Equal(ApplyOutcome.Applied, f.Send(NotificationOp.Renamed, 0, "work", newRelative: "done"));

        Assert.Equal((0, 1L), (f.Record("done/a").Tier, f.Record("done/a").Size));
        Assert.Equal((1, 2L), (f.Record("done/sub/b").Tier, f.Record("done/sub/b").Size));
        Assert.Equal((0, 3L), (f.Record("done/sub/deeper/c").Tier, f.Record("done/sub/deeper/c").Size));
        Assert.False(f.Has("work/a") || f.Has("work/sub/b") || f.Has("work/sub/deeper/c"));
        Assert.True(f.Has("work2/not-below") && f.Has("workfile"));

        Assert.Null(f.Reader.Find(f.V("work/sub/b")));
        Assert.Equal(new IndexReader.Hit(1, 2, IndexState.Dirty), f.Reader.Find(f.V("done/sub/b")));
        Assert.Equal((13L, 2L), (f.Tier(0).Used, f.Tier(1).Used));
    }

    [Fact]
    public void Renaming_a_file_onto_another_drops_the_replaced_one_and_its_bytes()
    {
        f.Send(NotificationOp.Renamed, 0, "work/a", newRelative: "workfile");

        Assert.False(f.Has("work/a"));
        Assert.Equal(1, f.Record("workfile").Size);
        Assert.Equal((1L + 3 + 4, 3L), (f.Tier(0).Used, f.Tier(0).FileCount));
    }

    [Fact]
    public void A_file_renamed_onto_another_tier_takes_its_bytes_with_it()
    {
        f.Send(NotificationOp.Renamed, 2, "work/sub/b", newRelative: "persisted/b");

        Assert.Equal((2, IndexState.Clean), (f.Record("persisted/b").Tier, f.Record("persisted/b").State));
        Assert.Equal((0L, 0L), (f.Tier(1).Used, f.Tier(1).FileCount));
        Assert.Equal((2L, 1L), (f.Tier(2).Used, f.Tier(2).FileCount));
    }

    [Fact]
    public void A_file_being_written_keeps_its_reservation_under_its_new_name()
    {
        f.Send(NotificationOp.Created, 0, "work/open");
        f.Send(NotificationOp.Renamed, 0, "work", newRelative: "moved");
        Assert.Equal(1000, f.Tier(0).Reserved);

        f.Send(NotificationOp.ClosedWrite, 0, "moved/open", size: 10);
        Assert.Equal(0, f.Tier(0).Reserved);
    }

    [Fact]
    public void Renaming_a_file_the_daemon_never_saw_learns_its_size_from_the_tier()
    {
        f.Channel.Put(1, "new-name", 321);
        Assert.Equal(ApplyOutcome.Unknown, f.Send(NotificationOp.Renamed, 1, "old-name", newRelative: "new-name"));
        Assert.Equal(new FileRecord(1, 321, IndexState.Dirty), f.Record("new-name"));
    }

    [Fact]
    public void Renaming_something_unknown_that_is_not_on_the_tier_changes_nothing()
    {
        int before = f.Index.Count;
        f.Send(NotificationOp.Renamed, 0, "ghost", newRelative: "ghost2");
        Assert.Equal(before, f.Index.Count);
    }
}
