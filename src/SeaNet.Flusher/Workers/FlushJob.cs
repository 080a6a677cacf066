using SeaNet.Flusher.Copy;

namespace SeaNet.Flusher.Workers;

public enum JobKind
{
    /// <summary>Cache tier → persistent tier, through a temporary name, durable before it is reported.</summary>
    Flush,

    /// <summary>Persistent tier → a cache tier, to a temporary name the scheduler renames into place.</summary>
    Prefetch,
}

/// <summary>One copy for the workers. <paramref name="Relative"/> is the path below the tier roots.</summary>
/// <param name="Token">The scheduler's bookkeeping object for this file, handed back with the result.</param>
/// <param name="NoReplace">Publish only if nothing is at the final name (the file never reached the persistent tier).</param>
/// <param name="ExpectSize">With NoReplace false: the size of the persistent copy this flush replaces;
/// the commit replaces only that copy (not a file renamed there meanwhile).</param>
/// <param name="ExpectMtimeNs">Its mtime, with ExpectSize.</param>
public sealed record FlushJob(JobKind Kind, string Path, string Relative, int SourceTier, int DestTier, bool NoReplace, object Token,
    long ExpectSize = 0, long ExpectMtimeNs = 0);

public enum JobOutcome
{
    /// <summary>Flush: renamed into place and durable. Prefetch: copied to <see cref="JobResult.TempPath"/>.</summary>
    Done,

    /// <summary>The source was written during the copy; nothing published.</summary>
    SourceChanged,

    /// <summary>The source is gone; nothing published.</summary>
    SourceGone,

    /// <summary>The final name exists and the job said NoReplace; nothing published.</summary>
    Exists,

    /// <summary>An error (see Errno, Error); nothing published, the source untouched.</summary>
    Failed,

    /// <summary>The file at the final name is not the copy the job expected to replace (renamed
    /// there, or written, meanwhile): it was left alone; nothing published.</summary>
    Conflict,
}

public sealed record JobResult(FlushJob Job, JobOutcome Outcome, string? TempPath, long Bytes, long MtimeNs, int Errno, string? Error)
{
    /// <summary>The inode of the published copy (<see cref="CopyResult.Ino"/>), 0 if unknown.</summary>
    public ulong Ino { get; init; }

    public static JobResult From(FlushJob job, in CopyResult r) => r.Status switch
    {
        CopyStatus.Copied => new JobResult(job, JobOutcome.Done, r.TempPath, r.Bytes, r.MtimeNs, 0, null) { Ino = r.Ino },
        CopyStatus.SourceChanged => new JobResult(job, JobOutcome.SourceChanged, null, 0, 0, 0, null),
        CopyStatus.SourceGone => new JobResult(job, JobOutcome.SourceGone, null, 0, 0, r.Errno, r.Error),
        _ => new JobResult(job, JobOutcome.Failed, null, 0, 0, r.Errno, r.Error),
    };
}
