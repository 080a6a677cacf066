using SeaNet.Core.Channel;

namespace SeaNet.Tests.Channel;

/// <summary>A fresh region on temporary tiers, its consumer and a shim-like producer, per test.</summary>
public abstract class RingTestBase : IDisposable
{
    protected RingTestBase()
    {
        Region = Channel.Open();
        Ring = new NotificationRing(Region, Channel.Mount);
        Producer = new RingProducer(Region);
    }

    protected TestChannel Channel { get; } = new();

    protected SharedRegion Region { get; }

    protected NotificationRing Ring { get; }

    protected RingProducer Producer { get; }

    public void Dispose()
    {
        Region.Dispose();
        Channel.Dispose();
        GC.SuppressFinalize(this);
    }
}
