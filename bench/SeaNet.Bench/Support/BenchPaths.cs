using System.Text;

namespace SeaNet.Bench.Support;

/// <summary>
/// Virtual paths shaped like a neuroimaging pipeline's output (BIDS: subject directories, a few
/// modality folders, long file names), 63 to 77 bytes (70.5 on average), so hashing, dictionary
/// lookups and prefix checks see realistic lengths and shared prefixes.
/// </summary>
public static class BenchPaths
{
    public const string Mount = "/scratch/jdoe/sea_mount";

    /// <summary>Exactly 60 bytes: the "typical path" of the hashing benchmarks.</summary>
    public const string Typical60 = "/scratch/jdoe/sea_mount/sub-00042/func/sub-00042_bold.nii.gz";

    private static readonly string[] Kinds =
    [
        "anat/{0}_T1w.nii.gz",
        "func/{0}_task-rest_bold.nii.gz",
        "func/{0}_task-rest_events.tsv",
        "dwi/{0}_dwi.bvec",
    ];

    /// <summary>The <paramref name="i"/>-th file of the data set (distinct for distinct i).</summary>
    public static string File(int i)
    {
        string subject = $"sub-{i / 256:D5}";
        string name = $"{subject}_run-{i % 256 / 4:D2}";
        return $"{Mount}/{subject}/{string.Format(null, Kinds[i % 4], name)}";
    }

    /// <summary>UTF-8 of each path followed by its NUL, as the shim puts it in a ring slot.</summary>
    public static byte[] WithNul(string path) => Encoding.UTF8.GetBytes(path + "\0");

    /// <summary><paramref name="count"/> distinct indexes in [0, <paramref name="range"/>), in a fixed random order.</summary>
    public static int[] Shuffled(int count, int range, int seed = 42)
    {
        int[] all = Enumerable.Range(0, range).ToArray();
        new Random(seed).Shuffle(all);
        return all[..count];
    }
}
