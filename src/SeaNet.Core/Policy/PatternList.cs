using System.Text.RegularExpressions;

namespace SeaNet.Core.Policy;

/// <summary>One pattern of a flush, evict or prefetch list, and where it was written.</summary>
/// <param name="Text">The pattern as written (an extended regular expression).</param>
/// <param name="Source">The file it came from (a list file or sea.ini).</param>
/// <param name="Line">1-based line in <paramref name="Source"/>.</param>
public sealed record PatternEntry(string Text, string Source, int Line);

/// <summary>
/// A Sea list (<c>.sea_flushlist</c>, <c>.sea_evictlist</c>, <c>.sea_prefetchlist</c>, or the same
/// lists inline in sea.ini): extended regular expressions, each matched as a full match against a
/// path relative to the mount root (no leading slash).
/// Threading: immutable after construction; safe to share.
/// </summary>
public sealed class PatternList
{
    public static readonly PatternList Empty = new([]);

    private readonly Regex? combined;

    public PatternList(IReadOnlyList<PatternEntry> entries)
    {
        Entries = entries;
        if (entries.Count > 0)
        {
            combined = new Regex(
                "^(?:" + string.Join("|", entries.Select(e => "(?:" + e.Text + ")")) + ")$",
                RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
        }
    }

    public IReadOnlyList<PatternEntry> Entries { get; }

    public bool IsEmpty => Entries.Count == 0;

    /// <summary>True if some pattern matches the whole of <paramref name="relativePath"/>.</summary>
    public bool Matches(string relativePath) => combined is not null && combined.IsMatch(relativePath);

    // TEMPORARY until the policy branch lands: the whole tree.
    public IReadOnlyList<string> LiteralPrefixes() => IsEmpty ? [] : [string.Empty];
}
