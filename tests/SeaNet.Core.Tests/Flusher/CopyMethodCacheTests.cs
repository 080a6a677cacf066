using SeaNet.Flusher.Copy;
using Xunit;

namespace SeaNet.Tests.Flusher;

/// <summary>The copier remembers, per pair of file systems, which copy call works, so only the first file
/// of a pair pays for a refused call.</summary>
public class CopyMethodCacheTests
{
    [Fact]
    public void From_tmpfs_to_disk_a_working_method_is_picked_once_and_reused()
    {
        using var trees = new CopyTrees(Destination.Disk);
        for (int i = 0; i < 5; i++)
        {
            trees.Write($"f{i}", 4096, i);
        }

        var copier = new FileCopier();
        Assert.Null(copier.CachedMethod(trees.Src("f0"), trees.Dest));

        Assert.Equal(CopyStatus.Copied, copier.CopyToTemp(trees.Source, trees.Dest, "f0").Status);
        CopyMethod? picked = copier.CachedMethod(trees.Src("f0"), trees.Dest);
        long fallbacksAfterFirst = copier.Fallbacks;
        for (int i = 1; i < 5; i++)
        {
            CopyResult r = copier.CopyToTemp(trees.Source, trees.Dest, $"f{i}");
            Assert.Equal(CopyTrees.Bytes(4096, i), File.ReadAllBytes(r.TempPath!));
        }

        Assert.NotNull(picked);
        if (Environment.OSVersion.Version >= new Version(5, 19))
        {
            // copy_file_range refuses copies between file systems of different types (EXDEV).
            Assert.NotEqual(CopyMethod.CopyFileRange, picked);
            Assert.True(fallbacksAfterFirst >= 1);
        }

        Assert.Equal(fallbacksAfterFirst, copier.Fallbacks);
        Assert.Equal(picked, copier.CachedMethod(trees.Src("f4"), trees.Dest));
    }

    [Fact]
    public void Within_one_tmpfs_copy_file_range_is_used_without_fallback()
    {
        using var trees = new CopyTrees(Destination.Tmpfs);
        trees.Write("f", 4096);
        var copier = new FileCopier();

        Assert.Equal(CopyStatus.Copied, copier.CopyToTemp(trees.Source, trees.Dest, "f").Status);

        Assert.Equal(CopyMethod.CopyFileRange, copier.CachedMethod(trees.Src("f"), trees.Dest));
        Assert.Equal(0, copier.Fallbacks);
    }

    [Fact]
    public void Empty_files_make_no_copy_call_and_cache_nothing()
    {
        using var trees = new CopyTrees(Destination.Disk);
        trees.Write("empty", 0);
        var copier = new FileCopier();

        Assert.Equal(CopyStatus.Copied, copier.CopyToTemp(trees.Source, trees.Dest, "empty").Status);

        Assert.Null(copier.CachedMethod(trees.Src("empty"), trees.Dest));
    }

    [Theory]
    [InlineData(nameof(CopyMethod.SendFile), Destination.Disk)]
    [InlineData(nameof(CopyMethod.ReadWrite), Destination.Disk)]
    [InlineData(nameof(CopyMethod.ReadWrite), Destination.Tmpfs)]
    public void Each_fallback_method_copies_byte_for_byte(string methodName, Destination destination)
    {
        CopyMethod method = Enum.Parse<CopyMethod>(methodName);
        using var trees = new CopyTrees(destination);
        byte[] content = CopyTrees.Bytes((3 << 20) + 13, 5); // several 1 MiB read/write buffers
        trees.Write("f", content);
        var copier = new FileCopier { FirstMethod = method };

        CopyResult r = copier.CopyToTemp(trees.Source, trees.Dest, "f");

        Assert.Equal(CopyStatus.Copied, r.Status);
        Assert.Equal(content, File.ReadAllBytes(r.TempPath!));
        Assert.Equal(method, copier.CachedMethod(trees.Src("f"), trees.Dest));
        Assert.Equal(0, copier.Fallbacks);
    }
}
