using System.Diagnostics;
using SeaNet.Core.Channel;
using SeaNet.Core.Interop;
using Xunit;

namespace SeaNet.Tests.Channel;

public sealed class RingConsumeTests : RingTestBase
{
    [Fact]
    public void Messages_come_out_in_order_with_every_field()
    {
        Assert.True(Producer.Send(NotificationOp.Created, 1, Channel.V("a/b.nii")));
        Assert.True(Producer.Send(NotificationOp.ClosedWrite, 1, Channel.V("a/b.nii"), size: 4096));
        Assert.True(Producer.Send(NotificationOp.Renamed, 0, Channel.V("a"), Channel.V("c")));

        Assert.Equal(RingRead.Message, Ring.TryRead(out Notification m, out _));
        Assert.Equal(new Notification(NotificationOp.Created, 1, Environment.ProcessId, 0, Channel.V("a/b.nii"), null), m);
        Assert.Equal(RingRead.Message, Ring.TryRead(out m, out _));
        Assert.Equal((NotificationOp.ClosedWrite, 4096L), (m.Op, m.Size));
        Assert.Equal(RingRead.Message, Ring.TryRead(out m, out _));
        Assert.Equal((NotificationOp.Renamed, Channel.V("a"), Channel.V("c")), (m.Op, m.Path, m.NewPath));
        Assert.Equal(RingRead.Empty, Ring.TryRead(out _, out _));
        Assert.Equal(3, Ring.Stats.Consumed);
    }

    [Fact]
    public unsafe void A_consumed_slot_is_handed_to_the_next_lap_and_the_head_is_published()
    {
        Producer.Send(NotificationOp.Mkdir, 0, Channel.V("d"));
        Ring.TryRead(out _, out _);

        Assert.Equal((ulong)ShmLayout.RingSlots, Volatile.Read(ref Region.Ring[0].Seq));
        Assert.Equal(1UL, Volatile.Read(ref Region.Header->RingHead));
    }

    [Fact]
    public unsafe void A_full_ring_drops_and_counts_instead_of_waiting()
    {
        for (int i = 0; i < ShmLayout.RingSlots; i++)
        {
            Assert.True(Producer.Send(NotificationOp.Mkdir, 0, Channel.V($"d{i}")));
        }

        Assert.False(Producer.Send(NotificationOp.Mkdir, 0, Channel.V("one-too-many")));
        Assert.Equal(1UL, Region.Header->Dropped);

        Assert.Equal(RingRead.Message, Ring.TryRead(out Notification first, out _));
        Assert.Equal(Channel.V("d0"), first.Path);
        Assert.True(Producer.Send(NotificationOp.Mkdir, 0, Channel.V("fits-again")));
    }

    [Fact]
    public void The_ring_wraps_around_many_times()
    {
        int total = (ShmLayout.RingSlots * 3) + 7;
        for (int i = 0; i < total; i++)
        {
            Assert.True(Producer.Send(NotificationOp.Truncated, 0, Channel.V("f"), size: i));
            Assert.Equal(RingRead.Message, Ring.TryRead(out Notification m, out _));
            Assert.Equal(i, m.Size);
        }

        Assert.Equal(RingRead.Empty, Ring.TryRead(out _, out _));
    }

    [Fact]
    public void Concurrent_producers_lose_nothing_they_did_not_count_as_dropped()
    {
        const int producers = 4;
        const int each = 5000;
        var received = new int[producers];
        int sent = 0;
        var done = new CountdownEvent(producers);
        for (int p = 0; p < producers; p++)
        {
            int id = p;
            new Thread(() =>
            {
                var mine = new RingProducer(Region);
                for (int i = 0; i < each; i++)
                {
                    if (mine.Send(NotificationOp.Truncated, id % 3, Channel.V($"p{id}"), size: i))
                    {
                        Interlocked.Increment(ref sent);
                    }
                }

                done.Signal();
            }).Start();
        }

        var sizes = new long[producers];
        Array.Fill(sizes, -1);
        while (!done.IsSet || Ring.Backlog > 0)
        {
            if (Ring.TryRead(out Notification m, out _) == RingRead.Message)
            {
                int id = m.Path[^1] - '0';
                Assert.True(m.Size > sizes[id], "per-Producer order is kept");
                sizes[id] = m.Size;
                received[id]++;
            }
        }

        unsafe
        {
            Assert.Equal((ulong)((producers * each) - sent), Region.Header->Dropped);
        }

        Assert.Equal(sent, received.Sum());
        Assert.Equal(0, Ring.Stats.Rejected);
    }

    [Fact]
    public void A_sleeping_consumer_is_woken_by_a_producer()
    {
        var clock = Stopwatch.StartNew();
        var sender = new Thread(() =>
        {
            Thread.Sleep(50);
            Producer.Send(NotificationOp.Mkdir, 0, Channel.V("wake"));
        });
        sender.Start();
        Ring.WaitForMessages(5000);
        sender.Join();

        Assert.InRange(clock.ElapsedMilliseconds, 40, 2000);
        Assert.Equal(RingRead.Message, Ring.TryRead(out _, out _));
    }

    [Fact]
    public void An_idle_consumer_sleeps_until_its_timeout()
    {
        var clock = Stopwatch.StartNew();
        Ring.WaitForMessages(150);
        Assert.InRange(clock.ElapsedMilliseconds, 140, 2000);
    }

    [Fact]
    public void A_ticket_taken_but_never_published_is_reclaimed_after_the_stall_timeout()
    {
        Producer.TakeTicketAndDie();
        Assert.True(Producer.Send(NotificationOp.Mkdir, 0, Channel.V("behind-the-hole")));

        var clock = Stopwatch.StartNew();
        RingRead r;
        while ((r = Ring.TryRead(out _, out _)) == RingRead.Empty)
        {
            Thread.Sleep(10);
        }

        Assert.Equal(RingRead.Reclaimed, r);
        Assert.True(clock.ElapsedMilliseconds * 1_000_000 >= (long)NotificationRing.StallTimeoutNs - 20_000_000);
        Assert.Equal(RingRead.Message, Ring.TryRead(out Notification m, out _));
        Assert.Equal(Channel.V("behind-the-hole"), m.Path);
    }

    [Fact]
    public unsafe void A_restarted_daemon_discards_what_was_in_flight_and_serves_the_same_producers()
    {
        Producer.Send(NotificationOp.Mkdir, 0, Channel.V("before-restart"));
        ulong tail = Region.Header->RingTail;

        using SharedRegion again = Channel.Open();
        Assert.Equal(2UL, again.Header->Generation);
        Assert.Equal(tail, again.Header->RingHead);
        var fresh = new NotificationRing(again, Channel.Mount);
        Assert.Equal(RingRead.Empty, fresh.TryRead(out _, out _));

        Assert.True(Producer.Send(NotificationOp.Mkdir, 0, Channel.V("after-restart")));
        Assert.Equal(RingRead.Message, fresh.TryRead(out Notification m, out _));
        Assert.Equal(Channel.V("after-restart"), m.Path);
    }

    [Fact]
    public void Heartbeats_use_the_monotonic_clock()
    {
        ulong before = MonotonicClock.NowNs();
        Region.Beat();
        unsafe
        {
            Assert.InRange(Region.Header->HeartbeatNs, before, MonotonicClock.NowNs());
        }
    }
}
