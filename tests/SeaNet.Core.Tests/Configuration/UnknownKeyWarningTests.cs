using SeaNet.Core.Configuration;
using Xunit;
using static SeaNet.Tests.Configuration.ConfigTestSupport;

namespace SeaNet.Tests.Configuration;

public class UnknownKeyWarningTests
{
    [Fact]
    public void An_unknown_key_is_a_warning_naming_file_and_line_and_is_ignored()
    {
        SeaConfig config = Parse(Minimal + "flush_interval = 5\n");

        Assert.Equal(["sea.ini:6: unknown key 'flush_interval' in [Sea] (ignored)"], config.Warnings);
    }

    [Fact]
    public void A_misspelt_level_number_is_an_unknown_key()
    {
        SeaConfig config = Parse(Minimal + "cache_01 = /elsewhere\n");

        Assert.Equal(["sea.ini:6: unknown key 'cache_01' in [Sea] (ignored)"], config.Warnings);
        Assert.Equal(2, config.Tiers.Count);
    }

    [Fact]
    public void Another_section_is_a_warning_and_its_keys_are_ignored()
    {
        SeaConfig config = Parse(Minimal + "[Pack]\nmount_dir = /ignored\n");

        Assert.Equal(["sea.ini:6: unknown section [pack] (its keys are ignored)"], config.Warnings);
        Assert.Equal("/m", config.MountDir);
    }

    [Fact]
    public void A_key_given_twice_keeps_the_later_value_as_iniparser_does_with_a_warning()
    {
        SeaConfig config = Parse(Minimal + "max_fs = 1K\nmax_fs = 2K\n");

        Assert.Equal(2048, config.MaxFileSize);
        Assert.Equal(["sea.ini:7: key 'max_fs' was already given on line 6; this later value is used"], config.Warnings);
    }

    [Fact]
    public void A_clean_file_has_no_warnings()
    {
        Assert.Empty(Parse(Minimal).Warnings);
    }
}
