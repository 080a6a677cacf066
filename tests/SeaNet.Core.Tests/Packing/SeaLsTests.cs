using SeaNet.Flusher.Packing;
using SeaNet.Preload.Cli;
using Xunit;

namespace SeaNet.Tests.Packing;

/// <summary><c>sea ls ARCHIVE</c>, run in-process.</summary>
[Collection("Console")]
public sealed class SeaLsTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("seanet-ls-").FullName;

    public void Dispose() => Directory.Delete(dir, true);

    [Fact]
    public void Lists_each_member_in_order_with_mode_size_method_and_crc()
    {
        string zip = Path.Join(dir, "a.zip");
        using (var fs = new FileStream(zip, FileMode.Create, FileAccess.ReadWrite))
        using (var w = new ZipWriter(fs))
        {
            w.Add("zarr.json", new MemoryStream("{}"u8.ToArray()), 2, Convert.ToUInt32("644", 8), DateTime.UtcNow);
            w.Add("c/0", new MemoryStream("123456789"u8.ToArray()), 9, Convert.ToUInt32("600", 8), DateTime.UtcNow);
            w.Finish("note");
        }

        (int status, string output, _) = Ls(zip);
        Assert.Equal(0, status);
        Assert.Equal(
            [
                $" 644            2 stored   {Crc32.Append(0, "{}"u8):x8} zarr.json",
                " 600            9 stored   cbf43926 c/0",
                "2 member(s), 11 bytes; comment: note",
            ],
            output.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public void A_file_that_is_not_an_archive_is_exit_2_with_the_reason()
    {
        string bad = Path.Join(dir, "bad.zip");
        File.WriteAllText(bad, "this is not a zip archive, only text");
        (int status, _, string err) = Ls(bad);
        Assert.Equal(2, status);
        Assert.Contains("bad.zip: no end of central directory record", err, StringComparison.Ordinal);
        Assert.Equal(2, Ls(Path.Join(dir, "missing.zip")).Status);
    }

    private static (int Status, string Out, string Err) Ls(params string[] args) => ConsoleCapture.Run(LsCommand.Run, args);
}
