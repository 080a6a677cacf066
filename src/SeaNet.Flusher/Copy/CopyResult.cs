namespace SeaNet.Flusher.Copy;

/// <summary>What <see cref="FileCopier.CopyToTemp"/> did with one file.</summary>
public enum CopyStatus
{
    /// <summary>The temporary holds a complete copy of the source as it was for the whole copy.</summary>
    Copied,

    /// <summary>The source's size, mtime or ctime changed during the copy (it was written, truncated,
    /// renamed or unlinked meanwhile); the temporary was removed. Copy it again later.</summary>
    SourceChanged,

    /// <summary>The source does not exist (ENOENT/ENOTDIR): nothing to flush.</summary>
    SourceGone,

    /// <summary>Any other error; <see cref="CopyResult.Errno"/> and <see cref="CopyResult.Error"/> say
    /// which and where. No temporary is left behind.</summary>
    Failed,
}

/// <summary>The outcome of one copy.</summary>
/// <param name="Status">What happened.</param>
/// <param name="TempPath">The temporary holding the copy, to <see cref="FileCopier.Publish"/>; only for
/// <see cref="CopyStatus.Copied"/>.</param>
/// <param name="Bytes">Bytes of data copied (0 for a symbolic link).</param>
/// <param name="MtimeNs">The source's mtime that was copied, in nanoseconds since the epoch: the version
/// of the file that is now in the temporary.</param>
/// <param name="Errno">The errno of a failure, 0 otherwise.</param>
/// <param name="Error">"operation path: strerror" for a failure, null otherwise.</param>
public readonly record struct CopyResult(CopyStatus Status, string? TempPath, long Bytes, long MtimeNs, int Errno, string? Error)
{
    /// <summary>The temporary's inode (for <see cref="CopyStatus.Copied"/>, 0 if unknown): published by a
    /// rename, it identifies the persistent copy this flush made, which size and mtime alone cannot
    /// (another file renamed there may have both equal).</summary>
    public ulong Ino { get; init; }
}
