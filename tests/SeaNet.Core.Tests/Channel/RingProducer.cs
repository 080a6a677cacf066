using System.Text;
using SeaNet.Core.Channel;
using SeaNet.Core.Interop;
using SeaNet.Testing;
using Xunit;

namespace SeaNet.Tests.Channel;

/// <summary>
/// The shim's side of the ring, in C#, following the protocol in docs/protocol.md exactly
/// (native/src/channel/channel.c is the real one): Vyukov enqueue that takes a ticket only when
/// its slot is free, drops and counts when full, publishes with a release store, then a full
/// fence and a futex wake if the consumer sleeps. Also writes deliberate garbage.
/// </summary>
public sealed unsafe class RingProducer(SharedRegion region)
{
    private const ulong Mask = ShmLayout.RingSlots - 1;

    public int Pid { get; set; } = Environment.ProcessId;

    public bool Send(NotificationOp op, int tier, string path, string? path2 = null, long size = 0) =>
        SendRaw((uint)op, (uint)tier, Pid, size, Encode(path, path2));

    public static byte[] Encode(string path, string? path2 = null) =>
        Encoding.UTF8.GetBytes(path2 is null ? path + "\0" : path + "\0" + path2 + "\0");

    /// <summary>Enqueues arbitrary field values and path bytes (path_len = bytes.Length, clamped to the slot).</summary>
    public bool SendRaw(uint op, uint tier, int pid, long size, byte[] path, uint? pathLen = null) =>
        Enqueue(m =>
        {
            m->Op = op;
            m->Tier = tier;
            m->Pid = pid;
            m->Size = size;
            m->PathLen = pathLen ?? (uint)path.Length;
            path.AsSpan(0, Math.Min(path.Length, ShmLayout.MsgPathMax)).CopyTo(new Span<byte>(m->Path, ShmLayout.MsgPathMax));
        });

    /// <summary>Fills a slot with random bytes, then marks it full (as a corrupted producer would).</summary>
    public bool SendRandom(Random random) =>
        Enqueue(m =>
        {
            var body = new Span<byte>((byte*)m + sizeof(ulong), sizeof(SeanetMsg) - sizeof(ulong));
            random.NextBytes(body);
        });

    /// <summary>Takes a ticket and never publishes it (a producer killed mid-write). Returns the ticket.</summary>
    public ulong TakeTicketAndDie()
    {
        SeanetHeader* h = region.Header;
        ulong pos = Volatile.Read(ref h->RingTail);
        Assert.Equal(pos, Volatile.Read(ref region.Ring[pos & Mask].Seq));
        Assert.Equal(pos, Interlocked.CompareExchange(ref h->RingTail, pos + 1, pos));
        return pos;
    }

    private delegate void Fill(SeanetMsg* slot);

    private bool Enqueue(Fill fill)
    {
        SeanetMsg* m = ShimRing.TryClaim(region, out ulong ticket);
        if (m == null)
        {
            return false;
        }

        fill(m);
        ShimRing.Publish(region, m, ticket);
        return true;
    }
}
