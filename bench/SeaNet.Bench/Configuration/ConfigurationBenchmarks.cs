using System.Reflection;
using BenchmarkDotNet.Attributes;
using SeaNet.Core.Configuration;

namespace SeaNet.Bench.Configuration;

/// <summary>
/// Start-up cost of reading the configuration (<see cref="SeaConfigLoader.Parse"/>): paid once by
/// <c>sea_launch</c> and once by <c>seanetd</c> per run. Two inputs: a short file as Sea users write
/// it, and the repository's fully commented <c>sea.ini.example</c> (every key, ~100 lines).
/// The environment is passed explicitly so the numbers do not depend on the machine's.
/// </summary>
[MemoryDiagnoser]
public class ConfigurationBenchmarks
{
    private const string SourceName = "/home/jdoe/sea/sea.ini";

    /// <summary>Three levels, tmpfs capped, the keys a Sea user sets (Sea's own syntax: trailing " ;").</summary>
    private const string TypicalSeaIni = """
        # Sea configuration
        [Sea]
        mount_dir = /scratch/$USER/sea_mount ;
        n_levels = 3 ;
        cache_0 = /dev/shm/$USER/sea ;
        cache_1 = ${SLURM_TMPDIR}/sea ;
        cache_2 = /scratch/$USER/sea_persistent ;
        max_fs = 512M ;
        n_threads = 8 ;
        log_level = 2 ;
        log_file = ~/sea.log ;
        cache_0_capacity = 8G ;
        """;

    private readonly Dictionary<string, string?> environment = new(StringComparer.Ordinal)
    {
        ["USER"] = "jdoe",
        ["HOME"] = "/home/jdoe",
        ["SLURM_TMPDIR"] = "/localscratch/jdoe.4242.0",
    };

    private string example = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        using Stream stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("sea.ini.example")
            ?? throw new InvalidOperationException("sea.ini.example is not embedded");
        using var reader = new StreamReader(stream);
        example = reader.ReadToEnd();
    }

    [Benchmark(Baseline = true)]
    public SeaConfig ParseTypicalSeaIni() => SeaConfigLoader.Parse(TypicalSeaIni, SourceName, environment);

    [Benchmark]
    public SeaConfig ParseCommentedExample() => SeaConfigLoader.Parse(example, SourceName, environment);
}
