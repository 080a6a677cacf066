using SeaNet.Flusher.Copy;
using Xunit;

namespace SeaNet.Tests.Flusher;

/// <summary>Missing destination directories are created below the destination root with the exact modes
/// of the source directories (not filtered by the umask); existing ones are left as they are.</summary>
public class ParentDirectoryTests
{
    [Fact]
    public void Missing_directories_get_the_modes_of_the_source_directories()
    {
        using var trees = new CopyTrees();
        trees.Write("a/b/c/f", 10);
        CopyTrees.Chmod(trees.Src("a"), 0x1E8);     // 0750
        CopyTrees.Chmod(trees.Src("a/b"), 0x1C0);   // 0700
        CopyTrees.Chmod(trees.Src("a/b/c"), 0xDFF); // 06777: umask and setgid both matter

        CopyResult r = new FileCopier().CopyToTemp(trees.Source, trees.Dest, "a/b/c/f");

        Assert.Equal(CopyStatus.Copied, r.Status);
        Assert.Equal("750", Convert.ToString(CopyTrees.Mode(trees.Dst("a")), 8));
        Assert.Equal("700", Convert.ToString(CopyTrees.Mode(trees.Dst("a/b")), 8));
        Assert.Equal("6777", Convert.ToString(CopyTrees.Mode(trees.Dst("a/b/c")), 8));
        Assert.Equal(Path.GetDirectoryName(trees.Dst("a/b/c/f")), Path.GetDirectoryName(r.TempPath));
    }

    [Fact]
    public void Only_the_missing_part_of_the_path_is_created()
    {
        using var trees = new CopyTrees();
        trees.Write("a/b/f", 10);
        CopyTrees.Chmod(trees.Src("a"), 0x1C0);     // 0700 in the source
        Directory.CreateDirectory(trees.Dst("a"));
        CopyTrees.Chmod(trees.Dst("a"), 0x1ED);     // 0755 already at the destination
        CopyTrees.Chmod(trees.Src("a/b"), 0x1E8);   // 0750

        CopyResult r = new FileCopier().CopyToTemp(trees.Source, trees.Dest, "a/b/f");

        Assert.Equal(CopyStatus.Copied, r.Status);
        Assert.Equal("755", Convert.ToString(CopyTrees.Mode(trees.Dst("a")), 8));
        Assert.Equal("750", Convert.ToString(CopyTrees.Mode(trees.Dst("a/b")), 8));
    }

    [Fact]
    public void The_destination_root_itself_is_never_created()
    {
        using var trees = new CopyTrees();
        trees.Write("d/f", 10);
        string missingRoot = Path.Join(trees.Dest, "not-there");

        CopyResult r = new FileCopier().CopyToTemp(trees.Source, missingRoot, "d/f");

        Assert.Equal(CopyStatus.Failed, r.Status);
        Assert.Equal(2, r.Errno); // ENOENT
        Assert.Equal($"mkdir {missingRoot}/d: No such file or directory", r.Error);
        Assert.False(Directory.Exists(missingRoot));
    }

    [Fact]
    public void A_file_where_a_directory_should_be_is_a_failure()
    {
        using var trees = new CopyTrees();
        trees.Write("d/f", 10);
        File.WriteAllText(trees.Dst("d"), "a file");

        CopyResult r = new FileCopier().CopyToTemp(trees.Source, trees.Dest, "d/f");

        Assert.Equal(CopyStatus.Failed, r.Status);
        Assert.Equal(20, r.Errno); // ENOTDIR
        Assert.StartsWith("create " + trees.Dst("d/"), r.Error, StringComparison.Ordinal);
    }
}
