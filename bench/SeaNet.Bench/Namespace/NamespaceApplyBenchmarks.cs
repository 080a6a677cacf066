using System.Diagnostics.CodeAnalysis;
using BenchmarkDotNet.Attributes;
using SeaNet.Bench.Support;
using SeaNet.Core.Channel;
using SeaNet.Core.Namespace;
using SeaNet.Core.Placement;

namespace SeaNet.Bench.Namespace;

/// <summary>
/// The daemon's per-notification work after the ring: <see cref="NotificationApplier.Apply"/> updating
/// the private <see cref="NamespaceIndex"/>, the capacity accounting, and the shared index in the real
/// mapped region (262,144 slots, the default). The index is pre-filled with <see cref="Files"/> files
/// (half on each cache tier). Results are per notification (OperationsPerInvoke), except
/// <see cref="RepublishAll"/>, which is one whole rebuild of the shared table.
/// </summary>
[MemoryDiagnoser]
[SuppressMessage("Design", "CA1001", Justification = "BenchmarkDotNet owns the lifetime: [GlobalCleanup] disposes.")]
public class NamespaceApplyBenchmarks
{
    private const int Batch = 256;
    private const int Rewrites = 4096;
    private const int Renames = 256;

    private BenchChannel channel = null!;
    private NamespaceIndex index = null!;
    private NotificationApplier applier = null!;
    private LifecycleMessages lifecycle = null!;
    private Notification[] rewrites = [];
    private Notification[] renameAway = [];
    private Notification[] renameBack = [];
    private int cursor;
    private bool renamed;

    /// <summary>Files already in the index: a small job, and one at the scale the default index is sized for.</summary>
    [Params(10_000, 100_000)]
    public int Files { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        channel = new BenchChannel();
        index = new NamespaceIndex(channel.NewIndexTable());
        var accounting = new CapacityAccounting(channel.Config.Tiers, BenchChannel.MaxFs);
        applier = new NotificationApplier(index, accounting, BenchPaths.Mount);
        int pid = Environment.ProcessId;
        for (int i = 0; i < Files; i++)
        {
            string path = BenchPaths.File(i);
            applier.Apply(new Notification(NotificationOp.Created, i % 2, pid, 0, path, null));
            applier.Apply(new Notification(NotificationOp.ClosedWrite, i % 2, pid, 1 << 20, path, null));
        }

        lifecycle = new LifecycleMessages(Files, files: 4096, Batch, tier: 0, size: 1 << 20);
        rewrites = BenchPaths.Shuffled(Rewrites, Files)
            .Select(i => new Notification(NotificationOp.ClosedWrite, i % 2, pid, (2 << 20) + i, BenchPaths.File(i), null))
            .ToArray();

        // The atomic-write pattern: "x.tmp" written, then renamed to "x" (here: x -> x.tmp and back).
        string[] renamedFiles = BenchPaths.Shuffled(Renames, Files, seed: 7).Select(BenchPaths.File).ToArray();
        renameAway = renamedFiles.Select(p => new Notification(NotificationOp.Renamed, 0, pid, 0, p, p + ".tmp")).ToArray();
        renameBack = renamedFiles.Select(p => new Notification(NotificationOp.Renamed, 0, pid, 0, p + ".tmp", p)).ToArray();
    }

    [GlobalCleanup]
    public void Cleanup() => channel.Dispose();

    /// <summary>One file's life: CREATED, CLOSED_WRITE, REMOVED (a batch of each, in that order).</summary>
    [Benchmark(OperationsPerInvoke = 3 * Batch)]
    public int CreateCloseRemove()
    {
        int start = cursor;
        int applied = 0;
        for (int i = start; i < start + Batch; i++)
        {
            applied += (int)applier.Apply(lifecycle.Created[i]);
        }

        for (int i = start; i < start + Batch; i++)
        {
            applied += (int)applier.Apply(lifecycle.Closed[i]);
        }

        for (int i = start; i < start + Batch; i++)
        {
            applied += (int)applier.Apply(lifecycle.Removed[i]);
        }

        cursor = (start + Batch) % lifecycle.Files;
        return applied;
    }

    /// <summary>CLOSED_WRITE of a file already indexed (rewritten in place), random files.</summary>
    [Benchmark(OperationsPerInvoke = Rewrites)]
    public int CloseWriteOfIndexedFile()
    {
        int applied = 0;
        foreach (ref readonly Notification n in rewrites.AsSpan())
        {
            applied += (int)applier.Apply(n);
        }

        return applied;
    }

    /// <summary>RENAMED of a plain file (x -> x.tmp, or back).</summary>
    [Benchmark(OperationsPerInvoke = Renames)]
    public int RenameFile()
    {
        Notification[] batch = renamed ? renameBack : renameAway;
        renamed = !renamed;
        int applied = 0;
        foreach (ref readonly Notification n in batch.AsSpan())
        {
            applied += (int)applier.Apply(n);
        }

        return applied;
    }

    /// <summary>Clearing and refilling the shared table, as happens when live + tombstones pass 3/4 of the slots.</summary>
    [Benchmark]
    public int RepublishAll()
    {
        index.RepublishAll();
        return index.PublicationRebuilds;
    }
}
