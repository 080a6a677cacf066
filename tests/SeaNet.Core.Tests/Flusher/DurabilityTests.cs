using SeaNet.Flusher.Copy;
using Xunit;

namespace SeaNet.Tests.Flusher;

/// <summary>syncfs and fsync by path report success, or the errno of what failed.</summary>
public class DurabilityTests
{
    [Fact]
    public void Syncing_the_file_system_of_a_directory_or_a_file_succeeds()
    {
        using var trees = new CopyTrees();
        string file = Path.Join(trees.Dest, "f");
        File.WriteAllText(file, "x");

        Assert.Equal(0, FileCopier.SyncFileSystem(trees.Dest));
        Assert.Equal(0, FileCopier.SyncFileSystem(file));
    }

    [Fact]
    public void Fsyncing_a_file_or_a_directory_succeeds()
    {
        using var trees = new CopyTrees();
        string file = Path.Join(trees.Dest, "f");
        File.WriteAllText(file, "x");

        Assert.Equal(0, FileCopier.FsyncPath(file));
        Assert.Equal(0, FileCopier.FsyncPath(trees.Dest));
    }

    [Fact]
    public void A_missing_path_is_ENOENT()
    {
        using var trees = new CopyTrees();

        Assert.Equal(2, FileCopier.SyncFileSystem(Path.Join(trees.Dest, "missing")));
        Assert.Equal(2, FileCopier.FsyncPath(Path.Join(trees.Dest, "missing")));
    }
}
