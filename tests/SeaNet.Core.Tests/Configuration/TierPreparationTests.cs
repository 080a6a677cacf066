using SeaNet.Core.Configuration;
using Xunit;
using static SeaNet.Tests.Configuration.ConfigTestSupport;

namespace SeaNet.Tests.Configuration;

/// <summary>Start-up checks on real directories: cache tiers are created, the persistent one must
/// exist, every tier must take a new file.</summary>
public sealed class TierPreparationTests : IDisposable
{
    private const UnixFileMode Mode0700 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private SeaConfig Config(string cache, string persistent, string mount = "mount") =>
        SeaConfigLoader.Parse(
            $"[Sea]\nmount_dir = {mount}\nn_levels = 2\ncache_0 = {cache}\ncache_1 = {persistent}\n",
            _dir.Combine("sea.ini"),
            NoEnvironment);

    [Fact]
    public void Missing_cache_directories_are_created_with_mode_0700()
    {
        Directory.CreateDirectory(_dir.Combine("persistent"));

        IReadOnlyList<string> remarks = TierPreparation.Prepare(Config("job/42/cache", "persistent"));

        Assert.True(Directory.Exists(_dir.Combine("job/42/cache")));
        if (OperatingSystem.IsLinux())
        {
            Assert.Equal(Mode0700, File.GetUnixFileMode(_dir.Combine("job")));
            Assert.Equal(Mode0700, File.GetUnixFileMode(_dir.Combine("job/42/cache")));
        }

        Assert.Contains($"created cache_0 = {_dir.Combine("job/42/cache")} (mode 0700)", remarks);
    }

    [Fact]
    public void Existing_directories_keep_their_permissions()
    {
        const UnixFileMode Mode0755 = Mode0700 | UnixFileMode.GroupRead | UnixFileMode.GroupExecute
            | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
        Directory.CreateDirectory(_dir.Combine("persistent"));
        Directory.CreateDirectory(_dir.Combine("cache"));
        if (OperatingSystem.IsLinux())
        {
            File.SetUnixFileMode(_dir.Combine("cache"), Mode0755);
        }

        TierPreparation.Prepare(Config("cache", "persistent"));

        if (OperatingSystem.IsLinux())
        {
            Assert.Equal(Mode0755, File.GetUnixFileMode(_dir.Combine("cache")));
        }
    }

    [Fact]
    public void A_missing_persistent_directory_is_refused_and_not_created()
    {
        string persistent = _dir.Combine("lustre/typo");

        ConfigException e = Assert.Throws<ConfigException>(() => TierPreparation.Prepare(Config("cache", "lustre/typo")));

        Assert.Equal(
            $"{_dir.Combine("sea.ini")}: cache_1 = {persistent}: does not exist; SeaNet never creates the persistent directory "
            + "(a typo would send results where nobody looks): create it, or correct cache_1",
            e.Message);
        Assert.Equal("cache_1", e.Key);
        Assert.False(Directory.Exists(persistent));
    }

    [Fact]
    public void A_persistent_path_that_is_a_file_is_refused()
    {
        File.WriteAllText(_dir.Combine("persistent"), "not a directory");

        ConfigException e = Assert.Throws<ConfigException>(() => TierPreparation.Prepare(Config("cache", "persistent")));

        Assert.EndsWith($"cache_1 = {_dir.Combine("persistent")}: is not a directory; point cache_1 at the persistent directory", e.Message);
    }

    [Fact]
    public void A_cache_tier_that_cannot_be_created_is_refused_with_the_reason()
    {
        Directory.CreateDirectory(_dir.Combine("persistent"));
        File.WriteAllText(_dir.Combine("afile"), "in the way");

        ConfigException e = Assert.Throws<ConfigException>(() => TierPreparation.Prepare(Config("afile/cache", "persistent")));

        Assert.Equal(
            $"{_dir.Combine("sea.ini")}: cache_0 = {_dir.Combine("afile/cache")}: cannot create it ({_dir.Combine("afile")} exists and is not a directory); "
            + "create it yourself or point cache_0 elsewhere",
            e.Message);
    }

    [Fact]
    public void A_tier_that_takes_no_new_file_is_refused_with_the_system_reason()
    {
        Directory.CreateDirectory(_dir.Combine("cache"));
        string unwritable;
        if (RunningAsRoot)
        {
            // Root ignores permission bits; sysfs refuses new files to everyone (EACCES or EROFS).
            unwritable = "/sys";
        }
        else
        {
            unwritable = _dir.Combine("readonly");
            Directory.CreateDirectory(unwritable);
            if (OperatingSystem.IsLinux())
            {
                File.SetUnixFileMode(unwritable, UnixFileMode.UserRead | UnixFileMode.UserExecute);
            }
        }

        ConfigException e = Assert.Throws<ConfigException>(() => TierPreparation.Prepare(Config("cache", unwritable)));

        Assert.StartsWith($"{_dir.Combine("sea.ini")}: cache_1 = {unwritable}: not writable (", e.Message, StringComparison.Ordinal);
        Assert.EndsWith("); fix the permissions or point cache_1 elsewhere", e.Message, StringComparison.Ordinal);
        if (!RunningAsRoot)
        {
            Assert.Contains("(Permission denied)", e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_write_probe_leaves_nothing_behind()
    {
        Directory.CreateDirectory(_dir.Combine("persistent"));

        TierPreparation.Prepare(Config("cache", "persistent"));

        Assert.Empty(Directory.EnumerateFileSystemEntries(_dir.Combine("cache")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_dir.Combine("persistent")));
    }

    [Fact]
    public void A_missing_mount_directory_is_created()
    {
        Directory.CreateDirectory(_dir.Combine("persistent"));

        IReadOnlyList<string> remarks = TierPreparation.Prepare(Config("cache", "persistent", mount: "views/mount"));

        Assert.True(Directory.Exists(_dir.Combine("views/mount")));
        Assert.Contains($"created mount_dir = {_dir.Combine("views/mount")} (mode 0700)", remarks);
    }

    [Fact]
    public void A_mount_directory_that_is_a_file_is_refused()
    {
        Directory.CreateDirectory(_dir.Combine("persistent"));
        File.WriteAllText(_dir.Combine("mount"), "in the way");

        ConfigException e = Assert.Throws<ConfigException>(() => TierPreparation.Prepare(Config("cache", "persistent")));

        Assert.Equal("mount_dir", e.Key);
        Assert.Contains($"mount_dir = {_dir.Combine("mount")}: cannot create it", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_mount_directory_with_files_in_it_is_worth_a_remark()
    {
        Directory.CreateDirectory(_dir.Combine("persistent"));
        Directory.CreateDirectory(_dir.Combine("mount"));
        File.WriteAllText(_dir.Combine("mount/old.txt"), "left over");

        IReadOnlyList<string> remarks = TierPreparation.Prepare(Config("cache", "persistent"));

        Assert.Contains(
            $"mount_dir = {_dir.Combine("mount")} is not empty: programs running under SeaNet see the tiers there, not these entries",
            remarks);
    }

    [Fact]
    public void The_embedded_default_is_reported_with_the_launcher_options()
    {
        string persistent = _dir.Combine("no-such-persistent");

        ConfigException e = Assert.Throws<ConfigException>(() =>
            TierPreparation.Prepare(SeaConfigLoader.EmbeddedDefault(_dir.Combine("m"), persistent, _dir.Combine("c"))));

        Assert.StartsWith($"<embedded default>: --persistent = {persistent}: does not exist", e.Message, StringComparison.Ordinal);
    }
}
