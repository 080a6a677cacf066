using System.IO.Enumeration;
using SeaNet.Core.Channel;

namespace SeaNet.Core.Namespace;

public sealed partial class NamespaceIndex
{
    /// <summary>
    /// Start-up: the tiers are the truth, so the index is rebuilt by walking every cache tier
    /// directory in order and recording each regular file and symlink (state DIRTY; a symlink
    /// counts 0 bytes). When a path exists on several tiers, the first tier wins: that is the
    /// copy the shim shows. Symlinked directories are not followed. Unreadable directories are
    /// skipped.
    /// <para>
    /// The persistent tier is deliberately not walked: it is the shared file system (Lustre,
    /// GPFS), possibly millions of files, and walking it at every start would hammer its
    /// metadata servers. Its files are found by the shim probing it; files written to it through
    /// the mount are recorded as they are notified.
    /// </para>
    /// Existing records are kept (a path already recorded is not overwritten).
    /// </summary>
    /// <param name="mount">The virtual mount directory (absolute, no trailing slash).</param>
    /// <param name="cacheTierRoots">Cache tier roots in order; index i is tier i.</param>
    /// <returns>How many files were recorded.</returns>
    /// <summary>
    /// After notifications were lost (a full ring): make the records of the cache tiers match
    /// what the tiers hold again. Walks them like <see cref="RebuildFromTiers"/>; a record whose
    /// file is gone from every cache tier is dropped, one whose tier or size changed is updated.
    /// Records on the persistent tier (index <paramref name="cacheTierRoots"/>.Count) are kept:
    /// that tier is not walked.
    /// </summary>
    /// <returns>Records added, updated and dropped.</returns>
    public (int Added, int Updated, int Dropped) ResyncWithTiers(string mount, IReadOnlyList<string> cacheTierRoots)
    {
        int added = 0, updated = 0, dropped = 0;
        string prefix = mount == "/" ? "/" : mount + "/";
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int tier = 0; tier < cacheTierRoots.Count; tier++)
        {
            if (!Directory.Exists(cacheTierRoots[tier]))
            {
                continue;
            }

            foreach ((string relative, long size) in WalkFiles(cacheTierRoots[tier]))
            {
                string vpath = prefix + relative;
                if (!seen.Add(vpath))
                {
                    continue; // an upper tier's copy is the one the shim shows
                }

                if (!records.TryGetValue(vpath, out FileRecord r))
                {
                    Set(vpath, new FileRecord(tier, size, IndexState.Dirty));
                    added++;
                }
                else if (r.Tier != tier || r.Size != size)
                {
                    Set(vpath, r with { Tier = tier, Size = size });
                    updated++;
                }
            }
        }

        foreach (string gone in records.Where(kv => kv.Value.Tier < cacheTierRoots.Count && !seen.Contains(kv.Key)).Select(kv => kv.Key).ToList())
        {
            Remove(gone, out _);
            dropped++;
        }

        return (added, updated, dropped);
    }

    public int RebuildFromTiers(string mount, IReadOnlyList<string> cacheTierRoots)
    {
        int added = 0;
        string prefix = mount == "/" ? "/" : mount + "/";
        for (int tier = 0; tier < cacheTierRoots.Count; tier++)
        {
            string root = cacheTierRoots[tier];
            if (!Directory.Exists(root))
            {
                continue;
            }

            foreach ((string relative, long size) in WalkFiles(root))
            {
                string vpath = prefix + relative;
                if (!records.ContainsKey(vpath))
                {
                    Set(vpath, new FileRecord(tier, size, IndexState.Dirty));
                    added++;
                }
            }
        }

        return added;
    }

    /// <summary>SeaNet's own files on a tier (flush journal, temporaries, eviction tombs) are not the application's.</summary>
    public static bool IsHidden(ReadOnlySpan<char> name) => name.StartsWith(ShmLayout.HiddenPrefix, StringComparison.Ordinal);

    private static FileSystemEnumerable<(string Relative, long Size)> WalkFiles(string root)
    {
        int cut = root.EndsWith('/') ? root.Length : root.Length + 1;
        var options = new EnumerationOptions
        {
            RecurseSubdirectories = true,
            IgnoreInaccessible = true,
            AttributesToSkip = 0,
            ReturnSpecialDirectories = false,
        };
        return new FileSystemEnumerable<(string, long)>(
            root,
            (ref FileSystemEntry e) =>
            {
                bool link = (e.Attributes & FileAttributes.ReparsePoint) != 0;
                return (e.ToFullPath()[cut..], link ? 0 : e.Length);
            },
            options)
        {
            ShouldIncludePredicate = (ref FileSystemEntry e) =>
                (!e.IsDirectory || (e.Attributes & FileAttributes.ReparsePoint) != 0) && !IsHidden(e.FileName),
            ShouldRecursePredicate = (ref FileSystemEntry e) => (e.Attributes & FileAttributes.ReparsePoint) == 0 && !IsHidden(e.FileName),
        };
    }
}
