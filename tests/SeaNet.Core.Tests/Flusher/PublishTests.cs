using SeaNet.Flusher.Copy;
using Xunit;

namespace SeaNet.Tests.Flusher;

/// <summary>Publishing renames the temporary over its final name atomically, or refuses to replace.</summary>
public class PublishTests
{
    private static (CopyTrees Trees, CopyResult Copy) CopiedFile(string content)
    {
        var trees = new CopyTrees();
        trees.Write("d/f", System.Text.Encoding.UTF8.GetBytes(content));
        return (trees, new FileCopier().CopyToTemp(trees.Source, trees.Dest, "d/f"));
    }

    [Fact]
    public void Publishing_puts_the_copy_at_its_final_name_and_the_temporary_is_gone()
    {
        (CopyTrees trees, CopyResult copy) = CopiedFile("new");
        using (trees)
        {
            Assert.Equal(0, FileCopier.Publish(copy.TempPath!, trees.Dst("d/f"), noReplace: false));

            Assert.Equal("new", File.ReadAllText(trees.Dst("d/f")));
            Assert.Empty(CopyTrees.Temporaries(trees.Dst("d")));
        }
    }

    [Fact]
    public void Publishing_replaces_an_existing_file_when_allowed()
    {
        (CopyTrees trees, CopyResult copy) = CopiedFile("new");
        using (trees)
        {
            File.WriteAllText(trees.Dst("d/f"), "old");

            Assert.Equal(0, FileCopier.Publish(copy.TempPath!, trees.Dst("d/f"), noReplace: false));

            Assert.Equal("new", File.ReadAllText(trees.Dst("d/f")));
        }
    }

    [Fact]
    public void Publishing_with_noReplace_onto_an_existing_file_is_EEXIST_and_changes_nothing()
    {
        (CopyTrees trees, CopyResult copy) = CopiedFile("new");
        using (trees)
        {
            File.WriteAllText(trees.Dst("d/f"), "old");

            Assert.Equal(17, FileCopier.Publish(copy.TempPath!, trees.Dst("d/f"), noReplace: true));

            Assert.Equal("old", File.ReadAllText(trees.Dst("d/f")));
            Assert.Equal("new", File.ReadAllText(copy.TempPath!));
        }
    }

    [Fact]
    public void Publishing_with_noReplace_onto_a_free_name_succeeds()
    {
        (CopyTrees trees, CopyResult copy) = CopiedFile("new");
        using (trees)
        {
            Assert.Equal(0, FileCopier.Publish(copy.TempPath!, trees.Dst("d/f"), noReplace: true));

            Assert.Equal("new", File.ReadAllText(trees.Dst("d/f")));
            Assert.False(File.Exists(copy.TempPath));
        }
    }

    [Fact]
    public void Publishing_a_symbolic_link_publishes_the_link()
    {
        using var trees = new CopyTrees();
        File.CreateSymbolicLink(trees.Src("link"), "somewhere");
        CopyResult copy = new FileCopier().CopyToTemp(trees.Source, trees.Dest, "link");

        Assert.Equal(0, FileCopier.Publish(copy.TempPath!, trees.Dst("link"), noReplace: true));

        Assert.Equal("somewhere", new FileInfo(trees.Dst("link")).LinkTarget);
    }

    [Fact]
    public void Publishing_a_missing_temporary_is_ENOENT()
    {
        using var trees = new CopyTrees();

        Assert.Equal(2, FileCopier.Publish(trees.Dst(".seanet~x"), trees.Dst("x"), noReplace: false));
        Assert.Equal(2, FileCopier.Publish(trees.Dst(".seanet~x"), trees.Dst("x"), noReplace: true));
    }
}
