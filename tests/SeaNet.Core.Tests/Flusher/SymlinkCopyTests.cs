using SeaNet.Core.Interop;
using SeaNet.Flusher.Copy;
using Xunit;

namespace SeaNet.Tests.Flusher;

/// <summary>A symbolic link is copied as a link: its text, never the file it points to, with its own times.</summary>
public class SymlinkCopyTests
{
    [Theory]
    [InlineData("target.txt")]
    [InlineData("../elsewhere/target.txt")]
    [InlineData("/etc/hostname")]
    [InlineData("/nonexistent/dangling")]
    [InlineData("dir with spaces/é🙂")]
    public void The_link_text_is_copied_exactly(string target)
    {
        using var trees = new CopyTrees();
        Directory.CreateDirectory(trees.Src("d"));
        File.CreateSymbolicLink(trees.Src("d/link"), target);
        Directory.CreateDirectory(trees.Dst("d"));

        CopyResult r = new FileCopier().CopyToTemp(trees.Source, trees.Dest, "d/link");

        Assert.Equal(CopyStatus.Copied, r.Status);
        Assert.Equal(0, r.Bytes);
        Assert.Equal(Libc.S_IFLNK, CopyTrees.Lstat(r.TempPath!).stx_mode & Libc.S_IFMT);
        Assert.Equal(target, new FileInfo(r.TempPath!).LinkTarget);
    }

    [Fact]
    public void A_link_to_a_file_does_not_copy_the_file()
    {
        using var trees = new CopyTrees();
        trees.Write("big", 1 << 20);
        File.CreateSymbolicLink(trees.Src("link"), "big");

        CopyResult r = new FileCopier().CopyToTemp(trees.Source, trees.Dest, "link");

        Assert.Equal(0, r.Bytes);
        Assert.Equal((long)"big".Length, (long)CopyTrees.Lstat(r.TempPath!).stx_size);
        Assert.False(File.Exists(trees.Dst("big")));
    }

    [Fact]
    public void The_links_own_times_are_copied_to_the_nanosecond()
    {
        using var trees = new CopyTrees();
        string target = trees.Write("target", 10);
        CopyTrees.SetTimes(target, 1_111_111_111_000_000_001, 1_222_222_222_000_000_002);
        string link = trees.Src("link");
        File.CreateSymbolicLink(link, "target");
        CopyTrees.SetTimes(link, 1_600_000_000_123_456_789, 1_500_000_000_987_654_321);

        CopyResult r = new FileCopier().CopyToTemp(trees.Source, trees.Dest, "link");

        Libc.Statx copy = CopyTrees.Lstat(r.TempPath!);
        Assert.Equal(1_600_000_000_123_456_789, copy.stx_atime.Nanoseconds);
        Assert.Equal(1_500_000_000_987_654_321, copy.stx_mtime.Nanoseconds);
        Assert.Equal(1_500_000_000_987_654_321, r.MtimeNs);
    }

    [Fact]
    public void A_link_is_copied_into_missing_directories()
    {
        using var trees = new CopyTrees();
        Directory.CreateDirectory(trees.Src("a/b"));
        File.CreateSymbolicLink(trees.Src("a/b/link"), "x");

        CopyResult r = new FileCopier().CopyToTemp(trees.Source, trees.Dest, "a/b/link");

        Assert.Equal(CopyStatus.Copied, r.Status);
        Assert.Equal("x", new FileInfo(r.TempPath!).LinkTarget);
    }

    [Fact]
    public void A_path_with_a_loop_is_a_failure_not_a_link()
    {
        using var trees = new CopyTrees();
        File.CreateSymbolicLink(trees.Src("loop"), "loop");

        CopyResult r = new FileCopier().CopyToTemp(trees.Source, trees.Dest, "loop/f");

        Assert.Equal(CopyStatus.Failed, r.Status);
        Assert.Equal((int)Errno.ELOOP, r.Errno);
        Assert.Contains(trees.Src("loop/f"), r.Error, StringComparison.Ordinal);
        Assert.Empty(CopyTrees.Temporaries(trees.Dest));
    }
}
