using System.Text.RegularExpressions;
using SeaNet.Core.Configuration;

namespace SeaNet.Core.Policy;

/// <summary>One pattern of a flush, evict or prefetch list, and where it was written.</summary>
/// <param name="Text">The pattern as written (a POSIX extended regular expression).</param>
/// <param name="Source">The file it came from (a list file or sea.ini).</param>
/// <param name="Line">1-based line in <paramref name="Source"/>; 0 for the embedded default.</param>
public sealed record PatternEntry(string Text, string Source, int Line)
{
    /// <summary>The sea.ini key that gave the pattern (<c>flush</c>, <c>evict</c>, <c>prefetch</c>), or
    /// null for a line of a list file. Only used to word messages.</summary>
    public string? Key { get; init; }

    /// <summary><c>FILE:LINE</c>, as messages name the pattern's place.</summary>
    public string Where => Line > 0 ? $"{Source}:{Line}" : Source;
}

/// <summary>
/// A Sea list (<c>.sea_flushlist</c>, <c>.sea_evictlist</c>, <c>.sea_prefetchlist</c>, or the same
/// lists inline in sea.ini): POSIX extended regular expressions, each matched as a full match
/// against a path relative to the mount root (<c>sub-01/anat/out.nii.gz</c>: no leading slash).
/// </summary>
/// <remarks>
/// Each pattern is translated from ERE by <see cref="EreTranslator"/> and compiled with
/// <see cref="RegexOptions.NonBacktracking"/>: matching is linear in the path length whatever the
/// pattern, so a careless list cannot stall the daemon, and it runs under NativeAOT (no code
/// generation). One regex joins all patterns for <see cref="Matches"/>, the per-close question;
/// the per-pattern regexes answer <see cref="MatchingEntry"/>, which only <c>sea check</c> asks.
/// Threading: immutable after construction; safe to share and to match from any thread.
/// </remarks>
public sealed class PatternList
{
    /// <summary><see cref="RegexOptions.Singleline"/>: an ERE '.' matches any character.</summary>
    internal const RegexOptions Options =
        RegexOptions.CultureInvariant | RegexOptions.NonBacktracking | RegexOptions.Singleline;

    public static readonly PatternList Empty = new([]);

    private readonly Regex? _combined;
    private readonly Regex[] _each;
    private readonly string[] _translated;
    private readonly string[] _prefixes;
    private readonly Regex?[] _partial;

    /// <summary>Translates and compiles every pattern.</summary>
    /// <exception cref="ConfigException">A pattern is not a valid POSIX extended regular expression;
    /// the message names its file and line (<see cref="PatternEntry.Where"/>) and what to write.</exception>
    public PatternList(IReadOnlyList<PatternEntry> entries)
    {
        Entries = entries;
        _each = new Regex[entries.Count];
        _translated = new string[entries.Count];
        _prefixes = new string[entries.Count];
        _partial = new Regex?[entries.Count];
        for (int k = 0; k < entries.Count; k++)
        {
            PatternEntry entry = entries[k];
            EreTranslation t = EreTranslator.Translate(entry.Text);
            if (t.Problem is not null)
            {
                throw Invalid(entry, t.Problem);
            }

            _translated[k] = t.Pattern!;
            _each[k] = Compile(entry, @"\A(?:" + t.Pattern + @")\z");
            int slash = t.LiteralPrefix.LastIndexOf('/');
            _prefixes[k] = slash < 0 ? string.Empty : t.LiteralPrefix[..slash];
        }

        if (entries.Count > 0)
        {
            _combined = new Regex(@"\A(?:" + string.Join("|", _translated.Select(p => "(?:" + p + ")")) + @")\z", Options);
        }
    }

    public IReadOnlyList<PatternEntry> Entries { get; }

    public bool IsEmpty => Entries.Count == 0;

    /// <summary>True if some pattern matches the whole of <paramref name="relativePath"/>.</summary>
    public bool Matches(string relativePath) => _combined is not null && _combined.IsMatch(relativePath);

    /// <summary>The index in <see cref="Entries"/> of the first pattern matching the whole of
    /// <paramref name="relativePath"/>, or null if none does.</summary>
    public int? MatchingEntry(string relativePath)
    {
        if (!Matches(relativePath))
        {
            return null;
        }

        for (int k = 0; k < _each.Length; k++)
        {
            if (_each[k].IsMatch(relativePath))
            {
                return k;
            }
        }

        return null;
    }

    /// <summary>True if pattern <paramref name="entry"/> matches the whole of <paramref name="relativePath"/>.</summary>
    public bool EntryMatches(int entry, string relativePath) => _each[entry].IsMatch(relativePath);

    /// <summary>True if pattern <paramref name="entry"/> matches some part of <paramref name="relativePath"/>
    /// (what <c>grep</c> without anchors would find): for <c>sea check</c>'s hint that a pattern
    /// would need <c>.*</c> around it. Built on first use; a race builds it twice, harmlessly.</summary>
    internal bool EntryMatchesPartOf(int entry, string relativePath) =>
        (_partial[entry] ??= new Regex(_translated[entry], Options)).IsMatch(relativePath);

    /// <summary>
    /// The directories (relative to the mount, no trailing '/') below which every match lies:
    /// for each pattern, its literal start up to its last '/' before any operator
    /// (<c>sub-01/anat/.*\.nii</c> gives <c>sub-01/anat</c>); "" means the whole tree (a pattern that
    /// starts with an operator, or has a top-level '|'). De-duplicated, and a directory inside
    /// another listed one is dropped, so walking each once visits every candidate once.
    /// </summary>
    public IReadOnlyList<string> LiteralPrefixes()
    {
        var kept = new List<string>();
        foreach (string prefix in _prefixes.Distinct(StringComparer.Ordinal).OrderBy(p => p.Length).ThenBy(p => p, StringComparer.Ordinal))
        {
            if (!kept.Any(k => k.Length == 0 || prefix.StartsWith(k + "/", StringComparison.Ordinal)))
            {
                kept.Add(prefix);
            }
        }

        kept.Sort(StringComparer.Ordinal);
        return kept;
    }

    private static Regex Compile(PatternEntry entry, string pattern)
    {
        try
        {
            return new Regex(pattern, Options);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            // The translator should have refused it already; say what .NET says rather than crash.
            throw Invalid(entry, $"cannot be compiled ({e.Message})");
        }
    }

    private static ConfigException Invalid(PatternEntry entry, string problem) =>
        ConfigError.At(entry.Source, entry.Line, entry.Key, $"pattern '{entry.Text}': {problem}");
}
