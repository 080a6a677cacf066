using SeaNet.Core.Configuration;
using Xunit;
using static SeaNet.Tests.Configuration.ConfigTestSupport;

namespace SeaNet.Tests.Configuration;

/// <summary>Sizes are bytes, or K/M/G/T (powers of 1024).</summary>
public class SizeTests
{
    [Theory]
    [InlineData("646971392", 646971392L)]
    [InlineData("7B", 7L)]
    [InlineData("512K", 512L << 10)]
    [InlineData("64M", 64L << 20)]
    [InlineData("3g", 3L << 30)]
    [InlineData("2T", 2L << 40)]
    [InlineData("4KiB", 4L << 10)]
    [InlineData("8 MiB", 8L << 20)]
    [InlineData("1gib", 1L << 30)]
    public void Plain_bytes_and_binary_suffixes_are_accepted(string written, long bytes)
    {
        Assert.Equal(bytes, Parse(Minimal + $"max_fs = {written} ;\n").MaxFileSize);
    }

    [Theory]
    [InlineData("12q")]
    [InlineData("1.5G")]
    [InlineData("-1")]
    [InlineData("G")]
    [InlineData("10 Mbytes")]
    public void Anything_else_is_refused_with_the_accepted_forms(string written)
    {
        ConfigException e = ParseError(Minimal + $"max_fs = {written}\n");

        Assert.Equal($"sea.ini:6: key 'max_fs': '{written}' is not a size (use bytes or a K/M/G/T suffix)", e.Message);
    }

    [Fact]
    public void Decimal_looking_units_are_refused_rather_than_guessed()
    {
        ConfigException e = ParseError(Minimal + "max_fs = 100MB\n");

        Assert.Equal(
            "sea.ini:6: key 'max_fs': '100MB' is not a size (use bytes or a K/M/G/T suffix; write 100M for powers of 1024)",
            e.Message);
    }

    [Theory]
    [InlineData("99999999999999999999")]
    [InlineData("9000000T")]
    public void A_size_beyond_64_bits_is_refused(string written)
    {
        ConfigException e = ParseError(Minimal + $"max_fs = {written}\n");

        Assert.Equal($"sea.ini:6: key 'max_fs': '{written}' is too large for a size", e.Message);
    }

    [Fact]
    public void A_zero_max_fs_is_refused_as_Sea_refuses_it()
    {
        ConfigException e = ParseError(Minimal + "max_fs = 0\n");

        Assert.Equal("sea.ini:6: key 'max_fs': must be more than 0 (the largest file the pipeline writes)", e.Message);
    }
}
