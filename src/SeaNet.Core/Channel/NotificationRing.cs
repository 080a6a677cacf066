using SeaNet.Core.Interop;
using SeaNet.Core.Namespace;

namespace SeaNet.Core.Channel;

/// <summary>
/// The consumer side of the notification ring: a bounded multi-producer single-consumer queue
/// (Vyukov). Producers (shims) take ticket t from <c>ring_tail</c>, write slot t &amp; mask when its
/// seq == t, then publish seq = t + 1. This consumer, and only this one, reads slot head &amp; mask:
/// seq == head + 1 means full; it copies the message, frees the slot for the next lap
/// (seq = head + SLOTS, release) and advances <c>ring_head</c>.
/// <para>
/// Nothing read from the ring is trusted: the slot is copied first (a producer cannot change it
/// under the checks), then op, tier, pid, size, path_len, NUL termination and the paths themselves
/// (<see cref="VirtualPath"/>) are validated. Garbage is counted in <see cref="Stats"/> and skipped;
/// this class never throws on ring content.
/// </para>
/// <para>
/// A ticket taken but never published (a producer killed between its fetch-add and its seq store,
/// or a producer that gave up on a full slot) would stall the queue forever. When
/// <c>ring_tail</c> is ahead of the head and the head slot stays unpublished for
/// <see cref="StallTimeoutNs"/>, the slot is reclaimed with a CAS on its seq (so a producer that
/// publishes at the last moment wins and its message is read instead).
/// </para>
/// <para>
/// Idle waiting (<see cref="WaitForMessages"/>): consumer_sleeping := 1, full fence, re-check
/// the head slot, futex_wait(&amp;consumer_sleeping, 1, timeout). A producer, after publishing,
/// issues a full fence, reads consumer_sleeping and, if 1, CASes it to 0 and futex_wakes. With
/// both fences at least one side sees the other's store, so no wake-up is lost; the timeout
/// bounds the damage of a producer that skips the wake.
/// </para>
/// Threading: <see cref="TryRead"/> and <see cref="WaitForMessages"/> from one thread only;
/// <see cref="WakeConsumer"/> from any thread (e.g. a signal handler asking the loop to stop).
/// </summary>
public sealed unsafe class NotificationRing
{
    /// <summary>500 ms: writing one slot is a ~1 KiB copy, so a producer this late was killed or is
    /// descheduled on a badly overloaded node; losing one hint is cheaper than stalling every
    /// other notification behind it.</summary>
    public const ulong StallTimeoutNs = 500_000_000;

    private const ulong Mask = ShmLayout.RingSlots - 1;

    private readonly SharedRegion region;
    private readonly byte[] mount;
    private readonly int tierCount;
    private ulong head;
    private ulong stalledSinceNs;

    public NotificationRing(SharedRegion region, string mount)
    {
        this.region = region;
        this.mount = System.Text.Encoding.UTF8.GetBytes(mount);
        tierCount = region.TierCount;
        head = Volatile.Read(ref region.Header->RingHead);
    }

    /// <summary>Counters since this consumer started.</summary>
    public RingStats Stats { get; } = new();

    /// <summary>Messages published but not yet consumed (approximate: producers move on).</summary>
    public ulong Backlog
    {
        get
        {
            ulong tail = Volatile.Read(ref region.Header->RingTail);
            return tail > head ? tail - head : 0;
        }
    }

    /// <summary>Reads at most one slot. Never throws, never blocks.</summary>
    public RingRead TryRead(out Notification message, out MessageDefect defect)
    {
        message = default;
        defect = MessageDefect.None;
        SeanetMsg* slot = region.Ring + (head & Mask);
        ulong seq = Volatile.Read(ref slot->Seq);
        if (seq != head + 1)
        {
            return TryReclaimStalled(slot, seq);
        }

        stalledSinceNs = 0;
        SeanetMsg copy = *slot; // validate a private copy: the producer side is untrusted
        Volatile.Write(ref slot->Seq, head + ShmLayout.RingSlots);
        Advance();

        defect = Decode(&copy, out message);
        if (defect != MessageDefect.None)
        {
            Stats.Rejected++;
            return RingRead.Rejected;
        }

        Stats.Consumed++;
        return RingRead.Message;
    }

    /// <summary>Sleeps until a producer publishes (and wakes us) or <paramref name="timeoutMs"/> passes.</summary>
    public void WaitForMessages(int timeoutMs)
    {
        SeanetHeader* h = region.Header;
        Volatile.Write(ref h->ConsumerSleeping, 1u);
        Interlocked.MemoryBarrier();
        if (Volatile.Read(ref region.Ring[head & Mask].Seq) != head + 1)
        {
            Futex.Wait(&h->ConsumerSleeping, 1, timeoutMs);
        }

        Volatile.Write(ref h->ConsumerSleeping, 0u);
    }

    /// <summary>Wakes a consumer blocked in <see cref="WaitForMessages"/> (used to stop the daemon).</summary>
    public void WakeConsumer()
    {
        SeanetHeader* h = region.Header;
        Volatile.Write(ref h->ConsumerSleeping, 0u);
        Futex.Wake(&h->ConsumerSleeping);
    }

    private void Advance()
    {
        head++;
        Volatile.Write(ref region.Header->RingHead, head);
    }

    private RingRead TryReclaimStalled(SeanetMsg* slot, ulong seq)
    {
        ulong tail = Volatile.Read(ref region.Header->RingTail);
        if ((long)(tail - head) <= 0)
        {
            stalledSinceNs = 0;
            return RingRead.Empty;
        }

        ulong now = MonotonicClock.NowNs();
        if (stalledSinceNs == 0)
        {
            stalledSinceNs = now;
            return RingRead.Empty;
        }

        if (now - stalledSinceNs < StallTimeoutNs)
        {
            return RingRead.Empty;
        }

        // A late producer that publishes now makes this CAS fail; we then read its message next time.
        if (Interlocked.CompareExchange(ref slot->Seq, head + ShmLayout.RingSlots, seq) != seq)
        {
            return RingRead.Empty;
        }

        stalledSinceNs = 0;
        Advance();
        Stats.Reclaimed++;
        return RingRead.Reclaimed;
    }

    private MessageDefect Decode(SeanetMsg* m, out Notification message)
    {
        message = default;
        var op = (NotificationOp)m->Op;
        if (m->Op < (uint)NotificationOp.Created || m->Op > (uint)NotificationOp.Exchanged)
        {
            return MessageDefect.BadOp;
        }

        bool usesTier = op is NotificationOp.Created or NotificationOp.ClosedWrite or NotificationOp.Renamed or NotificationOp.Truncated or NotificationOp.OpenedWrite;
        if (usesTier && m->Tier >= (uint)tierCount)
        {
            return MessageDefect.BadTier;
        }

        if (m->Pid <= 0)
        {
            return MessageDefect.BadPid;
        }

        if (((op is NotificationOp.Created or NotificationOp.Truncated) && m->Size < 0) ||
            (op is NotificationOp.ClosedWrite && m->Size < -1))
        {
            return MessageDefect.BadSize;
        }

        if (m->PathLen < 2 || m->PathLen > ShmLayout.MsgPathMax)
        {
            return MessageDefect.BadPathLength;
        }

        var bytes = new ReadOnlySpan<byte>(m->Path, (int)m->PathLen);
        if (bytes[^1] != 0)
        {
            return MessageDefect.BadTermination;
        }

        ReadOnlySpan<byte> first = bytes[..bytes.IndexOf((byte)0)];
        ReadOnlySpan<byte> rest = bytes[(first.Length + 1)..];
        string? second = null;
        if (op is NotificationOp.Renamed or NotificationOp.Exchanged)
        {
            // "old\0new\0" and nothing after.
            int end = rest.IndexOf((byte)0);
            if (end < 0 || end != rest.Length - 1)
            {
                return MessageDefect.BadTermination;
            }

            if (VirtualPath.TryDecode(rest[..end], mount, out string decodedNew) != PathRejection.None)
            {
                return MessageDefect.BadPath;
            }

            second = decodedNew;
        }
        else if (!rest.IsEmpty)
        {
            return MessageDefect.BadTermination;
        }

        if (VirtualPath.TryDecode(first, mount, out string decoded) != PathRejection.None)
        {
            return MessageDefect.BadPath;
        }

        message = new Notification(op, usesTier ? (int)m->Tier : 0, m->Pid, m->Size, decoded, second);
        return MessageDefect.None;
    }
}

/// <summary>Counters of one consumer (read by the daemon's loop and by tests; not shared).</summary>
public sealed class RingStats
{
    public long Consumed { get; set; }

    public long Rejected { get; set; }

    public long Reclaimed { get; set; }
}
