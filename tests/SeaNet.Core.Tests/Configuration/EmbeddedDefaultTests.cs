using SeaNet.Core.Configuration;
using Xunit;

namespace SeaNet.Tests.Configuration;

/// <summary>With neither -c nor SEA_HOME, sea_launch runs on one tmpfs cache tier and the persistent directory.</summary>
public class EmbeddedDefaultTests
{
    [Fact]
    public void The_embedded_default_is_the_cache_then_the_persistent_directory()
    {
        SeaConfig config = SeaConfigLoader.EmbeddedDefault("/work/sea_mount", "/work/sea_persistent", "/dev/shm/seanet-1000-42");

        Assert.Equal("/work/sea_mount", config.MountDir);
        Assert.Equal(
            [new TierConfig("/dev/shm/seanet-1000-42", null, false) { Key = "cache_0", Level = 0 },
             new TierConfig("/work/sea_persistent", null, true) { Key = "cache_1", Level = 1 }],
            config.Tiers);
        Assert.Equal("<embedded default>", config.Source);
        Assert.Null(config.ConfigDirectory);
        Assert.Empty(config.Warnings);
    }

    [Fact]
    public void The_embedded_default_keeps_every_other_default()
    {
        SeaConfig fromFile = SeaConfigLoader.Parse(ConfigTestSupport.Minimal, "sea.ini", ConfigTestSupport.NoEnvironment);
        SeaConfig embedded = SeaConfigLoader.EmbeddedDefault("/m", "/p", "/c0");

        Assert.Equal(
            (fromFile.MaxFileSize, fromFile.Threads, fromFile.LogLevel, fromFile.LogFile, fromFile.IndexSlots),
            (embedded.MaxFileSize, embedded.Threads, embedded.LogLevel, embedded.LogFile, embedded.IndexSlots));
    }

    [Fact]
    public void Relative_arguments_are_taken_from_the_current_directory_and_normalised()
    {
        string cwd = Directory.GetCurrentDirectory();

        SeaConfig config = SeaConfigLoader.EmbeddedDefault("sea_mount/", "./sea_persistent", "/dev/shm//x/");

        Assert.Equal(Path.Combine(cwd, "sea_mount"), config.MountDir);
        Assert.Equal(["/dev/shm/x", Path.Combine(cwd, "sea_persistent")], config.Tiers.Select(t => t.Path));
    }

    [Fact]
    public void An_overlapping_embedded_layout_is_refused_naming_the_launcher_options()
    {
        ConfigException e = Assert.Throws<ConfigException>(() => SeaConfigLoader.EmbeddedDefault("/work/p/view", "/work/p", "/dev/shm/c"));

        Assert.Equal(
            "<embedded default>: --mount = /work/p/view is inside --persistent = /work/p: the mount directory must be outside every tier and contain none of them",
            e.Message);
    }
}
