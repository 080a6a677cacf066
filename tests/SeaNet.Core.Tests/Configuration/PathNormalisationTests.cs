using SeaNet.Core.Configuration;
using Xunit;
using static SeaNet.Tests.Configuration.ConfigTestSupport;

namespace SeaNet.Tests.Configuration;

/// <summary>Paths are normalised lexically: no trailing slash, no empty, '.' or '..' components.</summary>
public class PathNormalisationTests
{
    [Theory]
    [InlineData("/var//log/./sea.log", "/var/log/sea.log")]
    [InlineData("/var/log/../tmp/sea.log", "/var/tmp/sea.log")]
    [InlineData("/../../sea.log", "/sea.log")]
    [InlineData("/var/log/", "/var/log")]
    [InlineData("///var///log///", "/var/log")]
    [InlineData("/var/log/.", "/var/log")]
    public void Paths_are_normalised(string written, string expected)
    {
        Assert.Equal(expected, Parse(Minimal + $"log_file = {written}\n").LogFile);
    }

    [Fact]
    public void Tier_and_mount_paths_lose_their_trailing_slashes()
    {
        SeaConfig config = Parse("[Sea]\nmount_dir = /mnt/lustre/mount/ ;\nn_levels = 2\ncache_0 = /dev/shm/seatmp/\ncache_1 = /mnt/lustre/out//\n");

        Assert.Equal("/mnt/lustre/mount", config.MountDir);
        Assert.Equal(["/dev/shm/seatmp", "/mnt/lustre/out"], config.Tiers.Select(t => t.Path));
    }

    [Fact]
    public void Dot_dot_is_resolved_before_the_layout_is_checked()
    {
        ConfigException e = ParseError("[Sea]\nmount_dir = /data/cache/../persistent/x\nn_levels = 2\ncache_0 = /data/cache\ncache_1 = /data/persistent\n");

        Assert.Contains("mount_dir = /data/persistent/x is inside cache_1 = /data/persistent", e.Message, StringComparison.Ordinal);
    }
}
