using SeaNet.Core.Channel;

namespace SeaNet.Bench.Support;

/// <summary>
/// The notifications of files written once and later deleted, in the order a pipeline step sends
/// them: a batch of CREATED, the batch's CLOSED_WRITE, then (later, e.g. a cleanup step) the
/// batch's REMOVED. Paths are distinct from the pre-filled data set (<see cref="BenchPaths.File"/>
/// indexes at or above <c>firstFile</c>) and are reused lap after lap, so after the first lap each
/// key finds its own tombstone and the index stays in a steady state.
/// </summary>
public sealed class LifecycleMessages
{
    public LifecycleMessages(int firstFile, int files, int batch, int tier, long size)
    {
        Batch = batch;
        Created = new Notification[files];
        Closed = new Notification[files];
        Removed = new Notification[files];
        Encoded = new byte[files][];
        for (int i = 0; i < files; i++)
        {
            string path = BenchPaths.File(firstFile + i);
            Created[i] = new Notification(NotificationOp.Created, tier, Environment.ProcessId, 0, path, null);
            Closed[i] = new Notification(NotificationOp.ClosedWrite, tier, Environment.ProcessId, size + (i % 4096), path, null);
            Removed[i] = new Notification(NotificationOp.Removed, 0, Environment.ProcessId, 0, path, null);
            Encoded[i] = BenchPaths.WithNul(path);
        }
    }

    /// <summary>Files per batch; one batch is 3 × Batch messages.</summary>
    public int Batch { get; }

    public int Files => Created.Length;

    public Notification[] Created { get; }

    public Notification[] Closed { get; }

    public Notification[] Removed { get; }

    /// <summary>Each path as the ring carries it (UTF-8 + NUL).</summary>
    public byte[][] Encoded { get; }
}
