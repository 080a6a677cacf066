namespace SeaNet.Flusher.Copy;

// TEMPORARY stand-in with the agreed API; replaced by the real copier (branch `copy`).
public enum CopyStatus
{
    Copied,
    SourceChanged,
    SourceGone,
    Failed,
}

public readonly record struct CopyResult(CopyStatus Status, string? TempPath, long Bytes, long MtimeNs, int Errno, string? Error);

public sealed class BandwidthLimiter
{
    public BandwidthLimiter(long bytesPerSecond) => BytesPerSecond = bytesPerSecond;

    public long BytesPerSecond { get; }

    public void Acquire(long bytes)
    {
    }
}

public sealed class FileCopier
{
    public const string HiddenPrefix = ".seanet~";

    public FileCopier(BandwidthLimiter? limiter = null)
    {
    }

    public CopyResult CopyToTemp(string sourceRoot, string destRoot, string relative)
    {
        string src = Path.Join(sourceRoot, relative);
        string final = Path.Join(destRoot, relative);
        string temp = TempPathFor(final);
        try
        {
            var info = new FileInfo(src);
            if (!info.Exists)
            {
                return new CopyResult(CopyStatus.SourceGone, null, 0, 0, 2, "gone");
            }

            Directory.CreateDirectory(Path.GetDirectoryName(final)!);
            File.Copy(src, temp, true);
            File.SetLastWriteTimeUtc(temp, info.LastWriteTimeUtc);
            return new CopyResult(CopyStatus.Copied, temp, info.Length, (info.LastWriteTimeUtc - DateTime.UnixEpoch).Ticks * 100, 0, null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            File.Delete(temp);
            return new CopyResult(CopyStatus.Failed, null, 0, 0, 13, e.Message);
        }
    }

    public static string TempPathFor(string finalPath) =>
        Path.Join(Path.GetDirectoryName(finalPath), HiddenPrefix + Path.GetFileName(finalPath));

    public static int Publish(string tempPath, string finalPath, bool noReplace)
    {
        try
        {
            File.Move(tempPath, finalPath, !noReplace);
            return 0;
        }
        catch (IOException)
        {
            return 17;
        }
    }

    public static int SyncFileSystem(string anyPathOnIt) => 0;

    public static int FsyncPath(string path) => 0;
}
