using System.Diagnostics.CodeAnalysis;
using BenchmarkDotNet.Attributes;
using SeaNet.Bench.Support;
using SeaNet.Core.Channel;
using SeaNet.Core.Namespace;
using SeaNet.Core.Placement;

namespace SeaNet.Bench.Channel;

/// <summary>
/// Draining the notification ring of a real mapped region (a file under /dev/shm) with the daemon's
/// consumer (<see cref="NotificationRing.TryRead"/>: copy the slot, free it, validate, decode the path),
/// fed by the shim's enqueue written in C# (<see cref="ShimProducer"/>). The messages are the
/// lifecycle of files (CREATED, CLOSED_WRITE, REMOVED; ~60-byte paths); "AndApply" also applies each
/// one (<see cref="NotificationApplier"/>) to an index pre-filled with 10,000 files, which is the
/// daemon's whole per-message work (DaemonHost.Drain).
/// <list type="bullet">
/// <item><c>SendThenRead*</c>: one thread enqueues 768 messages then drains them: producer + consumer cost.</item>
/// <item><c>ReadConcurrently*</c>: a producer thread on the other core keeps the ring fed; this thread only
/// consumes. The time per message is the consumer's throughput (unless the producer is slower).
/// Both sides spin, then yield (never sleep) when the ring is empty or full, so a machine with
/// fewer free cores than threads time-slices them instead of burning whole quanta spinning.</item>
/// </list>
/// Results are per message. Allocations are counted for all threads; the producer allocates nothing.
/// </summary>
[MemoryDiagnoser]
[SuppressMessage("Design", "CA1001", Justification = "BenchmarkDotNet owns the lifetime: [GlobalCleanup] disposes.")]
public class RingDrainBenchmarks
{
    private const int Batch = 256;
    private const int Messages = 3 * Batch;
    private const int IndexedFiles = 10_000;

    private BenchChannel channel = null!;
    private NotificationRing ring = null!;
    private ShimProducer producer = null!;
    private NotificationApplier applier = null!;
    private LifecycleMessages lifecycle = null!;
    private Thread? producerThread;
    private volatile bool stopping;
    private int cursor;

    [GlobalSetup(Targets = [nameof(SendThenRead), nameof(SendThenReadAndApply)])]
    public void Setup()
    {
        channel = new BenchChannel();
        ring = new NotificationRing(channel.Region, BenchPaths.Mount);
        producer = new ShimProducer(channel.Region);
        var index = new NamespaceIndex(channel.NewIndexTable());
        var accounting = new CapacityAccounting(channel.Config.Tiers, BenchChannel.MaxFs);
        applier = new NotificationApplier(index, accounting, BenchPaths.Mount);
        for (int i = 0; i < IndexedFiles; i++)
        {
            index.Set(BenchPaths.File(i), new FileRecord(i % 2, 1 << 20, IndexState.Dirty));
        }

        accounting.Recount(index.Records);
        lifecycle = new LifecycleMessages(IndexedFiles, files: 4096, Batch, tier: 0, size: 1 << 20);
    }

    [GlobalSetup(Targets = [nameof(ReadConcurrently), nameof(ReadConcurrentlyAndApply)])]
    public void SetupWithProducerThread()
    {
        Setup();
        producerThread = new Thread(ProduceUntilStopped) { IsBackground = true, Name = "shim producer" };
        producerThread.Start();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        stopping = true;
        producerThread?.Join();
        channel.Dispose();
    }

    [Benchmark(OperationsPerInvoke = Messages)]
    public long SendThenRead()
    {
        SendOneBatch();
        return ReadAll(apply: false);
    }

    [Benchmark(OperationsPerInvoke = Messages)]
    public long SendThenReadAndApply()
    {
        SendOneBatch();
        return ReadAll(apply: true);
    }

    [Benchmark(OperationsPerInvoke = Messages)]
    public long ReadConcurrently() => Read(Messages, apply: false);

    [Benchmark(OperationsPerInvoke = Messages)]
    public long ReadConcurrentlyAndApply() => Read(Messages, apply: true);

    private void SendOneBatch()
    {
        int start = cursor;
        Send(lifecycle.Created, start, NotificationOp.Created);
        Send(lifecycle.Closed, start, NotificationOp.ClosedWrite);
        Send(lifecycle.Removed, start, NotificationOp.Removed);
        cursor = (start + Batch) % lifecycle.Files;
    }

    private void Send(Notification[] messages, int start, NotificationOp op)
    {
        for (int i = start; i < start + Batch; i++)
        {
            if (!producer.TryNotify(op, messages[i].Tier, messages[i].Size, lifecycle.Encoded[i]))
            {
                throw new InvalidOperationException("ring full in a single-threaded batch");
            }
        }
    }

    /// <summary>The other core: the same lifecycle batches, forever, waiting (not dropping) when the ring is full.</summary>
    private void ProduceUntilStopped()
    {
        (Notification[] Messages, NotificationOp Op)[] phases =
        [
            (lifecycle.Created, NotificationOp.Created),
            (lifecycle.Closed, NotificationOp.ClosedWrite),
            (lifecycle.Removed, NotificationOp.Removed),
        ];
        for (int start = 0; ; start = (start + Batch) % lifecycle.Files)
        {
            foreach ((Notification[] messages, NotificationOp op) in phases)
            {
                for (int i = start; i < start + Batch; i++)
                {
                    var spin = default(SpinWait);
                    while (producer.IsFull)
                    {
                        if (stopping)
                        {
                            return;
                        }

                        spin.SpinOnce(sleep1Threshold: -1);
                    }

                    producer.TryNotify(op, messages[i].Tier, messages[i].Size, lifecycle.Encoded[i]);
                }
            }
        }
    }

    private long ReadAll(bool apply)
    {
        long sum = 0;
        while (ring.TryRead(out Notification m, out _) == RingRead.Message)
        {
            sum += apply ? (long)applier.Apply(m) : m.Size;
        }

        return sum;
    }

    private long Read(int count, bool apply)
    {
        long sum = 0;
        var spin = default(SpinWait);
        for (int n = 0; n < count;)
        {
            RingRead read = ring.TryRead(out Notification m, out _);
            if (read != RingRead.Message)
            {
                spin.SpinOnce(sleep1Threshold: -1);
                continue;
            }

            spin.Reset();
            sum += apply ? (long)applier.Apply(m) : m.Size;
            n++;
        }

        return sum;
    }
}
