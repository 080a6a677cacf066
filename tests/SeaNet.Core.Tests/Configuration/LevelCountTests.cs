using SeaNet.Core.Configuration;
using Xunit;
using static SeaNet.Tests.Configuration.ConfigTestSupport;

namespace SeaNet.Tests.Configuration;

/// <summary>n_levels must match the cache_N / source_N keys given.</summary>
public class LevelCountTests
{
    [Fact]
    public void More_levels_announced_than_given_names_the_missing_key()
    {
        ConfigException e = ParseError("[Sea]\nmount_dir = /m\nn_levels = 3\ncache_0 = /c\ncache_1 = /p\n");

        Assert.Equal("sea.ini:3: key 'n_levels': n_levels = 3 but there is no cache_2 (give cache_0 to cache_2, or change n_levels)", e.Message);
    }

    [Fact]
    public void A_level_beyond_n_levels_is_refused_at_its_own_line()
    {
        ConfigException e = ParseError(Minimal + "cache_2 = /q\n");

        Assert.Equal(
            "sea.ini:6: key 'cache_2': n_levels = 2 (line 3) allows cache_0 to cache_1 only (raise n_levels to 3, or remove cache_2)",
            e.Message);
    }

    [Fact]
    public void A_gap_in_the_numbering_is_refused()
    {
        ConfigException e = ParseError("[Sea]\nmount_dir = /m\nn_levels = 3\ncache_0 = /c\ncache_2 = /p\n");

        Assert.Contains("there is no cache_1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Messages_use_source_N_when_the_file_does()
    {
        ConfigException e = ParseError("[Sea]\nmount_dir = /m\nn_levels = 3\nsource_0 = /c\nsource_1 = /p\n");

        Assert.Equal("sea.ini:3: key 'n_levels': n_levels = 3 but there is no source_2 (give source_0 to source_2, or change n_levels)", e.Message);
    }

    [Fact]
    public void A_missing_n_levels_is_refused_with_the_count_to_add()
    {
        ConfigException e = ParseError("[Sea]\nmount_dir = /m\ncache_0 = /c\ncache_1 = /p\n");

        Assert.Equal(
            "sea.ini: missing key 'n_levels' in [Sea] (the number of levels cache_0 … cache_N-1, the last one persistent; "
            + "this file gives 2 level(s), so add n_levels = 2)",
            e.Message);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("9")]
    [InlineData("-1")]
    public void A_level_count_outside_one_to_eight_is_refused(string count)
    {
        ConfigException e = ParseError($"[Sea]\nmount_dir = /m\nn_levels = {count}\ncache_0 = /c\ncache_1 = /p\n");

        Assert.StartsWith("sea.ini:3: key 'n_levels': ", e.Message, StringComparison.Ordinal);
        Assert.EndsWith("(use 1 to 8)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Seas_older_n_sources_counts_levels_too()
    {
        Assert.Equal(2, Parse("[Sea]\nmount_dir = /m\nn_sources = 2\nsource_0 = /c\nsource_1 = /p\n").Tiers.Count);
    }

    [Fact]
    public void N_levels_and_n_sources_may_both_be_given_if_they_agree()
    {
        Assert.Equal(2, Parse(Minimal + "n_sources = 2\n").Tiers.Count);
    }

    [Fact]
    public void N_levels_and_n_sources_that_disagree_are_refused()
    {
        ConfigException e = ParseError(Minimal + "n_sources = 3\n");

        Assert.Equal("sea.ini:6: n_sources = 3 disagrees with n_levels = 2 (line 3); keep n_levels only", e.Message);
    }

    [Fact]
    public void The_same_level_under_both_spellings_is_refused()
    {
        ConfigException e = ParseError(Minimal + "source_1 = /q\n");

        Assert.Equal("sea.ini:6: source_1 and cache_1 (line 5) name the same thing; keep one of them", e.Message);
    }

    [Fact]
    public void The_persistent_level_must_be_a_single_directory()
    {
        ConfigException e = ParseError("[Sea]\nmount_dir = /m\nn_levels = 2\ncache_0 = /c\ncache_1 = /p1,/p2\n");

        Assert.Equal(
            "sea.ini:5: key 'cache_1': the persistent level (the last one) must be one directory, not 2; only cache levels may list several",
            e.Message);
    }

    [Fact]
    public void More_tier_directories_than_the_shared_table_holds_are_refused()
    {
        ConfigException e = ParseError("[Sea]\nmount_dir = /m\nn_levels = 2\ncache_0 = /a,/b,/c,/d,/e,/f,/g,/h\ncache_1 = /p\n");

        Assert.Equal(
            "sea.ini:5: key 'cache_1': brings the number of tier directories to 9; SeaNet supports at most 8 (list fewer directories)",
            e.Message);
    }

    [Fact]
    public void Levels_are_kept_in_order_with_the_last_one_persistent()
    {
        SeaConfig config = Parse("[Sea]\nmount_dir = /m\nn_levels = 3\ncache_2 = /lustre\ncache_0 = /dev/shm/x\ncache_1 = /ssd\n");

        Assert.Equal(["/dev/shm/x", "/ssd", "/lustre"], config.Tiers.Select(t => t.Path));
        Assert.Equal([false, false, true], config.Tiers.Select(t => t.IsPersistent));
        Assert.Equal(["cache_0", "cache_1", "cache_2"], config.Tiers.Select(t => t.Key));
    }
}
