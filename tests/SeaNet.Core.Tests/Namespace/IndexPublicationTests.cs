using SeaNet.Core.Channel;
using SeaNet.Core.Namespace;
using SeaNet.Tests.Channel;
using Xunit;

namespace SeaNet.Tests.Namespace;

/// <summary>What the daemon publishes is what a shim reading the shared index finds.</summary>
public sealed unsafe class IndexPublicationTests : IDisposable
{
    private readonly TestChannel channel = new(indexSlots: 64);
    private readonly SharedRegion region;
    private readonly IndexTable table;
    private readonly NamespaceIndex index;
    private readonly IndexReader reader;

    public IndexPublicationTests()
    {
        region = channel.Open();
        table = new IndexTable(region.Index, region.IndexSlots);
        index = new NamespaceIndex(table);
        reader = new IndexReader(region);
    }

    public void Dispose()
    {
        region.Dispose();
        channel.Dispose();
    }

    [Fact]
    public void A_recorded_file_is_found_with_its_tier_size_and_state()
    {
        index.Set(channel.V("sub-01/anat.nii.gz"), new FileRecord(1, 4096, IndexState.Dirty));
        index.Set(channel.V("clean"), new FileRecord(2, 7, IndexState.Clean));

        Assert.Equal(new IndexReader.Hit(1, 4096, IndexState.Dirty), reader.Find(channel.V("sub-01/anat.nii.gz")));
        Assert.Equal(new IndexReader.Hit(2, 7, IndexState.Clean), reader.Find(channel.V("clean")));
        Assert.Null(reader.Find(channel.V("never-written")));
    }

    [Fact]
    public void Updating_a_record_rewrites_its_entry_in_place()
    {
        index.Set(channel.V("f"), new FileRecord(0, 1, IndexState.Dirty));
        index.Set(channel.V("f"), new FileRecord(1, 2, IndexState.Dirty));

        Assert.Equal(new IndexReader.Hit(1, 2, IndexState.Dirty), reader.Find(channel.V("f")));
        Assert.Equal(1, table.Live);
    }

    [Fact]
    public void A_removed_file_leaves_a_tombstone_that_reads_as_a_miss_and_is_reused_on_return()
    {
        index.Set(channel.V("gone"), new FileRecord(0, 1, IndexState.Dirty));
        Assert.True(index.Remove(channel.V("gone"), out FileRecord removed));
        Assert.Equal(1, removed.Size);

        Assert.Null(reader.Find(channel.V("gone")));
        Assert.True(reader.IsTombstone(channel.V("gone")));
        Assert.Equal((0, 1), (table.Live, table.Tombstones));

        index.Set(channel.V("gone"), new FileRecord(1, 9, IndexState.Dirty));
        Assert.Equal(new IndexReader.Hit(1, 9, IndexState.Dirty), reader.Find(channel.V("gone")));
        Assert.Equal((1, 0), (table.Live, table.Tombstones));
    }

    [Fact]
    public void Entries_behind_a_tombstone_on_the_probe_chain_stay_reachable()
    {
        // Fill enough keys that chains form in 64 slots, then remove every other one.
        var paths = Enumerable.Range(0, 36).Select(i => channel.V($"f{i}")).ToList();
        foreach (string p in paths)
        {
            index.Set(p, new FileRecord(0, p.Length, IndexState.Dirty));
        }

        for (int i = 0; i < paths.Count; i += 2)
        {
            index.Remove(paths[i], out _);
        }

        for (int i = 0; i < paths.Count; i++)
        {
            Assert.Equal(i % 2 == 1, reader.Find(paths[i]) is not null);
        }
    }

    [Fact]
    public void Churn_rebuilds_the_table_before_tombstones_fill_it_and_nothing_live_is_lost()
    {
        var live = new HashSet<string>();
        for (int i = 0; i < 2000; i++)
        {
            string p = channel.V($"churn/{i}");
            index.Set(p, new FileRecord(0, i, IndexState.Dirty));
            live.Add(p);
            if (live.Count > 30)
            {
                string victim = live.First();
                index.Remove(victim, out _);
                live.Remove(victim);
            }

            Assert.True(table.Live + table.Tombstones <= 48, "used slots stay within 3/4");
        }

        Assert.True(index.PublicationRebuilds > 0);
        foreach (string p in live)
        {
            Assert.NotNull(reader.Find(p));
        }
    }

    [Fact]
    public void Past_the_live_limit_files_stay_private_and_lookups_still_end()
    {
        for (int i = 0; i < 100; i++)
        {
            index.Set(channel.V($"many/{i}"), new FileRecord(0, i, IndexState.Dirty));
        }

        Assert.Equal(100, index.Count);
        Assert.Equal(table.MaxLive, table.Live);
        Assert.Equal(100 - table.MaxLive, index.UnpublishedCount);
        Assert.Equal(table.MaxLive, Enumerable.Range(0, 100).Count(i => reader.Find(channel.V($"many/{i}")) is not null));
    }

    [Fact]
    public void Garbage_written_into_the_shared_index_does_not_disturb_the_daemon()
    {
        var random = new Random(7);
        random.NextBytes(new Span<byte>(region.Index, (int)(region.IndexSlots * (uint)sizeof(SeanetIndexEntry))));

        for (int i = 0; i < 30; i++)
        {
            index.Set(channel.V($"after-garbage/{i}"), new FileRecord(1, i, IndexState.Dirty));
        }

        for (int i = 0; i < 30; i++)
        {
            Assert.Equal(new IndexReader.Hit(1, i, IndexState.Dirty), reader.Find(channel.V($"after-garbage/{i}")));
        }
    }

    [Fact]
    public void A_reader_racing_the_writer_never_sees_a_torn_entry()
    {
        string path = channel.V("raced");
        index.Set(path, new FileRecord(0, 0, IndexState.Dirty));
        using var stop = new CancellationTokenSource();
        int consistent = 0;
        string? failure = null;
        var racer = new Thread(() =>
        {
            var own = new IndexReader(region);
            while (!stop.IsCancellationRequested)
            {
                if (own.Find(path) is { } hit)
                {
                    if (hit.Size % 3 != hit.Tier)
                    {
                        failure = $"torn: tier {hit.Tier} size {hit.Size}";
                    }

                    consistent++;
                }
            }
        });
        racer.Start();
        for (int i = 0; i < 300_000; i++)
        {
            index.Set(path, new FileRecord(i % 3, i, IndexState.Dirty));
        }

        stop.Cancel();
        racer.Join();
        Assert.Null(failure);
        Assert.True(consistent > 0);
    }
}
