using SeaNet.Core.Channel;
using SeaNet.Core.Namespace;
using SeaNet.Core.Placement;

namespace SeaNet.Preload.Daemon;

/// <summary>What tests look at after driving a daemon in-process (read them only once <see cref="Run"/> has returned,
/// or accept that they are being mutated by the loop).</summary>
internal sealed partial class DaemonHost
{
    internal SharedRegion RegionForTests => region;

    internal NamespaceIndex IndexForTests => index;

    internal CapacityAccounting AccountingForTests => accounting;

    internal RingStats RingStatsForTests => ring.Stats;
}
