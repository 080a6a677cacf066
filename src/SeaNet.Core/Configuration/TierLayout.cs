using System.Text;

namespace SeaNet.Core.Configuration;

/// <summary>A configured directory and where it was given: <paramref name="Name"/> is what messages
/// call it (<c>cache_1</c>, or <c>--persistent</c> for the embedded default), <paramref name="Line"/> 0 when
/// it did not come from a file line.</summary>
internal readonly record struct PlacedPath(string Path, string Name, int Line);

/// <summary>
/// Checks the shape of a layout that no single value shows: the mount directory against the
/// tiers, and the tiers against one another. Purely lexical (nothing may exist yet).
/// </summary>
/// <remarks>
/// Why each rule exists:
/// <list type="bullet">
/// <item>Mount equal to, inside or containing a tier: the shim maps mount paths onto tier paths; an
/// overlap would make a tier file visible under two virtual names or loop a lookup back into the mount.</item>
/// <item>Two tiers equal or nested: a file would be counted on two tiers and a flush could copy a file onto itself.</item>
/// <item>A ':' in a tier path: the daemon hands the tier list to the shim ':'-separated (like PATH).</item>
/// <item>Paths over <see cref="ConfigLimits.MaxPathBytes"/>: they do not fit the shared tier table.</item>
/// </list>
/// </remarks>
internal static class TierLayout
{
    private const string Separate = "the mount directory must be outside every tier and contain none of them";

    public static void Validate(string file, PlacedPath mount, IReadOnlyList<PlacedPath> tiers)
    {
        CheckLength(file, mount);
        foreach (PlacedPath tier in tiers)
        {
            CheckLength(file, tier);
            if (tier.Path.Contains(':', StringComparison.Ordinal))
            {
                throw ConfigError.At(file, tier.Line, tier.Name,
                    $"'{tier.Path}' contains ':', which SeaNet cannot pass to the shim (its tier list is ':'-separated); "
                    + $"rename the directory, or point {tier.Name} at a symlink without ':'");
            }
        }

        foreach (PlacedPath tier in tiers)
        {
            string? problem =
                mount.Path == tier.Path ? $"{mount.Name} = {mount.Path} is also {Describe(tier)}"
                : ConfigPath.IsSameOrInside(mount.Path, tier.Path) ? $"{mount.Name} = {mount.Path} is inside {Describe(tier)}"
                : ConfigPath.IsSameOrInside(tier.Path, mount.Path) ? $"{mount.Name} = {mount.Path} contains {Describe(tier)}"
                : null;
            if (problem is not null)
            {
                throw ConfigError.Sentence(file, mount.Line, mount.Name, $"{problem}: {Separate}");
            }
        }

        for (int a = 0; a < tiers.Count; a++)
        {
            for (int b = a + 1; b < tiers.Count; b++)
            {
                PlacedPath first = tiers[a];
                PlacedPath second = tiers[b];
                string? problem =
                    first.Path == second.Path ? $"{second.Name} = {second.Path} is the same directory as {Describe(first)}: each tier needs its own directory"
                    : ConfigPath.IsSameOrInside(second.Path, first.Path) ? $"{second.Name} = {second.Path} is inside {Describe(first)}: tiers must not contain one another"
                    : ConfigPath.IsSameOrInside(first.Path, second.Path) ? $"{second.Name} = {second.Path} contains {Describe(first)}: tiers must not contain one another"
                    : null;
                if (problem is not null)
                {
                    throw ConfigError.Sentence(file, second.Line, second.Name, problem);
                }
            }
        }
    }

    private static void CheckLength(string file, PlacedPath placed)
    {
        int bytes = Encoding.UTF8.GetByteCount(placed.Path);
        if (bytes > ConfigLimits.MaxPathBytes)
        {
            throw ConfigError.At(file, placed.Line, placed.Name,
                $"the path is {bytes} bytes long and SeaNet's limit is {ConfigLimits.MaxPathBytes} (use a shorter path or a symlink)");
        }
    }

    private static string Describe(PlacedPath placed) =>
        placed.Line > 0 ? $"{placed.Name} = {placed.Path} (line {placed.Line})" : $"{placed.Name} = {placed.Path}";
}
