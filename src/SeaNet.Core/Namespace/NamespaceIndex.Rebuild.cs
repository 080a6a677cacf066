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
                    Set(vpath, new FileRecord(tier, size, IndexState.Dirty, 0));
                    added++;
                }
            }
        }

        return added;
    }

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
            ShouldIncludePredicate = (ref FileSystemEntry e) => !e.IsDirectory || (e.Attributes & FileAttributes.ReparsePoint) != 0,
            ShouldRecursePredicate = (ref FileSystemEntry e) => (e.Attributes & FileAttributes.ReparsePoint) == 0,
        };
    }
}
