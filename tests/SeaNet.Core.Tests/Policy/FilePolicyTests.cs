using SeaNet.Core.Configuration;
using SeaNet.Core.Policy;
using Xunit;
using static SeaNet.Tests.Configuration.ConfigTestSupport;

namespace SeaNet.Tests.Policy;

/// <summary>The flush and evict lists decide each file's fate; the prefetch list what is copied in.</summary>
public class FilePolicyTests
{
    private static readonly FilePolicy Policy = new(Parse(Minimal
        + "flush = .*\\.nii\\.gz\nflush = out/.*\n"
        + "evict = .*\\.tmp\nevict = out/.*\\.o\n"
        + "prefetch = inputs/.*\n"));

    [Theory]
    [InlineData("sub-01/anat/T1w.nii.gz", FileFate.Flush)]
    [InlineData("out/report.html", FileFate.Flush)]
    [InlineData("work/a.tmp", FileFate.Evict)]
    [InlineData("out/a.o", FileFate.Move)]
    [InlineData("work/a.o", FileFate.Keep)]
    [InlineData("notes.txt", FileFate.Keep)]
    public void The_fate_of_a_file_follows_the_lists_it_is_in(string path, FileFate fate)
    {
        Assert.Equal(fate, Policy.FateOf(path));
    }

    [Theory]
    [InlineData("inputs/sub-01.nii", true)]
    [InlineData("inputs", false)]
    [InlineData("out/inputs/x", false)]
    public void Prefetch_follows_the_prefetch_list(string path, bool prefetched)
    {
        Assert.Equal(prefetched, Policy.Prefetches(path));
    }

    [Fact]
    public void With_no_lists_every_file_is_kept_in_cache()
    {
        var policy = new FilePolicy(Parse(Minimal));

        Assert.Equal(FileFate.Keep, policy.FateOf("a/b.nii"));
        Assert.False(policy.Prefetches("a/b.nii"));
    }

    [Fact]
    public void The_embedded_default_flushes_everything()
    {
        using var dir = new Configuration.TempDirectory();
        SeaConfig config = SeaConfigLoader.EmbeddedDefault(dir.Combine("m"), dir.Combine("p"), dir.Combine("c"));

        Assert.Equal(FileFate.Flush, new FilePolicy(config).FateOf("any/where/at.all"));
        Assert.True(config.DropCleanAtExit);
    }
}
