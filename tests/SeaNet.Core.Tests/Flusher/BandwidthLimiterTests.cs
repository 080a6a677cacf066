using System.Diagnostics;
using SeaNet.Flusher.Copy;
using Xunit;

namespace SeaNet.Tests.Flusher;

/// <summary>The token bucket: the bytes acquired over time never exceed the rate plus one 100 ms burst.</summary>
public class BandwidthLimiterTests
{
    private const long MiB = 1 << 20;

    /// <summary>A clock that only moves when the limiter sleeps (or the test says so).</summary>
    private sealed class FakeClock
    {
        public long Ticks { get; set; }

        public TimeSpan Slept { get; private set; }

        public void Sleep(TimeSpan t)
        {
            Slept += t;
            Ticks += t.Ticks;
        }

        public BandwidthLimiter Limiter(long bytesPerSecond) =>
            new(bytesPerSecond, () => Ticks, TimeSpan.TicksPerSecond, Sleep);
    }

    [Fact]
    public void Acquiring_8_MiB_at_16_MiB_per_second_sleeps_the_rate_minus_the_burst()
    {
        var clock = new FakeClock();
        BandwidthLimiter limiter = clock.Limiter(16 * MiB);

        for (int i = 0; i < 8; i++)
        {
            limiter.Acquire(MiB);
        }

        // 8 MiB take 0.5 s at 16 MiB/s; the full bucket (100 ms worth) goes without waiting.
        Assert.Equal(0.4, clock.Slept.TotalSeconds, precision: 3);
        Assert.Equal(8 * MiB, limiter.AcquiredBytes);
    }

    [Fact]
    public void Idle_time_refills_at_most_one_burst()
    {
        var clock = new FakeClock();
        BandwidthLimiter limiter = clock.Limiter(10 * MiB);
        limiter.Acquire(10 * MiB); // drain: 0.9 s of debt
        clock.Ticks += TimeSpan.TicksPerSecond * 60; // a minute idle

        limiter.Acquire(MiB);   // the burst: 100 ms worth, free
        TimeSpan before = clock.Slept;
        limiter.Acquire(MiB);   // beyond it: 100 ms

        Assert.Equal(0.1, (clock.Slept - before).TotalSeconds, precision: 3);
    }

    [Fact]
    public void Small_acquisitions_within_the_rate_never_sleep()
    {
        var clock = new FakeClock();
        BandwidthLimiter limiter = clock.Limiter(MiB);

        for (int i = 0; i < 1000; i++)
        {
            limiter.Acquire(1024);                         // 1 KiB ...
            clock.Ticks += TimeSpan.TicksPerMillisecond;   // ... per ms: the rate exactly
        }

        Assert.Equal(TimeSpan.Zero, clock.Slept);
    }

    [Fact]
    public void A_non_positive_rate_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new BandwidthLimiter(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BandwidthLimiter(-1));
    }

    [Fact]
    public void Four_threads_sharing_a_limiter_are_held_to_its_rate_together()
    {
        var limiter = new BandwidthLimiter(16 * MiB);
        var watch = Stopwatch.StartNew();

        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, _ =>
        {
            for (int i = 0; i < 32; i++)
            {
                limiter.Acquire(64 * 1024);
            }
        });

        // 8 MiB at 16 MiB/s: 0.5 s, less the 0.1 s burst. A lower bound only: a loaded machine is slower.
        Assert.True(watch.Elapsed.TotalSeconds >= 0.38, $"took {watch.Elapsed.TotalSeconds:F3} s");
        Assert.Equal(8 * MiB, limiter.AcquiredBytes);
    }

    [Fact]
    public void Copying_8_MiB_at_16_MiB_per_second_takes_at_least_0_4_s_and_acquires_every_byte()
    {
        using var trees = new CopyTrees();
        trees.Write("f", 8 << 20);
        var limiter = new BandwidthLimiter(16 * MiB);
        var copier = new FileCopier(limiter);
        var watch = Stopwatch.StartNew();

        CopyResult r = copier.CopyToTemp(trees.Source, trees.Dest, "f");

        Assert.Equal(CopyStatus.Copied, r.Status);
        Assert.True(watch.Elapsed.TotalSeconds >= 0.38, $"took {watch.Elapsed.TotalSeconds:F3} s");
        Assert.Equal(8 * MiB, limiter.AcquiredBytes);
    }
}
