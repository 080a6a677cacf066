using System.Diagnostics;
using SeaNet.Core.Channel;
using SeaNet.Flusher.Copy;
using SeaNet.Flusher.Workers;
using Xunit;

namespace SeaNet.Tests.Scheduling;

/// <summary>The cases a review of the flusher found (each failed before its fix).</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class FlushReviewTests
{
    [Fact]
    public void Two_files_exchanged_after_a_flush_are_both_flushed_again_with_their_new_contents()
    {
        using var f = new SchedulerFixture(flush: ".*");
        f.Write("a", "content-of-a");
        f.Until(() => f.Record("a").State == IndexState.Clean, "a flushed");
        f.Write("b", "content-of-b");

        // renameat2(a, b, RENAME_EXCHANGE) on one tier, as the shim does it
        File.Move(Path.Join(f.T0, "a"), Path.Join(f.T0, "swap"));
        File.Move(Path.Join(f.T0, "b"), Path.Join(f.T0, "a"));
        File.Move(Path.Join(f.T0, "swap"), Path.Join(f.T0, "b"));
        f.Send(NotificationOp.Exchanged, "a", to: "b");

        Assert.NotEqual(IndexState.Clean, f.Record("a").State);
        f.Until(() => f.Persisted("a") == "content-of-b" && f.Persisted("b") == "content-of-a"
            && f.Record("a").State == IndexState.Clean && f.Record("b").State == IndexState.Clean, "both flushed with their new contents");
    }

    [Fact]
    public void A_rewrite_the_daemon_never_heard_of_is_found_by_reconciling_and_flushed()
    {
        using var f = new SchedulerFixture(flush: ".*");
        f.Write("r", "version-1");
        f.Until(() => f.Record("r").State == IndexState.Clean, "r flushed");

        // the same size, written while the ring was full: no notification reached the daemon
        File.WriteAllText(Path.Join(f.T0, "r"), "version-2");
        f.Scheduler.Reconcile(SchedulerFixture.Now);

        Assert.Equal(IndexState.Stale, f.Record("r").State);
        f.Until(() => f.Persisted("r") == "version-2", "the rewrite flushed");
    }

    [Fact]
    public void A_journal_that_cannot_be_written_does_not_stop_the_flush()
    {
        using var f = new SchedulerFixture(flush: ".*");
        string journal = Path.Join(f.T0, FlushJournal.FileName);
        Chattr("+i", journal);
        try
        {
            f.Write("j.txt", "flushed anyway");
            f.Until(() => f.Persisted("j.txt") == "flushed anyway", "flushed with an unwritable journal");
        }
        finally
        {
            Chattr("-i", journal);
        }
    }

    [Fact]
    public void A_new_file_at_the_name_of_one_still_being_flushed_is_never_published_torn()
    {
        string old = new('1', 3_000_000), fresh = new('2', 3_000_000);
        using var f = new SchedulerFixture(flush: ".*", bandwidth: 4 << 20);
        f.Write("d/f", old);
        f.Scheduler.Tick(SchedulerFixture.Now); // job 1 copies d/f, slowly

        // mv d d2 (the shim moves every tier's copy of the directory), then a new d/f
        Directory.Move(Path.Join(f.T0, "d"), Path.Join(f.T0, "d2"));
        if (Directory.Exists(Path.Join(f.P, "d")))
        {
            Directory.Move(Path.Join(f.P, "d"), Path.Join(f.P, "d2"));
        }

        f.Send(NotificationOp.Renamed, "d", to: "d2");
        f.Write("d/f", fresh);

        var seen = new List<string>();
        f.Until(() =>
        {
            if (File.Exists(Path.Join(f.P, "d/f")))
            {
                string now = File.ReadAllText(Path.Join(f.P, "d/f"));
                Assert.True(now == old || now == fresh, $"torn d/f on the persistent tier: {now.Length} bytes");
            }

            return f.Scheduler.InFlight == 0 && f.Has("d/f") && f.Record("d/f").State == IndexState.Clean
                && f.Has("d2/f") && f.Record("d2/f").State == IndexState.Clean;
        }, "both flushed", seconds: 30);
        Assert.Equal(fresh, f.Persisted("d/f"));
        Assert.Equal(old, f.Persisted("d2/f"));
    }

    [Fact]
    public void A_cached_copy_still_open_for_writing_is_never_dropped()
    {
        using var f = new SchedulerFixture(flush: ".*", evict: ".*", dropClean: true);
        File.WriteAllText(Path.Join(f.T0, "open.dat"), "part1");
        f.Send(NotificationOp.Created, "open.dat"); // the writer keeps it open

        var w = new Waiter();
        f.Scheduler.Drain(w, SchedulerFixture.Now);
        f.Until(() => w.Report is not null, "the drain report");

        Assert.Equal("part1", f.Cached("open.dat")); // still there for the writer's next write
        Assert.Equal(0, f.Record("open.dat").Tier);
    }

    [Fact]
    public void A_file_renamed_while_a_flush_of_its_changes_runs_is_not_published_as_having_one_copy()
    {
        using var f = new SchedulerFixture(flush: ".*", bandwidth: 4 << 20);
        f.Write("s", new string('1', 2_000_000));
        f.Until(() => f.Record("s").State == IndexState.Clean, "s flushed");
        f.Write("s", new string('2', 2_000_000));
        f.Scheduler.Tick(SchedulerFixture.Now); // the flush of the change runs

        File.Move(Path.Join(f.T0, "s"), Path.Join(f.T0, "t"));
        File.Move(Path.Join(f.P, "s"), Path.Join(f.P, "t")); // the shim saw STALE: it moved the old copy too
        f.Send(NotificationOp.Renamed, "s", to: "t");

        Assert.NotEqual(IndexState.Dirty, f.Record("t").State);
        f.Until(() => f.Scheduler.InFlight == 0 && f.Record("t").State == IndexState.Clean, "t flushed", seconds: 30);
        Assert.Equal(new string('2', 2_000_000), f.Persisted("t"));
        Assert.False(File.Exists(Path.Join(f.P, "s")), "a ghost at the old name");
    }

    [Fact]
    public void A_persistent_file_renamed_over_one_being_copied_again_is_never_destroyed()
    {
        using var f = new SchedulerFixture(flush: ".*", bandwidth: 4 << 20);
        f.Write("a", new string('1', 1_000_000));
        f.Until(() => f.Record("a").State == IndexState.Clean, "a flushed");
        f.Write("a", new string('2', 3_000_000)); // changed: flushed again, replacing the old copy
        f.Scheduler.Tick(SchedulerFixture.Now);   // the copy runs, slowly
        File.WriteAllText(Path.Join(f.P, "b"), "only on the persistent tier");

        // `mv b a` through the shim: b lives on the persistent tier, so the rename happens there,
        // and the cached a (the one being flushed) goes
        File.Move(Path.Join(f.P, "b"), Path.Join(f.P, "a"), overwrite: true);
        File.Delete(Path.Join(f.T0, "a"));
        f.Send(NotificationOp.Renamed, "b", tier: 1, to: "a");

        f.Until(() => f.Scheduler.InFlight == 0, "the flush came back", seconds: 30);
        f.Scheduler.Tick(SchedulerFixture.Now);
        Assert.Equal("only on the persistent tier", f.Persisted("a"));
        Assert.Empty(f.HiddenUnder(f.P));
    }

    [Fact]
    public void The_commit_replaces_only_the_persistent_copy_it_expects_and_puts_anything_else_back()
    {
        using var f = new SchedulerFixture(flush: ".*");
        string final = Path.Join(f.P, "a"), temp = Path.Join(f.P, ShmLayout.HiddenPrefix + "a~1");
        File.WriteAllText(final, "old copy");
        var when = new DateTime(2022, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(final, when);
        long whenNs = (when - DateTime.UnixEpoch).Ticks * 100;

        // what a user renamed over the final name between the copy and the commit
        File.WriteAllText(temp, "new copy");
        File.WriteAllText(final, "renamed here by the user"); // not the copy the job expects any more
        Assert.Equal(FileCopier.Conflict, FileCopier.PublishOver(temp, final, "old copy".Length, whenNs));
        Assert.Equal("renamed here by the user", File.ReadAllText(final));
        Assert.Equal("new copy", File.ReadAllText(temp)); // the caller removes it

        // the expected copy is replaced, and the old one removed
        File.WriteAllText(final, "old copy");
        File.SetLastWriteTimeUtc(final, when);
        Assert.Equal(0, FileCopier.PublishOver(temp, final, "old copy".Length, whenNs));
        Assert.Equal("new copy", File.ReadAllText(final));
        Assert.False(File.Exists(temp));
    }

    [Fact]
    public void A_symlink_flushed_before_is_replaced_by_its_new_version_counting_0_bytes_as_the_flusher_does()
    {
        using var f = new SchedulerFixture(flush: ".*");
        string final = Path.Join(f.P, "l"), temp = Path.Join(f.P, ShmLayout.HiddenPrefix + "l~1");
        File.CreateSymbolicLink(final, "old-target");
        File.CreateSymbolicLink(temp, "new-target");
        Assert.True(SeaNet.Flusher.Scheduling.NativeStat.TryStat(final, out long size, out long mtime, out _));
        Assert.Equal(0, size);

        Assert.Equal(0, FileCopier.PublishOver(temp, final, size, mtime));
        Assert.Equal("new-target", new FileInfo(final).LinkTarget);
    }

    [Fact]
    public void A_flush_barrier_on_a_name_that_is_nowhere_fails()
    {
        using var f = new SchedulerFixture(flush: ".*");
        var w = new Waiter();
        f.Scheduler.Flush([f.V("no/such/file")], w, SchedulerFixture.Now);
        f.Until(() => w.Report is not null, "the report");
        Assert.Equal(f.V("no/such/file"), Assert.Single(w.Report!.Failed).Path);
    }

    private static void Chattr(string flag, string path)
    {
        using var p = Process.Start(new ProcessStartInfo("chattr", [flag, path]) { RedirectStandardError = true })!;
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"chattr {flag} {path}: {p.StandardError.ReadToEnd()}");
    }
}
