using SeaNet.Flusher.Copy;
using Xunit;

namespace SeaNet.Tests.Flusher;

/// <summary>A source written during its copy, or gone before it, is reported as such and leaves no temporary.</summary>
public class SourceChangeTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_source_written_during_the_copy_is_SourceChanged_and_its_temporary_removed(bool truncate)
    {
        using var trees = new CopyTrees();
        string source = trees.Write("slow.bin", 8 << 20);
        string temp = FileCopier.TempPathFor(trees.Dst("slow.bin"));
        // 4 MiB/s: the copy of 8 MiB lasts about 1.9 s, 1 MiB at a time.
        var copier = new FileCopier(new BandwidthLimiter(4 << 20));

        Task<CopyResult> copy = Task.Run(() => copier.CopyToTemp(trees.Source, trees.Dest, "slow.bin"));
        SpinWait.SpinUntil(() => File.Exists(temp) && new FileInfo(temp).Length >= 1 << 20, TimeSpan.FromSeconds(30));
        Assert.False(copy.IsCompleted);
        using (FileStream f = File.OpenWrite(source))
        {
            if (truncate)
            {
                f.SetLength(4096);
            }
            else
            {
                f.Position = 6 << 20;
                f.Write(CopyTrees.Bytes(10, 99));
            }
        }

        CopyResult r = await copy;

        Assert.Equal(CopyStatus.SourceChanged, r.Status);
        Assert.Null(r.TempPath);
        Assert.Empty(CopyTrees.Temporaries(trees.Dest));
    }

    /// <summary>Neither changes the size or the mtime, only the ctime: a chmod would be lost, and a file
    /// unlinked meanwhile must not be published.</summary>
    [Theory]
    [InlineData("chmod")]
    [InlineData("unlink")]
    public async Task A_source_chmodded_or_unlinked_during_the_copy_is_SourceChanged(string change)
    {
        using var trees = new CopyTrees();
        string source = trees.Write("slow.bin", 8 << 20);
        string temp = FileCopier.TempPathFor(trees.Dst("slow.bin"));
        var copier = new FileCopier(new BandwidthLimiter(4 << 20));

        Task<CopyResult> copy = Task.Run(() => copier.CopyToTemp(trees.Source, trees.Dest, "slow.bin"));
        SpinWait.SpinUntil(() => File.Exists(temp) && new FileInfo(temp).Length >= 1 << 20, TimeSpan.FromSeconds(30));
        Assert.False(copy.IsCompleted);
        if (change == "chmod")
        {
            CopyTrees.Chmod(source, 0x180);
        }
        else
        {
            File.Delete(source);
        }

        CopyResult r = await copy;

        Assert.Equal(CopyStatus.SourceChanged, r.Status);
        Assert.Empty(CopyTrees.Temporaries(trees.Dest));
    }

    [Fact]
    public void A_source_that_does_not_exist_is_SourceGone()
    {
        using var trees = new CopyTrees();

        CopyResult r = new FileCopier().CopyToTemp(trees.Source, trees.Dest, "missing/file");

        Assert.Equal(CopyStatus.SourceGone, r.Status);
        Assert.Equal((0, (string?)null, (string?)null), (r.Errno, r.Error, r.TempPath));
        Assert.Empty(Directory.GetFileSystemEntries(trees.Dest));
    }

    [Fact]
    public void A_source_whose_directory_became_a_file_is_SourceGone()
    {
        using var trees = new CopyTrees();
        trees.Write("d", 10);

        Assert.Equal(CopyStatus.SourceGone, new FileCopier().CopyToTemp(trees.Source, trees.Dest, "d/f").Status);
    }
}
