using System.Diagnostics;
using SeaNet.Core.Channel;
using SeaNet.Core.Configuration;
using SeaNet.Core.Logging;
using SeaNet.Core.Namespace;
using SeaNet.Preload.Daemon;
using SeaNet.Tests.Namespace;
using Xunit;

namespace SeaNet.Tests.Channel;

/// <summary>The daemon's real loop, in-process: it applies what shims send, shrugs off garbage,
/// keeps its heartbeat, stops cleanly, and a restarted daemon rebuilds from the tiers.</summary>
public sealed unsafe class DaemonLoopTests : IDisposable
{
    private readonly TestChannel channel = new(indexSlots: 1024, maxFs: 1000);
    private readonly SeaLog log;

    public DaemonLoopTests()
    {
        log = new SeaLog("seanetd-test", LogLevel.Debug, Path.Combine(channel.Directory, "daemon.log"));
    }

    public void Dispose()
    {
        log.Dispose();
        channel.Dispose();
    }

    private sealed class Running : IDisposable
    {
        private readonly Thread thread;
        private int status = -1;

        public Running(DaemonHost host)
        {
            Host = host;
            thread = new Thread(() => status = host.Run());
            thread.Start();
            WaitFor(() => host.RegionForTests.State == DaemonState.Running);
        }

        public DaemonHost Host { get; }

        public int Stop()
        {
            Host.RequestStop();
            Assert.True(thread.Join(TimeSpan.FromSeconds(10)), "the loop stops when asked");
            return status;
        }

        public void Dispose()
        {
            if (thread.IsAlive)
            {
                Stop();
            }

            Host.Dispose();
        }
    }

    private Running Start() =>
        new(DaemonHost.Open(new DaemonOptions { Channel = channel.RegionPath }, channel.Config, log));

    private static void WaitFor(Func<bool> condition, int ms = 5000)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.ElapsedMilliseconds < ms, "timed out waiting");
            Thread.Sleep(2);
        }
    }

    [Fact]
    public void Notifications_reach_the_published_index_and_the_tier_table()
    {
        using Running d = Start();
        SharedRegion region = d.Host.RegionForTests;
        var producer = new RingProducer(region);
        var reader = new IndexReader(region);

        producer.Send(NotificationOp.Created, 1, channel.V("out/a.nii"));
        WaitFor(() => region.TierTable[1].ReservedBytes == 1000);
        producer.Send(NotificationOp.ClosedWrite, 1, channel.V("out/a.nii"), size: 700);
        WaitFor(() => reader.Find(channel.V("out/a.nii")) is { Size: 700 });

        // the tier table follows the batch that the index entry was published in
        WaitFor(() => (Volatile.Read(ref region.Tier(1).UsedBytes), Volatile.Read(ref region.Tier(1).ReservedBytes), Volatile.Read(ref region.Tier(1).FileCount)) == (700L, 0L, 1L));
        Assert.Equal(0, d.Stop());
        Assert.Equal(DaemonState.Stopping, region.State);
    }

    [Fact]
    public void The_bytes_a_shim_reserved_come_back_once_its_created_is_accounted()
    {
        using Running d = Start();
        SharedRegion region = d.Host.RegionForTests;
        var producer = new RingProducer(region);

        // what two shims do when they place a file: add max_fs to inflight, then send CREATED
        Interlocked.Add(ref region.Tier(1).InflightBytes, 2000);
        producer.Send(NotificationOp.Created, 1, channel.V("out/a.nii"), size: 1000);
        producer.Send(NotificationOp.Created, 1, channel.V("out/b.nii"), size: 1000);

        WaitFor(() => Volatile.Read(ref region.Tier(1).InflightBytes) == 0);
        Assert.Equal(2000L, region.TierTable[1].ReservedBytes);
    }

    [Fact]
    public void A_close_without_a_size_is_measured_by_the_daemon_on_the_tier()
    {
        using Running d = Start();
        SharedRegion region = d.Host.RegionForTests;
        var producer = new RingProducer(region);
        var reader = new IndexReader(region);

        producer.Send(NotificationOp.Created, 1, channel.V("out/b.nii"));
        channel.Put(1, "out/b.nii", 4321);
        producer.Send(NotificationOp.ClosedWrite, 1, channel.V("out/b.nii"), size: -1);

        WaitFor(() => reader.Find(channel.V("out/b.nii")) is { Size: 4321 });
        WaitFor(() => Volatile.Read(ref region.Tier(1).UsedBytes) == 4321); // the tier table follows the batch
    }

    [Fact]
    public void A_file_stays_reserved_until_every_writer_process_has_closed_it()
    {
        using Running d = Start();
        SharedRegion region = d.Host.RegionForTests;
        var producer = new RingProducer(region);
        int me = Environment.ProcessId;
        int child = me == 1 ? 2 : 1; // any other live pid would do; 1 (init) always is

        channel.Put(1, "log.txt", 10);
        producer.Send(NotificationOp.OpenedWrite, 1, channel.V("log.txt"));                 // a shell: exec >log.txt
        producer.SendRaw((uint)NotificationOp.OpenedWrite, 1, child, 0, RingProducer.Encode(channel.V("log.txt"))); // its child inherits it
        producer.SendRaw((uint)NotificationOp.ClosedWrite, 1, child, -1, RingProducer.Encode(channel.V("log.txt"))); // the child exits
        WaitFor(() => d.Host.IndexForTests.Count == 1 && Volatile.Read(ref region.Tier(1).UsedBytes) == 10);
        WaitFor(() => Volatile.Read(ref region.Header->RingHead) == Volatile.Read(ref region.Header->RingTail)); // the child's close is applied
        Thread.Sleep(50); // and published
        Assert.Equal(1000L, region.TierTable[1].ReservedBytes); // the shell still writes

        producer.Send(NotificationOp.ClosedWrite, 1, channel.V("log.txt"), size: -1);
        WaitFor(() => Volatile.Read(ref region.Tier(1).ReservedBytes) == 0);
    }

    [Fact]
    public void After_notifications_are_lost_the_daemon_resyncs_with_the_cache_tiers()
    {
        channel.Put(0, "kept", 10);
        channel.Put(0, "removed-unnoticed", 20);
        using Running d = Start();
        SharedRegion region = d.Host.RegionForTests;
        var reader = new IndexReader(region);
        WaitFor(() => d.Host.IndexForTests.Count == 2);

        // what a shim does when the ring is full: the change happens, the message is counted lost
        File.Delete(Path.Combine(channel.TierRoots[0], "removed-unnoticed"));
        channel.Put(1, "created-unnoticed", 30);
        Interlocked.Increment(ref region.Header->Dropped);

        WaitFor(() => reader.Find(channel.V("created-unnoticed")) is { Tier: 1, Size: 30 } &&
                      reader.Find(channel.V("removed-unnoticed")) is null, ms: 10_000);
        WaitFor(() => Volatile.Read(ref region.Tier(0).UsedBytes) == 10 && Volatile.Read(ref region.Tier(1).UsedBytes) == 30);
    }

    [Fact]
    public void A_created_claiming_more_than_max_fs_hands_back_only_max_fs()
    {
        using Running d = Start();
        SharedRegion region = d.Host.RegionForTests;
        var producer = new RingProducer(region);

        // this shim's 1000, and 5000 of other shims whose CREATED is still to come
        Interlocked.Add(ref region.Tier(1).InflightBytes, 6000);
        producer.Send(NotificationOp.Created, 1, channel.V("out/huge.nii"), size: 1L << 40);

        WaitFor(() => Volatile.Read(ref region.Tier(1).InflightBytes) != 6000);
        Assert.Equal(5000L, Volatile.Read(ref region.Tier(1).InflightBytes));
    }

    [Fact]
    public void Inflight_bytes_from_before_a_restart_cannot_go_below_zero()
    {
        using Running d = Start();
        SharedRegion region = d.Host.RegionForTests;
        var producer = new RingProducer(region);

        // a shim added before this daemon reset the table; its CREATED arrives now
        producer.Send(NotificationOp.Created, 1, channel.V("out/old.nii"), size: 1000);

        WaitFor(() => region.TierTable[1].ReservedBytes == 1000);
        Thread.Sleep(50);
        Assert.Equal(0L, Volatile.Read(ref region.Tier(1).InflightBytes));
    }

    [Fact]
    public void Garbage_and_escapes_are_skipped_and_the_daemon_keeps_serving()
    {
        using Running d = Start();
        SharedRegion region = d.Host.RegionForTests;
        var producer = new RingProducer(region);
        var random = new Random(99);

        for (int i = 0; i < 200; i++)
        {
            producer.SendRandom(random);
        }

        producer.Send(NotificationOp.Created, 0, channel.Mount + "/../etc/passwd");
        producer.Send(NotificationOp.Created, 0, "/etc/passwd");
        producer.Send(NotificationOp.Renamed, 0, channel.V("x"), channel.Mount + "/../../root/.ssh/authorized_keys");
        producer.Send(NotificationOp.ClosedWrite, 0, channel.V("still-works"), size: 5);

        var reader = new IndexReader(region);
        WaitFor(() => reader.Find(channel.V("still-works")) is not null);
        Assert.Equal(203, d.Host.RingStatsForTests.Rejected);
        Assert.Equal(1, d.Host.IndexForTests.Count);
        Assert.False(d.Host.IndexForTests.TryGet("/etc/passwd", out _));
        Assert.Equal(0, d.Stop());
        Assert.Contains("malformed notification", File.ReadAllText(Path.Combine(channel.Directory, "daemon.log")));
    }

    [Fact]
    public void The_heartbeat_advances_while_idle()
    {
        using Running d = Start();
        SeanetHeader* h = d.Host.RegionForTests.Header;
        ulong first = Volatile.Read(ref h->HeartbeatNs);
        WaitFor(() => Volatile.Read(ref h->HeartbeatNs) > first + 100_000_000UL, 2000);
        ulong age = SeaNet.Core.Interop.MonotonicClock.NowNs() - Volatile.Read(ref h->HeartbeatNs);
        Assert.True(age < 400_000_000UL, $"heartbeat {age / 1_000_000} ms old");
    }

    [Fact]
    public void A_restarted_daemon_rebuilds_its_index_from_the_tiers()
    {
        using (Running first = Start())
        {
            var producer = new RingProducer(first.Host.RegionForTests);
            channel.Put(0, "kept/file", 64);
            producer.Send(NotificationOp.ClosedWrite, 0, channel.V("kept/file"), size: 64);
            producer.Send(NotificationOp.ClosedWrite, 0, channel.V("only-notified"), size: 1); // never on a tier
            WaitFor(() => first.Host.IndexForTests.Count == 2);
            first.Stop();
        }

        channel.Put(1, "spilled", 9);
        using Running second = Start();
        SharedRegion region = second.Host.RegionForTests;
        Assert.Equal(2UL, region.Header->Generation);
        var reader = new IndexReader(region);
        Assert.Equal(new IndexReader.Hit(0, 64, IndexState.Dirty), reader.Find(channel.V("kept/file")));
        Assert.Equal(new IndexReader.Hit(1, 9, IndexState.Dirty), reader.Find(channel.V("spilled")));
        Assert.Null(reader.Find(channel.V("only-notified")));
        Assert.Equal(64, region.TierTable[0].UsedBytes);
    }
}
