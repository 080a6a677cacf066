using SeaNet.Preload.Cli;
using SeaNet.Tests.Configuration;
using Xunit;

namespace SeaNet.Tests.Policy;

/// <summary>Tests that redirect the process's Console run one at a time.</summary>
[CollectionDefinition("Console", DisableParallelization = true)]
public sealed class ConsoleCollection;

/// <summary><c>sea check</c>: validates the configuration as sea_launch reads it and, with --tree,
/// matches the patterns against real paths.</summary>
[Collection("Console")]
public sealed class SeaCheckTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public SeaCheckTests()
    {
        Directory.CreateDirectory(_dir.Combine("persistent"));
        File.WriteAllText(Ini, $"""
            [Sea]
            mount_dir = {_dir.Combine("mount")}
            n_levels = 2
            cache_0 = {_dir.Combine("cache")}
            cache_1 = {_dir.Combine("persistent")}
            flush = .*\.txt
            flush_bandwidth = 200M
            """);
    }

    private string Ini => _dir.Combine("sea.ini");

    private string FlushList => _dir.Combine(".sea_flushlist");

    public void Dispose() => _dir.Dispose();

    private static (int Status, string Out, string Err) Check(params string[] args) => ConsoleCapture.Run(CheckCommand.Run, args);

    private string MakeTree(params string[] files)
    {
        string tree = _dir.Combine("tree");
        foreach (string f in files)
        {
            string path = Path.Combine(tree, f);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, "x");
        }

        Directory.CreateDirectory(tree);
        return tree;
    }

    [Fact]
    public void A_valid_configuration_is_summarised_with_its_lists_and_where_each_came_from()
    {
        File.WriteAllText(FlushList, "# outputs\n.*\\.nii\\.gz\n");

        (int status, string stdout, string stderr) = Check("-c", Ini);

        Assert.Equal(0, status);
        Assert.Equal(string.Empty, stderr);
        Assert.Contains($"sea check: {Ini}: configuration is valid", stdout, StringComparison.Ordinal);
        Assert.Contains($"  flush list          2 patterns: {FlushList} (1), {Ini} (1)\n", stdout, StringComparison.Ordinal);
        Assert.Contains("  evict list          empty\n", stdout, StringComparison.Ordinal);
        Assert.Contains("  flush_bandwidth     200 MiB/s\n", stdout, StringComparison.Ordinal);
        Assert.Contains($"  cache_1             {_dir.Combine("persistent")} (persistent)\n", stdout, StringComparison.Ordinal);
        Assert.Contains("run sea check --tree DIR", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void The_tree_check_lists_the_outermost_pack_roots_with_their_files()
    {
        File.AppendAllText(Ini, "\npack = .*\\.zarr\npack_max_member = 1\n");
        string tree = MakeTree("sub-01/micr/brain.zarr/.zgroup", "sub-01/micr/brain.zarr/0/0.0", "sub-01/micr/brain.zarr/inner.zarr/x", "notes.txt");
        File.WriteAllText(Path.Combine(tree, "sub-01/micr/brain.zarr/0/big"), "xy"); // 2 bytes: over pack_max_member = 1

        (int status, string stdout, _) = Check("-c", Ini, "--tree", tree);

        Assert.Equal(0, status);
        Assert.Contains("         1  pack roots: their files belong in one archive each (packed offline by sea pack; not yet while flushing)"
            + "  e.g. sub-01/micr/brain.zarr (4 files, 1 over pack_max_member)\n", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pack_root_inside_another_is_not_counted_even_when_a_sibling_sorts_between_them()
    {
        File.AppendAllText(Ini, "\npack = a|a-b|a/x\n");
        string tree = MakeTree("a/x/f", "a-b/f");

        (_, string stdout, _) = Check("-c", Ini, "--tree", tree);

        Assert.Contains("         2  pack roots", stdout, StringComparison.Ordinal);
        Assert.Contains("e.g. a (1 files, 0 over pack_max_member), a-b (1 files, 0 over pack_max_member)\n", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pack_pattern_naming_no_directory_is_reported_and_exit_1()
    {
        File.AppendAllText(Ini, "\npack = brain\\.zarr\n");
        string tree = MakeTree("sub-01/brain.zarr/.zgroup", "notes.txt");

        (int status, string stdout, _) = Check("-c", Ini, "--tree", tree);

        Assert.Equal(1, status);
        Assert.Contains($"{Ini}:8: pack pattern 'brain\\.zarr' matches no directory under {tree}", stdout, StringComparison.Ordinal);
        Assert.Contains("         0  pack roots", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void An_invalid_pattern_is_an_error_naming_the_list_file_and_line()
    {
        File.WriteAllText(FlushList, ".*\\.nii\n*.txt\n");

        (int status, string stdout, string stderr) = Check("-c", Ini);

        Assert.Equal(2, status);
        Assert.Equal(string.Empty, stdout);
        Assert.StartsWith($"sea check: {FlushList}:2: pattern '*.txt': '*' at offset 0 has nothing to repeat", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pattern_matching_nothing_under_the_tree_is_reported_with_a_hint_and_exit_1()
    {
        File.WriteAllText(FlushList, ".*\\.nii\\.gz\nrun/a\\.o\n");
        File.WriteAllText(_dir.Combine(".sea_evictlist"), ".*\\.o\n");
        string tree = MakeTree("sub-01/anat/out.nii.gz", "sub-01/run/a.o", "notes.txt", "keep.json");

        (int status, string stdout, _) = Check("-c", Ini, "--tree", tree);

        Assert.Equal(1, status);
        Assert.Contains(
            $"{FlushList}:2: pattern 'run/a\\.o' matches nothing under {tree} (it matches part of 'sub-01/run/a.o', "
            + "but a pattern must match the whole path relative to the mount; e.g. .*run/a\\.o to allow anything before it, or run/a\\.o.* anything after)",
            stdout,
            StringComparison.Ordinal);
        Assert.DoesNotContain("pattern '.*\\.nii\\.gz' matches nothing", stdout, StringComparison.Ordinal);
        Assert.Contains($"sea check: 4 files under {tree}:", stdout, StringComparison.Ordinal);
        Assert.Contains("         2  flush: copied to the persistent tier, cached copy kept", stdout, StringComparison.Ordinal);
        Assert.Contains("         1  evict: removed from cache, never persisted  e.g. sub-01/run/a.o", stdout, StringComparison.Ordinal);
        Assert.Contains("         1  keep: in neither list, not persisted (reported at drain)  e.g. keep.json", stdout, StringComparison.Ordinal);
        Assert.Contains("         0  move:", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void When_every_pattern_matches_something_the_check_passes_and_counts_moves()
    {
        File.WriteAllText(FlushList, "out/.*\n");
        File.WriteAllText(_dir.Combine(".sea_evictlist"), "out/.*\\.o\n");
        string tree = MakeTree("out/a.o", "out/b.txt");

        (int status, string stdout, _) = Check("-c", Ini, "--tree", tree);

        Assert.Equal(0, status);
        Assert.Contains("         1  move: copied to the persistent tier, then dropped from cache (flush and evict lists)  e.g. out/a.o", stdout, StringComparison.Ordinal);
        Assert.Contains("         1  flush: copied to the persistent tier, cached copy kept  e.g. out/b.txt", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("matches nothing", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_flush_list_is_a_warning()
    {
        File.WriteAllText(Ini, File.ReadAllText(Ini).Replace("flush = .*\\.txt", string.Empty, StringComparison.Ordinal));

        (int status, string stdout, _) = Check("-c", Ini);

        Assert.Equal(0, status);
        Assert.Contains($"sea check: warning: the flush list is empty: files written under the mount stay in cache", stdout, StringComparison.Ordinal);
        Assert.Contains($"(add patterns to {FlushList}, e.g. .* for everything, or flush = .* in sea.ini)", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void The_embedded_default_is_checked_from_the_launcher_options()
    {
        (int status, string stdout, _) = Check(
            "--mount", _dir.Combine("m"), "--persistent", _dir.Combine("persistent"), "--cache-dir", _dir.Combine("c"));

        Assert.Equal(0, status);
        Assert.Contains("sea check: <embedded default>: configuration is valid", stdout, StringComparison.Ordinal);
        Assert.Contains("  flush list          1 pattern: <embedded default> (1)\n", stdout, StringComparison.Ordinal);
        Assert.Contains("  drop_clean_at_exit  yes\n", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Sea_ini_errors_are_reported_with_file_and_line_and_exit_2()
    {
        File.AppendAllText(Ini, "\nflush_workers = 0\n");

        (int status, _, string stderr) = Check("-c", Ini);

        Assert.Equal(2, status);
        Assert.Equal($"sea check: {Ini}:8: key 'flush_workers': 0 is out of range (use 1 to 64)\n", stderr);
    }

    [Theory]
    [InlineData("--tree")]
    [InlineData("--bogus")]
    public void Bad_arguments_exit_2_with_the_usage(string argument)
    {
        (int status, _, string stderr) = Check("-c", Ini, argument);

        Assert.Equal(2, status);
        Assert.Contains("usage: sea check", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tree_that_does_not_exist_exits_2()
    {
        (int status, _, string stderr) = Check("-c", Ini, "--tree", _dir.Combine("nope"));

        Assert.Equal(2, status);
        Assert.Contains("no such directory", stderr, StringComparison.Ordinal);
    }
}
