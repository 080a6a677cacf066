using SeaNet.Core.Policy;

namespace SeaNet.Tests.Policy;

internal static class PolicyTestSupport
{
    /// <summary>A list of <paramref name="patterns"/>, as lines 1, 2, … of ".sea_flushlist".</summary>
    public static PatternList List(params string[] patterns) =>
        new(patterns.Select((p, i) => new PatternEntry(p, ".sea_flushlist", i + 1)).ToList());
}
