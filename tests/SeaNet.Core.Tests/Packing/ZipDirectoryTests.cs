using System.Security.Cryptography;
using SeaNet.Flusher.Packing;
using Xunit;

namespace SeaNet.Tests.Packing;

/// <summary>The central-directory reader, on archives from our writer and from independent ones
/// (Info-ZIP's zip, Python's zipfile with ZIP64 forced), and on damaged ones.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ZipDirectoryTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("seanet-zipdir-").FullName;

    public void Dispose() => Directory.Delete(dir, true);

    [Fact]
    public void Our_archives_list_every_member_with_size_crc_mode_and_a_readable_data_offset()
    {
        var members = new (string Name, byte[] Bytes)[]
        {
            ("zarr.json", "{}"u8.ToArray()),
            ("c/0/0", RandomNumberGenerator.GetBytes(70_000)),
            ("empty", []),
        };
        string zip = Path.Join(dir, "ours.zip");
        using (var fs = new FileStream(zip, FileMode.Create, FileAccess.ReadWrite))
        using (var w = new ZipWriter(fs))
        {
            foreach ((string name, byte[] bytes) in members)
            {
                w.Add(name, new MemoryStream(bytes), bytes.Length, Convert.ToUInt32("600", 8), DateTime.UtcNow);
            }

            w.Finish("hello");
        }

        using FileStream s = File.OpenRead(zip);
        (IReadOnlyList<ZipMember> listed, string comment) = ZipDirectory.Read(s);
        Assert.Equal("hello", comment);
        Assert.Equal(members.Select(m => m.Name), listed.Select(m => m.Name));
        for (int i = 0; i < members.Length; i++)
        {
            ZipMember m = listed[i];
            Assert.Equal((0, (long)members[i].Bytes.Length, Convert.ToUInt32("600", 8)), (m.Method, m.Size, m.Mode));
            byte[] back = new byte[m.Size];
            s.Position = m.DataOffset;
            s.ReadExactly(back);
            Assert.Equal(members[i].Bytes, back);
            Assert.Equal(Crc32.Append(0, back), m.Crc);
        }
    }

    [Fact]
    public void Archives_of_info_zip_and_of_python_with_zip64_forced_are_listed_as_they_list_them()
    {
        File.WriteAllBytes(Path.Join(dir, "a.bin"), RandomNumberGenerator.GetBytes(5000));
        File.WriteAllText(Path.Join(dir, "b.txt"), "text text text text");
        Assert.Equal(0, ExternalProgram.Run("zip", ["-q", "-0", "info.zip", "a.bin", "b.txt"], dir).ExitCode);
        Assert.Equal(0, ExternalProgram.Run("/usr/bin/python3", ["-c",
            "import zipfile\nwith zipfile.ZipFile('py.zip', 'w') as z:\n"
            + "  for n in ('a.bin', 'b.txt'):\n    with open(n, 'rb') as f, z.open(n, 'w', force_zip64=True) as o: o.write(f.read())\n"], dir).ExitCode);

        foreach (string zip in new[] { "info.zip", "py.zip" })
        {
            using FileStream s = File.OpenRead(Path.Join(dir, zip));
            (IReadOnlyList<ZipMember> listed, _) = ZipDirectory.Read(s);
            Assert.Equal(["a.bin", "b.txt"], listed.Select(m => m.Name));
            Assert.Equal([5000L, 19L], listed.Select(m => m.Size));
            byte[] back = new byte[listed[0].Size];
            s.Position = listed[0].DataOffset;
            s.ReadExactly(back);
            Assert.Equal(File.ReadAllBytes(Path.Join(dir, "a.bin")), back);
        }
    }

    [Fact]
    public void A_truncated_or_foreign_file_is_an_error_saying_what_is_wrong()
    {
        string zip = Path.Join(dir, "t.zip");
        using (var fs = new FileStream(zip, FileMode.Create, FileAccess.ReadWrite))
        using (var w = new ZipWriter(fs))
        {
            w.Add("x", new MemoryStream(new byte[1000]), 1000, 0x1A4, DateTime.UtcNow);
            w.Finish();
        }

        byte[] whole = File.ReadAllBytes(zip);
        File.WriteAllBytes(zip, whole[..(whole.Length - 30)]);
        using (FileStream s = File.OpenRead(zip))
        {
            Assert.Contains("end of central directory", Assert.Throws<InvalidDataException>(() => ZipDirectory.Read(s)).Message, StringComparison.Ordinal);
        }

        File.WriteAllText(zip, "not an archive at all, but longer than twenty-two bytes");
        using (FileStream s = File.OpenRead(zip))
        {
            Assert.Throws<InvalidDataException>(() => ZipDirectory.Read(s));
        }
    }

}
