using SeaNet.Flusher.Copy;
using Xunit;

namespace SeaNet.Tests.Flusher;

/// <summary>The temporary holds exactly the source's bytes, next to the final name, which is not touched.</summary>
public class CopyContentTests
{
    public static TheoryData<Destination, int> Sizes()
    {
        var data = new TheoryData<Destination, int>();
        foreach (Destination d in Enum.GetValues<Destination>())
        {
            foreach (int size in new[] { 0, 1, 4096, 4097, (1 << 20) + 13 })
            {
                data.Add(d, size);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void A_file_is_copied_byte_for_byte_to_its_temporary(Destination destination, int size)
    {
        using var trees = new CopyTrees(destination);
        byte[] content = CopyTrees.Bytes(size, seed: size);
        trees.Write("sub/data.bin", content);
        Directory.CreateDirectory(trees.Dst("sub"));

        CopyResult r = new FileCopier().CopyToTemp(trees.Source, trees.Dest, "sub/data.bin");

        Assert.Equal(CopyStatus.Copied, r.Status);
        Assert.Equal(FileCopier.TempPathFor(trees.Dst("sub/data.bin")), r.TempPath);
        Assert.Equal(size, r.Bytes);
        Assert.Equal(content, File.ReadAllBytes(r.TempPath!));
        Assert.False(File.Exists(trees.Dst("sub/data.bin")));
        Assert.Equal((0, (string?)null), (r.Errno, r.Error));
    }

    [Theory]
    [InlineData(Destination.Disk)]
    [InlineData(Destination.Tmpfs)]
    public void A_sparse_10_MiB_file_reads_back_identical_holes_included(Destination destination)
    {
        using var trees = new CopyTrees(destination);
        string source = trees.Src("sparse.img");
        using (FileStream f = File.Create(source))
        {
            f.SetLength(10 << 20);
            f.Position = 3 << 20;
            f.Write(CopyTrees.Bytes(5000, 7));
            f.Position = (10 << 20) - 100;
            f.Write(CopyTrees.Bytes(100, 8));
        }

        CopyResult r = new FileCopier().CopyToTemp(trees.Source, trees.Dest, "sparse.img");

        Assert.Equal(CopyStatus.Copied, r.Status);
        Assert.Equal(10 << 20, r.Bytes);
        Assert.Equal(File.ReadAllBytes(source), File.ReadAllBytes(r.TempPath!));
    }

    [Theory]
    [InlineData(Destination.Disk)]
    [InlineData(Destination.Tmpfs)]
    public void A_64_MiB_file_is_copied_whole(Destination destination)
    {
        using var trees = new CopyTrees(destination);
        byte[] content = CopyTrees.Bytes(64 << 20, 3);
        trees.Write("big.bin", content);

        CopyResult r = new FileCopier().CopyToTemp(trees.Source, trees.Dest, "big.bin");

        Assert.Equal(CopyStatus.Copied, r.Status);
        Assert.Equal(content.LongLength, r.Bytes);
        Assert.True(content.AsSpan().SequenceEqual(File.ReadAllBytes(r.TempPath!)));
    }

    [Fact]
    public void A_leftover_temporary_of_a_crash_is_replaced()
    {
        using var trees = new CopyTrees();
        trees.Write("f", CopyTrees.Bytes(100, 1));
        string leftover = FileCopier.TempPathFor(trees.Dst("f"));
        File.WriteAllBytes(leftover, CopyTrees.Bytes(5000, 2));
        CopyTrees.Chmod(leftover, 0x124); // 0444

        CopyResult r = new FileCopier().CopyToTemp(trees.Source, trees.Dest, "f");

        Assert.Equal(CopyStatus.Copied, r.Status);
        Assert.Equal(CopyTrees.Bytes(100, 1), File.ReadAllBytes(leftover));
    }

    [Fact]
    public void A_leftover_symbolic_link_at_the_temporary_name_is_replaced_not_followed()
    {
        using var trees = new CopyTrees();
        trees.Write("f", CopyTrees.Bytes(100, 1));
        string victim = trees.Dst("victim");
        File.WriteAllText(victim, "untouched");
        File.CreateSymbolicLink(FileCopier.TempPathFor(trees.Dst("f")), victim);

        CopyResult r = new FileCopier().CopyToTemp(trees.Source, trees.Dest, "f");

        Assert.Equal(CopyStatus.Copied, r.Status);
        Assert.Equal("untouched", File.ReadAllText(victim));
        Assert.Equal(CopyTrees.Bytes(100, 1), File.ReadAllBytes(r.TempPath!));
    }

    [Fact]
    public void Many_workers_copying_into_the_same_new_directories_all_succeed()
    {
        using var trees = new CopyTrees();
        const int Files = 400;
        for (int i = 0; i < Files; i++)
        {
            trees.Write($"sub-{i % 4}/ses-{i % 3}/f{i}", CopyTrees.Bytes(64 + i, i));
        }

        var copier = new FileCopier();
        var results = new CopyResult[Files];
        Parallel.For(0, Files, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
            results[i] = copier.CopyToTemp(trees.Source, trees.Dest, $"sub-{i % 4}/ses-{i % 3}/f{i}"));

        Assert.All(results, r => Assert.Equal(CopyStatus.Copied, r.Status));
        for (int i = 0; i < Files; i++)
        {
            Assert.Equal(CopyTrees.Bytes(64 + i, i), File.ReadAllBytes(results[i].TempPath!));
        }
    }
}
