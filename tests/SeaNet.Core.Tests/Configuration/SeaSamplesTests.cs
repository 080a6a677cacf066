using SeaNet.Core.Configuration;
using Xunit;

namespace SeaNet.Tests.Configuration;

/// <summary>Every sea.ini in Sea's own repository loads unchanged (Fixtures/sea-ini/README.md says where each comes from).</summary>
public class SeaSamplesTests
{
    private static readonly string FixtureDirectory = Path.Combine(AppContext.BaseDirectory, "Fixtures", "sea-ini");

    /// <summary>What Sea's test scripts export before writing their files (tests/*.bats, tests/setup.bash).</summary>
    private static readonly IReadOnlyDictionary<string, string?> SeaTestEnvironment = ConfigTestSupport.Env(
        ("SEA_HOME", "/work/sea"),
        ("MOUNT", "/work/sea/mount"),
        ("SOURCE", "/work/sea/source"),
        ("SOURCE_1", "/work/sea/source_1"),
        ("SOURCE_2", "/work/sea/source_2"),
        ("SEA_LOG_FILE", "/work/sea/sea.log"));

    private static readonly string[] SixDisks =
        [.. Enumerable.Range(0, 6).Select(i => $"/disk{i}/vhs/seatmp")];

    /// <summary>Fixture → mount, tiers in order (the last persistent), max_fs (null: default), n_threads, log level.</summary>
    public static TheoryData<string, string, string[], long?, int, LogLevel> Samples => new()
    {
        { "readme-example.ini", "/lustre/seamount", ["/dev/shm/seasource", "/localscratch/seasource", "/lustre/seasource"], 646971392, 16, LogLevel.None },
        { "experiments-mem_sea.ini", "/mnt/lustre/vhs/mount", ["/dev/shm/seatmp", .. SixDisks, "/mnt/lustre/vhs/output"], 646971392, 16, LogLevel.None },
        { "experiments-mem_sea-n_sources.ini", "/mnt/lustre/vhs/mount", ["/dev/shm/seatmp", "/disk0/vhs/seatmp", "/mnt/lustre/vhs/output"], null, 1, LogLevel.None },
        { "experiments-disk_sea.ini", "/mnt/lustre/vhs/mount", ["/disk0/vhs/seatmp", "/mnt/lustre/vhs/output"], null, 1, LogLevel.None },
        { "experiments-results-sea_cp_5n_64t.ini", "/mnt/lustre/vhs/mount", ["/dev/shm/seatmp", .. SixDisks, "/mnt/lustre/vhs/output"], 646461552, 64, LogLevel.None },
        { "experiments-results-sea_mem_4n_1t.ini", "/mnt/lustre/vhs/mount", ["/dev/shm/seatmp", .. SixDisks, "/mnt/lustre/vhs/output"], 646461552, 1, LogLevel.None },
        { "generated-default-cache.ini", "/home/user/sea/mount_dir", ["/home/user/sea/source"], 100, 1, LogLevel.Error },
        { "generated-default-n_sources.ini", "/home/user/sea/mount_dir", ["/home/user/sea/source"], null, 1, LogLevel.Error },
        { "test_flusher.ini", "/work/sea/mount", ["/work/sea/source", "/work/sea/source_2", "/work/sea/source_1"], 1048576, 1, LogLevel.None },
        { "test_prefetch.ini", "/work/sea/mount", ["/work/sea/source", "/work/sea/source_1"], 1048576, 1, LogLevel.None },
        { "setup-two-levels.ini", "/work/sea/mount", ["/work/sea/source", "/work/sea/source_1"], 1048576, 1, LogLevel.Info },
        { "setup-variable-names.ini", "/work/sea/mount", ["/work/sea/source", "/work/sea/source_1"], 1048576, 1, LogLevel.Info },
        { "setup-one-level.ini", "/work/sea/mount", ["/work/sea/source"], 1048576, 1, LogLevel.Info },
        { "setup-n_sources.ini", "/work/sea/mount", ["/work/sea/source"], null, 1, LogLevel.Info },
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public void Each_of_Seas_sample_files_loads_with_Seas_meaning(
        string fixture, string mount, string[] tiers, long? maxFs, int threads, LogLevel logLevel)
    {
        SeaConfig config = SeaConfigLoader.Load(Path.Combine(FixtureDirectory, fixture), SeaTestEnvironment);

        Assert.Equal(mount, config.MountDir);
        Assert.Equal(tiers, config.Tiers.Select(t => t.Path));
        Assert.Equal(tiers[^1], config.PersistentTier.Path);
        Assert.True(config.PersistentTier.IsPersistent);
        Assert.All(config.CacheTiers, t => Assert.False(t.IsPersistent));
        Assert.Equal(maxFs ?? new SeaConfig { MountDir = "/", Tiers = [], Source = "" }.MaxFileSize, config.MaxFileSize);
        Assert.Equal(threads, config.Threads);
        Assert.Equal(logLevel, config.LogLevel);
        Assert.Equal(Path.Combine(FixtureDirectory, fixture), config.Source);
        Assert.Equal(FixtureDirectory, config.ConfigDirectory);
        Assert.DoesNotContain(config.Warnings, w => w.Contains("unknown", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_fixture_file_is_checked_by_the_sample_test()
    {
        var listed = Samples.Select(row => (string)row[0]).ToHashSet();
        var present = Directory.GetFiles(FixtureDirectory, "*.ini").Select(Path.GetFileName).ToHashSet();

        Assert.Equal(present.Order(), listed.Order());
    }

    [Fact]
    public void A_level_listing_several_directories_gives_each_its_own_tier_at_that_level()
    {
        SeaConfig config = SeaConfigLoader.Load(Path.Combine(FixtureDirectory, "experiments-mem_sea.ini"), SeaTestEnvironment);

        Assert.Equal([0, 1, 1, 1, 1, 1, 1, 2], config.Tiers.Select(t => t.Level));
        Assert.Equal(["source_0", .. Enumerable.Repeat("source_1", 6), "source_2"], config.Tiers.Select(t => t.Key));
    }

    [Fact]
    public void Seas_bare_variable_names_read_the_environment()
    {
        SeaConfig config = SeaConfigLoader.Load(Path.Combine(FixtureDirectory, "setup-variable-names.ini"), SeaTestEnvironment);

        Assert.Equal("/work/sea/sea.log", config.LogFile);
        Assert.Equal("/work/sea/mount", config.MountDir);
    }

    [Fact]
    public void A_single_level_file_is_read_as_the_persistent_directory_alone_with_a_warning()
    {
        SeaConfig config = SeaConfigLoader.Load(Path.Combine(FixtureDirectory, "generated-default-cache.ini"), SeaTestEnvironment);

        Assert.Single(config.Tiers);
        Assert.Empty(config.CacheTiers);
        string warning = Assert.Single(config.Warnings);
        Assert.EndsWith(
            "generated-default-cache.ini:8: n_levels = 1: no cache tier; files are written straight to the persistent directory /home/user/sea/source",
            warning);
    }
}
