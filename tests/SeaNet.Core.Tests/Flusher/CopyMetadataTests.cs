using SeaNet.Core.Interop;
using SeaNet.Flusher.Copy;
using Xunit;

namespace SeaNet.Tests.Flusher;

/// <summary>The temporary carries the source's permission bits (special bits included) and its atime and
/// mtime to the nanosecond; the result names the mtime that was copied.</summary>
public class CopyMetadataTests
{
    [Theory]
    [InlineData(0x184u)]  // 0604
    [InlineData(0x9EDu)]  // 04755 setuid
    [InlineData(0x5EDu)]  // 02755 setgid
    [InlineData(0x3FFu)]  // 01777 sticky, all bits
    [InlineData(0x100u)]  // 0400
    [InlineData(0x000u)]  // 0000
    public void The_permission_bits_are_copied_special_bits_included(uint mode)
    {
        using var trees = new CopyTrees();
        string source = trees.Write("f", 4096);
        CopyTrees.Chmod(source, mode);

        CopyResult r = new FileCopier().CopyToTemp(trees.Source, trees.Dest, "f");

        Assert.Equal(CopyStatus.Copied, r.Status);
        Assert.Equal(Convert.ToString(mode, 8), Convert.ToString(CopyTrees.Mode(r.TempPath!), 8));
    }

    [Theory]
    [InlineData(Destination.Disk, 0)]
    [InlineData(Destination.Disk, 4096)]
    [InlineData(Destination.Tmpfs, 3 << 20)]
    public void Atime_and_mtime_are_copied_to_the_nanosecond(Destination destination, int size)
    {
        using var trees = new CopyTrees(destination);
        string source = trees.Write("f", size);
        const long Atime = 1_600_000_000_123_456_789;
        const long Mtime = 1_500_000_000_987_654_321;
        CopyTrees.SetTimes(source, Atime, Mtime);

        CopyResult r = new FileCopier().CopyToTemp(trees.Source, trees.Dest, "f");

        Assert.Equal(CopyStatus.Copied, r.Status);
        Libc.Statx copy = CopyTrees.Lstat(r.TempPath!);
        Assert.Equal(Atime, copy.stx_atime.Nanoseconds);
        Assert.Equal(Mtime, copy.stx_mtime.Nanoseconds);
        Assert.Equal(Mtime, r.MtimeNs);
    }

    [Fact]
    public void Reading_the_source_does_not_change_its_atime()
    {
        using var trees = new CopyTrees();
        string source = trees.Write("f", 4096);
        const long Atime = 1_000_000_000_000_000_001; // older than mtime: relatime would update it on a read
        CopyTrees.SetTimes(source, Atime, 1_500_000_000_000_000_000);

        Assert.Equal(CopyStatus.Copied, new FileCopier().CopyToTemp(trees.Source, trees.Dest, "f").Status);

        Assert.Equal(Atime, CopyTrees.Lstat(source).stx_atime.Nanoseconds);
    }
}
