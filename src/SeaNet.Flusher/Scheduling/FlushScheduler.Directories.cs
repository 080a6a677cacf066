using SeaNet.Core.Channel;
using SeaNet.Core.Policy;
using SeaNet.Flusher.Copy;

namespace SeaNet.Flusher.Scheduling;

/// <summary>Directories at the drain. Files carry their parent directories to the persistent tier,
/// but a directory with no file below it (git's <c>.git/refs/tags</c>, an output folder left empty)
/// would never get there: the drain creates each such directory the flush list names, with its
/// permission bits, so the persistent tree has the shape the application made.</summary>
public sealed partial class FlushScheduler
{
    private readonly FileCopier directoryMaker = new();

    /// <summary>Walks the cache tiers (not following symlinks, skipping SeaNet's hidden names) and
    /// creates on the persistent tier every directory the flush list names that is missing there.</summary>
    /// <returns>How many directories were created.</returns>
    private int PersistDirectories()
    {
        string persistentRoot = config.Tiers[persistent].Path;
        var options = new EnumerationOptions
        {
            RecurseSubdirectories = true,
            IgnoreInaccessible = true,
            AttributesToSkip = FileAttributes.ReparsePoint, // hidden (dot) names are kept: .git is one
            ReturnSpecialDirectories = false,
        };
        int created = 0;
        for (int t = 0; t < persistent; t++)
        {
            string root = config.Tiers[t].Path;
            IEnumerable<string> dirs;
            try
            {
                dirs = Directory.EnumerateDirectories(root, "*", options);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            foreach (string dir in dirs)
            {
                string rel = Path.GetRelativePath(root, dir);
                if (rel.Split('/').Any(c => c.StartsWith(ShmLayout.HiddenPrefix, StringComparison.Ordinal)))
                {
                    continue;
                }

                FileFate fate = policy.FateOf(rel);
                if (fate is not (FileFate.Flush or FileFate.Move) || Directory.Exists(Path.Join(persistentRoot, rel)))
                {
                    continue;
                }

                if (directoryMaker.EnsureDirectory(root, persistentRoot, rel) is { } failure)
                {
                    log.Warn($"drain: could not create the directory {rel} on the persistent tier: {failure}");
                }
                else
                {
                    created++;
                }
            }
        }

        return created;
    }
}
