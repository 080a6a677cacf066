using SeaNet.Core.Configuration;
using Xunit;
using static SeaNet.Tests.Configuration.ConfigTestSupport;

namespace SeaNet.Tests.Configuration;

/// <summary>sea_launch's search: -c FILE, else $SEA_HOME/sea.ini, else the embedded default.</summary>
public sealed class ConfigLocationTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void The_c_option_wins_over_SEA_HOME()
    {
        File.WriteAllText(_dir.Combine("mine.ini"), Minimal);
        File.WriteAllText(_dir.Combine("sea.ini"), Minimal);

        string? found = SeaConfigLoader.Locate(_dir.Combine("mine.ini"), Env(("SEA_HOME", _dir.Path)));

        Assert.Equal(_dir.Combine("mine.ini"), found);
    }

    [Fact]
    public void A_c_option_naming_no_file_is_an_error_not_a_fallback()
    {
        string missing = _dir.Combine("typo.ini");

        ConfigException e = Assert.Throws<ConfigException>(() => SeaConfigLoader.Locate(missing, NoEnvironment));

        Assert.Equal($"{missing}: does not exist (check the -c argument)", e.Message);
    }

    [Fact]
    public void A_c_option_naming_a_directory_says_to_give_the_file()
    {
        ConfigException e = Assert.Throws<ConfigException>(() => SeaConfigLoader.Locate(_dir.Path, NoEnvironment));

        Assert.Equal($"{_dir.Path}: is a directory; give the sea.ini file itself (-c DIR/sea.ini)", e.Message);
    }

    [Fact]
    public void Without_c_the_file_is_sea_ini_in_SEA_HOME_as_in_Sea()
    {
        File.WriteAllText(_dir.Combine("sea.ini"), Minimal);

        Assert.Equal(_dir.Combine("sea.ini"), SeaConfigLoader.Locate(null, Env(("SEA_HOME", _dir.Path))));
    }

    [Fact]
    public void SEA_HOME_without_a_sea_ini_is_an_error_saying_how_to_fix_it()
    {
        ConfigException e = Assert.Throws<ConfigException>(() => SeaConfigLoader.Locate(null, Env(("SEA_HOME", _dir.Path))));

        Assert.Equal(
            $"SEA_HOME is set to {_dir.Path} but {_dir.Combine("sea.ini")} does not exist: create it (see sea.ini.example), "
            + "pass -c FILE, or unset SEA_HOME to run on the embedded default",
            e.Message);
    }

    [Fact]
    public void With_neither_the_embedded_default_is_used()
    {
        Assert.Null(SeaConfigLoader.Locate(null, NoEnvironment));
        Assert.Null(SeaConfigLoader.Locate(null, Env(("SEA_HOME", ""))));
    }
}
