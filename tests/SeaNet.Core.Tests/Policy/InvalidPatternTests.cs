using SeaNet.Core.Configuration;
using SeaNet.Core.Policy;
using Xunit;
using static SeaNet.Tests.Policy.PolicyTestSupport;

namespace SeaNet.Tests.Policy;

/// <summary>A pattern that is not a POSIX ERE is refused with its file, line and what to write.</summary>
public class InvalidPatternTests
{
    [Theory]
    [InlineData(@"(?i)abc", "(?...) groups")]
    [InlineData(@"a(?=b)", "(?...) groups")]
    [InlineData(@"(?<!x)a", "(?...) groups")]
    [InlineData(@"\d+", "write [0-9] or [[:digit:]]")]
    [InlineData(@"\D", "write [^0-9]")]
    [InlineData(@"(a)\1", "back-reference")]
    [InlineData(@"\<word", "start/end of word")]
    [InlineData(@"a\n", "not an escape of POSIX extended regular expressions")]
    [InlineData(@"*.nii", "not a shell glob")]
    [InlineData(@"+a", "nothing to repeat")]
    [InlineData(@"a|*b", "nothing to repeat")]
    [InlineData(@"^*a", "nothing to repeat")]
    [InlineData(@"[a-z", "unterminated bracket expression")]
    [InlineData(@"[[:digit:]", "unterminated bracket expression")]
    [InlineData(@"[[:word:]]", "unknown character class '[:word:]'")]
    [InlineData(@"[[:digit]]", "unterminated '[:'")]
    [InlineData(@"[z-a]", "is backwards (write a-z)")]
    [InlineData(@"[[.ab.]]", "more than one character")]
    [InlineData(@"(ab", "unmatched '('")]
    [InlineData(@"ab)", "unmatched ')'")]
    [InlineData(@"a{2,1}", "maximum below its minimum")]
    [InlineData(@"a{1000}", "more than 255")]
    [InlineData(@"a{x}", "does not start an interval")]
    [InlineData(@"a{2", "does not start an interval")]
    [InlineData(@"ab\", "lone backslash")]
    public void Non_ERE_syntax_is_refused_with_what_to_write(string pattern, string expected)
    {
        ConfigException e = Assert.Throws<ConfigException>(() => List("ok", pattern));

        Assert.StartsWith($".sea_flushlist:2: pattern '{pattern}': ", e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Equal(".sea_flushlist", e.File);
        Assert.Equal(2, e.Line);
    }

    [Fact]
    public void A_glob_gets_the_regular_expression_it_probably_meant()
    {
        ConfigException e = Assert.Throws<ConfigException>(() => List("*.nii"));

        Assert.Equal(
            @".sea_flushlist:1: pattern '*.nii': '*' at offset 0 has nothing to repeat: this is a regular expression, "
            + @"not a shell glob (write .* for 'anything', e.g. .*\.nii; write \* for a literal '*')",
            e.Message);
    }

    [Fact]
    public void An_inline_pattern_error_names_sea_ini_its_line_and_key()
    {
        var entry = new PatternEntry(@"\d", "sea.ini", 9) { Key = "evict" };

        ConfigException e = Assert.Throws<ConfigException>(() => new PatternList([entry]));

        Assert.StartsWith(@"sea.ini:9: key 'evict': pattern '\d': ", e.Message, StringComparison.Ordinal);
        Assert.Equal("evict", e.Key);
    }
}
