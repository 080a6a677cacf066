using SeaNet.Core.Channel;
using SeaNet.Core.Namespace;
using SeaNet.Flusher.Scheduling;
using Xunit;

namespace SeaNet.Tests.Scheduling;

/// <summary>The four rows of the flush/evict table, on real tiers with the real workers.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class FlushFatesTests
{
    [Fact]
    public void A_file_in_the_flush_list_only_is_copied_and_its_cached_copy_kept()
    {
        using var f = new SchedulerFixture(flush: @"out/.*\.txt");
        f.Write("out/a.txt", "alpha");
        File.SetUnixFileMode(Path.Join(f.T0, "out/a.txt"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        var mtime = new DateTime(2020, 1, 2, 3, 4, 5, DateTimeKind.Utc).AddTicks(1234567);
        File.SetLastWriteTimeUtc(Path.Join(f.T0, "out/a.txt"), mtime);
        f.Send(NotificationOp.ClosedWrite, "out/a.txt", size: -1);

        f.Until(() => f.Record("out/a.txt").State == IndexState.Clean, "out/a.txt clean");

        Assert.Equal("alpha", f.Persisted("out/a.txt"));
        Assert.Equal("alpha", f.Cached("out/a.txt"));
        Assert.Equal(0, f.Record("out/a.txt").Tier);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(Path.Join(f.P, "out/a.txt")));
        Assert.Equal(mtime, File.GetLastWriteTimeUtc(Path.Join(f.P, "out/a.txt")));
        Assert.Empty(f.HiddenUnder(f.P));
    }

    [Fact]
    public void A_file_in_both_lists_is_moved()
    {
        using var f = new SchedulerFixture(flush: @".*\.nii", evict: @".*\.nii");
        f.Write("sub/b.nii", "bravo");

        f.Until(() => f.Has("sub/b.nii") && f.Record("sub/b.nii").Tier == 1, "b.nii moved to the persistent tier");
        f.Until(() => !f.HiddenUnder(f.T0).Any(), "the tomb removed after its grace", seconds: 10);

        Assert.Equal("bravo", f.Persisted("sub/b.nii"));
        Assert.Null(f.Cached("sub/b.nii"));
        Assert.Equal(IndexState.Clean, f.Record("sub/b.nii").State);
        Assert.Equal(0, f.Accounting.Tiers[0].Used);
    }

    [Fact]
    public void A_file_in_the_evict_list_only_never_reaches_the_persistent_tier_and_leaves_the_cache()
    {
        using var f = new SchedulerFixture(flush: @"keep/.*", evict: @"tmp/.*");
        f.Write("tmp/scratch.dat", "charlie");

        f.Until(() => !f.Has("tmp/scratch.dat"), "scratch.dat evicted");
        f.Until(() => !f.HiddenUnder(f.T0).Any(), "the tomb removed after its grace", seconds: 10);

        Assert.Null(f.Cached("tmp/scratch.dat"));
        Assert.False(File.Exists(Path.Join(f.P, "tmp/scratch.dat")));
        Assert.Equal(1, f.Scheduler.FilesEvicted);
    }

    [Fact]
    public void A_file_in_neither_list_stays_in_cache_and_the_drain_reports_it()
    {
        using var f = new SchedulerFixture(flush: @"keep/.*");
        f.Write("other/d.txt", "delta");
        f.Write("keep/e.txt", "echo");

        f.Until(() => f.Record("keep/e.txt").State == IndexState.Clean, "keep/e.txt flushed");
        var w = new Waiter();
        f.Scheduler.Drain(w, SchedulerFixture.Now);
        f.Until(() => w.Report is not null, "the drain report");

        Assert.Equal("delta", f.Cached("other/d.txt"));
        Assert.False(File.Exists(Path.Join(f.P, "other/d.txt")));
        Assert.Equal([(f.V("other/d.txt"), "not persisted (not in the flush list)")], w.Report!.Kept);
        Assert.Empty(w.Report.Failed);
    }

    [Fact]
    public void Nothing_is_flushed_before_the_quiet_period_has_passed()
    {
        using var f = new SchedulerFixture(flush: ".*", delay: TimeSpan.FromSeconds(30));
        f.Write("slow.txt", "x");

        f.Never(() => File.Exists(Path.Join(f.P, "slow.txt")), "flushed within the quiet period", 600);

        var w = new Waiter();
        f.Scheduler.Flush([f.V("slow.txt")], w, SchedulerFixture.Now);
        f.Until(() => w.Report is not null, "the flush barrier");
        Assert.Equal("x", f.Persisted("slow.txt"));
        Assert.Equal(1, w.Report!.Persisted);
    }

    [Fact]
    public void A_file_still_open_for_writing_is_not_flushed_until_its_last_writer_closes()
    {
        using var f = new SchedulerFixture(flush: ".*");
        File.WriteAllText(Path.Join(f.T0, "open.txt"), "part");
        f.Send(NotificationOp.Created, "open.txt");

        f.Never(() => File.Exists(Path.Join(f.P, "open.txt")), "flushed while open for writing");

        File.AppendAllText(Path.Join(f.T0, "open.txt"), "-whole");
        f.Send(NotificationOp.ClosedWrite, "open.txt", size: -1);
        f.Until(() => f.Persisted("open.txt") == "part-whole", "flushed after close");
    }
}
