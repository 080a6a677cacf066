using System.Text.RegularExpressions;
using SeaNet.Core.Configuration;
using Xunit;

namespace SeaNet.Tests.Configuration;

/// <summary>sea.ini.example at the repository root is a working file that documents every key.</summary>
public class SeaIniExampleTests
{
    private static string ExamplePath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "sea.ini.example");
            if (File.Exists(candidate) && File.Exists(Path.Combine(dir.FullName, "SeaNet.sln")))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("sea.ini.example not found above " + AppContext.BaseDirectory);
    }

    [Fact]
    public void The_example_loads_cleanly()
    {
        SeaConfig config = SeaConfigLoader.Load(ExamplePath(), ConfigTestSupport.Env(("USER", "alice"), ("HOME", "/home/alice")));

        Assert.Empty(config.Warnings);
        Assert.True(config.Tiers.Count >= 2);
    }

    [Fact]
    public void The_example_documents_every_key_the_reader_knows()
    {
        string text = File.ReadAllText(ExamplePath());
        string[] keys = [.. SeaIniKeys.Plain, .. SeaIniKeys.Patterns, "cache_N", "source_N", "cache_N_capacity"];

        foreach (string key in keys)
        {
            string pattern = "^[#; ]*" + Regex.Escape(key).Replace("N", "[0-9N]", StringComparison.Ordinal) + @"\s*=";
            Assert.True(
                Regex.IsMatch(text, pattern, RegexOptions.Multiline),
                $"sea.ini.example does not show '{key} = ...'");
        }
    }
}
