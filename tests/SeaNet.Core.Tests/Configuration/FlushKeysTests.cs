using SeaNet.Core.Configuration;
using Xunit;
using static SeaNet.Tests.Configuration.ConfigTestSupport;

namespace SeaNet.Tests.Configuration;

/// <summary>SeaNet's keys for flushing and draining: flush_delay, flush_workers, flush_bandwidth,
/// cache_high_water, cache_low_water, drain_retries, drop_clean_at_exit.</summary>
public class FlushKeysTests
{
    [Fact]
    public void Absent_flush_keys_take_the_documented_defaults()
    {
        SeaConfig config = Parse(Minimal);

        Assert.Equal(TimeSpan.FromMilliseconds(500), config.FlushDelay);
        Assert.Equal(4, config.FlushWorkers);
        Assert.Equal(0, config.FlushBandwidth);
        Assert.Equal(0.90, config.CacheHighWater);
        Assert.Equal(0.75, config.CacheLowWater);
        Assert.Equal(3, config.DrainRetries);
        Assert.False(config.DropCleanAtExit);
        Assert.True(config.FlushList.IsEmpty);
    }

    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("2s", 2000)]
    [InlineData("1.5", 1500)]
    [InlineData("0", 0)]
    [InlineData("0.25s", 250)]
    [InlineData("1m", 60_000)]
    [InlineData("3 ms ;", 3)]
    public void Flush_delay_takes_seconds_or_a_unit(string written, int milliseconds)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), Parse(Minimal + $"flush_delay = {written}\n").FlushDelay);
    }

    [Theory]
    [InlineData("soon")]
    [InlineData("-1")]
    [InlineData("5h")]
    [InlineData("1.2.3")]
    [InlineData("ms")]
    public void Flush_delay_that_is_not_a_duration_is_refused(string written)
    {
        ConfigException e = ParseError(Minimal + $"flush_delay = {written}\n");

        Assert.Equal($"sea.ini:6: key 'flush_delay': '{written}' is not a duration (use seconds, e.g. 2 or 1.5, or a number with ms, s or m: 500ms, 2s, 1m)", e.Message);
    }

    [Fact]
    public void Flush_delay_above_an_hour_is_refused()
    {
        ConfigException e = ParseError(Minimal + "flush_delay = 61m\n");

        Assert.Equal("sea.ini:6: key 'flush_delay': '61m' is longer than the maximum, 3600s", e.Message);
    }

    [Theory]
    [InlineData("1", 1)]
    [InlineData("64", 64)]
    public void Flush_workers_accepts_1_to_64(string written, int workers)
    {
        Assert.Equal(workers, Parse(Minimal + $"flush_workers = {written}\n").FlushWorkers);
    }

    [Theory]
    [InlineData("0", "0 is out of range (use 1 to 64)")]
    [InlineData("65", "65 is out of range (use 1 to 64)")]
    [InlineData("many", "'many' is not a whole number (use 1 to 64)")]
    public void Flush_workers_out_of_range_is_refused(string written, string problem)
    {
        Assert.Equal($"sea.ini:6: key 'flush_workers': {problem}", ParseError(Minimal + $"flush_workers = {written}\n").Message);
    }

    [Theory]
    [InlineData("200M", 200L << 20)]
    [InlineData("1G/s", 1L << 30)]
    [InlineData("0", 0)]
    [InlineData("1048576", 1L << 20)]
    public void Flush_bandwidth_is_a_size_per_second(string written, long bytes)
    {
        Assert.Equal(bytes, Parse(Minimal + $"flush_bandwidth = {written}\n").FlushBandwidth);
    }

    [Fact]
    public void Flush_bandwidth_in_MB_is_refused_like_max_fs()
    {
        ConfigException e = ParseError(Minimal + "flush_bandwidth = 200MB\n");

        Assert.Equal("sea.ini:6: key 'flush_bandwidth': '200MB' is not a size (use bytes or a K/M/G/T suffix; write 200M for powers of 1024)", e.Message);
    }

    [Theory]
    [InlineData("95%", "80%", 0.95, 0.80)]
    [InlineData("0.95", "0.5", 0.95, 0.5)]
    [InlineData("100%", "99.5%", 1.0, 0.995)]
    [InlineData("1", "0.1", 1.0, 0.1)]
    public void Water_marks_take_percentages_or_fractions(string high, string low, double highValue, double lowValue)
    {
        SeaConfig config = Parse(Minimal + $"cache_high_water = {high}\ncache_low_water = {low}\n");

        Assert.Equal(highValue, config.CacheHighWater, 6);
        Assert.Equal(lowValue, config.CacheLowWater, 6);
    }

    [Theory]
    [InlineData("90", "90 is more than 1 (write a percentage such as 90% or a fraction such as 0.9: did you mean 90%?)")]
    [InlineData("0%", "'0%' is out of range (use more than 0% and at most 100%)")]
    [InlineData("120%", "'120%' is out of range (use more than 0% and at most 100%)")]
    [InlineData("high", "'high' is not a share of the capacity (write a percentage such as 90% or a fraction such as 0.9)")]
    [InlineData("%", "'%' is not a share of the capacity (write a percentage such as 90% or a fraction such as 0.9)")]
    public void A_water_mark_that_is_not_a_share_is_refused(string written, string problem)
    {
        ConfigException e = ParseError(Minimal + $"cache_high_water = {written}\n");

        Assert.Equal($"sea.ini:6: key 'cache_high_water': {problem}", e.Message);
    }

    [Fact]
    public void A_low_water_mark_not_below_the_high_one_is_refused_naming_both_lines()
    {
        ConfigException e = ParseError(Minimal + "cache_high_water = 80%\ncache_low_water = 85%\n");

        Assert.Equal(
            "sea.ini:7: cache_low_water = 85% (line 7) must be below cache_high_water = 80% (line 6): dropping clean files "
            + "starts at the high mark and stops at the low one (lower cache_low_water or raise cache_high_water)",
            e.Message);
        Assert.Equal("cache_low_water", e.Key);
    }

    [Fact]
    public void A_high_water_mark_below_the_default_low_one_is_refused_naming_the_default()
    {
        ConfigException e = ParseError(Minimal + "cache_high_water = 70%\n");

        Assert.Equal(
            "sea.ini:6: cache_low_water = 75% (the default) must be below cache_high_water = 70% (line 6): dropping clean files "
            + "starts at the high mark and stops at the low one (lower cache_low_water or raise cache_high_water)",
            e.Message);
    }

    [Theory]
    [InlineData("0", 0)]
    [InlineData("100", 100)]
    public void Drain_retries_accepts_0_to_100(string written, int retries)
    {
        Assert.Equal(retries, Parse(Minimal + $"drain_retries = {written}\n").DrainRetries);
    }

    [Fact]
    public void Drain_retries_above_100_is_refused()
    {
        Assert.Equal("sea.ini:6: key 'drain_retries': 101 is out of range (use 0 to 100)", ParseError(Minimal + "drain_retries = 101\n").Message);
    }

    [Theory]
    [InlineData("yes", true)]
    [InlineData("True", true)]
    [InlineData("on", true)]
    [InlineData("1", true)]
    [InlineData("no", false)]
    [InlineData("FALSE", false)]
    [InlineData("off", false)]
    [InlineData("0", false)]
    public void Drop_clean_at_exit_takes_yes_or_no_in_any_spelling(string written, bool drop)
    {
        Assert.Equal(drop, Parse(Minimal + $"drop_clean_at_exit = {written}\n").DropCleanAtExit);
    }

    [Fact]
    public void Drop_clean_at_exit_that_is_not_a_yes_or_no_is_refused()
    {
        ConfigException e = ParseError(Minimal + "drop_clean_at_exit = maybe\n");

        Assert.Equal("sea.ini:6: key 'drop_clean_at_exit': 'maybe' is not yes or no (use yes/no, true/false, on/off or 1/0)", e.Message);
    }

    [Fact]
    public void Flush_keys_expand_environment_variables()
    {
        SeaConfig config = Parse(Minimal + "flush_workers = $W\n", Env(("W", "8")));

        Assert.Equal(8, config.FlushWorkers);
    }
}
