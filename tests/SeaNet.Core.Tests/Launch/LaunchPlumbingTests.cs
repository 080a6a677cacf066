using SeaNet.Core.Configuration;
using SeaNet.Preload.Cli;
using SeaNet.Preload.Daemon;
using SeaNet.Preload.Launch;
using Xunit;

namespace SeaNet.Tests.Launch;

/// <summary>What sea_launch derives from its arguments: the command to exec, the environment, the
/// channel name, and the arguments that make the daemon load the same configuration.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class LaunchPlumbingTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("seanet-launch-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void Commands_are_found_in_PATH_like_execvp_and_not_in_the_current_directory()
    {
        string bin = Directory.CreateDirectory(Path.Combine(dir, "bin")).FullName;
        string tool = Path.Combine(bin, "tool");
        File.WriteAllText(tool, "#!/bin/sh\n");
        File.SetUnixFileMode(tool, (UnixFileMode)0b111_101_101);

        Assert.Equal(tool, CommandResolver.Resolve("tool", $"/nonexistent:{bin}", out _));
        Assert.Null(CommandResolver.Resolve("tool", "/nonexistent", out int missing));
        Assert.Equal(127, missing);

        File.SetUnixFileMode(tool, (UnixFileMode)0b110_100_100);
        Assert.Null(CommandResolver.Resolve("tool", bin, out int notExecutable));
        Assert.Equal(126, notExecutable);

        Assert.Equal(Path.GetFullPath("./x/y"), CommandResolver.Resolve("./x/y", bin, out _));
    }

    [Fact]
    public void The_command_gets_the_shim_first_in_LD_PRELOAD_and_the_tiers_in_order()
    {
        var config = new SeaConfig
        {
            MountDir = "/m",
            Tiers = [new TierConfig("/dev/shm/a", null, false), new TierConfig("/ssd/b", null, false), new TierConfig("/lustre/p", null, true)],
            MaxFileSize = 1234,
            LogFile = "/logs/sea.log",
            Source = "test",
        };

        Dictionary<string, string> env = LaunchEnvironment.ForCommand(config, "/dev/shm/ch.shm", "/opt/seanet/lib/libseanet.so", "/usr/lib/libother.so");

        Assert.Equal("/opt/seanet/lib/libseanet.so:/usr/lib/libother.so", env["LD_PRELOAD"]);
        Assert.Equal("/m", env["SEANET_MOUNT"]);
        Assert.Equal("/dev/shm/a:/ssd/b:/lustre/p", env["SEANET_TIERS"]);
        Assert.Equal("1234", env["SEANET_MAX_FS"]);
        Assert.Equal("/dev/shm/ch.shm", env["SEANET_CHANNEL"]);
        Assert.Equal("/logs/sea.log", env["SEANET_LOG"]);

        Assert.Equal("/x/lib/libseanet.so", LaunchEnvironment.ForCommand(config, "c", "/x/lib/libseanet.so", null)["LD_PRELOAD"]);
        Assert.Equal(string.Empty, LaunchEnvironment.ForCommand(config with { LogFile = null }, "c", "s", null)["SEANET_LOG"]);
    }

    [Fact]
    public void The_install_prefix_is_the_parent_of_the_executables_directory()
    {
        Assert.Equal("/opt/seanet", LaunchEnvironment.InstallPrefix("/opt/seanet/bin/seanetd"));
    }

    [Fact]
    public void Channels_are_named_by_user_job_and_launcher()
    {
        string path = LaunchEnvironment.ChannelPath(null, "987", 55);
        Assert.Matches(@"^/dev/shm/seanet-\d+-987-55\.shm$", path);
        Assert.StartsWith("/tmp/x/seanet-", LaunchEnvironment.ChannelPath("/tmp/x", "1", 2));
    }

    [Theory]
    [InlineData("12345", "12345")]
    [InlineData(null, "77")]
    [InlineData("", "77")]
    [InlineData("../evil", "77")]
    public void The_job_id_is_Slurms_or_the_launchers_pid(string? slurm, string expected) =>
        Assert.Equal(expected, ConfigArguments.JobId(slurm, 77));

    [Fact]
    public void The_embedded_default_is_resolved_once_and_handed_to_the_daemon_whole()
    {
        ConfigArguments resolved = new ConfigArguments { Mount = Path.Combine(dir, "m"), Persistent = Path.Combine(dir, "p") }.Resolve("42");
        Assert.Null(resolved.ConfigFile);
        Assert.EndsWith("-42", resolved.CacheDir);
        Assert.StartsWith("/dev/shm/seanet-", resolved.CacheDir);

        DaemonOptions daemon = DaemonOptions.Parse(["--channel", "/c.shm", "--parent-pid", "9", .. resolved.ToDaemonArguments()]);
        Assert.Null(daemon.Error);
        Assert.Equal(("/c.shm", 9), (daemon.Channel, daemon.ParentPid));
        Assert.Equal(resolved, daemon.Config);
    }

    [Fact]
    public void A_config_file_is_handed_to_the_daemon_by_full_path()
    {
        string ini = Path.Combine(dir, "sea.ini");
        File.WriteAllText(ini, "[Sea]\n");
        ConfigArguments resolved = new ConfigArguments { ConfigFile = ini }.Resolve("1");
        Assert.Equal(["-c", ini], resolved.ToDaemonArguments());
    }

    [Fact]
    public void Embedded_default_options_next_to_a_config_file_are_an_error()
    {
        string ini = Path.Combine(dir, "sea.ini");
        File.WriteAllText(ini, "[Sea]\n");
        ConfigException e = Assert.Throws<ConfigException>(() => new ConfigArguments { ConfigFile = ini, Mount = "/m" }.Resolve("1"));
        Assert.Contains("--mount", e.Message);
    }

    [Theory]
    [InlineData(new string[0], "--channel")]
    [InlineData(new[] { "--channel" }, "unexpected")]
    [InlineData(new[] { "--channel", "/c", "--parent-pid", "x" }, "unexpected")]
    [InlineData(new[] { "--channel", "/c", "extra" }, "unexpected")]
    public void The_daemon_refuses_arguments_it_does_not_understand(string[] args, string message)
    {
        string? error = DaemonOptions.Parse(args).Error;
        Assert.NotNull(error);
        Assert.Contains(message, error);
    }
}
