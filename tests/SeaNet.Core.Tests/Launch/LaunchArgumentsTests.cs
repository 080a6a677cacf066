using SeaNet.Preload.Launch;
using Xunit;

namespace SeaNet.Tests.Launch;

/// <summary>How sea_launch reads its command line, including Sea's <c>sea_launch.sh script</c> form.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class LaunchArgumentsTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("seanet-launch-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private string Script(string name, bool executable)
    {
        string path = Path.Combine(dir, name);
        File.WriteAllText(path, "echo hi\n");
        File.SetUnixFileMode(path, executable ? (UnixFileMode)0b111_101_101 : (UnixFileMode)0b110_100_100);
        return path;
    }

    [Fact]
    public void A_lone_non_executable_script_is_run_with_bash_as_Sea_does()
    {
        string script = Script("pipeline.sh", executable: false);
        LaunchArguments a = LaunchArguments.Parse([script]);
        Assert.True(a.RunsScriptWithBash);
        Assert.Equal(["bash", script], a.Command);
    }

    [Fact]
    public void A_lone_executable_script_is_run_as_a_command()
    {
        string script = Script("run", executable: true);
        LaunchArguments a = LaunchArguments.Parse([script]);
        Assert.False(a.RunsScriptWithBash);
        Assert.Equal([script], a.Command);
    }

    [Fact]
    public void After_a_double_dash_the_arguments_are_always_the_command()
    {
        string script = Script("data.txt", executable: false);
        LaunchArguments a = LaunchArguments.Parse(["--", script]);
        Assert.False(a.RunsScriptWithBash);
        Assert.Equal([script], a.Command);
    }

    [Fact]
    public void A_script_with_arguments_is_a_command_not_the_Sea_form()
    {
        string script = Script("with-args.sh", executable: false);
        Assert.Equal([script, "x"], LaunchArguments.Parse([script, "x"]).Command);
    }

    [Fact]
    public void A_lone_word_that_is_no_file_is_a_command_looked_up_in_PATH()
    {
        Assert.Equal(["hostname"], LaunchArguments.Parse(["hostname"]).Command);
    }

    [Fact]
    public void Options_come_first_and_the_first_operand_starts_the_command()
    {
        LaunchArguments a = LaunchArguments.Parse(["-c", "my.ini", "ls", "-la", "--mount", "x"]);
        Assert.Null(a.Error);
        Assert.Equal("my.ini", a.Config.ConfigFile);
        Assert.Null(a.Config.Mount);
        Assert.Equal(["ls", "-la", "--mount", "x"], a.Command);
    }

    [Fact]
    public void Embedded_default_directories_can_be_given_in_both_spellings()
    {
        LaunchArguments a = LaunchArguments.Parse(["--mount", "m", "--persistent=p", "--", "true"]);
        Assert.Equal(("m", "p"), (a.Config.Mount, a.Config.Persistent));
        Assert.Equal(["true"], a.Command);
    }

    [Theory]
    [InlineData(new string[0], "no command")]
    [InlineData(new[] { "--" }, "no command")]
    [InlineData(new[] { "-c" }, "needs a value")]
    [InlineData(new[] { "--mount=", "x" }, "non-empty")]
    [InlineData(new[] { "--frobnicate", "x" }, "unknown option")]
    public void Mistakes_are_usage_errors(string[] args, string message)
    {
        LaunchArguments a = LaunchArguments.Parse(args);
        Assert.NotNull(a.Error);
        Assert.Contains(message, a.Error);
    }

    [Theory]
    [InlineData("-h")]
    [InlineData("--help")]
    public void Help_is_recognised(string flag) => Assert.True(LaunchArguments.Parse([flag]).Help);
}
