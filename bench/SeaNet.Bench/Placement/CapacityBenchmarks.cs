using System.Diagnostics.CodeAnalysis;
using BenchmarkDotNet.Attributes;
using SeaNet.Bench.Support;
using SeaNet.Core.Channel;
using SeaNet.Core.Interop;
using SeaNet.Core.Namespace;
using SeaNet.Core.Placement;

namespace SeaNet.Bench.Placement;

/// <summary>
/// Capacity accounting over three real tier directories under /dev/shm (a capped tmpfs tier, a
/// second cache tier, the persistent tier) with 10,000 files accounted and 64 files being written:
/// the room computation and its publication into the mapped tier table (after every batch of
/// notifications), one reservation made and released (every CREATED / CLOSED_WRITE), and the
/// periodic work: statvfs of every tier (every second while busy) and the dead-writer sweep
/// (every second while reservations exist).
/// </summary>
[MemoryDiagnoser]
[SuppressMessage("Design", "CA1001", Justification = "BenchmarkDotNet owns the lifetime: [GlobalCleanup] disposes.")]
public class CapacityBenchmarks
{
    private const int Reservations = 256;
    private const int OpenWriters = 64;

    private readonly Func<int, bool> isAlive = ProcessProbe.IsAlive;

    private BenchChannel channel = null!;
    private CapacityAccounting accounting = null!;
    private string[] reservationPaths = [];
    private int pid;

    [GlobalSetup]
    public void Setup()
    {
        channel = new BenchChannel();
        accounting = new CapacityAccounting(channel.Config.Tiers, BenchChannel.MaxFs);
        accounting.RefreshFileSystems();
        var files = Enumerable.Range(0, 10_000)
            .Select(i => KeyValuePair.Create(BenchPaths.File(i), new FileRecord(i % 2, 1 << 20, IndexState.Dirty)));
        accounting.Recount(files);
        pid = Environment.ProcessId;
        for (int i = 0; i < OpenWriters; i++)
        {
            accounting.Reserve(BenchPaths.File(20_000 + i), i % 2, pid);
        }

        reservationPaths = Enumerable.Range(30_000, Reservations).Select(BenchPaths.File).ToArray();
    }

    [GlobalCleanup]
    public void Cleanup() => channel.Dispose();

    [Benchmark(Baseline = true)]
    public long RecomputeRoom()
    {
        accounting.RecomputeRoom();
        return accounting.Tiers[0].Room;
    }

    /// <summary>RecomputeRoom + six atomic stores per tier into the shared tier table.</summary>
    [Benchmark]
    public long PublishTo()
    {
        accounting.PublishTo(channel.Region);
        return accounting.Tiers[0].Room;
    }

    /// <summary>Reserve max_fs for a new file, then release it (per file).</summary>
    [Benchmark(OperationsPerInvoke = Reservations)]
    public int ReserveThenRelease()
    {
        int released = 0;
        foreach (string path in reservationPaths)
        {
            accounting.Reserve(path, 0, pid);
        }

        foreach (string path in reservationPaths)
        {
            released += accounting.Release(path) ? 1 : 0;
        }

        return released;
    }

    /// <summary>statvfs on the three tiers, then RecomputeRoom.</summary>
    [Benchmark]
    public long RefreshFileSystems()
    {
        accounting.RefreshFileSystems();
        return accounting.Tiers[0].FsFree;
    }

    /// <summary>kill(pid, 0) per distinct writer pid (here one, alive) over 64 open reservations.</summary>
    [Benchmark]
    public int ReleaseDeadWriters() => accounting.ReleaseDeadWriters(isAlive);
}
