using System.Security.Cryptography;
using System.Text;
using SeaNet.Flusher.Packing;
using Xunit;

namespace SeaNet.Tests.Packing;

/// <summary>The archive writer of the packer (issue #5), read back by independent readers: unzip,
/// Python's zipfile and Debian's python3-zarr ZipStore.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ZipWriterTests : IDisposable
{
    private const string SystemPython = "/usr/bin/python3";
    private readonly string dir = Directory.CreateTempSubdirectory("seanet-zip-").FullName;

    public void Dispose() => Directory.Delete(dir, true);

    [Fact]
    public void Crc32_matches_the_standard_check_value()
    {
        Assert.Equal(0xCBF43926u, Crc32.Append(0, "123456789"u8));
        byte[] data = RandomNumberGenerator.GetBytes(100_003);
        Assert.Equal(Crc32.Append(0, data), Crc32.Append(Crc32.Append(0, data.AsSpan(0, 777)), data.AsSpan(777)));
    }

    private (string Zip, Dictionary<string, byte[]> Members) WriteSample(string comment = "{\"ome\":{\"version\":\"0.5\"}}")
    {
        var members = new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            ["zarr.json"] = Encoding.UTF8.GetBytes("{\"zarr_format\":3,\"node_type\":\"group\"}"),
            ["empty"] = [],
            ["0/c/0/0"] = RandomNumberGenerator.GetBytes(1 << 20),
            ["données/é.txt"] = Encoding.UTF8.GetBytes("unicode name"),
        };
        string zip = Path.Join(dir, "sample.zip");
        using (var fs = new FileStream(zip, FileMode.Create, FileAccess.ReadWrite))
        using (var w = new ZipWriter(fs))
        {
            foreach ((string name, byte[] bytes) in members)
            {
                w.Add(name, new MemoryStream(bytes), bytes.Length, Convert.ToUInt32("640", 8), new DateTime(2024, 5, 6, 7, 8, 10, DateTimeKind.Utc));
            }

            w.Finish(comment);
        }

        return (zip, members);
    }

    [Fact]
    public void Unzip_tests_the_archive_and_restores_identical_bytes_and_modes()
    {
        (string zip, Dictionary<string, byte[]> members) = WriteSample();

        (int rc, string output) = Run("unzip", "-t", zip);
        Assert.True(rc == 0, output);
        Assert.Contains("No errors detected", output, StringComparison.Ordinal);

        string into = Path.Join(dir, "out");
        (rc, output) = Run("unzip", "-q", zip, "-d", into);
        Assert.True(rc == 0, output);
        foreach ((string name, byte[] bytes) in members)
        {
            Assert.Equal(bytes, File.ReadAllBytes(Path.Join(into, name)));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(Path.Join(into, name)));
        }
    }

    [Fact]
    public void Python_zipfile_sees_stored_members_in_order_zip64_records_and_the_comment()
    {
        (string zip, Dictionary<string, byte[]> members) = WriteSample();
        string script = """
            import sys, zipfile, hashlib
            z = zipfile.ZipFile(sys.argv[1])
            assert z.testzip() is None
            print(z.comment.decode())
            for i in z.infolist():
                print(i.filename, i.compress_type, i.file_size, hashlib.sha256(z.read(i)).hexdigest())
            raw = open(sys.argv[1], 'rb').read()
            print('zip64-end', b'PK\x06\x06' in raw, 'locator', b'PK\x06\x07' in raw)
            """;
        (int rc, string output) = Run(SystemPython, "-c", script, zip);
        Assert.True(rc == 0, output);
        string[] lines = output.TrimEnd('\n').Split('\n');
        Assert.Equal("{\"ome\":{\"version\":\"0.5\"}}", lines[0]);
        Assert.Equal(
            members.Select(m => $"{m.Key} 0 {m.Value.Length} {Convert.ToHexStringLower(SHA256.HashData(m.Value))}"),
            lines[1..^1]);
        Assert.Equal("zip64-end True locator True", lines[^1]);
    }

    [Fact]
    public void Zarr_ZipStore_reads_an_array_packed_by_the_writer_exactly_as_written()
    {
        string tree = Path.Join(dir, "a.zarr");
        string writeScript = """
            import sys, zarr, numpy as np
            a = zarr.open(sys.argv[1], mode='w', shape=(64, 48), chunks=(16, 16), dtype='i4')
            a[:] = np.arange(64 * 48, dtype='i4').reshape(64, 48) * 7
            a.attrs['note'] = 'written natively'
            print(int(a[:].sum()))
            """;
        (int rc, string written) = Run(SystemPython, "-c", writeScript, tree);
        Assert.True(rc == 0, written);

        // metadata first, as the packer will order it, then the chunks
        string zip = Path.Join(dir, "a.zip");
        var names = Directory.EnumerateFiles(tree, "*", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(tree, p))
            .OrderBy(n => n.StartsWith(".z", StringComparison.Ordinal) ? 0 : 1).ThenBy(n => n, StringComparer.Ordinal).ToList();
        Assert.True(names.Count > 12, $"expected chunk files, got {names.Count}");
        using (var fs = new FileStream(zip, FileMode.Create, FileAccess.ReadWrite))
        using (var w = new ZipWriter(fs))
        {
            foreach (string n in names)
            {
                using FileStream member = File.OpenRead(Path.Join(tree, n));
                w.Add(n, member, member.Length, Convert.ToUInt32("644", 8), File.GetLastWriteTimeUtc(Path.Join(tree, n)));
            }

            w.Finish();
        }

        string readScript = """
            import sys, zarr
            s = zarr.ZipStore(sys.argv[1], mode='r')
            a = zarr.open(s, mode='r')
            print(int(a[:].sum()))
            print(a.attrs['note'])
            """;
        (rc, string read) = Run(SystemPython, "-c", readScript, zip);
        Assert.True(rc == 0, read);
        Assert.Equal(written.Trim() + "\nwritten natively", read.Trim());
    }

    [Fact]
    public void A_member_shorter_than_announced_is_an_error_not_a_silently_short_archive()
    {
        using var fs = new FileStream(Path.Join(dir, "short.zip"), FileMode.Create, FileAccess.ReadWrite);
        using var w = new ZipWriter(fs);
        Assert.Throws<EndOfStreamException>(() => w.Add("x", new MemoryStream(new byte[10]), 20, 0x1A4, DateTime.UtcNow));
    }

    private static (int Rc, string Output) Run(string program, params string[] args)
    {
        (int rc, string stdout, string stderr) = ExternalProgram.Run(program, args);
        return (rc, stdout + stderr);
    }
}
