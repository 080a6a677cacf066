using SeaNet.Flusher.Copy;
using Xunit;

namespace SeaNet.Tests.Flusher;

/// <summary>Errors of the destination are Failed with the errno and a message naming the operation and the
/// path, and never leave a temporary behind. The tests run as root, for whom permission bits deny
/// nothing: an immutable directory and small or read-only mounts make the kernel refuse.</summary>
public class CopyFailureTests
{
    [Fact]
    public void An_immutable_destination_directory_fails_the_create_and_leaves_nothing()
    {
        using var trees = new CopyTrees(Destination.Disk);
        trees.Write("d/f", 4096);
        Directory.CreateDirectory(trees.Dst("d"));
        CopyTrees.Run("chattr", "+i " + trees.Dst("d"));
        try
        {
            CopyResult r = new FileCopier().CopyToTemp(trees.Source, trees.Dest, "d/f");

            Assert.Equal(CopyStatus.Failed, r.Status);
            Assert.Contains(r.Errno, new[] { 1, 13 }); // EPERM (immutable), EACCES
            string temp = FileCopier.TempPathFor(trees.Dst("d/f"));
            Assert.StartsWith($"create {temp}: ", r.Error, StringComparison.Ordinal);
            Assert.Null(r.TempPath);
            Assert.Empty(CopyTrees.Temporaries(trees.Dst("d")));
        }
        finally
        {
            CopyTrees.Run("chattr", "-i " + trees.Dst("d"));
        }
    }

    [Fact]
    public void A_read_only_destination_is_EROFS()
    {
        using var trees = new CopyTrees();
        trees.Write("f", 10);
        string ro = trees.Dst("ro");
        trees.Mount(ro, "-t tmpfs -o ro,size=1m tmpfs");

        CopyResult r = new FileCopier().CopyToTemp(trees.Source, ro, "f");

        Assert.Equal(CopyStatus.Failed, r.Status);
        Assert.Equal(30, r.Errno); // EROFS
        Assert.Equal($"create {ro}/{FileCopier.HiddenPrefix}f: Read-only file system", r.Error);
    }

    [Fact]
    public void A_full_destination_is_ENOSPC_and_the_partial_temporary_is_removed()
    {
        using var trees = new CopyTrees();
        trees.Write("big", 4 << 20);
        string small = trees.Dst("small");
        trees.Mount(small, "-t tmpfs -o size=1m tmpfs");

        CopyResult r = new FileCopier().CopyToTemp(trees.Source, small, "big");

        Assert.Equal(CopyStatus.Failed, r.Status);
        Assert.Equal(28, r.Errno); // ENOSPC
        Assert.Equal($"copy {trees.Src("big")} to {small}/{FileCopier.HiddenPrefix}big: No space left on device", r.Error);
        Assert.Empty(Directory.GetFileSystemEntries(small));
    }

    [Fact]
    public void A_directory_that_cannot_be_created_names_the_mkdir()
    {
        using var trees = new CopyTrees(Destination.Disk);
        trees.Write("d/e/f", 10);
        CopyTrees.Run("chattr", "+i " + trees.Dest);
        try
        {
            CopyResult r = new FileCopier().CopyToTemp(trees.Source, trees.Dest, "d/e/f");

            Assert.Equal(CopyStatus.Failed, r.Status);
            Assert.Equal(1, r.Errno); // EPERM
            Assert.Equal($"mkdir {trees.Dst("d")}: Operation not permitted", r.Error);
        }
        finally
        {
            CopyTrees.Run("chattr", "-i " + trees.Dest);
        }
    }

    /// <summary>Opening a fifo for reading blocks until a writer comes, unless O_NONBLOCK: the timeout
    /// turns a worker stuck forever into a failed test.</summary>
    [Fact(Timeout = 60_000)]
    public async Task A_fifo_is_refused_with_EINVAL_without_blocking()
    {
        using var trees = new CopyTrees();
        CopyTrees.Run("mkfifo", trees.Src("pipe"));

        CopyResult r = await Task.Run(() => new FileCopier().CopyToTemp(trees.Source, trees.Dest, "pipe"));

        Assert.Equal(CopyStatus.Failed, r.Status);
        Assert.Equal(22, r.Errno);
        Assert.Equal($"copy {trees.Src("pipe")}: not a regular file or a symbolic link", r.Error);
        Assert.Empty(Directory.GetFileSystemEntries(trees.Dest));
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("a/../../escape")]
    [InlineData("/etc/passwd")]
    [InlineData("")]
    [InlineData("a//b")]
    [InlineData("./a")]
    [InlineData("a/")]
    public void A_path_that_is_not_strictly_below_the_root_is_refused(string relative)
    {
        using var trees = new CopyTrees();
        trees.Write("a/b", 10);

        CopyResult r = new FileCopier().CopyToTemp(trees.Source, trees.Dest, relative);

        Assert.Equal(CopyStatus.Failed, r.Status);
        Assert.Equal(22, r.Errno);
        Assert.Empty(Directory.GetFileSystemEntries(trees.Dest));
    }
}
