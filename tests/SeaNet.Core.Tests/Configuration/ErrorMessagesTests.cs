using SeaNet.Core.Configuration;
using Xunit;
using static SeaNet.Tests.Configuration.ConfigTestSupport;

namespace SeaNet.Tests.Configuration;

/// <summary>A malformed file is refused with a message naming file, line, key and the fix.</summary>
public class ErrorMessagesTests
{
    [Fact]
    public void A_bad_size_names_file_line_key_and_the_accepted_forms()
    {
        ConfigException e = ParseError(Minimal + "# sizes\nmax_fs = 12q\n");

        Assert.Equal("sea.ini:7: key 'max_fs': '12q' is not a size (use bytes or a K/M/G/T suffix)", e.Message);
        Assert.Equal(("sea.ini", 7, "max_fs"), (e.File, e.Line, e.Key));
    }

    [Fact]
    public void A_line_without_an_equals_sign_is_named()
    {
        ConfigException e = ParseError("[Sea]\nmount_dir /m\n");

        Assert.Equal("sea.ini:2: 'mount_dir /m' is not 'key = value', a [section] or a comment (is the '=' missing?)", e.Message);
    }

    [Fact]
    public void A_key_before_any_section_is_refused_with_where_to_put_it()
    {
        ConfigException e = ParseError("mount_dir = /m\n" + Minimal);

        Assert.Equal("sea.ini:1: key 'mount_dir': comes before any section; put it under a line reading [Sea]", e.Message);
    }

    [Fact]
    public void An_unterminated_section_header_is_refused()
    {
        ConfigException e = ParseError("# Sea\n[Sea\nmount_dir = /m\n");

        Assert.Equal("sea.ini:2: unterminated section header '[Sea' (add the closing ']')", e.Message);
    }

    [Fact]
    public void Text_after_a_section_header_is_refused()
    {
        ConfigException e = ParseError("[Sea] extra\n");

        Assert.Equal("sea.ini:1: unexpected 'extra' after the section header (start a comment with '#' or ';')", e.Message);
    }

    [Fact]
    public void A_line_with_nothing_before_the_equals_sign_is_refused()
    {
        ConfigException e = ParseError("[Sea]\n = /m\n");

        Assert.Equal("sea.ini:2: '= /m' has no key before the '='", e.Message);
    }

    [Fact]
    public void An_unterminated_quote_is_refused()
    {
        ConfigException e = ParseError("[Sea]\nmount_dir = \"/m\n");

        Assert.Equal("sea.ini:2: key 'mount_dir': unterminated quoted value (add the closing \")", e.Message);
    }

    [Fact]
    public void A_bad_number_names_the_allowed_range()
    {
        ConfigException e = ParseError("[Sea]\nmount_dir = /m\nn_levels = two\ncache_0 = /c\ncache_1 = /p\n");

        Assert.Equal("sea.ini:3: key 'n_levels': 'two' is not a whole number (use 1 to 8)", e.Message);
    }

    [Fact]
    public void A_bad_log_level_lists_the_levels()
    {
        ConfigException e = ParseError(Minimal + "log_level = 7 ;\n");

        Assert.Equal("sea.ini:6: key 'log_level': '7' is not a log level (use 0-4: 0 none, 1 error, 2 warning, 3 info, 4 debug)", e.Message);
    }

    [Fact]
    public void A_missing_mount_dir_names_the_key_and_the_file()
    {
        ConfigException e = ParseError("[Sea]\nn_levels = 2\ncache_0 = /c\ncache_1 = /p\n");

        Assert.Equal(
            "sea.ini: missing key 'mount_dir' in [Sea] (the directory programs read and write, e.g. mount_dir = /scratch/$USER/sea_mount)",
            e.Message);
        Assert.Equal(("sea.ini", 0, "mount_dir"), (e.File, e.Line, e.Key));
    }

    [Fact]
    public void A_file_without_a_Sea_section_is_refused()
    {
        ConfigException e = ParseError("[Other]\nmount_dir = /m\n");

        Assert.Equal("sea.ini: no [Sea] section (Sea's keys go under a line reading [Sea]; see sea.ini.example)", e.Message);
    }

    [Fact]
    public void An_empty_path_is_refused()
    {
        ConfigException e = ParseError("[Sea]\nmount_dir = ;\nn_levels = 2\ncache_0 = /c\ncache_1 = /p\n");

        Assert.Equal("sea.ini:2: key 'mount_dir': empty value (give a directory)", e.Message);
    }

    [Fact]
    public void A_file_that_cannot_be_read_is_named_as_given()
    {
        using var dir = new TempDirectory();
        string missing = dir.Combine("nope.ini");

        ConfigException e = Assert.Throws<ConfigException>(() => SeaConfigLoader.Load(missing, NoEnvironment));

        Assert.Equal($"{missing}: cannot read it (no such file)", e.Message);
    }

    [Fact]
    public void Errors_from_a_loaded_file_name_the_file_as_the_caller_gave_it()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.Combine("sea.ini"), Minimal + "max_fs = lots\n");
        string relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), dir.Combine("sea.ini"));

        ConfigException e = Assert.Throws<ConfigException>(() => SeaConfigLoader.Load(relative, NoEnvironment));

        Assert.StartsWith($"{relative}:6: key 'max_fs': 'lots' is not a size", e.Message, StringComparison.Ordinal);
        Assert.Equal(relative, e.File);
    }
}
