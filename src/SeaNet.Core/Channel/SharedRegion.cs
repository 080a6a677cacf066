using System.Runtime.CompilerServices;
using SeaNet.Core.Interop;

namespace SeaNet.Core.Channel;

/// <summary>
/// The mapped shared-memory region <c>[header | tier table | ring | index]</c> (see
/// native/include/seanet_shm.h and docs/protocol.md).
/// <para>
/// Concurrency: exactly one daemon maps it writable (<see cref="CreateOrReinitialise"/>); any
/// number of shims and <c>sea status</c> map it (<see cref="TryOpenReadOnly"/>). The daemon is
/// the only writer of everything except <c>ring_tail</c>, <c>dropped</c>, the ring slots a
/// producer holds a ticket for, and <c>consumer_sleeping</c> (reset by a waking producer).
/// All shared words are accessed through <see cref="Volatile"/> or <see cref="Interlocked"/>.
/// This object itself is not thread-safe: the daemon's main loop owns it, except
/// <see cref="NotificationRing.WakeConsumer"/> which may be called from a signal handler.
/// </para>
/// </summary>
public sealed unsafe partial class SharedRegion : IDisposable
{
    /// <summary>0600: the channel is private to the user.</summary>
    private const uint RegionMode = 0x180;

    private readonly SafeFd fd;
    private byte* map;
    private readonly nuint length;

    private SharedRegion(string path, SafeFd fd, byte* map, nuint length, bool writable)
    {
        Path = path;
        this.fd = fd;
        this.map = map;
        this.length = length;
        IsWritable = writable;
    }

    public string Path { get; }

    public bool IsWritable { get; }

    public ulong Length => length;

    public SeanetHeader* Header => (SeanetHeader*)map;

    public SeanetTier* TierTable => (SeanetTier*)(map + ShmLayout.TiersOffset);

    public SeanetMsg* Ring => (SeanetMsg*)(map + ShmLayout.RingOffset);

    public SeanetIndexEntry* Index => (SeanetIndexEntry*)(map + ShmLayout.IndexOffset);

    /// <summary>Index slots, as the header says (validated against the file size when opened).</summary>
    public uint IndexSlots => Header->IndexSlots;

    public int TierCount => (int)Header->NTiers;

    public DaemonState State => (DaemonState)Volatile.Read(ref Header->DaemonState);

    /// <summary>Opens (creating if needed) the region file for the daemon: O_CREAT|O_RDWR|O_NOFOLLOW,
    /// mode 0600, refused unless it is a regular file with one link owned by us; sized to
    /// SEANET_REGION_SIZE(index_slots), mapped shared, then initialised (<see cref="Initialise"/>)
    /// and left in state STARTING. Throws <see cref="IOException"/> (start-up only).</summary>
    public static SharedRegion CreateOrReinitialise(string path, RegionSpec spec)
    {
        if (spec.Validate() is { } problem)
        {
            ThrowHelper.ThrowArgument(problem, nameof(spec));
        }

        SafeFd fd = Libc.open(path, Libc.O_RDWR | Libc.O_CREAT | Libc.O_NOFOLLOW | Libc.O_CLOEXEC, RegionMode);
        if (fd.IsInvalid)
        {
            ThrowHelper.ThrowIO("cannot open channel region", path, LastErrno.Get());
        }

        try
        {
            if (!TryCheckOwnership(fd, path, out ulong existingSize, out string? why))
            {
                ThrowHelper.ThrowIO(why);
            }

            if (Libc.fchmod(fd, RegionMode) != 0)
            {
                ThrowHelper.ThrowIO("cannot chmod 0600", path, LastErrno.Get());
            }

            ulong size = ShmLayout.RegionSize(spec.IndexSlots);
            if (Libc.ftruncate(fd, (long)size) != 0)
            {
                ThrowHelper.ThrowIO($"cannot size to {size} bytes", path, LastErrno.Get());
            }

            void* p = Libc.mmap(null, (nuint)size, Libc.PROT_READ | Libc.PROT_WRITE, Libc.MAP_SHARED, fd, 0);
            if (p == Libc.MAP_FAILED)
            {
                ThrowHelper.ThrowIO("cannot map", path, LastErrno.Get());
            }

            var region = new SharedRegion(path, fd, (byte*)p, (nuint)size, writable: true);
            bool wasOurs = existingSize >= (ulong)sizeof(SeanetHeader)
                && Volatile.Read(ref region.Header->Magic) == ShmLayout.Magic
                && region.Header->Version == ShmLayout.Version;
            region.Initialise(spec, wasOurs);
            return region;
        }
        catch
        {
            fd.Dispose();
            throw;
        }
    }

    /// <summary>Maps an existing region read-only and validates its header against the file
    /// (magic, version, sizes, offsets). Used by <c>sea status</c> and by the launcher while it
    /// waits for the daemon. Never throws.</summary>
    public static bool TryOpenReadOnly(string path, out SharedRegion? region, out string error)
    {
        region = null;
        SafeFd fd = Libc.open(path, Libc.O_RDONLY | Libc.O_NOFOLLOW | Libc.O_CLOEXEC, 0);
        if (fd.IsInvalid)
        {
            error = $"{path}: {LastErrno.Get().Describe()}";
            return false;
        }

        if (!TryCheckOwnership(fd, path, out ulong size, out string? why))
        {
            fd.Dispose();
            error = why;
            return false;
        }

        if (size < ShmLayout.IndexOffset)
        {
            fd.Dispose();
            error = $"{path}: {size} bytes, too small to be a SeaNet channel (yet)";
            return false;
        }

        void* p = Libc.mmap(null, (nuint)size, Libc.PROT_READ, Libc.MAP_SHARED, fd, 0);
        if (p == Libc.MAP_FAILED)
        {
            error = $"{path}: cannot map: {LastErrno.Get().Describe()}";
            fd.Dispose();
            return false;
        }

        var r = new SharedRegion(path, fd, (byte*)p, (nuint)size, writable: false);
        SeanetHeader* h = r.Header;
        error = Volatile.Read(ref h->Magic) != ShmLayout.Magic ? "not a SeaNet channel (bad magic)"
            : h->Version != ShmLayout.Version ? $"channel version {h->Version}, this program speaks {ShmLayout.Version}"
            : h->HeaderSize != (uint)sizeof(SeanetHeader) ? $"header_size {h->HeaderSize}"
            : h->TotalSize != size ? $"total_size {h->TotalSize} but the file has {size} bytes"
            : h->NTiers is 0 or > ShmLayout.MaxTiers ? $"n_tiers {h->NTiers}"
            : h->RingSlots != ShmLayout.RingSlots || h->MsgSize != ShmLayout.MsgSize ? "ring geometry differs"
            : h->TiersOffset != ShmLayout.TiersOffset || h->RingOffset != ShmLayout.RingOffset || h->IndexOffset != ShmLayout.IndexOffset ? "offsets differ"
            : ShmLayout.RegionSize(h->IndexSlots) != size ? $"index_slots {h->IndexSlots} does not match the size"
            : string.Empty;
        if (error.Length != 0)
        {
            error = $"{path}: {error}";
            r.Dispose();
            return false;
        }

        region = r;
        return true;
    }

    /// <summary>The region must be ours alone: a regular file, one link, our uid. Anything else in a
    /// world-writable /dev/shm could be another user's trap.</summary>
    private static bool TryCheckOwnership(SafeFd fd, string path, out ulong size, out string error)
    {
        Libc.Statx st;
        size = 0;
        if (Libc.fstatx(fd, string.Empty, Libc.AT_EMPTY_PATH, Libc.STATX_BASIC_STATS, &st) != 0)
        {
            error = $"cannot stat {path}: {LastErrno.Get().Describe()}";
            return false;
        }

        uint uid = Libc.getuid();
        error = (st.stx_mode & Libc.S_IFMT) != Libc.S_IFREG ? $"{path} is not a regular file: refusing to use it as a channel"
            : st.stx_uid != uid ? $"{path} belongs to uid {st.stx_uid}, not to us ({uid}): refusing to use it"
            : st.stx_nlink != 1 ? $"{path} has {st.stx_nlink} links: refusing to use it"
            : string.Empty;
        size = st.stx_size;
        return error.Length == 0;
    }

    /// <summary>Publishes the daemon's state (release store).</summary>
    public void SetState(DaemonState state) => Volatile.Write(ref Header->DaemonState, (uint)state);

    /// <summary>Writes CLOCK_MONOTONIC into heartbeat_ns.</summary>
    public void Beat() => Volatile.Write(ref Header->HeartbeatNs, MonotonicClock.NowNs());

    /// <summary>Row <paramref name="i"/> of the tier table.</summary>
    public ref SeanetTier Tier(int i) => ref Unsafe.AsRef<SeanetTier>(TierTable + i);

    public void Dispose()
    {
        if (map != null)
        {
            Libc.munmap(map, length);
            map = null;
        }

        fd.Dispose();
    }
}
