using System.Text;
using SeaNet.Core.Configuration;

namespace SeaNet.Core.Channel;

/// <summary>One row of the tier table as the daemon publishes it.</summary>
public sealed record RegionTier(string Root, bool IsPersistent);

/// <summary>What the daemon writes into a fresh header: the mount, the tiers in order (persistent
/// last), max_fs and the number of index slots.</summary>
public sealed record RegionSpec(string Mount, IReadOnlyList<RegionTier> Tiers, long MaxFs, uint IndexSlots)
{
    public static RegionSpec FromConfig(SeaConfig config) =>
        new(config.MountDir,
            config.Tiers.Select(t => new RegionTier(t.Path, t.IsPersistent)).ToArray(),
            config.MaxFileSize,
            (uint)config.IndexSlots);

    /// <summary>Checks what the header can hold. Returns null when valid, else the reason.</summary>
    public string? Validate()
    {
        if (Tiers.Count < 1 || Tiers.Count > ShmLayout.MaxTiers)
        {
            return $"{Tiers.Count} tiers: the shared header holds 1 to {ShmLayout.MaxTiers} (cache tiers + persistent)";
        }

        if (!Tiers[^1].IsPersistent || Tiers.Take(Tiers.Count - 1).Any(t => t.IsPersistent))
        {
            return "the persistent tier must be the last one, and only the last one";
        }

        foreach (string p in Tiers.Select(t => t.Root).Append(Mount))
        {
            if (!p.StartsWith('/') || (p.Length > 1 && p.EndsWith('/')))
            {
                return $"'{p}' is not an absolute path without a trailing slash";
            }

            if (Encoding.UTF8.GetByteCount(p) >= ShmLayout.RootMax)
            {
                return $"'{p}' is longer than {ShmLayout.RootMax - 1} bytes, the limit of the shared header";
            }
        }

        if (IndexSlots < ShmLayout.IndexSlotsMin || IndexSlots > (1u << 28) || (IndexSlots & (IndexSlots - 1)) != 0)
        {
            return $"index_slots {IndexSlots} must be a power of two between 64 and 2^28";
        }

        return MaxFs < 0 ? "max_fs must not be negative" : null;
    }
}
