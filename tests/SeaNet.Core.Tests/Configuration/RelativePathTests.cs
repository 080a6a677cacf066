using SeaNet.Core.Configuration;
using Xunit;
using static SeaNet.Tests.Configuration.ConfigTestSupport;

namespace SeaNet.Tests.Configuration;

/// <summary>Relative paths are relative to the file's directory, not to whatever directory a program runs in.</summary>
public class RelativePathTests
{
    [Fact]
    public void Relative_paths_in_a_loaded_file_are_taken_from_its_directory()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.Combine("conf"));
        File.WriteAllText(
            dir.Combine("conf/sea.ini"),
            "[Sea]\nmount_dir = ../mount\nn_levels = 2\ncache_0 = cache\ncache_1 = ./persistent/\nlog_file = logs/sea.log\n");

        SeaConfig config = SeaConfigLoader.Load(dir.Combine("conf/sea.ini"), NoEnvironment);

        Assert.Equal(dir.Combine("mount"), config.MountDir);
        Assert.Equal([dir.Combine("conf/cache"), dir.Combine("conf/persistent")], config.Tiers.Select(t => t.Path));
        Assert.Equal(dir.Combine("conf/logs/sea.log"), config.LogFile);
        Assert.Equal(dir.Combine("conf"), config.ConfigDirectory);
    }

    [Fact]
    public void Parsed_text_takes_relative_paths_from_the_directory_of_its_source_name()
    {
        SeaConfig config = SeaConfigLoader.Parse(
            "[Sea]\nmount_dir = mnt\nn_levels = 2\ncache_0 = c\ncache_1 = p\n", "/srv/job/sea.ini", NoEnvironment);

        Assert.Equal("/srv/job/mnt", config.MountDir);
        Assert.Equal(["/srv/job/c", "/srv/job/p"], config.Tiers.Select(t => t.Path));
    }

    [Fact]
    public void A_relative_path_from_a_variable_is_also_taken_from_the_files_directory()
    {
        SeaConfig config = SeaConfigLoader.Parse(WithCache("$SUB/cache"), "/srv/job/sea.ini", Env(("SUB", "node1")));

        Assert.Equal("/srv/job/node1/cache", config.Tiers[0].Path);
    }

    private static string WithCache(string value) => $"[Sea]\nmount_dir = /m\nn_levels = 2\ncache_0 = {value}\ncache_1 = /p\n";
}
