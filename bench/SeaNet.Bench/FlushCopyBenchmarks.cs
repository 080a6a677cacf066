using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using SeaNet.Flusher.Copy;

namespace SeaNet.Bench;

/// <summary>
/// The flusher's copy engine from a cache tier (/dev/shm) to a disk (/var/tmp, ext4: the tmpfs → disk
/// case where copy_file_range is refused and sendfile is used): 1,000 files of 4 KiB in 10 directories
/// (results per file), and one 256 MiB file. <see cref="FileCopier.CopyToTemp"/> + <see cref="FileCopier.Publish"/>
/// against File.Copy, which neither preserves times nor publishes atomically; and the flusher's whole
/// batch: 4 workers copying, then syncfs, the renames, syncfs again. Each iteration starts from an empty
/// destination, so the directories are created inside the measurement, as in a real flush.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
[InvocationCount(1)]
public class FlushCopyBenchmarks
{
    private const int SmallFiles = 1000;
    private const int Directories = 10;
    private const string Big = "big.bin";

    private readonly string source = "/dev/shm/seanet-bench-flushcopy-src";
    private readonly string dest = "/var/tmp/seanet-bench-flushcopy-dst";
    private readonly FileCopier copier = new();
    private string[] relatives = [];

    [GlobalSetup]
    public void Setup()
    {
        DeleteIfExists(source);
        var content = new byte[4096];
        relatives = new string[SmallFiles];
        for (int i = 0; i < SmallFiles; i++)
        {
            relatives[i] = $"sub-{i % Directories:D2}/func/bold-{i:D4}.json";
            string path = Path.Join(source, relatives[i]);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            new Random(i).NextBytes(content);
            File.WriteAllBytes(path, content);
        }

        var chunk = new byte[1 << 20];
        new Random(256).NextBytes(chunk);
        using FileStream big = File.Create(Path.Join(source, Big));
        for (int i = 0; i < 256; i++)
        {
            big.Write(chunk);
        }
    }

    [IterationSetup]
    public void EmptyDestination()
    {
        DeleteIfExists(dest);
        Directory.CreateDirectory(dest);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        DeleteIfExists(source);
        DeleteIfExists(dest);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = SmallFiles)]
    [BenchmarkCategory("1000 x 4 KiB")]
    public void FileCopy_Small()
    {
        for (int i = 0; i < Directories; i++)
        {
            Directory.CreateDirectory(Path.Join(dest, $"sub-{i:D2}/func"));
        }

        foreach (string relative in relatives)
        {
            File.Copy(Path.Join(source, relative), Path.Join(dest, relative), overwrite: true);
        }
    }

    [Benchmark(OperationsPerInvoke = SmallFiles)]
    [BenchmarkCategory("1000 x 4 KiB")]
    public void CopyToTempAndPublish_Small()
    {
        foreach (string relative in relatives)
        {
            CopyResult r = copier.CopyToTemp(source, dest, relative);
            Check(r, FileCopier.Publish(r.TempPath!, Path.Join(dest, relative), noReplace: false));
        }
    }

    /// <summary>The flusher's batch: 4 workers copy, one thread syncfs, publishes every file, syncfs.</summary>
    [Benchmark(OperationsPerInvoke = SmallFiles)]
    [BenchmarkCategory("1000 x 4 KiB")]
    public void FourWorkersThenSyncfsPublishSyncfs_Small()
    {
        var temps = new string[SmallFiles];
        Parallel.For(0, SmallFiles, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            CopyResult r = copier.CopyToTemp(source, dest, relatives[i]);
            Check(r, 0);
            temps[i] = r.TempPath!;
        });
        CheckErrno(FileCopier.SyncFileSystem(dest));
        for (int i = 0; i < SmallFiles; i++)
        {
            CheckErrno(FileCopier.Publish(temps[i], Path.Join(dest, relatives[i]), noReplace: false));
        }

        CheckErrno(FileCopier.SyncFileSystem(dest));
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("256 MiB")]
    public void FileCopy_Big() => File.Copy(Path.Join(source, Big), Path.Join(dest, Big), overwrite: true);

    [Benchmark]
    [BenchmarkCategory("256 MiB")]
    public void CopyToTempAndPublish_Big()
    {
        CopyResult r = copier.CopyToTemp(source, dest, Big);
        Check(r, FileCopier.Publish(r.TempPath!, Path.Join(dest, Big), noReplace: false));
    }

    private static void Check(CopyResult r, int errno)
    {
        if (r.Status != CopyStatus.Copied || errno != 0)
        {
            throw new InvalidOperationException($"{r.Status} {r.Error} errno {errno}");
        }
    }

    private static void CheckErrno(int errno)
    {
        if (errno != 0)
        {
            throw new InvalidOperationException($"errno {errno}");
        }
    }

    private static void DeleteIfExists(string dir)
    {
        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
