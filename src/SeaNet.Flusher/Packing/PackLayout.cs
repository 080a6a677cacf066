using System.Text;
using System.Text.Json;

namespace SeaNet.Flusher.Packing;

/// <summary>Which Zarr a pack root holds, read from its root metadata.</summary>
public enum ZarrKind
{
    /// <summary>No root Zarr metadata: any small files (BIDS sidecars and the like).</summary>
    None,

    /// <summary>Zarr v2: root <c>.zgroup</c> or <c>.zarray</c> (NGFF ≤ 0.4).</summary>
    V2,

    /// <summary>Zarr v3: root <c>zarr.json</c> (NGFF ≥ 0.5).</summary>
    V3,
}

/// <summary>What a pack root is: its Zarr version and, for OME-Zarr, the OME-NGFF version.</summary>
public sealed record PackRootKind(ZarrKind Zarr, string? OmeVersion)
{
    /// <summary><c>.ozx</c> for an OME-Zarr v3 hierarchy (OME-NGFF RFC-9 names zipped OME-Zarr so);
    /// <c>.zip</c> otherwise: RFC-9 covers NGFF 0.5 and later only, and zarr-python 2 picks its
    /// ZipStore by the <c>.zip</c> suffix.</summary>
    public string Extension => Zarr == ZarrKind.V3 && OmeVersion is not null ? ".ozx" : ".zip";
}

/// <summary>
/// The layout of a SeaNet archive (docs/packing.md): the hierarchy root is the archive root; Zarr
/// metadata members come first, the root's first (v3 <c>zarr.json</c>; v2 <c>.zgroup</c> or
/// <c>.zarray</c>, then <c>.zattrs</c>, then <c>.zmetadata</c>), the others breadth-first (by depth,
/// then by directory, ordinal component by component); then every other file by name, ordinal; last, SeaNet's manifest. This
/// satisfies RFC-9's "all zarr.json records precede all other records ... root-level first ...
/// breadth-first" for the central directory and, since members are written in the same order, the
/// older draft's "at the beginning of the file" too. The archive comment carries the OME JSON RFC-9
/// asks for.
/// </summary>
public static class PackLayout
{
    /// <summary>The member holding SeaNet's manifest (modes and nanosecond mtimes of every file and
    /// directory, see <see cref="PackManifest"/>). Its name has the prefix the shim never lists.</summary>
    public const string ManifestName = ".seanet~manifest";

    /// <summary>Rank of a Zarr metadata file name within its directory, or -1 for any other name.</summary>
    public static int MetadataRank(string leaf) => leaf switch
    {
        "zarr.json" => 0,
        ".zgroup" => 1,
        ".zarray" => 2,
        ".zattrs" => 3,
        ".zmetadata" => 4,
        _ => -1,
    };

    /// <summary>Is <paramref name="leaf"/> a metadata file of a hierarchy of this kind? v3 has only
    /// <c>zarr.json</c> (so RFC-9's <c>jsonFirst</c> holds even if stray v2 names are about), v2 the
    /// dot files, and a root of no Zarr none.</summary>
    public static bool IsMetadata(ZarrKind kind, string leaf) => kind switch
    {
        ZarrKind.V3 => MetadataRank(leaf) == 0,
        ZarrKind.V2 => MetadataRank(leaf) > 0,
        _ => false,
    };

    /// <summary>The archive order of relative '/'-separated file names.</summary>
    public static List<string> Order(IEnumerable<string> names, ZarrKind kind)
    {
        var metadata = new List<(int Depth, string Dir, int Rank, string Name)>();
        var rest = new List<string>();
        foreach (string name in names)
        {
            int slash = name.LastIndexOf('/');
            string leaf = slash < 0 ? name : name[(slash + 1)..];
            int rank = MetadataRank(leaf);
            if (!IsMetadata(kind, leaf))
            {
                rest.Add(name);
                continue;
            }

            int depth = 0;
            foreach (char c in name)
            {
                depth += c == '/' ? 1 : 0;
            }

            metadata.Add((depth, slash < 0 ? string.Empty : name[..slash], rank, name));
        }

        metadata.Sort((a, b) =>
        {
            int c = a.Depth.CompareTo(b.Depth);
            c = c != 0 ? c : ComparePaths(a.Dir, b.Dir);
            return c != 0 ? c : a.Rank.CompareTo(b.Rank);
        });
        rest.Sort(StringComparer.Ordinal);
        var order = new List<string>(metadata.Count + rest.Count);
        order.AddRange(metadata.Select(m => m.Name));
        order.AddRange(rest);
        return order;
    }

    /// <summary>Ordinal, component by component ("a/x" before "a-b/y", as a walk that visits "a"
    /// before "a-b" meets them): '/' compares below every other character.</summary>
    private static int ComparePaths(string a, string b) =>
        string.CompareOrdinal(a.Replace('/', '\0'), b.Replace('/', '\0'));

    /// <summary>Reads the root metadata of <paramref name="root"/>. Metadata that is not valid JSON
    /// is a <see cref="InvalidDataException"/> naming the file: a hierarchy whose root cannot be read
    /// is no Zarr to pack as one.</summary>
    public static PackRootKind Detect(string root)
    {
        string v3 = Path.Join(root, "zarr.json");
        if (File.Exists(v3))
        {
            using JsonDocument doc = Parse(v3);
            string? ome = doc.RootElement.ValueKind == JsonValueKind.Object
                && doc.RootElement.TryGetProperty("attributes", out JsonElement attrs)
                && attrs.ValueKind == JsonValueKind.Object
                && attrs.TryGetProperty("ome", out JsonElement o) && o.ValueKind == JsonValueKind.Object
                && o.TryGetProperty("version", out JsonElement v) && v.ValueKind == JsonValueKind.String
                ? v.GetString()
                : null;
            return new PackRootKind(ZarrKind.V3, ome);
        }

        if (!File.Exists(Path.Join(root, ".zgroup")) && !File.Exists(Path.Join(root, ".zarray")))
        {
            return new PackRootKind(ZarrKind.None, null);
        }

        string attrsPath = Path.Join(root, ".zattrs");
        string? version = null;
        if (File.Exists(attrsPath))
        {
            using JsonDocument doc = Parse(attrsPath);
            // NGFF 0.4 keeps its version in each multiscales entry
            if (doc.RootElement.ValueKind == JsonValueKind.Object
                && doc.RootElement.TryGetProperty("multiscales", out JsonElement ms)
                && ms.ValueKind == JsonValueKind.Array && ms.GetArrayLength() > 0
                && ms[0].ValueKind == JsonValueKind.Object
                && ms[0].TryGetProperty("version", out JsonElement v) && v.ValueKind == JsonValueKind.String)
            {
                version = v.GetString();
            }
        }

        return new PackRootKind(ZarrKind.V2, version);
    }

    /// <summary>The archive comment: RFC-9's <c>{"ome":{"version":…,"zipFile":{"centralDirectory":
    /// {"jsonFirst":true}}}}</c> for OME-Zarr v3; for an NGFF 0.4 (Zarr v2) hierarchy the same
    /// <c>ome.version</c> without <c>zipFile</c> (RFC-9 does not cover 0.4; the flag speaks of
    /// zarr.json records only); and a <c>seanet</c> key of SeaNet's own (RFC-9 allows other
    /// top-level keys): the format and the archive's generation.</summary>
    public static string Comment(PackRootKind kind, long generation)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms))
        {
            w.WriteStartObject();
            if (kind.OmeVersion is not null)
            {
                w.WriteStartObject("ome");
                w.WriteString("version", kind.OmeVersion);
                if (kind.Zarr == ZarrKind.V3)
                {
                    w.WriteStartObject("zipFile");
                    w.WriteStartObject("centralDirectory");
                    w.WriteBoolean("jsonFirst", true);
                    w.WriteEndObject();
                    w.WriteEndObject();
                }

                w.WriteEndObject();
            }

            w.WriteStartObject("seanet");
            w.WriteNumber("format", 1);
            w.WriteNumber("generation", generation);
            w.WriteEndObject();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(ms.ToArray());
    }

    private static JsonDocument Parse(string path)
    {
        try
        {
            return JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not valid JSON ({e.Message})", e);
        }
    }
}
