using Xunit;
using static SeaNet.Tests.Policy.PolicyTestSupport;

namespace SeaNet.Tests.Policy;

/// <summary>Patterns are POSIX extended regular expressions, as grep -E reads them, matched
/// against the whole path relative to the mount.</summary>
public class EreTranslationTests
{
    [Theory]
    [InlineData(@".*\.nii\.gz", "sub-01/anat/out.nii.gz", true)]
    [InlineData(@".*\.nii\.gz", "sub-01/anat/out.nii.gz.tmp", false)]
    [InlineData(@"sub-01/anat/out\.nii\.gz", "sub-01/anat/out.nii.gz", true)]
    [InlineData(@"sub-01/anat/out\.nii\.gz", "sub-01/anat/outXnii.gz", false)]
    [InlineData(@".*.txt", "dir/file.txt", true)] // Sea's own test pattern
    [InlineData(@"run/a\.o", "sub/run/a.o", false)] // full match: no implicit .* in front
    [InlineData(@"run/a\.o", "run/a.o", true)]
    [InlineData(@"sub", "sub-01/x", false)] // full match: no implicit .* behind
    public void A_pattern_must_match_the_whole_relative_path(string pattern, string path, bool matches)
    {
        Assert.Equal(matches, List(pattern).Matches(path));
    }

    [Theory]
    [InlineData(@"sub-[[:digit:]]+/.*", "sub-07/x", true)]
    [InlineData(@"sub-[[:digit:]]+/.*", "sub-ab/x", false)]
    [InlineData(@"[[:alpha:]]+", "abcé", true)]
    [InlineData(@"[[:alpha:]]+", "abc1", false)]
    [InlineData(@"[[:upper:]][[:lower:]]*", "Abc", true)]
    [InlineData(@"[[:upper:]][[:lower:]]*", "abc", false)]
    [InlineData(@"[[:alnum:]_]+", "a_1", true)]
    [InlineData(@"[[:xdigit:]]+", "00ff", true)]
    [InlineData(@"[[:xdigit:]]+", "00fg", false)]
    [InlineData(@"a[[:space:]]b", "a b", true)]
    [InlineData(@"a[[:blank:]]b", "a\tb", true)]
    [InlineData(@"a[[:punct:]]b", "a-b", true)]
    [InlineData(@"a[[:punct:]]b", "a1b", false)]
    [InlineData(@"[^[:digit:]]+", "abc", true)]
    [InlineData(@"[^[:digit:]]+", "ab1", false)]
    public void Posix_character_classes_work_in_brackets(string pattern, string path, bool matches)
    {
        Assert.Equal(matches, List(pattern).Matches(path));
    }

    [Theory]
    [InlineData(@"[]a]+", "]a]", true)] // ']' first is a member
    [InlineData(@"[]a]+", "b", false)]
    [InlineData(@"[^]a]", "b", true)]
    [InlineData(@"[^]a]", "]", false)]
    [InlineData(@"[a-]", "-", true)] // '-' last is a member
    [InlineData(@"[-a]", "-", true)]
    [InlineData(@"[a\]", "\\", true)] // a backslash is ordinary in a bracket
    [InlineData(@"[a\]", "a", true)]
    [InlineData(@"[\d]", "d", true)] // not a digit class: '\' and 'd'
    [InlineData(@"[\d]", "5", false)]
    [InlineData(@"[.]", "x", false)] // '.' is literal in a bracket
    [InlineData(@"[[.-.]a]", "-", true)]
    [InlineData(@"[[=a=]]", "a", true)]
    [InlineData(@"[a-c[]+", "b[", true)] // '[' not followed by : = . is a member
    [InlineData(@"[0-9]{2}", "42", true)]
    public void Bracket_expressions_follow_posix_rules(string pattern, string path, bool matches)
    {
        Assert.Equal(matches, List(pattern).Matches(path));
    }

    [Theory]
    [InlineData(@"^sub-01/.*$", "sub-01/x", true)]
    [InlineData(@"a$", "a\n", false)] // '$' is the end, not 'before a final newline' as in .NET
    [InlineData(@"a|b/c", "b/c", true)]
    [InlineData(@"a|b/c", "a", true)]
    [InlineData(@"a|b/c", "b", false)]
    [InlineData(@"(sub|ses)-0[12]/.*", "ses-02/f", true)]
    [InlineData(@"(sub|ses)-0[12]/.*", "run-02/f", false)]
    [InlineData(@"a{2,3}", "aaa", true)]
    [InlineData(@"a{2,3}", "aaaa", false)]
    [InlineData(@"a{2,}", "aaaaa", true)]
    [InlineData(@"a{,2}", "aaa", false)]
    [InlineData(@"a{,2}", "aa", true)]
    [InlineData(@"a{3}", "aaa", true)]
    [InlineData(@"xa+?", "xaa", true)]
    [InlineData(@"xa+?", "x", true)] // ERE (a+)? may be absent; .NET's lazy a+? may not
    [InlineData(@"xa**", "x", true)]
    [InlineData(@"x.y", "x\ny", true)] // '.' is any character
    [InlineData(@"a\.b", "a.b", true)]
    [InlineData(@"a\.b", "axb", false)]
    [InlineData(@"a\+", "a+", true)]
    [InlineData(@"a\{1\}", "a{1}", true)]
    [InlineData(@"a_b#c d", "a_b#c d", true)]
    [InlineData(@"\w+\s\W", "ab .", true)]
    [InlineData(@"\w+\b.*", "ab.c", true)]
    [InlineData(@"\`a\'", "a", true)]
    [InlineData(@"()a", "a", true)]
    public void Anchors_alternation_groups_and_repetition_mean_what_they_mean_in_ERE(string pattern, string path, bool matches)
    {
        Assert.Equal(matches, List(pattern).Matches(path));
    }

    [Fact]
    public void A_list_matches_a_path_that_any_one_of_its_patterns_matches()
    {
        var list = List(@".*\.nii", @"logs/.*");

        Assert.True(list.Matches("a/b.nii"));
        Assert.True(list.Matches("logs/x"));
        Assert.False(list.Matches("a/b.txt"));
    }

    [Fact]
    public void Matching_entry_names_the_first_pattern_that_matches()
    {
        var list = List(@".*\.txt", @"logs/.*", @".*");

        Assert.Equal(0, list.MatchingEntry("logs/a.txt"));
        Assert.Equal(1, list.MatchingEntry("logs/a.log"));
        Assert.Equal(2, list.MatchingEntry("x"));
        Assert.Null(List(@"logs/.*").MatchingEntry("x"));
    }

    [Fact]
    public void The_empty_list_matches_nothing()
    {
        Assert.False(SeaNet.Core.Policy.PatternList.Empty.Matches("a"));
        Assert.True(SeaNet.Core.Policy.PatternList.Empty.IsEmpty);
        Assert.False(List(".*").IsEmpty);
    }
}
