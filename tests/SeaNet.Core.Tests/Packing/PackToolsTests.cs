using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SeaNet.Flusher.Packing;
using SeaNet.Preload.Cli;
using Xunit;

namespace SeaNet.Tests.Packing;

/// <summary>The packer's offline tools (issue #5, docs/packing.md): the archive layout, the
/// manifest, <c>DirectoryPacker</c> (plan, pack, remove the originals), <c>ArchiveUnpacker</c>, and
/// <c>sea pack</c> / <c>sea unpack</c> run in-process. Real trees on the real file system; modes,
/// nanosecond mtimes and the trees themselves are read back with find(1), independently of SeaNet.</summary>
[Collection("Console")]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class PackToolsTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("seanet-pack-").FullName;

    public void Dispose() => Directory.Delete(dir, true);

    // ---- PackLayout.Order ----

    [Fact]
    public void V2_order_puts_root_zgroup_then_zattrs_first_then_deeper_metadata_breadth_first_then_the_rest_ordinal()
    {
        string[] names =
        [
            "é", "zarr.json", "a/b/0.0", "a/b/.zarray", "b/.zattrs", "b/.zarray", "B/.zgroup", "a/.zattrs",
            "a/.zgroup", ".zgroupx", "Z", "0/0", ".zmetadata", ".zattrs", ".zgroup", "c/d/e/.zattrs", "z/.zmetadata",
        ];

        Assert.Equal(
            [
                ".zgroup", ".zattrs", ".zmetadata",
                "B/.zgroup", "a/.zgroup", "a/.zattrs", "b/.zarray", "b/.zattrs", "z/.zmetadata",
                "a/b/.zarray",
                "c/d/e/.zattrs",
                ".zgroupx", "0/0", "Z", "a/b/0.0", "zarr.json", "é",
            ],
            PackLayout.Order(names, ZarrKind.V2));
    }

    [Fact]
    public void Breadth_first_order_compares_directories_component_by_component()
    {
        // '-' sorts before '/', so comparing whole paths would put a-b's child before a's
        Assert.Equal(
            ["a/zarr.json", "a-b/zarr.json", "a/x/zarr.json", "a-b/y/zarr.json"],
            PackLayout.Order(["a-b/y/zarr.json", "a/x/zarr.json", "a-b/zarr.json", "a/zarr.json"], ZarrKind.V3));
    }

    [Fact]
    public void V3_order_has_only_zarr_json_as_metadata_root_first_then_breadth_first_and_a_stray_zattrs_goes_with_the_rest()
    {
        string[] names =
        [
            "0/c/0/0", "0/a/zarr.json", ".zattrs", "B/zarr.json", "1/zarr.json", "zarr.jsonx", "0/.zarray",
            "0/zarr.json", "zarr.json", "1/c/0",
        ];

        Assert.Equal(
            [
                "zarr.json", "0/zarr.json", "1/zarr.json", "B/zarr.json", "0/a/zarr.json",
                ".zattrs", "0/.zarray", "0/c/0/0", "1/c/0", "zarr.jsonx",
            ],
            PackLayout.Order(names, ZarrKind.V3));
    }

    [Fact]
    public void Without_zarr_metadata_the_order_is_ordinal_for_every_name()
    {
        string[] names = ["zarr.json", "b.txt", ".zgroup", "a/zarr.json", "B.txt", ".zattrs", "é.json", "a/.zarray"];

        Assert.Equal(
            [".zattrs", ".zgroup", "B.txt", "a/.zarray", "a/zarr.json", "b.txt", "zarr.json", "é.json"],
            PackLayout.Order(names, ZarrKind.None));
    }

    // ---- PackLayout.Detect ----

    [Fact]
    public void Detect_tells_ome_zarr_v3_plain_v3_ngff_04_v2_and_no_zarr_apart()
    {
        string ome = Sub("ome");
        File.WriteAllText(Path.Join(ome, "zarr.json"), """{"zarr_format":3,"node_type":"group","attributes":{"ome":{"version":"0.5","multiscales":[]}}}""");
        PackRootKind k = PackLayout.Detect(ome);
        Assert.Equal(new PackRootKind(ZarrKind.V3, "0.5"), k);
        Assert.Equal(".ozx", k.Extension);

        string v3 = Sub("v3");
        File.WriteAllText(Path.Join(v3, "zarr.json"), """{"zarr_format":3,"node_type":"group","attributes":{"note":"no ome"}}""");
        k = PackLayout.Detect(v3);
        Assert.Equal(new PackRootKind(ZarrKind.V3, null), k);
        Assert.Equal(".zip", k.Extension);

        string v2 = Sub("v2");
        File.WriteAllText(Path.Join(v2, ".zgroup"), """{"zarr_format":2}""");
        File.WriteAllText(Path.Join(v2, ".zattrs"), """{"multiscales":[{"version":"0.4","datasets":[{"path":"0"}]}]}""");
        k = PackLayout.Detect(v2);
        Assert.Equal(new PackRootKind(ZarrKind.V2, "0.4"), k);
        Assert.Equal(".zip", k.Extension);

        string none = Sub("none");
        File.WriteAllText(Path.Join(none, "sub-01_T1w.json"), "{}");
        k = PackLayout.Detect(none);
        Assert.Equal(new PackRootKind(ZarrKind.None, null), k);
        Assert.Equal(".zip", k.Extension);
    }

    [Fact]
    public void Detect_of_root_metadata_that_is_not_json_is_invalid_data_naming_the_file()
    {
        string v3 = Sub("v3");
        File.WriteAllText(Path.Join(v3, "zarr.json"), """{"zarr_format":3,""");
        var e = Assert.Throws<InvalidDataException>(() => PackLayout.Detect(v3));
        Assert.Contains(Path.Join(v3, "zarr.json"), e.Message, StringComparison.Ordinal);

        string v2 = Sub("v2");
        File.WriteAllText(Path.Join(v2, ".zgroup"), """{"zarr_format":2}""");
        File.WriteAllText(Path.Join(v2, ".zattrs"), "not json at all");
        e = Assert.Throws<InvalidDataException>(() => PackLayout.Detect(v2));
        Assert.Contains(Path.Join(v2, ".zattrs"), e.Message, StringComparison.Ordinal);
    }

    // ---- PackLayout.Comment ----

    [Fact]
    public void Comment_is_rfc9_json_for_ome_zarr_v3_and_only_seanets_key_without_ome()
    {
        string ome = PackLayout.Comment(new PackRootKind(ZarrKind.V3, "0.5"), 1);
        Assert.Equal("""{"ome":{"version":"0.5","zipFile":{"centralDirectory":{"jsonFirst":true}}},"seanet":{"format":1,"generation":1}}""", ome);
        using (JsonDocument doc = JsonDocument.Parse(ome))
        {
            JsonElement o = doc.RootElement.GetProperty("ome");
            Assert.Equal("0.5", o.GetProperty("version").GetString());
            Assert.True(o.GetProperty("zipFile").GetProperty("centralDirectory").GetProperty("jsonFirst").GetBoolean());
            Assert.Equal(1, doc.RootElement.GetProperty("seanet").GetProperty("format").GetInt32());
            Assert.Equal(1, doc.RootElement.GetProperty("seanet").GetProperty("generation").GetInt64());
        }

        string none = PackLayout.Comment(new PackRootKind(ZarrKind.None, null), 1);
        Assert.Equal("""{"seanet":{"format":1,"generation":1}}""", none);
        using (JsonDocument doc = JsonDocument.Parse(none))
        {
            Assert.False(doc.RootElement.TryGetProperty("ome", out _));
        }

        // NGFF 0.4 (v2): the version, no zipFile (RFC-9's flag speaks of zarr.json records only)
        Assert.Equal("""{"ome":{"version":"0.4"},"seanet":{"format":1,"generation":1}}""", PackLayout.Comment(new PackRootKind(ZarrKind.V2, "0.4"), 1));
        Assert.Equal("""{"seanet":{"format":1,"generation":7}}""", PackLayout.Comment(new PackRootKind(ZarrKind.V3, null), 7));
    }

    // ---- PackManifest ----

    [Fact]
    public void Manifest_round_trips_odd_names_modes_and_nanosecond_times()
    {
        static uint M(string octal) => Convert.ToUInt32(octal, 8);
        ManifestEntry[] entries =
        [
            new(".", true, M("755"), 1_796_702_014_000_000_000, 0, 0),
            new("a/b", true, M("750"), 1, 0, 0),
            new("dir with  two spaces ", true, M("1777"), -1, 0, 0),
            new("setuid tool", false, M("4755"), 1_796_702_017_795_591_723, 4096, 0x1c291ca3),
            new("secret", false, M("600"), -86_399_999_999_999, 0, 0),
            new("100% sure.txt", false, M("644"), long.MaxValue, long.MaxValue, 0xFFFFFFFF),
            new("literal %25 and %0A", false, M("644"), long.MinValue, 1, 0),
            new("line\nbreak\r\nand return\r", false, M("640"), 123_456_789, 2, 0x0000_0001),
            new("données/é b.txt", false, M("2750"), 1_614_834_367_123_456_789, 12, 0xdeadbeef),
            new("42", false, M("644"), 42, 42, 42),
            new("-7", true, M("700"), -7, 0, 0),
            new("  leading and trailing  ", false, M("644"), 0, 0, 0),
            new("%", false, M("0"), 5, 5, 5),
        ];

        byte[] written = PackManifest.Write(entries);
        Assert.Equal(entries, PackManifest.Parse(written));

        string[] lines = Encoding.UTF8.GetString(written).Split('\n');
        Assert.Equal("seanet-manifest 1", lines[0]);
        Assert.Equal("d 755 1796702014000000000 .", lines[1]);
        Assert.Equal("f 4755 1796702017795591723 4096 1c291ca3 setuid tool", lines[4]);
        Assert.Equal("f 644 -9223372036854775808 1 00000000 literal %2525 and %250A", lines[7]);
        Assert.Equal("f 640 123456789 2 00000001 line%0Abreak%0D%0Aand return%0D", lines[8]);
        Assert.Equal(entries.Length + 2, lines.Length); // header, entries, the final newline's empty rest
    }

    [Fact]
    public void Manifest_line_that_does_not_parse_is_invalid_data_naming_its_line_number()
    {
        string[] damaged =
        [
            "f 644 notanumber 1 00000000 x",
            "x 644 1 a",
            "f 9 1 1 00000000 a",
            "f 644 1 -1 00000000 a",
            "f 644 1 1 nothex a",
            "d 10000 1 a",
            "d 755 1 bad%zzname",
            "d 755 1 cut%2",
            "f 644 1 1 00000000",
            string.Empty,
        ];
        foreach (string line in damaged)
        {
            byte[] data = Encoding.UTF8.GetBytes($"seanet-manifest 1\nd 755 1 .\n{line}\nf 644 2 0 00000000 after\n");
            var e = Assert.Throws<InvalidDataException>(() => PackManifest.Parse(data));
            Assert.Contains("line 3", e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Manifest_with_a_wrong_header_is_refused()
    {
        Assert.Throws<InvalidDataException>(() => PackManifest.Parse("seanet-manifest 2\nd 755 1 .\n"u8));
        Assert.Throws<InvalidDataException>(() => PackManifest.Parse("d 755 1 .\n"u8));
        Assert.Throws<InvalidDataException>(() => PackManifest.Parse(ReadOnlySpan<byte>.Empty));
        Assert.Single(PackManifest.Parse("seanet-manifest 1\nd 755 1 .\n"u8));
    }

    // ---- DirectoryPacker + ArchiveUnpacker ----

    [Fact]
    public void Pack_then_unpack_restores_every_path_byte_mode_and_nanosecond_mtime_of_files_and_directories()
    {
        string tree = Path.Join(dir, "tree");
        Directory.CreateDirectory(tree);
        byte[] big = RandomNumberGenerator.GetBytes(3 << 20);
        var contents = new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            ["zarr.json"] = Encoding.UTF8.GetBytes("""{"zarr_format":3,"node_type":"group","attributes":{"ome":{"version":"0.5"}}}"""),
            ["0/zarr.json"] = Encoding.UTF8.GetBytes("""{"zarr_format":3,"node_type":"array"}"""),
            ["0/c/0/0"] = big,
            ["0/c/0/1"] = [],
            ["private/secret.bin"] = Encoding.UTF8.GetBytes("only mine"),
            ["100% sure.txt"] = Encoding.UTF8.GetBytes("space and percent"),
            ["setuid tool"] = Encoding.UTF8.GetBytes("#!/bin/sh\n"),
            ["line\nbreak"] = Encoding.UTF8.GetBytes("a newline in the name"),
            ["données/é b.txt"] = Encoding.UTF8.GetBytes("utf-8"),
            ["before 1970"] = Encoding.UTF8.GetBytes("old"),
        };
        foreach ((string name, byte[] bytes) in contents)
        {
            string path = Path.Join(tree, name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, bytes);
        }

        Directory.CreateDirectory(Path.Join(tree, "empty dir"));
        Chmod(Path.Join(tree, "private/secret.bin"), "600");
        Chmod(Path.Join(tree, "setuid tool"), "4755");
        Chmod(Path.Join(tree, "100% sure.txt"), "640");
        Chmod(Path.Join(tree, "private"), "750");
        Chmod(Path.Join(tree, "empty dir"), "711");
        int second = 0;
        foreach (string name in contents.Keys.Where(n => n != "before 1970"))
        {
            Touch(Path.Join(tree, name), string.Create(CultureInfo.InvariantCulture, $"{1614834367 + second++}.123456789"));
        }

        Touch(Path.Join(tree, "before 1970"), "-86400.000000001");
        // directories last, deepest first: creating their entries changed their mtimes
        foreach (string d in new[] { "0/c/0", "0/c", "0", "private", "données", "empty dir", "." })
        {
            Touch(Path.Join(tree, d), string.Create(CultureInfo.InvariantCulture, $"{1700000000 + second++}.000000007"));
        }

        List<string> source = Listing(tree);
        Assert.Contains("f 4755 1614834373.1234567890 setuid tool", source); // the fixture is what it should be
        Assert.Contains("d 750 1700000012.0000000070 private", source);

        PackPlan plan = DirectoryPacker.Plan(tree);
        Assert.Equal(new PackRootKind(ZarrKind.V3, "0.5"), plan.Kind);
        string archive = DirectoryPacker.DefaultArchivePath(tree, plan.Kind);
        Assert.Equal(tree + ".ozx", archive);
        Dictionary<string, uint> crcs = DirectoryPacker.Pack(plan, archive);

        Assert.Equal(source, Listing(tree)); // packing leaves the tree as it was
        Assert.Empty(Hidden(dir, "seanet~pack~"));
        Assert.Equal(contents.Count, crcs.Count);
        foreach ((string name, byte[] bytes) in contents)
        {
            Assert.Equal(Crc32.Append(0, bytes), crcs[name]);
        }

        using (FileStream fs = File.OpenRead(archive))
        {
            (IReadOnlyList<ZipMember> members, string comment) = ZipDirectory.Read(fs);
            Assert.Equal(plan.Files.Select(f => f.Name).Append(PackLayout.ManifestName), members.Select(m => m.Name));
            Assert.Equal(["zarr.json", "0/zarr.json"], members.Take(2).Select(m => m.Name));
            Assert.All(members, m => Assert.Equal(0, m.Method));
            Assert.Equal(PackLayout.Comment(plan.Kind, 1), comment);
        }

        string restored = Path.Join(dir, "restored");
        (int files, int directories) = ArchiveUnpacker.Unpack(archive, restored);
        Assert.Equal((contents.Count, 7), (files, directories));
        Assert.Equal(source, Listing(restored));
        foreach ((string name, byte[] bytes) in contents)
        {
            Assert.Equal(bytes, File.ReadAllBytes(Path.Join(restored, name)));
        }

        Assert.Empty(Hidden(dir, "seanet~unpack~"));
    }

    [Fact]
    public void Pack_refuses_a_tree_with_a_symbolic_link_and_leaves_everything_as_it_was()
    {
        string tree = SmallTree("tree");
        File.CreateSymbolicLink(Path.Join(tree, "sub/link"), "../a.txt");
        AssertRefused(tree, Path.Join(dir, "tree.zip"), Path.Join(tree, "sub/link"), "symbolic link");
    }

    [Fact]
    public void Pack_refuses_a_tree_with_a_zarr_partial_file_and_leaves_everything_as_it_was()
    {
        string tree = SmallTree("tree");
        Directory.CreateDirectory(Path.Join(tree, "0"));
        File.WriteAllText(Path.Join(tree, "0/0.3f2a.partial"), "half a chunk");
        AssertRefused(tree, Path.Join(dir, "tree.zip"), Path.Join(tree, "0/0.3f2a.partial"), "partial");
    }

    [Fact]
    public void Pack_refuses_a_tree_with_a_seanet_temporary_and_leaves_everything_as_it_was()
    {
        string tree = SmallTree("tree");
        File.WriteAllText(Path.Join(tree, "sub/.seanet~x"), "a flush in progress");
        AssertRefused(tree, Path.Join(dir, "tree.zip"), Path.Join(tree, "sub/.seanet~x"), "SeaNet temporary");
    }

    [Fact]
    public void Pack_refuses_an_archive_path_that_exists_and_leaves_it_and_the_tree_as_they_were()
    {
        string tree = SmallTree("tree");
        string archive = Path.Join(dir, "tree.zip");
        File.WriteAllText(archive, "someone else's file");
        AssertRefused(tree, archive, archive, "exists");
        Assert.Equal("someone else's file", File.ReadAllText(archive));
    }

    [Fact]
    public void Pack_refuses_an_archive_path_inside_the_tree_and_leaves_the_tree_as_it_was()
    {
        string tree = SmallTree("tree");
        string archive = Path.Join(tree, "sub/inside.zip");
        AssertRefused(tree, archive, archive, "inside the tree");
    }

    [Fact]
    public void Remove_originals_after_a_pack_removes_the_whole_tree()
    {
        string tree = SmallTree("tree");
        Directory.CreateDirectory(Path.Join(tree, "empty"));
        PackPlan plan = DirectoryPacker.Plan(tree);
        string archive = Path.Join(dir, "tree.zip");
        DirectoryPacker.Pack(plan, archive);

        Assert.Empty(DirectoryPacker.RemoveOriginals(plan));
        Assert.False(Path.Exists(tree));
        Assert.True(File.Exists(archive));
        Assert.Equal(["tree.zip"], Directory.EnumerateFileSystemEntries(dir).Select(Path.GetFileName));
    }

    [Fact]
    public void Remove_originals_keeps_a_file_rewritten_after_the_pack_and_names_it_and_keeps_its_directories()
    {
        string tree = SmallTree("tree");
        string changed = Path.Join(tree, "sub/deep/changed.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(changed)!);
        File.WriteAllText(changed, "as packed");
        File.WriteAllText(Path.Join(tree, "sub/deep/other.txt"), "other");
        Directory.CreateDirectory(Path.Join(tree, "gone"));
        File.WriteAllText(Path.Join(tree, "gone/y.txt"), "y");
        PackPlan plan = DirectoryPacker.Plan(tree);
        DirectoryPacker.Pack(plan, Path.Join(dir, "tree.zip"));

        File.WriteAllText(changed, "rewritten after the pack, longer");
        List<string> kept = DirectoryPacker.RemoveOriginals(plan);

        Assert.Equal(4, kept.Count);
        Assert.StartsWith(changed + ": changed since it was packed", kept[0], StringComparison.Ordinal);
        Assert.Equal(
            [Path.Join(tree, "sub/deep"), Path.Join(tree, "sub"), tree],
            kept.Skip(1).Select(k => k[..k.IndexOf(": ", StringComparison.Ordinal)]));
        Assert.All(kept.Skip(1), k => Assert.Contains("not empty", k, StringComparison.Ordinal));
        Assert.Equal(
            ["d ", "d sub", "d sub/deep", "f sub/deep/changed.txt"],
            Listing(tree).Select(TypeAndName));
        Assert.Equal("rewritten after the pack, longer", File.ReadAllText(changed));
    }

    [Fact]
    public void Remove_originals_keeps_a_file_replaced_by_another_inode_of_the_same_size_and_mtime_and_one_added_after_the_pack()
    {
        string tree = SmallTree("tree");
        string replaced = Path.Join(tree, "a.txt");
        PackPlan plan = DirectoryPacker.Plan(tree);
        DirectoryPacker.Pack(plan, Path.Join(dir, "tree.zip"));

        string next = Path.Join(tree, "a.txt.next");
        File.WriteAllText(next, new string('b', File.ReadAllText(replaced).Length));
        ExternalProgram.Output("touch", "-r", replaced, next);
        File.Move(next, replaced, overwrite: true); // rename(2): same size and mtime, another inode
        File.WriteAllText(Path.Join(tree, "sub/added.txt"), "not in the archive");

        List<string> kept = DirectoryPacker.RemoveOriginals(plan);

        Assert.Contains(kept, k => k.StartsWith(replaced + ": changed since it was packed", StringComparison.Ordinal));
        Assert.True(File.Exists(replaced));
        Assert.Equal("not in the archive", File.ReadAllText(Path.Join(tree, "sub/added.txt")));
        Assert.False(File.Exists(Path.Join(tree, "sub/b.txt")));
    }

    [Fact]
    public void Pack_refuses_a_name_with_a_backslash_which_no_archive_member_may_carry()
    {
        // docs/packing.md: sea unpack refuses member names with backslashes, and ZipWriter.Add
        // throws ArgumentException for them; the plan should refuse such a tree up front, naming the
        // file, as it does for every other name an archive cannot give back
        string tree = SmallTree("tree");
        File.WriteAllText(Path.Join(tree, "sub/back\\slash.txt"), "x");
        AssertRefused(tree, Path.Join(dir, "tree.zip"), Path.Join(tree, "sub/back\\slash.txt"), "slash");
    }

    [Fact]
    public void Unpack_refuses_a_member_name_that_climbs_out_and_writes_nothing()
    {
        foreach (string name in new[] { "../evil", "a/../../evil", "../../evil" })
        {
            string archive = Path.Join(dir, "evil.zip");
            File.Delete(archive);
            using (var fs = new FileStream(archive, FileMode.CreateNew, FileAccess.ReadWrite))
            using (var w = new ZipWriter(fs))
            {
                w.Add("fine.txt", new MemoryStream("fine"u8.ToArray()), 4, 0x1A4, DateTime.UtcNow);
                w.Add(name, new MemoryStream("evil"u8.ToArray()), 4, 0x1A4, DateTime.UtcNow);
                w.Finish();
            }

            AssertUnpackRefusesUnsafe(archive, name);
        }
    }

    [Fact]
    public void Unpack_refuses_a_manifest_entry_that_climbs_out_and_writes_nothing()
    {
        const string name = "a/../../evil";
        byte[] evil = "evil"u8.ToArray();
        byte[] manifest = PackManifest.Write(
        [
            new ManifestEntry(".", true, 0x1ED, 1, 0, 0),
            new ManifestEntry("a", true, 0x1ED, 1, 0, 0),
            new ManifestEntry(name, false, 0x1A4, 1, evil.Length, Crc32.Append(0, evil)),
        ]);
        string archive = Path.Join(dir, "evil.zip");
        using (var fs = new FileStream(archive, FileMode.CreateNew, FileAccess.ReadWrite))
        using (var w = new ZipWriter(fs))
        {
            w.Add(name, new MemoryStream(evil), evil.Length, 0x1A4, DateTime.UtcNow);
            w.Add(PackLayout.ManifestName, new MemoryStream(manifest), manifest.Length, 0x1A4, DateTime.UtcNow);
            w.Finish();
        }

        AssertUnpackRefusesUnsafe(archive, name);
    }

    [Fact]
    public void Unpack_of_an_archive_with_a_damaged_member_is_a_crc_mismatch_and_leaves_nothing()
    {
        string tree = SmallTree("tree");
        File.WriteAllBytes(Path.Join(tree, "data.bin"), RandomNumberGenerator.GetBytes(10_000));
        string archive = Path.Join(dir, "tree.zip");
        DirectoryPacker.Pack(DirectoryPacker.Plan(tree), archive);

        using (var fs = new FileStream(archive, FileMode.Open, FileAccess.ReadWrite))
        {
            ZipMember m = ZipDirectory.Read(fs).Members.Single(x => x.Name == "data.bin");
            fs.Position = m.DataOffset + 5_000;
            int b = fs.ReadByte();
            fs.Position = m.DataOffset + 5_000;
            fs.WriteByte((byte)(b ^ 0x01));
        }

        string destination = Path.Join(dir, "out");
        var e = Assert.Throws<InvalidDataException>(() => ArchiveUnpacker.Unpack(archive, destination));
        Assert.Contains("CRC mismatch", e.Message, StringComparison.Ordinal);
        Assert.Contains("data.bin", e.Message, StringComparison.Ordinal);
        Assert.False(Path.Exists(destination));
        Assert.Empty(Hidden(dir, "seanet~unpack~"));
    }

    [Fact]
    public void Unpack_of_a_foreign_deflated_archive_restores_each_members_bytes_and_the_directory_entry()
    {
        byte[] hello = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("hello, deflate! ", 500)));
        byte[] data = new byte[200_000];
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = (byte)(i % 251 * (i / 1000));
        }

        byte[] stored = RandomNumberGenerator.GetBytes(777);
        string archive = Path.Join(dir, "foreign.zip");
        using (ZipArchive zip = ZipFile.Open(archive, ZipArchiveMode.Create))
        {
            WriteEntry(zip, "hello.txt", hello, CompressionLevel.Optimal, null);
            ZipArchiveEntry d = zip.CreateEntry("d/");
            d.ExternalAttributes = unchecked((int)(Convert.ToUInt32("40750", 8) << 16));
            WriteEntry(zip, "d/data.bin", data, CompressionLevel.SmallestSize, "100600");
            WriteEntry(zip, "d/raw.bin", stored, CompressionLevel.NoCompression, "100640");
        }

        using (FileStream fs = File.OpenRead(archive))
        {
            IReadOnlyList<ZipMember> members = ZipDirectory.Read(fs).Members;
            Assert.Equal(8, members.Single(m => m.Name == "hello.txt").Method); // the test reads deflate
            Assert.Equal(8, members.Single(m => m.Name == "d/data.bin").Method);
        }

        string destination = Path.Join(dir, "out");
        (int files, int directories) = ArchiveUnpacker.Unpack(archive, destination);

        Assert.Equal((3, 2), (files, directories));
        Assert.Equal(hello, File.ReadAllBytes(Path.Join(destination, "hello.txt")));
        Assert.Equal(data, File.ReadAllBytes(Path.Join(destination, "d/data.bin")));
        Assert.Equal(stored, File.ReadAllBytes(Path.Join(destination, "d/raw.bin")));
        Assert.True(Directory.Exists(Path.Join(destination, "d")));
        List<string> listing = Listing(destination);
        Assert.Equal(
            ["d 750 d", "d 755 ", "f 600 d/data.bin", "f 640 d/raw.bin"],
            listing.Where(l => !l.EndsWith(" hello.txt", StringComparison.Ordinal)).Select(ModeAndName).Order(StringComparer.Ordinal));
        Assert.Equal(4 + 1, listing.Count);
        Assert.Empty(Hidden(dir, "seanet~unpack~"));
    }

    [Fact]
    public void Unpack_of_a_foreign_archive_without_directory_entries_gives_the_implied_directories_the_default_mode()
    {
        // ArchiveUnpacker.Entries: "for a foreign archive the members ... and their parents"; the
        // root gets 0755, and so should every directory a member's name implies (as unzip does),
        // not the 0700 the unpacker uses while it fills them
        string archive = Path.Join(dir, "foreign.zip");
        using (ZipArchive zip = ZipFile.Open(archive, ZipArchiveMode.Create))
        {
            WriteEntry(zip, "x/y/z.txt", "deep"u8.ToArray(), CompressionLevel.Optimal, "100644");
        }

        string destination = Path.Join(dir, "out");
        ArchiveUnpacker.Unpack(archive, destination);

        Assert.Equal("deep", File.ReadAllText(Path.Join(destination, "x/y/z.txt")));
        Assert.Equal(
            ["d 755 ", "d 755 x", "d 755 x/y", "f 644 x/y/z.txt"],
            Listing(destination).Select(ModeAndName).Order(StringComparer.Ordinal));
    }

    // ---- sea pack / sea unpack ----

    [Fact]
    public void Sea_pack_and_sea_unpack_without_arguments_are_exit_2_with_their_usage()
    {
        (int status, string output, string err) = Run(PackCommand.RunPack);
        Assert.Equal(2, status);
        Assert.Equal(string.Empty, output);
        Assert.Contains("usage: sea pack", err, StringComparison.Ordinal);

        (status, output, err) = Run(PackCommand.RunUnpack);
        Assert.Equal(2, status);
        Assert.Equal(string.Empty, output);
        Assert.Contains("usage: sea unpack", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Sea_pack_of_a_missing_directory_is_exit_2_naming_it()
    {
        string missing = Path.Join(dir, "no such dir");
        (int status, _, string err) = Run(PackCommand.RunPack, missing);
        Assert.Equal(2, status);
        Assert.Contains(missing, err, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir));
    }

    [Fact]
    public void Sea_pack_removes_the_tree_and_sea_unpack_gives_it_back_beside_the_archive()
    {
        string tree = SmallTree("img.zarr");
        File.WriteAllText(Path.Join(tree, "zarr.json"), """{"zarr_format":3,"node_type":"group","attributes":{"ome":{"version":"0.5"}}}""");
        Touch(tree, "1700000000.5");
        List<string> before = Listing(tree);

        (int status, string output, string err) = Run(PackCommand.RunPack, tree);
        Assert.True(status == 0, err);
        Assert.Contains("verified; originals removed", output, StringComparison.Ordinal);
        Assert.DoesNotContain("except", output, StringComparison.Ordinal);
        Assert.False(Path.Exists(tree));
        string archive = tree + ".ozx";
        Assert.True(File.Exists(archive));
        Assert.Equal(["img.zarr.ozx"], Directory.EnumerateFileSystemEntries(dir).Select(Path.GetFileName));

        (status, output, err) = Run(PackCommand.RunUnpack, archive);
        Assert.True(status == 0, err);
        Assert.Contains(tree, output, StringComparison.Ordinal);
        Assert.Equal(before, Listing(tree));
    }

    [Fact]
    public void Sea_pack_keep_leaves_the_tree_and_sea_unpack_C_restores_a_copy()
    {
        string tree = SmallTree("tree");
        List<string> before = Listing(tree);

        (int status, string output, string err) = Run(PackCommand.RunPack, "--keep", tree);
        Assert.True(status == 0, err);
        Assert.Contains("verified;", output, StringComparison.Ordinal);
        Assert.Contains("kept (--keep)", output, StringComparison.Ordinal);
        Assert.Equal(before, Listing(tree));
        string archive = tree + ".zip";
        Assert.True(File.Exists(archive));

        string copy = Path.Join(dir, "copy");
        (status, _, err) = Run(PackCommand.RunUnpack, "-C", copy, archive);
        Assert.True(status == 0, err);
        Assert.Equal(before, Listing(copy));
    }

    [Fact]
    public void Sea_unpack_to_an_existing_destination_is_exit_2_and_touches_nothing()
    {
        string tree = SmallTree("tree");
        (int status, _, string err) = Run(PackCommand.RunPack, "--keep", tree);
        Assert.True(status == 0, err);
        List<string> before = Listing(tree);

        (status, _, err) = Run(PackCommand.RunUnpack, tree + ".zip");
        Assert.Equal(2, status);
        Assert.Contains(tree + ": exists", err, StringComparison.Ordinal);
        Assert.Equal(before, Listing(tree));
        Assert.Empty(Hidden(dir, "seanet~unpack~"));
    }

    // ---- helpers ----

    /// <summary>A tree of two files in two directories, with fixed nanosecond mtimes.</summary>
    private string SmallTree(string name)
    {
        string tree = Path.Join(dir, name);
        Directory.CreateDirectory(Path.Join(tree, "sub"));
        File.WriteAllText(Path.Join(tree, "a.txt"), "alpha");
        File.WriteAllText(Path.Join(tree, "sub/b.txt"), "bravo, a little longer");
        Chmod(Path.Join(tree, "sub/b.txt"), "600");
        Touch(Path.Join(tree, "a.txt"), "1600000000.000000001");
        Touch(Path.Join(tree, "sub/b.txt"), "1600000001.999999999");
        Touch(Path.Join(tree, "sub"), "1600000002.123456789");
        return tree;
    }

    private string Sub(string name) => Directory.CreateDirectory(Path.Join(dir, name)).FullName;

    /// <summary>Plan and Pack throw PackInputException naming <paramref name="named"/>; no archive
    /// and no temporary are left beside the archive path, the tree and the archive's directory are
    /// as they were (names, modes, mtimes).</summary>
    private static void AssertRefused(string tree, string archive, string named, string why)
    {
        string archiveDir = Path.GetDirectoryName(archive)!;
        bool existed = File.Exists(archive);
        List<string> treeBefore = Listing(tree), archiveDirBefore = Listing(archiveDir);

        var e = Assert.Throws<PackInputException>(() => DirectoryPacker.Pack(DirectoryPacker.Plan(tree), archive));

        Assert.Contains(named, e.Message, StringComparison.Ordinal);
        Assert.Contains(why, e.Message, StringComparison.Ordinal);
        Assert.Equal(existed, File.Exists(archive));
        Assert.Empty(Hidden(archiveDir, "seanet~pack~"));
        Assert.Equal(treeBefore, Listing(tree));
        Assert.Equal(archiveDirBefore, Listing(archiveDir));
    }

    private void AssertUnpackRefusesUnsafe(string archive, string name)
    {
        string parent = Path.Join(dir, "dest");
        Directory.CreateDirectory(parent);
        List<string> before = Listing(dir);
        string destination = Path.Join(parent, "out");

        var e = Assert.Throws<InvalidDataException>(() => ArchiveUnpacker.Unpack(archive, destination));

        Assert.Contains(name, e.Message, StringComparison.Ordinal);
        Assert.False(Path.Exists(destination));
        Assert.Empty(Hidden(parent, "seanet~unpack~"));
        Assert.False(Path.Exists(Path.Join(parent, "evil")));
        Assert.False(Path.Exists(Path.Join(dir, "evil")));
        Assert.False(Path.Exists(Path.Join(Path.GetDirectoryName(dir)!, "evil")));
        Assert.Equal(before, Listing(dir)); // not a name, mode or mtime changed
    }

    private static void WriteEntry(ZipArchive zip, string name, byte[] bytes, CompressionLevel level, string? octalMode)
    {
        ZipArchiveEntry e = zip.CreateEntry(name, level);
        if (octalMode is not null)
        {
            e.ExternalAttributes = unchecked((int)(Convert.ToUInt32(octalMode, 8) << 16));
        }

        using Stream s = e.Open();
        s.Write(bytes);
    }

    /// <summary>"TYPE NAME" of a <see cref="Listing"/> line ("TYPE MODE MTIME NAME").</summary>
    private static string TypeAndName(string line) => line[..2] + line[(line.IndexOf(' ', line.IndexOf(' ', 2) + 1) + 1)..];

    /// <summary>"TYPE MODE NAME" of a <see cref="Listing"/> line ("TYPE MODE MTIME NAME").</summary>
    private static string ModeAndName(string line)
    {
        int mtime = line.IndexOf(' ', 2);
        int name = line.IndexOf(' ', mtime + 1);
        return line[..mtime] + line[name..];
    }

    /// <summary>Every entry under <paramref name="root"/>, the root too, as find(1) sees it: type,
    /// octal mode (with set-id and sticky bits), mtime to the nanosecond, relative name; sorted.</summary>
    private static List<string> Listing(string root)
    {
        string output = ExternalProgram.Output("find", root, "-printf", "%y %m %T@ %P\\0");
        List<string> lines = [.. output.Split('\0', StringSplitOptions.RemoveEmptyEntries)];
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    /// <summary>The hidden temporaries (".NAME.seanet~pack~PID" and the like) in <paramref name="parent"/>.</summary>
    private static List<string> Hidden(string parent, string marker) =>
        [.. Directory.EnumerateFileSystemEntries(parent).Select(Path.GetFileName).Where(n => n!.StartsWith('.') && n.Contains(marker, StringComparison.Ordinal)).Select(n => n!)];

    private static void Touch(string path, string epoch) => ExternalProgram.Output("touch", "-d", "@" + epoch, path);

    private static void Chmod(string path, string octal) => File.SetUnixFileMode(path, (UnixFileMode)Convert.ToInt32(octal, 8));

    private static (int Status, string Out, string Err) Run(Func<string[], int> command, params string[] args) => ConsoleCapture.Run(command, args);
}
