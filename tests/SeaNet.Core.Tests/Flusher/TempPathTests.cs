using System.Text;
using SeaNet.Flusher.Copy;
using Xunit;

namespace SeaNet.Tests.Flusher;

/// <summary>The temporary's name: hidden, in the final name's directory, at most NAME_MAX bytes, deterministic.</summary>
public class TempPathTests
{
    [Fact]
    public void A_short_name_gets_the_hidden_prefix_in_the_same_directory()
    {
        Assert.Equal("/p/x/.seanet~a.nii.gz", FileCopier.TempPathFor("/p/x/a.nii.gz"));
    }

    [Fact]
    public void A_name_that_just_fits_is_not_shortened()
    {
        string name = new('n', 255 - FileCopier.HiddenPrefix.Length);

        Assert.Equal("/p/" + FileCopier.HiddenPrefix + name, FileCopier.TempPathFor("/p/" + name));
    }

    [Theory]
    [InlineData('n', 255)]
    [InlineData('n', 248)]
    [InlineData('é', 127)]  // 2 bytes each
    [InlineData('字', 85)]  // 3 bytes each
    public void A_long_name_is_shortened_to_NAME_MAX_bytes_with_a_hash(char c, int count)
    {
        string name = new(c, count);

        string temp = FileCopier.TempPathFor("/p/x/" + name);

        Assert.StartsWith("/p/x/" + FileCopier.HiddenPrefix, temp, StringComparison.Ordinal);
        string tempName = temp["/p/x/".Length..];
        Assert.InRange(Encoding.UTF8.GetByteCount(tempName), 240, 255);
        Assert.Matches("~[0-9a-f]{16}$", tempName);
        Assert.StartsWith(FileCopier.HiddenPrefix + c + c, tempName, StringComparison.Ordinal);
    }

    [Fact]
    public void A_shortened_name_never_splits_a_character()
    {
        string name = "a" + string.Concat(Enumerable.Repeat("🙂", 63)); // 1 + 63 × 4 bytes: the cut falls inside a 4-byte character

        string tempName = Path.GetFileName(FileCopier.TempPathFor("/p/" + name));

        byte[] bytes = Encoding.UTF8.GetBytes(tempName);
        Assert.Equal(tempName, Encoding.UTF8.GetString(bytes));
        Assert.DoesNotContain('\uFFFD', tempName);
        Assert.True(bytes.Length <= 255);
    }

    [Fact]
    public void Long_names_sharing_their_start_get_different_temporaries_and_each_always_the_same()
    {
        string a = new string('n', 250) + "a";
        string b = new string('n', 250) + "b";

        Assert.NotEqual(FileCopier.TempPathFor("/p/" + a), FileCopier.TempPathFor("/p/" + b));
        Assert.Equal(FileCopier.TempPathFor("/p/" + a), FileCopier.TempPathFor("/p/" + a));
    }

    [Fact]
    public void A_file_with_a_255_byte_name_is_copied_under_its_shortened_temporary()
    {
        using var trees = new CopyTrees();
        string name = new('n', 255);
        trees.Write(name, 10);

        CopyResult r = new FileCopier().CopyToTemp(trees.Source, trees.Dest, name);

        Assert.Equal(CopyStatus.Copied, r.Status);
        Assert.Equal(FileCopier.TempPathFor(trees.Dst(name)), r.TempPath);
        Assert.Equal(0, FileCopier.Publish(r.TempPath!, trees.Dst(name), noReplace: true));
        Assert.Equal(10, new FileInfo(trees.Dst(name)).Length);
    }
}
