using System.Diagnostics;
using SeaNet.Core.Channel;
using SeaNet.Core.Configuration;
using SeaNet.Core.Logging;
using SeaNet.Core.Namespace;
using SeaNet.Core.Placement;
using SeaNet.Core.Policy;
using SeaNet.Flusher.Scheduling;

namespace SeaNet.Tests.Scheduling;

/// <summary>
/// A flush scheduler on real directories: tier 0 on /dev/shm, the persistent tier on disk, and a
/// stand-in for the shim that writes files into tier 0 and sends the notifications the shim would.
/// The scheduler runs its real copy workers; <see cref="Until"/> ticks it until a condition holds.
/// </summary>
public sealed class SchedulerFixture : IDisposable
{
    public const int Pid = 4242;

    private readonly string shm;
    private readonly string disk;

    public SchedulerFixture(string flush = "", string evict = "", string prefetch = "", TimeSpan? delay = null,
        long? cacheCapacity = null, int drainRetries = 3, bool dropClean = false, bool start = true, long bandwidth = 0)
    {
        shm = Directory.CreateTempSubdirectory("seanet-sched-").FullName;
        disk = Path.Join(Path.GetTempPath(), "seanet-sched-" + Guid.NewGuid().ToString("N"));
        string shmRoot = Path.Join("/dev/shm", Path.GetFileName(shm));
        Directory.Delete(shm);
        shm = shmRoot;
        Directory.CreateDirectory(Path.Join(shm, "t0"));
        Directory.CreateDirectory(Path.Join(disk, "persist"));
        Directory.CreateDirectory(Path.Join(disk, "mnt"));
        Config = new SeaConfig
        {
            MountDir = Path.Join(disk, "mnt"),
            Tiers = [new TierConfig(Path.Join(shm, "t0"), cacheCapacity, false), new TierConfig(Path.Join(disk, "persist"), null, true)],
            Source = "test",
            FlushList = List(flush),
            EvictList = List(evict),
            PrefetchList = List(prefetch),
            FlushDelay = delay ?? TimeSpan.Zero,
            FlushWorkers = 2,
            DrainRetries = drainRetries,
            DropCleanAtExit = dropClean,
            FlushBandwidth = bandwidth,
        };
        Index = new NamespaceIndex(null);
        Accounting = new CapacityAccounting(Config.Tiers, 64 * 1024);
        Accounting.RefreshFileSystems();
        Applier = new NotificationApplier(Index, Accounting, Config.MountDir);
        Log = new SeaLog("test", LogLevel.None, null);
        if (start)
        {
            Start();
        }
    }

    public SeaConfig Config { get; }

    public NamespaceIndex Index { get; }

    public CapacityAccounting Accounting { get; }

    public NotificationApplier Applier { get; }

    public SeaLog Log { get; }

    public FlushScheduler Scheduler { get; private set; } = null!;

    public string T0 => Config.Tiers[0].Path;

    public string P => Config.Tiers[1].Path;

    public static ulong Now => Core.Interop.MonotonicClock.NowNs();

    /// <summary>Rebuilds the index from tier 0 (as a daemon does at start) and starts the scheduler.</summary>
    public void Start()
    {
        Index.RebuildFromTiers(Config.MountDir, [T0]);
        Accounting.Recount(Index.Records);
        Scheduler = new FlushScheduler(Config, Index, Accounting, Log, () => { });
        Scheduler.Start(Now);
    }

    private static PatternList List(string pattern) =>
        pattern.Length == 0 ? PatternList.Empty : new PatternList([new PatternEntry(pattern, "test", 1)]);

    public string V(string rel) => Config.MountDir + "/" + rel;

    public void Send(NotificationOp op, string rel, int tier = 0, long size = 0, string? to = null)
    {
        var n = new Notification(op, tier, Pid, size, V(rel), to is null ? null : V(to));
        Applier.Apply(n);
        Scheduler.Observe(n, Now);
    }

    /// <summary>What a program under the shim does to create (or rewrite) a file on tier 0.</summary>
    public void Write(string rel, string content, int tier = 0)
    {
        string real = Path.Join(Config.Tiers[tier].Path, rel);
        bool existed = File.Exists(real);
        Directory.CreateDirectory(Path.GetDirectoryName(real)!);
        File.WriteAllText(real, content);
        Send(existed ? NotificationOp.OpenedWrite : NotificationOp.Created, rel, tier);
        Send(NotificationOp.ClosedWrite, rel, tier, size: -1);
    }

    public bool Ticks(Func<bool> condition, int seconds = 20)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(seconds))
        {
            Scheduler.Tick(Now);
            if (condition())
            {
                return true;
            }

            Thread.Sleep(2);
        }

        return false;
    }

    /// <summary>Ticks until <paramref name="condition"/> holds; fails the test (with <paramref name="what"/>) if it never does.</summary>
    public void Until(Func<bool> condition, string what, int seconds = 20)
    {
        if (!Ticks(condition, seconds))
        {
            throw new Xunit.Sdk.XunitException($"never happened within {seconds} s: {what}");
        }
    }

    /// <summary>Ticks for <paramref name="milliseconds"/> and fails if <paramref name="condition"/> ever holds.</summary>
    public void Never(Func<bool> condition, string what, int milliseconds = 500)
    {
        var clock = Stopwatch.StartNew();
        while (clock.ElapsedMilliseconds < milliseconds)
        {
            Scheduler.Tick(Now);
            if (condition())
            {
                throw new Xunit.Sdk.XunitException($"happened: {what}");
            }

            Thread.Sleep(2);
        }
    }

    public FileRecord Record(string rel) => Index.TryGet(V(rel), out FileRecord r) ? r : throw new KeyNotFoundException(rel);

    public bool Has(string rel) => Index.TryGet(V(rel), out _);

    public string? Persisted(string rel) => File.Exists(Path.Join(P, rel)) ? File.ReadAllText(Path.Join(P, rel)) : null;

    public string? Cached(string rel) => File.Exists(Path.Join(T0, rel)) ? File.ReadAllText(Path.Join(T0, rel)) : null;

    public IEnumerable<string> HiddenUnder(string root) =>
        Directory.EnumerateFileSystemEntries(root, ShmLayout.HiddenPrefix + "*", SearchOption.AllDirectories)
            .Where(p => Path.GetFileName(p) != SeaNet.Flusher.Workers.FlushJournal.FileName);

    public void Dispose()
    {
        Scheduler?.Dispose();
        Log.Dispose();
        Directory.Delete(shm, true);
        Directory.Delete(disk, true);
    }
}

/// <summary>Records what a flush barrier or a drain reports.</summary>
public sealed class Waiter : IFlushWaiter
{
    public FlushReport? Report { get; private set; }

    public List<FlushProgress> Progresses { get; } = [];

    public void Progress(FlushProgress progress) => Progresses.Add(progress);

    public void Completed(FlushReport report) => Report = report;
}
