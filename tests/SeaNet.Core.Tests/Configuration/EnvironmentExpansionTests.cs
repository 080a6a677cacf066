using SeaNet.Core.Configuration;
using Xunit;
using static SeaNet.Tests.Configuration.ConfigTestSupport;

namespace SeaNet.Tests.Configuration;

public class EnvironmentExpansionTests
{
    private static string WithCache0(string value) =>
        $"[Sea]\nmount_dir = /m\nn_levels = 2\ncache_0 = {value}\ncache_1 = /p\n";

    [Fact]
    public void Dollar_variables_in_both_forms_are_replaced()
    {
        SeaConfig config = Parse(
            "[Sea]\nmount_dir = /m\nn_levels = 2\ncache_0 = $TMPROOT/a\ncache_1 = ${SCRATCH}/p\n",
            Env(("TMPROOT", "/dev/shm/job"), ("SCRATCH", "/lustre/u")));

        Assert.Equal(["/dev/shm/job/a", "/lustre/u/p"], config.Tiers.Select(t => t.Path));
    }

    [Fact]
    public void A_doubled_dollar_is_a_literal_dollar()
    {
        Assert.Equal("/c/$x", Parse(WithCache0("/c/$$x")).Tiers[0].Path);
    }

    [Fact]
    public void A_bare_variable_name_is_replaced_by_its_value_as_Sea_does()
    {
        SeaConfig config = Parse(WithCache0("SLURM_TMPDIR"), Env(("SLURM_TMPDIR", "/localscratch/job42")));

        Assert.Equal("/localscratch/job42", config.Tiers[0].Path);
    }

    [Fact]
    public void A_variable_may_hold_a_comma_separated_list_of_directories()
    {
        SeaConfig config = Parse(WithCache0("DISKS"), Env(("DISKS", "/disk0/x,/disk1/x")));

        Assert.Equal(["/disk0/x", "/disk1/x", "/p"], config.Tiers.Select(t => t.Path));
        Assert.All(config.Tiers.Take(2), t => Assert.Equal(0, t.Level));
    }

    [Fact]
    public void A_capitalised_name_that_is_not_set_is_refused_with_the_fix()
    {
        ConfigException e = ParseError(WithCache0("SLURM_TMPDIR ;"));

        Assert.Equal(
            "sea.ini:4: key 'cache_0': 'SLURM_TMPDIR' looks like an environment variable name, but SLURM_TMPDIR is not set "
            + "(set it, or write ./SLURM_TMPDIR for a directory of that name)",
            e.Message);
    }

    [Fact]
    public void A_lower_case_word_with_no_such_variable_is_a_directory_next_to_the_file()
    {
        SeaConfig config = SeaConfigLoader.Parse(WithCache0("scratch"), "/etc/seanet/sea.ini", NoEnvironment);

        Assert.Equal("/etc/seanet/scratch", config.Tiers[0].Path);
    }

    [Fact]
    public void An_unset_dollar_variable_is_refused_by_name()
    {
        ConfigException e = ParseError(WithCache0("$NOPE/cache"));

        Assert.Equal(
            "sea.ini:4: key 'cache_0': environment variable NOPE is not set (set it before starting SeaNet, or write the value itself)",
            e.Message);
        Assert.Equal("cache_0", e.Key);
    }

    [Fact]
    public void An_empty_variable_counts_as_unset_rather_than_moving_a_tier_to_the_root()
    {
        ConfigException e = ParseError(WithCache0("${EMPTY}/cache"), Env(("EMPTY", "")));

        Assert.Contains("environment variable EMPTY is not set", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/a/$/b")]
    [InlineData("/a/$1")]
    [InlineData("/a/${UNCLOSED")]
    [InlineData("/a/${}")]
    public void A_dollar_that_starts_no_variable_is_refused(string value)
    {
        ConfigException e = ParseError(WithCache0(value), Env(("UNCLOSED", "x")));

        Assert.StartsWith("sea.ini:4: key 'cache_0': ", e.Message, StringComparison.Ordinal);
        Assert.Contains("$$", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_leading_tilde_means_HOME()
    {
        SeaConfig config = Parse(
            "[Sea]\nmount_dir = ~/sea_mount\nn_levels = 2\ncache_0 = ~/cache\ncache_1 = ~/persistent/\nlog_file = ~\n",
            Env(("HOME", "/home/alice")));

        Assert.Equal("/home/alice/sea_mount", config.MountDir);
        Assert.Equal(["/home/alice/cache", "/home/alice/persistent"], config.Tiers.Select(t => t.Path));
        Assert.Equal("/home/alice", config.LogFile);
    }

    [Fact]
    public void Tilde_user_is_refused_rather_than_guessed()
    {
        ConfigException e = ParseError(WithCache0("~bob/cache"), Env(("HOME", "/home/alice")));

        Assert.Equal("sea.ini:4: key 'cache_0': '~bob/cache': only ~ and ~/ are expanded, not ~user (write the full path)", e.Message);
    }

    [Fact]
    public void Variables_expand_in_numbers_and_sizes_too()
    {
        SeaConfig config = Parse(Minimal + "max_fs = $MAXFS\nn_threads = ${THREADS}\n", Env(("MAXFS", "2G"), ("THREADS", "12")));

        Assert.Equal(2L << 30, config.MaxFileSize);
        Assert.Equal(12, config.Threads);
    }

    [Fact]
    public void Mount_dir_and_log_file_also_accept_Seas_bare_variable_names()
    {
        SeaConfig config = Parse(
            "[Sea]\nmount_dir = MOUNT\nn_levels = 2\ncache_0 = /c\ncache_1 = /p\nlog_file = SEA_LOG_FILE\n",
            Env(("MOUNT", "/job/mount"), ("SEA_LOG_FILE", "/job/sea.log")));

        Assert.Equal("/job/mount", config.MountDir);
        Assert.Equal("/job/sea.log", config.LogFile);
    }

    [Fact]
    public void The_process_environment_is_used_when_none_is_given()
    {
        string name = "SEANET_TEST_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        Environment.SetEnvironmentVariable(name, "/from/process");
        try
        {
            SeaConfig config = SeaConfigLoader.Parse(WithCache0("$" + name), "sea.ini");

            Assert.Equal("/from/process", config.Tiers[0].Path);
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }
}
