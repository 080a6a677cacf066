using SeaNet.Core.Configuration;
using Xunit;
using static SeaNet.Tests.Configuration.ConfigTestSupport;

namespace SeaNet.Tests.Configuration;

/// <summary>Tier paths must be passable to the shim and must not overlap one another.</summary>
public class TierPathRulesTests
{
    [Fact]
    public void A_colon_in_a_tier_path_is_refused()
    {
        ConfigException e = ParseError("[Sea]\nmount_dir = /m\nn_levels = 2\ncache_0 = /scratch/run:1\ncache_1 = /p\n");

        Assert.Equal(
            "sea.ini:4: key 'cache_0': '/scratch/run:1' contains ':', which SeaNet cannot pass to the shim (its tier list is ':'-separated); "
            + "rename the directory, or point cache_0 at a symlink without ':'",
            e.Message);
    }

    [Fact]
    public void A_tier_path_too_long_for_the_shared_tier_table_is_refused()
    {
        string longPath = "/" + new string('x', ConfigLimits.MaxPathBytes);

        ConfigException e = ParseError($"[Sea]\nmount_dir = /m\nn_levels = 2\ncache_0 = {longPath}\ncache_1 = /p\n");

        Assert.Equal(
            $"sea.ini:4: key 'cache_0': the path is {ConfigLimits.MaxPathBytes + 1} bytes long and SeaNet's limit is {ConfigLimits.MaxPathBytes} (use a shorter path or a symlink)",
            e.Message);
    }

    [Fact]
    public void A_path_of_exactly_the_limit_is_accepted()
    {
        string path = "/" + new string('x', ConfigLimits.MaxPathBytes - 1);

        Assert.Equal(path, Parse($"[Sea]\nmount_dir = /m\nn_levels = 2\ncache_0 = {path}\ncache_1 = /p\n").Tiers[0].Path);
    }

    [Fact]
    public void Two_tiers_in_one_directory_are_refused()
    {
        ConfigException e = ParseError("[Sea]\nmount_dir = /m\nn_levels = 3\ncache_0 = /c\ncache_1 = /c/\ncache_2 = /p\n");

        Assert.Equal("sea.ini:5: cache_1 = /c is the same directory as cache_0 = /c (line 4): each tier needs its own directory", e.Message);
    }

    [Fact]
    public void A_tier_inside_another_is_refused()
    {
        ConfigException e = ParseError("[Sea]\nmount_dir = /m\nn_levels = 2\ncache_0 = /lustre/out/cache\ncache_1 = /lustre/out\n");

        Assert.Equal(
            "sea.ini:5: cache_1 = /lustre/out contains cache_0 = /lustre/out/cache (line 4): tiers must not contain one another",
            e.Message);
    }
}
