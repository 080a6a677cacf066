using SeaNet.Core.Configuration;
using Xunit;
using static SeaNet.Tests.Configuration.ConfigTestSupport;

namespace SeaNet.Tests.Configuration;

/// <summary>Defaults, and the keys SeaNet adds or reads more generously than Sea.</summary>
public class SeaNetKeysTests
{
    [Fact]
    public void Absent_optional_keys_take_the_documented_defaults()
    {
        SeaConfig config = Parse(Minimal);

        Assert.Equal(256L << 20, config.MaxFileSize);
        Assert.Equal(1, config.Threads);
        Assert.Equal(LogLevel.Warning, config.LogLevel);
        Assert.Null(config.LogFile);
        Assert.Equal(262_144, config.IndexSlots);
    }

    [Theory]
    [InlineData("1024", 1024)]
    [InlineData("65536", 65536)]
    [InlineData("16777216", 16_777_216)]
    public void Index_slots_accepts_powers_of_two_in_range(string written, int slots)
    {
        Assert.Equal(slots, Parse(Minimal + $"index_slots = {written}\n").IndexSlots);
    }

    [Fact]
    public void Index_slots_that_is_not_a_power_of_two_is_refused_with_the_next_one()
    {
        ConfigException e = ParseError(Minimal + "index_slots = 100000\n");

        Assert.Equal("sea.ini:6: key 'index_slots': 100000 is not a power of two (e.g. 131072)", e.Message);
    }

    [Theory]
    [InlineData("512")]
    [InlineData("33554432")]
    public void Index_slots_out_of_range_is_refused(string written)
    {
        ConfigException e = ParseError(Minimal + $"index_slots = {written}\n");

        Assert.Equal($"sea.ini:6: key 'index_slots': {written} is out of range (use 1024 to 16777216)", e.Message);
    }

    [Theory]
    [InlineData("0", LogLevel.None)]
    [InlineData("4", LogLevel.Debug)]
    [InlineData("debug", LogLevel.Debug)]
    [InlineData("Info", LogLevel.Info)]
    [InlineData("WARNING", LogLevel.Warning)]
    [InlineData("error", LogLevel.Error)]
    [InlineData("none", LogLevel.None)]
    public void Log_level_takes_Seas_numbers_or_their_names(string written, LogLevel level)
    {
        Assert.Equal(level, Parse(Minimal + $"log_level = {written} ;\n").LogLevel);
    }

    [Fact]
    public void N_threads_must_be_at_least_one()
    {
        ConfigException e = ParseError(Minimal + "n_threads = 0\n");

        Assert.Equal("sea.ini:6: key 'n_threads': 0 is out of range (use 1 to 65536)", e.Message);
    }
}
