using SeaNet.Core.Configuration;
using Xunit;
using static SeaNet.Tests.Configuration.ConfigTestSupport;

namespace SeaNet.Tests.Configuration;

/// <summary>SeaNet's packing keys (issue #5): pack (pack roots), pack_max_member, pack_format.</summary>
public class PackKeysTests
{
    [Fact]
    public void Absent_pack_keys_mean_no_pack_roots_and_a_16_MiB_largest_member()
    {
        SeaConfig config = Parse(Minimal);

        Assert.True(config.PackRoots.IsEmpty);
        Assert.Equal(16L << 20, config.PackMaxMember);
    }

    [Fact]
    public void Each_pack_key_adds_a_pack_root_pattern_matched_against_whole_directory_paths()
    {
        SeaConfig config = Parse(Minimal + "pack = .*\\.zarr\npack = .*\\.ome\\.zarr\npack_max_member = 4M\npack_format = ZIP\n");

        Assert.Equal([".*\\.zarr", ".*\\.ome\\.zarr"], config.PackRoots.Entries.Select(e => e.Text));
        Assert.True(config.PackRoots.Matches("sub-01/micr/brain.zarr"));
        Assert.False(config.PackRoots.Matches("sub-01/micr/brain.zarr/0"));
        Assert.Equal(4L << 20, config.PackMaxMember);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("2T")]
    public void A_largest_member_of_nothing_or_beyond_a_terabyte_is_refused(string written)
    {
        ConfigException e = ParseError(Minimal + $"pack_max_member = {written}\n");

        Assert.Equal("sea.ini:6: key 'pack_max_member': must be more than 0 and at most 1T (the largest file an archive takes, e.g. 16M)", e.Message);
    }

    [Fact]
    public void A_format_other_than_zip_is_refused_naming_the_one_there_is()
    {
        ConfigException e = ParseError(Minimal + "pack_format = tar\n");

        Assert.Equal("sea.ini:6: key 'pack_format': 'tar' is not a format SeaNet writes; the one there is: zip (stored members, ZIP64; .ozx for OME-Zarr v3)", e.Message);
    }

    [Fact]
    public void An_invalid_pack_pattern_is_an_error_naming_its_line()
    {
        ConfigException e = ParseError(Minimal + "pack = *.zarr\n");

        Assert.StartsWith("sea.ini:6: key 'pack': pattern '*.zarr': ", e.Message, StringComparison.Ordinal);
    }
}
