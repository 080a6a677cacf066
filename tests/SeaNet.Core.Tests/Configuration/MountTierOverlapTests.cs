using SeaNet.Core.Configuration;
using Xunit;
using static SeaNet.Tests.Configuration.ConfigTestSupport;

namespace SeaNet.Tests.Configuration;

/// <summary>The mount directory may not be, be inside, or contain any tier.</summary>
public class MountTierOverlapTests
{
    private static string Layout(string mount, string cache, string persistent) =>
        $"[Sea]\nmount_dir = {mount}\nn_levels = 2\ncache_0 = {cache}\ncache_1 = {persistent}\n";

    private const string Rule = "the mount directory must be outside every tier and contain none of them";

    [Fact]
    public void A_mount_equal_to_a_tier_is_refused()
    {
        ConfigException e = ParseError(Layout("/lustre/out", "/dev/shm/c", "/lustre/out"));

        Assert.Equal($"sea.ini:2: mount_dir = /lustre/out is also cache_1 = /lustre/out (line 5): {Rule}", e.Message);
        Assert.Equal("mount_dir", e.Key);
    }

    [Fact]
    public void A_mount_inside_a_tier_is_refused()
    {
        ConfigException e = ParseError(Layout("/lustre/out/view", "/dev/shm/c", "/lustre/out"));

        Assert.Equal($"sea.ini:2: mount_dir = /lustre/out/view is inside cache_1 = /lustre/out (line 5): {Rule}", e.Message);
    }

    [Fact]
    public void A_mount_containing_a_tier_is_refused()
    {
        ConfigException e = ParseError(Layout("/scratch", "/scratch/cache", "/lustre/out"));

        Assert.Equal($"sea.ini:2: mount_dir = /scratch contains cache_0 = /scratch/cache (line 4): {Rule}", e.Message);
    }

    [Fact]
    public void The_root_as_mount_is_refused()
    {
        ConfigException e = ParseError(Layout("/", "/dev/shm/c", "/lustre/out"));

        Assert.Contains("mount_dir = / contains cache_0", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Siblings_sharing_a_name_prefix_do_not_overlap()
    {
        SeaConfig config = Parse(Layout("/data/sea", "/data/sea_cache", "/data/seapersistent"));

        Assert.Equal("/data/sea", config.MountDir);
    }

    [Fact]
    public void The_readme_layout_with_mount_and_persistent_side_by_side_is_accepted()
    {
        Assert.Equal("/lustre/seasource", Parse(Layout("/lustre/seamount", "/dev/shm/seasource", "/lustre/seasource")).PersistentTier.Path);
    }
}
