using SeaNet.Core.Channel;
using SeaNet.Core.Namespace;
using SeaNet.Core.Placement;
using SeaNet.Tests.Channel;

namespace SeaNet.Tests.Namespace;

/// <summary>A published index, accounting and applier over a <see cref="TestChannel"/>.</summary>
public sealed unsafe class ApplierFixture : IDisposable
{
    public ApplierFixture(long maxFs = 1000)
    {
        Channel = new TestChannel(indexSlots: 1024, maxFs: maxFs);
        Region = Channel.Open();
        Index = new NamespaceIndex(new IndexTable(Region.Index, Region.IndexSlots));
        Accounting = new CapacityAccounting(Channel.Config.Tiers, maxFs);
        Applier = new NotificationApplier(Index, Accounting, Channel.Mount);
        Reader = new IndexReader(Region);
    }

    public TestChannel Channel { get; }

    public SharedRegion Region { get; }

    public NamespaceIndex Index { get; }

    public CapacityAccounting Accounting { get; }

    public NotificationApplier Applier { get; }

    public IndexReader Reader { get; }

    public string V(string relative) => Channel.V(relative);

    public ApplyOutcome Send(NotificationOp op, int tier, string relative, long size = 0, string? newRelative = null, int pid = 4242) =>
        Applier.Apply(new Notification(op, tier, pid, size, V(relative), newRelative is null ? null : V(newRelative)));

    public FileRecord Record(string relative) => Index.TryGet(V(relative), out FileRecord r) ? r : throw new KeyNotFoundException(relative);

    public bool Has(string relative) => Index.TryGet(V(relative), out _);

    public TierAccount Tier(int i) => Accounting.Tiers[i];

    public void Dispose()
    {
        Region.Dispose();
        Channel.Dispose();
    }
}
