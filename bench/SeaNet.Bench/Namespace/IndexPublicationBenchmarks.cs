using System.Diagnostics.CodeAnalysis;
using System.Text;
using BenchmarkDotNet.Attributes;
using SeaNet.Bench.Support;
using SeaNet.Core.Channel;
using SeaNet.Core.Namespace;

namespace SeaNet.Bench.Namespace;

/// <summary>
/// The shared index itself: the daemon's seqlocked write of one entry (<see cref="IndexTable.TryPut"/>
/// on a key already published) and the shim's lock-free lookup (<see cref="ShimIndexReader"/>: hash +
/// probe, as <c>sn_index_hint</c>), for paths present and absent, over the default 262,144 slots
/// holding <see cref="Files"/> entries. Keys are visited in a random order, so the table is not
/// in cache any more than it would be in a real process. Results are per entry.
/// </summary>
[MemoryDiagnoser]
[SuppressMessage("Design", "CA1001", Justification = "BenchmarkDotNet owns the lifetime: [GlobalCleanup] disposes.")]
public class IndexPublicationBenchmarks
{
    private const int Probes = 4096;

    private BenchChannel channel = null!;
    private IndexTable table = null!;
    private ShimIndexReader reader = null!;
    private byte[][] present = [];
    private byte[][] absent = [];
    private ulong[] presentKeys = [];

    [Params(10_000, 100_000)]
    public int Files { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        channel = new BenchChannel();
        table = channel.NewIndexTable();
        var index = new NamespaceIndex(table);
        for (int i = 0; i < Files; i++)
        {
            index.Set(BenchPaths.File(i), new FileRecord(i % 2, 1 << 20, IndexState.Dirty));
        }

        reader = channel.NewIndexReader();
        present = BenchPaths.Shuffled(Probes, Files).Select(i => Encoding.UTF8.GetBytes(BenchPaths.File(i))).ToArray();
        absent = Enumerable.Range(Files, Probes).Select(i => Encoding.UTF8.GetBytes(BenchPaths.File(i))).ToArray();
        presentKeys = present.Select(p => PathHash.Of(p)).ToArray();
        if (present.Any(p => reader.Hint(p) < 0) || absent.Any(p => reader.Hint(p) >= 0))
        {
            throw new InvalidOperationException("the index does not answer as expected");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => channel.Dispose();

    /// <summary>Daemon: rewrite one published entry through its seqlock (new size).</summary>
    [Benchmark(OperationsPerInvoke = Probes)]
    public int PublishUpdate()
    {
        int ok = 0;
        ulong[] keys = presentKeys;
        for (int i = 0; i < keys.Length; i++)
        {
            ok += table.TryPut(keys[i], i % 2, (3 << 20) + i, IndexState.Dirty) ? 1 : 0;
        }

        return ok;
    }

    /// <summary>Shim: look up a path that is indexed (hash + probe + seqlock read).</summary>
    [Benchmark(OperationsPerInvoke = Probes)]
    public int LookupHit() => LookUpAll(present);

    /// <summary>Shim: look up a path that is not indexed (probing stops at the first empty slot).</summary>
    [Benchmark(OperationsPerInvoke = Probes)]
    public int LookupMiss() => LookUpAll(absent);

    private int LookUpAll(byte[][] paths)
    {
        int sum = 0;
        foreach (byte[] p in paths)
        {
            sum += reader.Hint(p);
        }

        return sum;
    }
}
