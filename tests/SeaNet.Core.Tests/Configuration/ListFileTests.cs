using SeaNet.Core.Configuration;
using SeaNet.Core.Policy;
using Xunit;
using static SeaNet.Tests.Configuration.ConfigTestSupport;

namespace SeaNet.Tests.Configuration;

/// <summary>.sea_flushlist, .sea_evictlist and .sea_prefetchlist beside sea.ini, and the same lists
/// inline in sea.ini (flush = REGEX, evict = REGEX, prefetch = REGEX).</summary>
public class ListFileTests
{
    private static SeaConfig Load(TempDirectory dir) =>
        SeaConfigLoader.Load(dir.Combine("sea.ini"), NoEnvironment);

    private static TempDirectory WithIni(string extra = "")
    {
        var dir = new TempDirectory();
        File.WriteAllText(dir.Combine("sea.ini"), Minimal + extra);
        return dir;
    }

    [Fact]
    public void List_files_beside_sea_ini_are_read_one_pattern_per_line()
    {
        using TempDirectory dir = WithIni();
        File.WriteAllText(dir.Combine(".sea_flushlist"), ".*\\.nii\\.gz\nout/.*\n");
        File.WriteAllText(dir.Combine(".sea_evictlist"), ".*\\.tmp\n");
        File.WriteAllText(dir.Combine(".sea_prefetchlist"), "inputs/.*");

        SeaConfig config = Load(dir);

        Assert.Equal([".*\\.nii\\.gz", "out/.*"], config.FlushList.Entries.Select(e => e.Text));
        Assert.Equal([1, 2], config.FlushList.Entries.Select(e => e.Line));
        Assert.Equal(dir.Combine(".sea_flushlist"), config.FlushList.Entries[0].Source);
        Assert.Equal([".*\\.tmp"], config.EvictList.Entries.Select(e => e.Text));
        Assert.Equal(["inputs/.*"], config.PrefetchList.Entries.Select(e => e.Text));
        Assert.True(config.FlushList.Matches("out/x"));
    }

    [Fact]
    public void Missing_list_files_are_empty_lists()
    {
        using TempDirectory dir = WithIni();

        SeaConfig config = Load(dir);

        Assert.True(config.FlushList.IsEmpty);
        Assert.True(config.EvictList.IsEmpty);
        Assert.True(config.PrefetchList.IsEmpty);
        Assert.Equal(dir.Path, config.ConfigDirectory);
    }

    [Fact]
    public void Blank_lines_comments_surrounding_blanks_and_CRLF_are_skipped_and_line_numbers_kept()
    {
        using TempDirectory dir = WithIni();
        File.WriteAllText(dir.Combine(".sea_flushlist"), "\uFEFF# results\r\n\r\n   \r\n  .*\\.nii\t\r\n#.*\\.tmp\r\n  # indented comment\r\n[#]hash\r\n");

        SeaConfig config = Load(dir);

        Assert.Equal([(".*\\.nii", 4), ("[#]hash", 7)], config.FlushList.Entries.Select(e => (e.Text, e.Line)));
        Assert.True(config.FlushList.Matches("#hash"));
        Assert.False(config.FlushList.Matches("a.tmp"));
    }

    [Fact]
    public void An_invalid_pattern_in_a_list_file_names_the_file_and_line()
    {
        using TempDirectory dir = WithIni();
        File.WriteAllText(dir.Combine(".sea_evictlist"), "# temporaries\n.*\\.tmp\n\\d+\\.o\n");

        ConfigException e = Assert.Throws<ConfigException>(() => Load(dir));

        Assert.Equal(
            $"{dir.Combine(".sea_evictlist")}:3: pattern '\\d+\\.o': '\\d' is Perl/.NET syntax, not a POSIX extended regular expression (write [0-9] or [[:digit:]])",
            e.Message);
        Assert.Equal(3, e.Line);
    }

    [Fact]
    public void List_files_are_named_in_messages_as_the_sea_ini_path_was_given()
    {
        using TempDirectory dir = WithIni();
        File.WriteAllText(dir.Combine(".sea_flushlist"), "(?i).*\n");
        string cwd = Directory.GetCurrentDirectory();
        try
        {
            Directory.SetCurrentDirectory(dir.Path);
            ConfigException e = Assert.Throws<ConfigException>(() => SeaConfigLoader.Load("sea.ini", NoEnvironment));

            Assert.StartsWith(".sea_flushlist:1: pattern '(?i).*': ", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.SetCurrentDirectory(cwd);
        }
    }

    [Fact]
    public void A_list_file_that_is_a_directory_is_refused()
    {
        using TempDirectory dir = WithIni();
        Directory.CreateDirectory(dir.Combine(".sea_prefetchlist"));

        ConfigException e = Assert.Throws<ConfigException>(() => Load(dir));

        Assert.Equal($"{dir.Combine(".sea_prefetchlist")}: is a directory; .sea_prefetchlist must be a file with one pattern per line (or absent)", e.Message);
    }

    [Fact]
    public void An_unreadable_list_file_is_refused()
    {
        using TempDirectory dir = WithIni();
        string list = dir.Combine(".sea_flushlist");
        if (RunningAsRoot)
        {
            // Root ignores permission bits; reading /proc/self/mem from offset 0 fails for everyone (EIO).
            File.CreateSymbolicLink(list, "/proc/self/mem");
        }
        else if (OperatingSystem.IsLinux())
        {
            File.WriteAllText(list, ".*\n");
            File.SetUnixFileMode(list, UnixFileMode.None);
        }

        ConfigException e = Assert.Throws<ConfigException>(() => Load(dir));

        Assert.StartsWith($"{list}: cannot read it (", e.Message, StringComparison.Ordinal);
        Assert.EndsWith("); fix its permissions or remove it", e.Message, StringComparison.Ordinal);
        if (!RunningAsRoot)
        {
            Assert.Contains("(permission denied)", e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Inline_keys_add_one_pattern_each_with_its_own_line()
    {
        SeaConfig config = Parse(Minimal + "flush = .*\\.nii ; results\nevict = .*\\.tmp\nflush = logs/.*$\nprefetch = in/.*\n");

        Assert.Equal([(".*\\.nii", 6, "flush"), ("logs/.*$", 8, "flush")], config.FlushList.Entries.Select(e => (e.Text, e.Line, e.Key)));
        Assert.Equal(["sea.ini"], config.FlushList.Entries.Select(e => e.Source).Distinct());
        Assert.Equal([".*\\.tmp"], config.EvictList.Entries.Select(e => e.Text));
        Assert.Equal(["in/.*"], config.PrefetchList.Entries.Select(e => e.Text));
        Assert.Empty(config.Warnings);
    }

    [Fact]
    public void An_inline_pattern_is_not_expanded_so_dollar_stays_the_end_anchor()
    {
        SeaConfig config = Parse(Minimal + "flush = .*\\.log$\n", Env(("log", "x")));

        Assert.True(config.FlushList.Matches("a/b.log"));
    }

    [Fact]
    public void A_quoted_inline_pattern_may_hold_semicolons_and_hashes()
    {
        SeaConfig config = Parse(Minimal + "flush = \"a;b#c\"\n");

        Assert.True(config.FlushList.Matches("a;b#c"));
    }

    [Fact]
    public void An_empty_inline_pattern_is_refused()
    {
        ConfigException e = ParseError(Minimal + "evict = ; nothing\n");

        Assert.Equal("sea.ini:6: key 'evict': empty pattern (remove the line, or write .* for every file; to put ';' or '#' in a pattern, quote it)", e.Message);
    }

    [Fact]
    public void An_invalid_inline_pattern_names_sea_ini_the_line_and_the_key()
    {
        ConfigException e = ParseError(Minimal + "prefetch = [a-\n");

        Assert.Equal(
            "sea.ini:6: key 'prefetch': pattern '[a-': unterminated bracket expression at offset 0 (add the closing ']', or write \\[ for a literal bracket)",
            e.Message);
    }

    [Fact]
    public void List_files_and_inline_keys_are_combined_file_first()
    {
        using TempDirectory dir = WithIni("flush = logs/.*\n");
        File.WriteAllText(dir.Combine(".sea_flushlist"), ".*\\.nii\n");

        SeaConfig config = Load(dir);

        Assert.Equal([".*\\.nii", "logs/.*"], config.FlushList.Entries.Select(e => e.Text));
        Assert.True(config.FlushList.Matches("logs/a"));
        Assert.True(config.FlushList.Matches("a.nii"));
    }

    [Fact]
    public void Parse_reads_list_files_only_when_given_a_directory()
    {
        using TempDirectory dir = new();
        File.WriteAllText(dir.Combine(".sea_flushlist"), "x/.*\n");

        Assert.True(Parse(Minimal).FlushList.IsEmpty);
        SeaConfig config = SeaConfigLoader.Parse(Minimal, "sea.ini", NoEnvironment, listDirectory: dir.Path);
        Assert.Equal(["x/.*"], config.FlushList.Entries.Select(e => e.Text));
    }

    [Fact]
    public void A_pattern_with_a_leading_slash_warns_that_it_matches_nothing()
    {
        SeaConfig config = Parse(Minimal + "flush = /scratch/me/sea_mount/.*\n");

        string warning = Assert.Single(config.Warnings);
        Assert.StartsWith("sea.ini:6: pattern '/scratch/me/sea_mount/.*' starts with '/', but patterns match paths relative to the mount", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void The_list_keys_are_not_unknown_keys()
    {
        Assert.Equal(SeaIniKeys.Kind.Pattern, SeaIniKeys.Classify("evict", out _));
        Assert.Empty(Parse(Minimal + "evict = a\nprefetch = b\n").Warnings);
    }
}
