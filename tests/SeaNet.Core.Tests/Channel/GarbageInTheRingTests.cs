using System.Text;
using SeaNet.Core.Channel;
using Xunit;

namespace SeaNet.Tests.Channel;

/// <summary>Nothing a Producer writes can crash the consumer or smuggle in a path outside the mount.</summary>
public sealed class GarbageInTheRingTests : RingTestBase
{
    [Fact]
    public void Random_bytes_in_full_slots_are_rejected_and_the_messages_around_them_still_arrive()
    {
        var random = new Random(1234);
        var valid = new List<string>();
        for (int round = 0; round < 3; round++)
        {
            for (int i = 0; i < 1000; i++)
            {
                if (i % 10 == 0)
                {
                    string p = Channel.V($"ok/{round}/{i}");
                    valid.Add(p);
                    Assert.True(Producer.Send(NotificationOp.Created, 0, p));
                }
                else
                {
                    Assert.True(Producer.SendRandom(random));
                }
            }

            var got = new List<string>();
            RingRead r;
            while ((r = Ring.TryRead(out Notification m, out _)) != RingRead.Empty)
            {
                if (r == RingRead.Message)
                {
                    got.Add(m.Path);
                }
            }

            Assert.Equal(valid, got);
            valid.Clear();
        }

        Assert.Equal(2700, Ring.Stats.Rejected);
        Assert.Equal(300, Ring.Stats.Consumed);
    }

    [Fact]
    public void Plausible_looking_garbage_never_throws_and_what_is_accepted_is_confined_to_the_mount()
    {
        // Random bytes rarely get past the op check; these do: valid ops, tiers and pids, and
        // paths assembled from the pieces a parser trips on.
        var random = new Random(42);
        byte[] mount = Encoding.UTF8.GetBytes(Channel.Mount);
        byte[][] pieces = [mount, "/"u8.ToArray(), "."u8.ToArray(), ".."u8.ToArray(), [0], "a"u8.ToArray(), [0xc3], [0xa9], "2"u8.ToArray()];
        int accepted = 0;
        for (int i = 0; i < 20_000; i++)
        {
            var path = new List<byte>();
            int n = random.Next(1, 12);
            for (int k = 0; k < n; k++)
            {
                path.AddRange(pieces[random.Next(pieces.Length)]);
            }

            if (random.Next(4) != 0)
            {
                path.Add(0);
            }

            uint? pathLen = random.Next(8) == 0 ? (uint)random.Next(0, 1100) : null;
            Producer.SendRaw((uint)random.Next(0, 9), (uint)random.Next(0, 4), random.Next(-1, 3), random.Next(-2, 3), [.. path], pathLen);
            RingRead r = Ring.TryRead(out Notification m, out _);
            Assert.NotEqual(RingRead.Empty, r);
            if (r == RingRead.Message)
            {
                accepted++;
                foreach (string p in new[] { m.Path, m.NewPath }.OfType<string>())
                {
                    Assert.StartsWith(Channel.Mount + "/", p);
                    Assert.DoesNotContain("/../", p + "/");
                    Assert.DoesNotContain("/./", p + "/");
                    Assert.DoesNotContain("//", p);
                }
            }
        }

        Assert.InRange(accepted, 1, 19_999);
    }

    public static TheoryData<string, string> BadPaths => new()
    {
        { "parent escape", "{m}/../etc/passwd" },
        { "parent escape deeper", "{m}/a/../../etc/passwd" },
        { "dot dot at the end", "{m}/a/.." },
        { "outside the mount", "/etc/passwd" },
        { "a sibling sharing the prefix", "{m}2/x" },
        { "the mount itself", "{m}" },
        { "the mount with a slash", "{m}/" },
        { "relative", "mnt/x" },
        { "empty component", "{m}/a//b" },
        { "dot component", "{m}/a/./b" },
        { "trailing slash", "{m}/a/" },
        { "empty", "" },
    };

    [Theory]
    [MemberData(nameof(BadPaths))]
    public void Paths_that_are_not_normalised_or_not_under_the_mount_are_rejected(string why, string pattern)
    {
        string path = pattern.Replace("{m}", Channel.Mount, StringComparison.Ordinal);
        Producer.Send(NotificationOp.Created, 0, path);
        Producer.Send(NotificationOp.Renamed, 0, Channel.V("fine"), path);
        Producer.Send(NotificationOp.Renamed, 0, path, Channel.V("fine"));

        for (int i = 0; i < 3; i++)
        {
            Assert.True(Ring.TryRead(out _, out MessageDefect defect) == RingRead.Rejected, $"{why}: accepted '{path}'");
            Assert.True(defect is MessageDefect.BadPath or MessageDefect.BadPathLength or MessageDefect.BadTermination, why);
        }
    }

    public static TheoryData<string, uint, uint, int, long, byte[], uint?, MessageDefect> BadFields()
    {
        byte[] ok = RingProducer.Encode("/x/mnt/f");
        return new()
        {
            { "op 0", 0, 0, 1, 0, ok, null, MessageDefect.BadOp },
            { "op past the last", (uint)NotificationOp.Exchanged + 1, 0, 1, 0, ok, null, MessageDefect.BadOp },
            { "op huge", uint.MaxValue, 0, 1, 0, ok, null, MessageDefect.BadOp },
            { "tier past n_tiers", 1, 3, 1, 0, ok, null, MessageDefect.BadTier },
            { "tier huge", 2, uint.MaxValue, 1, 0, ok, null, MessageDefect.BadTier },
            { "pid 0", 1, 0, 0, 0, ok, null, MessageDefect.BadPid },
            { "pid negative (a process group for kill)", 1, 0, -1, 0, ok, null, MessageDefect.BadPid },
            { "negative size", 2, 0, 1, -5, ok, null, MessageDefect.BadSize },
            { "path_len 0", 1, 0, 1, 0, ok, 0u, MessageDefect.BadPathLength },
            { "path_len beyond the slot", 1, 0, 1, 0, ok, 993u, MessageDefect.BadPathLength },
            { "path_len huge", 1, 0, 1, 0, ok, uint.MaxValue, MessageDefect.BadPathLength },
            { "no NUL at path_len", 1, 0, 1, 0, Encoding.UTF8.GetBytes("/x/mnt/f"), null, MessageDefect.BadTermination },
            { "a second path where one belongs", 1, 0, 1, 0, RingProducer.Encode("/x/mnt/f", "/x/mnt/g"), null, MessageDefect.BadTermination },
            { "a rename with one path", 4, 0, 1, 0, ok, null, MessageDefect.BadTermination },
            { "a rename with three paths", 4, 0, 1, 0, Encoding.UTF8.GetBytes("/x/mnt/a\0/x/mnt/b\0/x/mnt/c\0"), null, MessageDefect.BadTermination },
            { "not UTF-8", 1, 0, 1, 0, [.. "/x/mnt/"u8, 0xff, 0xfe, 0], null, MessageDefect.BadPath },
        };
    }

    [Theory]
    [MemberData(nameof(BadFields))]
    public void Messages_with_impossible_fields_are_rejected(string why, uint op, uint tier, int pid, long size, byte[] path, uint? pathLen, MessageDefect expected)
    {
        using var c = new TestChannelAt("/x/mnt");
        Assert.True(c.Producer.SendRaw(op, tier, pid, size, path, pathLen));
        Assert.True(c.Ring.TryRead(out _, out MessageDefect defect) == RingRead.Rejected, why);
        Assert.True(expected == defect, $"{why}: {defect}");

        // and the next, valid, message is read normally
        Assert.True(c.Producer.Send(SeaNet.Core.Channel.NotificationOp.Mkdir, 0, "/x/mnt/next"));
        Assert.Equal(RingRead.Message, c.Ring.TryRead(out Notification m, out _));
        Assert.Equal("/x/mnt/next", m.Path);
    }

    [Fact]
    public unsafe void A_slot_whose_seq_was_overwritten_with_garbage_is_reclaimed_not_waited_for_forever()
    {
        Producer.Send(NotificationOp.Mkdir, 0, Channel.V("a"));
        Region.Ring[0].Seq = 0xdead_beef_dead_beef;
        Producer.Send(NotificationOp.Mkdir, 0, Channel.V("b"));

        RingRead r;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while ((r = Ring.TryRead(out _, out _)) == RingRead.Empty && clock.ElapsedMilliseconds < 5000)
        {
            Thread.Sleep(10);
        }

        Assert.Equal(RingRead.Reclaimed, r);
        Assert.Equal(RingRead.Message, Ring.TryRead(out Notification m, out _));
        Assert.Equal(Channel.V("b"), m.Path);
    }

    /// <summary>A channel whose mount is a fixed string, for messages built from literal bytes.</summary>
    private sealed class TestChannelAt : IDisposable
    {
        private readonly TestChannel inner = new();
        private readonly SharedRegion region;

        public TestChannelAt(string mount)
        {
            region = SharedRegion.CreateOrReinitialise(inner.RegionPath,
                RegionSpec.FromConfig(inner.Config) with { Mount = mount });
            Ring = new NotificationRing(region, mount);
            Producer = new RingProducer(region);
        }

        public NotificationRing Ring { get; }

        public RingProducer Producer { get; }

        public void Dispose()
        {
            region.Dispose();
            inner.Dispose();
        }
    }
}
