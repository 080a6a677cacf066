using System.Collections.Concurrent;
using SeaNet.Flusher.Copy;

namespace SeaNet.Flusher.Workers;

/// <summary>
/// The threads that move bytes, so none of it runs on the daemon's main loop (or the application's
/// threads): <c>workers</c> copy, one commit thread makes flushes durable in batches.
/// <para>
/// A flush: a worker copies the cached file to a temporary name beside its destination (the
/// journal knows the name first); the commit thread gathers what the workers finished, makes the
/// batch durable with one <c>syncfs</c>, renames each temporary into place, and <c>syncfs</c> again
/// so the names are durable too; only then is a flush reported done. A reader of the persistent
/// tier sees the old file or the new one, never a partial one, even across a crash; per-file
/// fsync of 20,000 small files would cost more than copying them.
/// </para>
/// <para>A prefetch: a worker copies to a temporary name in the cache tier; the scheduler renames it
/// into place on its own thread, after checking that nothing changed meanwhile.</para>
/// Threading: <see cref="Submit"/> and <see cref="TryTakeResult"/> from the scheduler's thread.
/// </summary>
public sealed class FlushEngine : IDisposable
{
    /// <summary>Most files one durable batch renames.</summary>
    public const int MaxBatch = 4096;

    /// <summary>How long the commit thread waits for busy workers to add to a batch before it syncs.</summary>
    public static readonly TimeSpan GatherWindow = TimeSpan.FromMilliseconds(20);

    private readonly BlockingCollection<FlushJob> jobs = new(new ConcurrentQueue<FlushJob>());
    private readonly BlockingCollection<JobResult> copied = new(new ConcurrentQueue<JobResult>());
    private readonly ConcurrentQueue<JobResult> results = new();
    private readonly FileCopier copier;
    private readonly IReadOnlyList<string> tierRoots;
    private readonly FlushJournal journal;
    private readonly Action wake;
    private readonly Thread[] threads;
    private readonly CancellationTokenSource stopping = new();
    private int copying;
    private int jobCounter;
    private int inFlight;

    /// <param name="tierRoots">Every tier's root, the persistent one last.</param>
    /// <param name="wake">Called (from any thread) when results are waiting.</param>
    public FlushEngine(int workers, FileCopier copier, IReadOnlyList<string> tierRoots, FlushJournal journal, Action wake)
    {
        this.copier = copier;
        this.tierRoots = tierRoots;
        this.journal = journal;
        this.wake = wake;
        threads = new Thread[workers + 1];
        for (int i = 0; i < workers; i++)
        {
            threads[i] = new Thread(WorkerLoop) { IsBackground = true, Name = $"flush-worker-{i}" };
        }

        threads[workers] = new Thread(CommitLoop) { IsBackground = true, Name = "flush-commit" };
        foreach (Thread t in threads)
        {
            t.Start();
        }
    }

    /// <summary>Jobs submitted whose result has not been taken yet.</summary>
    public int InFlight => Volatile.Read(ref inFlight);

    public string PersistentRoot => tierRoots[^1];

    public void Submit(FlushJob job)
    {
        Interlocked.Increment(ref inFlight);
        jobs.Add(job);
    }

    public bool TryTakeResult(out JobResult result)
    {
        if (results.TryDequeue(out result!))
        {
            Interlocked.Decrement(ref inFlight);
            return true;
        }

        return false;
    }

    private void WorkerLoop()
    {
        BackgroundPriority.LowerCurrentThread();
        try
        {
            foreach (FlushJob job in jobs.GetConsumingEnumerable(stopping.Token))
            {
                try
                {
                    Run(job);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // never take the daemon down: the job fails, the cached copy stays, it is retried
                    Post(new JobResult(job, JobOutcome.Failed, null, 0, 0, Eio, $"{job.Relative}: {e.GetType().Name}: {e.Message}"));
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Run(FlushJob job)
    {
        string source = tierRoots[job.SourceTier], dest = tierRoots[job.DestTier];
        if (LinkOnTheWay(dest, job.Relative) is { } link)
        {
            // a directory of the destination replaced by a symlink must not lead a copy elsewhere
            Post(new JobResult(job, JobOutcome.Failed, null, 0, 0, Eloop,
                $"{link} is a symbolic link: SeaNet copies only into real directories below {dest}"));
            return;
        }

        if (job.Kind == JobKind.Prefetch)
        {
            CopyResult p = copier.CopyToTemp(source, dest, job.Relative);
            Post(JobResult.From(job, p));
            return;
        }

        Interlocked.Increment(ref copying);
        ulong tag = ((ulong)(uint)Environment.ProcessId << 32) | (uint)Interlocked.Increment(ref jobCounter);
        journal.Begin(FileCopier.TempPathFor(Path.Join(dest, job.Relative), tag));
        bool committing = false;
        try
        {
            CopyResult r = copier.CopyToTemp(source, dest, job.Relative, tag);
            if (r.Status == CopyStatus.Copied)
            {
                copied.Add(JobResult.From(job, r)); // the commit thread ends its journal entry
                committing = true;
            }
            else
            {
                Post(JobResult.From(job, r));
            }
        }
        finally
        {
            // on every path, an exception included: the journal and the batch gathering must
            // not wait for a copy that is over
            if (!committing)
            {
                journal.End();
            }

            Interlocked.Decrement(ref copying);
        }
    }

    private const int Eloop = 40;
    private const int Eio = 5;

    /// <summary>Directories below a tier root already seen to be real directories (not symlinks).
    /// Bounded; cleared when full. A directory swapped for a symlink after it was seen here is
    /// not caught: this guards against mistakes, not against the user racing their own flush.</summary>
    private readonly ConcurrentDictionary<string, byte> realDirectories = new(StringComparer.Ordinal);

    /// <summary>The first existing component of <paramref name="relative"/>'s directory below
    /// <paramref name="root"/> that is a symbolic link, or null. One lstat per new directory.</summary>
    private string? LinkOnTheWay(string root, string relative)
    {
        int slash = relative.LastIndexOf('/');
        if (slash <= 0)
        {
            return null;
        }

        string dir = Path.Join(root, relative[..slash]);
        if (realDirectories.ContainsKey(dir))
        {
            return null;
        }

        for (int i = relative.IndexOf('/'); i > 0 && i <= slash; i = i == slash ? -1 : relative.IndexOf('/', i + 1))
        {
            string prefix = Path.Join(root, relative[..i]);
            if (realDirectories.ContainsKey(prefix))
            {
                continue;
            }

            if (Scheduling.NativeStat.IsSymlink(prefix))
            {
                return prefix;
            }

            if (!Directory.Exists(prefix))
            {
                return null; // missing from here down: the copier creates real directories
            }

            if (realDirectories.Count > 65536)
            {
                realDirectories.Clear();
            }

            realDirectories.TryAdd(prefix, 0);
        }

        return null;
    }

    private void Post(JobResult r)
    {
        results.Enqueue(r);
        wake();
    }

    private void CommitLoop()
    {
        BackgroundPriority.LowerCurrentThread();
        var batch = new List<JobResult>(MaxBatch);
        try
        {
            while (true)
            {
                batch.Add(copied.Take(stopping.Token));
                Gather(batch);
                try
                {
                    Commit(batch);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    foreach (JobResult c in batch)
                    {
                        results.Enqueue(c with { Outcome = JobOutcome.Failed, Errno = Eio, Error = $"commit: {e.GetType().Name}: {e.Message}" });
                    }

                    wake();
                }

                batch.Clear();
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (InvalidOperationException)
        {
        }
    }

    /// <summary>Adds what else is ready, and while workers are still copying, waits a little for
    /// them: one syncfs for many files is the point.</summary>
    private void Gather(List<JobResult> batch)
    {
        long deadline = Environment.TickCount64 + (long)GatherWindow.TotalMilliseconds;
        while (batch.Count < MaxBatch)
        {
            if (copied.TryTake(out JobResult? more))
            {
                batch.Add(more);
                continue;
            }

            long left = deadline - Environment.TickCount64;
            if (Volatile.Read(ref copying) == 0 || left <= 0 || !copied.TryTake(out more, (int)left, stopping.Token))
            {
                return;
            }

            batch.Add(more);
        }
    }

    private void Commit(List<JobResult> batch)
    {
        try
        {
            CommitUnguarded(batch);
        }
        finally
        {
            journal.End(batch.Count); // published, or failed and removed: no longer the journal's
        }
    }

    private void CommitUnguarded(List<JobResult> batch)
    {
        string persistent = PersistentRoot;
        int err = FileCopier.SyncFileSystem(persistent);
        for (int i = 0; i < batch.Count; i++)
        {
            JobResult c = batch[i];
            string final = Path.Join(tierRoots[c.Job.DestTier], c.Job.Relative);
            if (err != 0)
            {
                batch[i] = c with { Outcome = JobOutcome.Failed, Errno = err, Error = $"syncfs {persistent}: {Describe(err)}" };
            }
            else
            {
                int e = c.Job.NoReplace ? FileCopier.Publish(c.TempPath!, final, noReplace: true) : FileCopier.PublishOver(c.TempPath!, final, c.Job.ExpectSize, c.Job.ExpectMtimeNs);
                batch[i] = e == 0 ? c
                    : e == Eexist ? c with { Outcome = JobOutcome.Exists, Errno = e }
                    : e == FileCopier.Conflict ? c with { Outcome = JobOutcome.Conflict }
                    : c with { Outcome = JobOutcome.Failed, Errno = e, Error = $"rename into {final}: {Describe(e)}" };
            }

            if (batch[i].Outcome != JobOutcome.Done)
            {
                TryDelete(c.TempPath!);
            }
        }

        // the renames are durable before anyone is told the files are persisted
        int again = FileCopier.SyncFileSystem(persistent);
        foreach (JobResult r in batch)
        {
            results.Enqueue(again != 0 && r.Outcome == JobOutcome.Done
                ? r with { Outcome = JobOutcome.Failed, Errno = again, Error = $"syncfs {persistent}: {Describe(again)}" }
                : r);
        }

        wake();
    }

    private const int Eexist = 17;

    public static string Describe(int errno) => Core.Interop.LastErrno.Describe((Core.Interop.Errno)errno);

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // the journal still names it
        }
    }

    /// <summary>Stops the threads; copies under way are abandoned (their temporaries stay in the journal).</summary>
    public void Dispose()
    {
        stopping.Cancel();
        jobs.CompleteAdding();
        copied.CompleteAdding();
        foreach (Thread t in threads)
        {
            t.Join(TimeSpan.FromSeconds(5));
        }

        stopping.Dispose();
    }
}
