using System.Text;
using BenchmarkDotNet.Attributes;
using SeaNet.Bench.Support;
using SeaNet.Core.Namespace;

namespace SeaNet.Bench.Namespace;

/// <summary>
/// Per-path primitives on a typical 60-byte path: the index key (<see cref="PathHash"/>, computed
/// by the daemon from a .NET string, by the shim from bytes) and the validation + decoding every
/// ring message's path goes through (<see cref="VirtualPath"/>).
/// </summary>
[MemoryDiagnoser]
public class PathBenchmarks
{
    private static readonly byte[] Mount = Encoding.UTF8.GetBytes(BenchPaths.Mount);
    private static readonly byte[] Utf8 = Encoding.UTF8.GetBytes(BenchPaths.Typical60);

    [GlobalSetup]
    public void Setup()
    {
        if (Utf8.Length != 60)
        {
            throw new InvalidOperationException($"the typical path has {Utf8.Length} bytes, not 60");
        }
    }

    /// <summary>What the daemon does (NamespaceIndex.Set/Remove): UTF-8 encode into a stack buffer, then FNV-1a.</summary>
    [Benchmark(Baseline = true)]
    public ulong PathHashOfString() => PathHash.Of(BenchPaths.Typical60);

    /// <summary>What the shim does: FNV-1a over the bytes.</summary>
    [Benchmark]
    public ulong PathHashOfUtf8() => PathHash.Of(Utf8);

    /// <summary>The structural checks of a ring path (under the mount, normalised).</summary>
    [Benchmark]
    public PathRejection CheckPath() => VirtualPath.Check(Utf8, Mount);

    /// <summary>The checks + UTF-8 validation + decoding to a string: NotificationRing's per-message allocation.</summary>
    [Benchmark]
    public string DecodePath()
    {
        VirtualPath.TryDecode(Utf8, Mount, out string decoded);
        return decoded;
    }
}
