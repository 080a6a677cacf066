using SeaNet.Core.Configuration;
using Xunit;
using static SeaNet.Tests.Configuration.ConfigTestSupport;

namespace SeaNet.Tests.Configuration;

public class CommentsAndSemicolonsTests
{
    [Fact]
    public void Seas_trailing_semicolon_and_the_comment_after_it_are_not_part_of_the_value()
    {
        SeaConfig config = Parse(Minimal + "max_fs = 100 ; # bytes, Sea style\nlog_level = 0 ; # 4 crashes tests\n");

        Assert.Equal(100, config.MaxFileSize);
        Assert.Equal(LogLevel.None, config.LogLevel);
    }

    [Fact]
    public void A_hash_after_a_value_also_starts_a_comment()
    {
        Assert.Equal(7, Parse(Minimal + "n_threads = 7 # seven writers\n").Threads);
    }

    [Fact]
    public void Whole_line_comments_blank_lines_and_indentation_are_ignored()
    {
        SeaConfig config = Parse("# Sea configuration\n\n; another comment\n   [Sea]   \n\t mount_dir = /m ;  \n  n_levels = 2\n    cache_0 = /c\n\n    cache_1 = /p\n");

        Assert.Equal("/m", config.MountDir);
        Assert.Equal(2, config.Tiers.Count);
    }

    [Fact]
    public void Keys_and_the_section_name_are_case_insensitive()
    {
        SeaConfig config = Parse("[SEA]\nMOUNT_DIR = /m\nN_Levels=2\nCache_0=/c\nCACHE_1=/p\nMax_FS = 1K\n");

        Assert.Equal(["/c", "/p"], config.Tiers.Select(t => t.Path));
        Assert.Equal(1024, config.MaxFileSize);
        Assert.Empty(config.Warnings);
    }

    [Fact]
    public void A_lower_case_sea_section_is_the_same_section()
    {
        Assert.Equal("/m", Parse(Minimal.Replace("[Sea]", "[sea]", StringComparison.Ordinal)).MountDir);
    }

    [Theory]
    [InlineData("cache_0 = \"/c;with#marks\" ; comment", "/c;with#marks")]
    [InlineData("cache_0 = '/c;with#marks'", "/c;with#marks")]
    [InlineData("cache_0 = \"/c/quote\\\"d\"", "/c/quote\"d")]
    public void A_quoted_value_may_contain_semicolons_hashes_and_escaped_quotes(string line, string expected)
    {
        SeaConfig config = Parse($"[Sea]\nmount_dir = /m\nn_levels = 2\n{line}\ncache_1 = /p\n");

        Assert.Equal(expected, config.Tiers[0].Path);
    }

    [Fact]
    public void A_backslash_at_the_end_of_a_line_continues_it_as_in_iniparser()
    {
        SeaConfig config = Parse("[Sea]\nmount_dir = /m\nn_levels = 2\ncache_0 = /disk0/x,\\\n/disk1/x\ncache_1 = /p\n");

        Assert.Equal(["/disk0/x", "/disk1/x", "/p"], config.Tiers.Select(t => t.Path));
    }

    [Fact]
    public void A_continued_line_keeps_its_first_line_number_and_later_lines_keep_theirs()
    {
        ConfigException e = ParseError("[Sea]\nmount_dir = /m\nn_levels = 2\ncache_0 = /disk0/x,\\\n/disk1/x\ncache_1 = /p\nmax_fs = oops\n");

        Assert.StartsWith("sea.ini:7: key 'max_fs':", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Windows_line_endings_and_a_byte_order_mark_are_accepted()
    {
        SeaConfig config = Parse("\uFEFF" + Minimal.Replace("\n", "\r\n", StringComparison.Ordinal) + "max_fs = 2M\r\n");

        Assert.Equal("/p", config.PersistentTier.Path);
        Assert.Equal(2L << 20, config.MaxFileSize);
    }

    [Fact]
    public void A_comment_may_follow_the_section_header()
    {
        Assert.Equal("/m", Parse(Minimal.Replace("[Sea]", "[Sea] # Sea's keys", StringComparison.Ordinal)).MountDir);
    }

    [Fact]
    public void An_empty_log_file_means_stderr()
    {
        Assert.Null(Parse(Minimal + "log_file = ;\n").LogFile);
    }
}
