using System.Diagnostics;

namespace SeaNet.Flusher.Copy;

/// <summary>
/// A token bucket shared by every flush worker: it caps the bytes per second the node sends to the
/// persistent tier, so a flush is a good citizen on a shared file system.
/// </summary>
/// <remarks>
/// Algorithm: the bucket holds at most <see cref="BurstSeconds"/> worth of bytes (it starts full). Each
/// <see cref="Acquire"/> refills it for the time elapsed since the previous call, takes its bytes
/// immediately, possibly driving the balance negative (a debt), and then sleeps, outside the lock,
/// for as long as the debt takes to be repaid at the configured rate. Taking before sleeping queues
/// concurrent callers fairly (each later caller sees the earlier callers' debt and sleeps longer), and
/// a sleep that ends early or late is corrected by the next call because the balance is computed from
/// the clock, never from the sleeps. Thread-safe: any thread may call any member.
/// </remarks>
public sealed class BandwidthLimiter
{
    /// <summary>The largest burst, in seconds of bandwidth. 100 ms is short enough that the cap holds
    /// over any interval a monitoring tool would look at, and long enough that small files arriving
    /// after a pause go out without a sleep each.</summary>
    internal const double BurstSeconds = 0.1;

    private readonly Lock gate = new();
    private readonly Func<long> clock;
    private readonly Action<TimeSpan> sleep;
    private readonly double ticksPerSecond;
    private readonly double burstBytes;

    // Guarded by gate.
    private double available;
    private long lastTicks;
    private long acquiredBytes;

    public BandwidthLimiter(long bytesPerSecond)
        : this(bytesPerSecond, Stopwatch.GetTimestamp, Stopwatch.Frequency, Thread.Sleep)
    {
    }

    /// <summary>A limiter on another clock (ticks of <paramref name="ticksPerSecond"/>) that sleeps with
    /// <paramref name="sleep"/>: tests drive it with a fake clock.</summary>
    internal BandwidthLimiter(long bytesPerSecond, Func<long> clock, long ticksPerSecond, Action<TimeSpan> sleep)
    {
        if (bytesPerSecond <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(bytesPerSecond), bytesPerSecond, "the bandwidth cap must be positive");
        }

        BytesPerSecond = bytesPerSecond;
        this.clock = clock;
        this.sleep = sleep;
        this.ticksPerSecond = ticksPerSecond;
        burstBytes = bytesPerSecond * BurstSeconds;
        available = burstBytes;
        lastTicks = clock();
    }

    public long BytesPerSecond { get; }

    /// <summary>Every byte acquired so far.</summary>
    internal long AcquiredBytes
    {
        get
        {
            lock (gate)
            {
                return acquiredBytes;
            }
        }
    }

    /// <summary>Takes <paramref name="bytes"/> from the bucket, sleeping until the rate allows them.</summary>
    public void Acquire(long bytes)
    {
        if (bytes <= 0)
        {
            return;
        }

        double debt;
        lock (gate)
        {
            long now = clock();
            available = Math.Min(burstBytes, available + ((now - lastTicks) / ticksPerSecond * BytesPerSecond));
            lastTicks = now;
            available -= bytes;
            acquiredBytes += bytes;
            debt = -available;
        }

        if (debt > 0)
        {
            sleep(TimeSpan.FromSeconds(debt / BytesPerSecond));
        }
    }
}
