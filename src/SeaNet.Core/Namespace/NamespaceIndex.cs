using SeaNet.Core.Channel;

namespace SeaNet.Core.Namespace;

/// <summary>
/// The daemon's private truth about the namespace: virtual path → <see cref="FileRecord"/> for
/// every file it knows on a cache tier (and files written to the persistent tier through the
/// mount). Every change is written through to the shared <see cref="IndexTable"/> at once, so
/// shims see it without a round trip. Directories are not recorded: they exist on the tiers.
/// <para>
/// Several paths may share one 64-bit key (an FNV collision, astronomically rare): the entry
/// then describes whichever was written last, and is only tombstoned when the last of them goes.
/// That is safe because the shim verifies every index answer against the tier.
/// </para>
/// Threading: not thread-safe; owned by the daemon's main loop.
/// </summary>
public sealed partial class NamespaceIndex
{
    private readonly Dictionary<string, FileRecord> records = new(StringComparer.Ordinal);
    private readonly Dictionary<ulong, int> pathsPerKey = [];
    private readonly HashSet<string> unpublished = new(StringComparer.Ordinal);
    private readonly IndexTable? table;

    /// <param name="table">Where to publish; null keeps the index private (tests, tools).</param>
    public NamespaceIndex(IndexTable? table)
    {
        this.table = table;
    }

    public int Count => records.Count;

    /// <summary>Records the shared table had no room for (see <see cref="IndexTable.MaxLive"/>).</summary>
    public int UnpublishedCount => unpublished.Count;

    /// <summary>How many times the shared table was cleared and refilled.</summary>
    public int PublicationRebuilds { get; private set; }

    public IEnumerable<KeyValuePair<string, FileRecord>> Records => records;

    public bool TryGet(string path, out FileRecord record) => records.TryGetValue(path, out record);

    /// <summary>Adds or replaces the record and publishes it.</summary>
    public void Set(string path, FileRecord record)
    {
        ulong key = PathHash.Of(path);
        if (records.TryAdd(path, record))
        {
            pathsPerKey[key] = pathsPerKey.GetValueOrDefault(key) + 1;
        }
        else
        {
            records[path] = record;
        }

        Publish(path, key, record);
        RebuildPublicationIfNeeded();
    }

    /// <summary>Removes the record (tombstoning its shared entry).</summary>
    public bool Remove(string path, out FileRecord removed)
    {
        if (!records.Remove(path, out removed))
        {
            return false;
        }

        unpublished.Remove(path);
        ulong key = PathHash.Of(path);
        int left = pathsPerKey[key] - 1;
        if (left == 0)
        {
            pathsPerKey.Remove(key);
            table?.Remove(key);
        }
        else
        {
            pathsPerKey[key] = left;
            RepublishCollidingKey(key);
        }

        RebuildPublicationIfNeeded();
        return true;
    }

    /// <summary>Paths of every record strictly below directory <paramref name="dir"/> (a snapshot: safe to
    /// mutate the index while iterating it). O(records): directory renames are rare.</summary>
    public List<string> PathsBelow(string dir)
    {
        var below = new List<string>();
        foreach (string p in records.Keys)
        {
            if (VirtualPath.IsBelow(p, dir))
            {
                below.Add(p);
            }
        }

        return below;
    }

    private void Publish(string path, ulong key, FileRecord r)
    {
        if (table is null)
        {
            return;
        }

        if (table.TryPut(key, r.Tier, r.Size, r.State))
        {
            unpublished.Remove(path);
        }
        else
        {
            unpublished.Add(path);
        }
    }

    private void RepublishCollidingKey(ulong key)
    {
        foreach ((string p, FileRecord r) in records)
        {
            if (PathHash.Of(p) == key)
            {
                Publish(p, key, r);
                return;
            }
        }
    }

    private void RebuildPublicationIfNeeded()
    {
        if (table is not null && table.NeedsRebuild)
        {
            RepublishAll();
        }
    }

    /// <summary>Clears the shared table and publishes every record again (up to its live limit).</summary>
    public void RepublishAll()
    {
        if (table is null)
        {
            return;
        }

        PublicationRebuilds++;
        table.Clear();
        unpublished.Clear();
        foreach ((string p, FileRecord r) in records)
        {
            Publish(p, PathHash.Of(p), r);
        }
    }
}
