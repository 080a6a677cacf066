using SeaNet.Core.Configuration;
using Xunit;
using static SeaNet.Tests.Configuration.ConfigTestSupport;

namespace SeaNet.Tests.Configuration;

/// <summary>SeaNet's cache_N_capacity caps what SeaNet places on cache level N.</summary>
public class CapacityKeyTests
{
    private const string ThreeLevels = "[Sea]\nmount_dir = /m\nn_levels = 3\ncache_0 = /shm\ncache_1 = /d0,/d1\ncache_2 = /p\n";

    [Fact]
    public void A_capacity_caps_its_cache_level_and_other_levels_stay_uncapped()
    {
        SeaConfig config = Parse(ThreeLevels + "cache_0_capacity = 2G ;\n");

        Assert.Equal([2L << 30, null, null, null], config.Tiers.Select(t => t.CapacityBytes));
    }

    [Fact]
    public void A_capacity_applies_to_each_directory_of_a_level_that_lists_several()
    {
        SeaConfig config = Parse(ThreeLevels + "cache_1_capacity = 500M\n");

        Assert.Equal([null, 500L << 20, 500L << 20, null], config.Tiers.Select(t => t.CapacityBytes));
    }

    [Fact]
    public void Seas_source_spelling_has_a_capacity_key_too()
    {
        SeaConfig config = Parse("[Sea]\nmount_dir = /m\nn_levels = 2\nsource_0 = /c\nsource_1 = /p\nsource_0_capacity = 1G\n");

        Assert.Equal(1L << 30, config.Tiers[0].CapacityBytes);
    }

    [Fact]
    public void A_capacity_on_the_persistent_level_is_refused()
    {
        ConfigException e = ParseError(ThreeLevels + "cache_2_capacity = 1T\n");

        Assert.Equal(
            "sea.ini:7: key 'cache_2_capacity': cache_2 is the persistent level (the last one); capacities apply to cache levels only, so remove cache_2_capacity",
            e.Message);
    }

    [Fact]
    public void A_capacity_for_a_level_that_does_not_exist_is_refused()
    {
        ConfigException e = ParseError(ThreeLevels + "cache_5_capacity = 1G\n");

        Assert.Equal("sea.ini:7: key 'cache_5_capacity': there is no level 5 (n_levels = 3 on line 3)", e.Message);
    }

    [Fact]
    public void A_capacity_that_is_not_a_size_is_refused()
    {
        ConfigException e = ParseError(ThreeLevels + "cache_0_capacity = half\n");

        Assert.Equal("sea.ini:7: key 'cache_0_capacity': 'half' is not a size (use bytes or a K/M/G/T suffix)", e.Message);
    }

    [Fact]
    public void A_zero_capacity_is_refused()
    {
        ConfigException e = ParseError(ThreeLevels + "cache_0_capacity = 0\n");

        Assert.Equal("sea.ini:7: key 'cache_0_capacity': must be more than 0 (leave the key out to use the whole file system)", e.Message);
    }
}
