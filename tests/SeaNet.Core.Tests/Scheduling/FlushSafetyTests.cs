using System.Diagnostics;
using SeaNet.Core.Channel;
using SeaNet.Flusher.Workers;
using Xunit;

namespace SeaNet.Tests.Scheduling;

/// <summary>Races with the application, crashes and persistent-side errors: nothing lost, no ghost, no temporary left.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class FlushSafetyTests
{
    [Fact]
    public void A_file_rewritten_while_it_is_flushed_is_flushed_again_with_its_last_content()
    {
        using var f = new SchedulerFixture(flush: ".*");
        f.Write("r.txt", new string('1', 100_000));
        f.Scheduler.Tick(SchedulerFixture.Now); // dispatched: the copy may be under way
        f.Write("r.txt", "second");

        f.Until(() => f.Record("r.txt").State == IndexState.Clean && f.Scheduler.InFlight == 0, "r.txt clean");
        Assert.Equal("second", f.Persisted("r.txt"));
    }

    [Fact]
    public void A_file_removed_while_it_is_flushed_leaves_no_copy_on_the_persistent_tier()
    {
        using var f = new SchedulerFixture(flush: ".*");
        for (int i = 0; i < 20; i++)
        {
            f.Write($"gone{i}.txt", new string('x', 50_000));
        }

        f.Scheduler.Tick(SchedulerFixture.Now);
        for (int i = 0; i < 20; i++)
        {
            // the shim removes every copy it sees, then notifies
            File.Delete(Path.Join(f.T0, $"gone{i}.txt"));
            File.Delete(Path.Join(f.P, $"gone{i}.txt"));
            f.Send(NotificationOp.Removed, $"gone{i}.txt");
        }

        f.Until(() => f.Scheduler.InFlight == 0, "the workers done");
        f.Scheduler.Tick(SchedulerFixture.Now);
        Assert.Empty(Directory.EnumerateFiles(f.P, "gone*"));
        Assert.Empty(f.HiddenUnder(f.P));
    }

    [Fact]
    public void A_flushed_file_renamed_by_a_shim_that_did_not_know_of_its_persistent_copy_leaves_no_ghost()
    {
        using var f = new SchedulerFixture(flush: ".*");
        f.Write("a.txt", "alpha");
        f.Until(() => f.Record("a.txt").State == IndexState.Clean, "a.txt clean");

        File.Move(Path.Join(f.T0, "a.txt"), Path.Join(f.T0, "b.txt")); // the cached copy only
        f.Send(NotificationOp.Renamed, "a.txt", to: "b.txt");

        Assert.False(File.Exists(Path.Join(f.P, "a.txt")), "the old name still shows on the persistent tier");
        f.Until(() => f.Persisted("b.txt") == "alpha" && f.Record("b.txt").State == IndexState.Clean, "b.txt flushed");
    }

    [Fact]
    public void A_flushed_file_renamed_with_its_persistent_copy_stays_clean_without_a_second_copy()
    {
        using var f = new SchedulerFixture(flush: ".*");
        f.Write("a.txt", "alpha");
        f.Until(() => f.Record("a.txt").State == IndexState.Clean, "a.txt clean");

        File.Move(Path.Join(f.T0, "a.txt"), Path.Join(f.T0, "b.txt"));
        File.Move(Path.Join(f.P, "a.txt"), Path.Join(f.P, "b.txt"));
        f.Send(NotificationOp.Renamed, "a.txt", to: "b.txt");

        f.Never(() => f.Scheduler.FilesFlushed > 1, "flushed again");
        Assert.Equal(IndexState.Clean, f.Record("b.txt").State);
        Assert.Equal("alpha", f.Persisted("b.txt"));
    }

    [Fact]
    public void A_writer_that_opened_a_file_as_its_cached_copy_was_dropped_gets_the_file_back()
    {
        using var f = new SchedulerFixture(flush: ".*", evict: ".*");
        f.Write("m.txt", "moved");
        f.Until(() => f.Has("m.txt") && f.Record("m.txt").Tier == 1, "m.txt moved");

        // a process had opened the cached copy just before: its OPENED_WRITE comes in now
        f.Send(NotificationOp.OpenedWrite, "m.txt", tier: 0);

        Assert.Equal("moved", f.Cached("m.txt"));
        Assert.Equal(0, f.Record("m.txt").Tier);
        Assert.Equal(IndexState.Stale, f.Record("m.txt").State);
        f.Never(() => f.Cached("m.txt") is null, "the tomb's grace ending removed the put-back file", 2500);
    }

    [Fact]
    public void Temporaries_a_killed_flush_left_are_removed_at_start_and_nothing_else()
    {
        using var f = new SchedulerFixture(flush: ".*", start: false);
        Directory.CreateDirectory(Path.Join(f.P, "d"));
        string temp = Path.Join(f.P, "d", ShmLayout.HiddenPrefix + "x.txt");
        string innocent = Path.Join(f.P, "d", "x.txt");
        File.WriteAllText(temp, "half");
        File.WriteAllText(innocent, "keep me");
        File.WriteAllText(Path.Join(f.T0, FlushJournal.FileName), temp + "\n" + innocent + "\n");

        f.Start();

        Assert.False(File.Exists(temp));
        Assert.Equal("keep me", File.ReadAllText(innocent));
        Assert.Equal(0, new FileInfo(Path.Join(f.T0, FlushJournal.FileName)).Length);
    }

    [Fact]
    public void At_start_cached_files_are_compared_with_the_persistent_tier_and_only_changed_ones_flushed()
    {
        using var f = new SchedulerFixture(flush: ".*", start: false);
        var when = new DateTime(2021, 5, 6, 7, 8, 9, DateTimeKind.Utc);
        foreach ((string name, string cached, string? persisted) in new[] { ("same.txt", "s", "s"), ("changed.txt", "new", "old"), ("new.txt", "n", null) })
        {
            File.WriteAllText(Path.Join(f.T0, name), cached);
            File.SetLastWriteTimeUtc(Path.Join(f.T0, name), when);
            if (persisted is not null)
            {
                File.WriteAllText(Path.Join(f.P, name), persisted);
                File.SetLastWriteTimeUtc(Path.Join(f.P, name), name == "same.txt" ? when : when.AddSeconds(-5));
            }
        }

        f.Start();
        Assert.Equal(IndexState.Clean, f.Record("same.txt").State);

        // the files appear on the persistent tier at the commit, before the main loop counts the
        // results: wait for both, then check that nothing else was flushed
        f.Until(() => f.Persisted("changed.txt") == "new" && f.Persisted("new.txt") == "n" && f.Scheduler.FilesFlushed >= 2, "changed and new files flushed");
        Assert.Equal(2, f.Scheduler.FilesFlushed);
    }

    [Fact]
    public void A_persistent_directory_that_refuses_writes_loses_nothing_and_the_drain_reports_it()
    {
        using var f = new SchedulerFixture(flush: ".*", drainRetries: 1);
        string sub = Path.Join(f.P, "sub");
        Directory.CreateDirectory(sub);
        Chattr("+i", sub);
        try
        {
            f.Write("sub/x.txt", "precious");
            f.Until(() => f.Scheduler.Snapshot().Failing == 1, "the failure counted");
            var w = new Waiter();
            f.Scheduler.Drain(w, SchedulerFixture.Now);
            f.Until(() => w.Report is not null, "the drain gives up", seconds: 30);

            Assert.Equal(f.V("sub/x.txt"), Assert.Single(w.Report!.Failed).Path);
            Assert.Contains("not permitted", w.Report.Failed[0].Reason, StringComparison.OrdinalIgnoreCase);
            Assert.Equal("precious", f.Cached("sub/x.txt"));
            Assert.Empty(Directory.EnumerateFileSystemEntries(sub));
        }
        finally
        {
            Chattr("-i", sub);
        }

        var again = new Waiter();
        f.Scheduler.Flush([f.V("sub/x.txt")], again, SchedulerFixture.Now);
        f.Until(() => again.Report is not null, "flushed once writable");
        Assert.Empty(again.Report!.Failed);
        Assert.Equal("precious", f.Persisted("sub/x.txt"));
    }

    [Fact]
    public void Past_the_high_water_mark_the_least_recently_used_clean_files_leave_the_cache()
    {
        const long capacity = 1 << 20;
        using var f = new SchedulerFixture(flush: ".*", cacheCapacity: capacity);
        string chunk = new('z', 64 * 1024);
        for (int i = 0; i < 16; i++)
        {
            f.Write($"c{i:00}", chunk);
            Thread.Sleep(2);
        }

        f.Until(() => f.Accounting.Tiers[0].Used <= capacity * 3 / 4, "tier 0 down to its low-water mark", seconds: 30);

        for (int i = 0; i < 16; i++)
        {
            Assert.Equal(chunk, f.Persisted($"c{i:00}"));
        }

        Assert.Null(f.Cached("c00"));
        Assert.Equal(chunk, f.Cached("c15"));
    }

    [Fact]
    public void Files_the_prefetch_list_names_are_copied_into_the_cache_at_start()
    {
        using var f = new SchedulerFixture(prefetch: @"in/.*\.dat", start: false);
        Directory.CreateDirectory(Path.Join(f.P, "in"));
        File.WriteAllText(Path.Join(f.P, "in/a.dat"), "input");
        File.WriteAllText(Path.Join(f.P, "in/b.txt"), "not listed");

        f.Start();
        f.Until(() => f.Has("in/a.dat") && f.Record("in/a.dat").Tier == 0, "in/a.dat prefetched");

        Assert.Equal("input", f.Cached("in/a.dat"));
        Assert.Equal(IndexState.Clean, f.Record("in/a.dat").State);
        Assert.Null(f.Cached("in/b.txt"));
        Assert.Empty(f.HiddenUnder(f.T0));
    }

    [Fact]
    public void A_persistent_directory_replaced_by_a_symlink_does_not_lead_a_flush_outside_the_persistent_tier()
    {
        using var f = new SchedulerFixture(flush: ".*", drainRetries: 0);
        string elsewhere = Directory.CreateTempSubdirectory("seanet-elsewhere-").FullName;
        try
        {
            Directory.CreateSymbolicLink(Path.Join(f.P, "out"), elsewhere);
            f.Write("out/x.txt", "must stay home");
            var w = new Waiter();
            f.Scheduler.Drain(w, SchedulerFixture.Now);
            f.Until(() => w.Report is not null, "the drain report");

            Assert.Empty(Directory.EnumerateFileSystemEntries(elsewhere));
            Assert.Contains("symbolic link", Assert.Single(w.Report!.Failed).Reason, StringComparison.Ordinal);
            Assert.Equal("must stay home", f.Cached("out/x.txt"));
        }
        finally
        {
            Directory.Delete(elsewhere, true);
        }
    }

    private static void Chattr(string flag, string path)
    {
        using var p = Process.Start(new ProcessStartInfo("chattr", [flag, path]) { RedirectStandardError = true })!;
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"chattr {flag} {path}: {p.StandardError.ReadToEnd()}");
    }
}
