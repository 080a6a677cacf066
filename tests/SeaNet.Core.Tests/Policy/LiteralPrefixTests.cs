using Xunit;
using static SeaNet.Tests.Policy.PolicyTestSupport;

namespace SeaNet.Tests.Policy;

/// <summary>LiteralPrefixes: the directories a prefetch walk of the persistent tier must visit.</summary>
public class LiteralPrefixTests
{
    [Theory]
    [InlineData(@"sub-01/anat/out\.nii\.gz", "sub-01/anat")]
    [InlineData(@"^sub-01/anat/.*", "sub-01/anat")]
    [InlineData(@"derivatives/fmriprep/sub-0[1-3]/.*", "derivatives/fmriprep")]
    [InlineData(@"sub-0[12]/.*", "")]
    [InlineData(@".*\.nii", "")]
    [InlineData(@"data\.d/x/y", "data.d/x")]
    [InlineData(@"a/bc?/d", "a")] // c may be absent, but b is there
    [InlineData(@"a/b/?c", "a")] // the second '/' may be absent
    [InlineData(@"a/b/(c|d)/e", "a/b")]
    [InlineData(@"a/b/c|x/y", "")] // a top-level alternative can be anywhere
    [InlineData(@"(a/b/c)", "")]
    [InlineData(@"a/[b]/c", "a/b")] // a one-character bracket is a literal
    [InlineData(@"a/[bc]/d", "a")]
    [InlineData(@"file", "")]
    public void Each_pattern_gives_the_directory_its_matches_lie_below(string pattern, string prefix)
    {
        Assert.Equal([prefix], List(pattern).LiteralPrefixes());
    }

    [Fact]
    public void Prefixes_are_deduplicated_and_those_inside_another_are_dropped()
    {
        var list = List(@"a/b/c/.*", @"a/b/.*\.nii", @"a/bc/.*", @"x/y/z", @"x/y/w", @"a/b/d/e");

        Assert.Equal(["a/b", "a/bc", "x/y"], list.LiteralPrefixes());
    }

    [Fact]
    public void One_pattern_without_a_prefix_means_the_whole_tree()
    {
        Assert.Equal([""], List(@"a/b/.*", @".*\.json").LiteralPrefixes());
    }

    [Fact]
    public void An_empty_list_has_no_prefixes()
    {
        Assert.Empty(List().LiteralPrefixes());
    }
}
