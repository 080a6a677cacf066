using SeaNet.Core.Channel;
using SeaNet.Core.Configuration;
using SeaNet.Core.Interop;
using SeaNet.Core.Namespace;

namespace SeaNet.Core.Placement;

/// <summary>
/// Capacity accounting per tier: how much is stored (<see cref="TierAccount.Used"/>), how much is
/// promised to files being written (<see cref="TierAccount.Reserved"/>: max_fs per file from its
/// CREATED until its CLOSED_WRITE, or until its writer process is gone), and what the file system
/// really has left (statvfs). From those it derives the room each tier has for one more file,
/// which the shim compares with max_fs to place a new file on the first tier that has room.
/// Accounting for what is being written (not only statvfs) is what keeps a burst of creates from
/// all choosing a tmpfs that fits only one of them.
/// <para>
/// Reservations are keyed by virtual path: one per file however many writers it has, owned by the
/// pid of the last CREATED. A writer that dies without closing (kill -9) never sends
/// CLOSED_WRITE; <see cref="ReleaseDeadWriters"/> (called every second) frees its reservation.
/// </para>
/// Threading: not thread-safe; owned by the daemon's main loop.
/// </summary>
public sealed class CapacityAccounting
{
    /// <summary>While notifications arrive, statvfs is refreshed every second; idle, every 5 s:
    /// free space only changes when someone writes, and 5 s bounds how stale it gets when that
    /// someone is not using SeaNet.</summary>
    public const ulong BusyRefreshNs = 1_000_000_000;

    public const ulong IdleRefreshNs = 5_000_000_000;

    private readonly TierAccount[] tiers;
    private readonly Dictionary<string, Reservation> reservations = new(StringComparer.Ordinal);
    private ulong lastRefreshNs;

    public CapacityAccounting(IReadOnlyList<TierConfig> tiers, long maxFs)
    {
        this.tiers = tiers.Select(t => new TierAccount(t.Path, t.IsPersistent, t.CapacityBytes)).ToArray();
        MaxFs = maxFs;
    }

    public long MaxFs { get; }

    public IReadOnlyList<TierAccount> Tiers => tiers;

    public int ReservationCount => reservations.Count;

    public void AddFile(int tier, long size)
    {
        tiers[tier].Used += size;
        tiers[tier].FileCount++;
    }

    public void RemoveFile(int tier, long size)
    {
        tiers[tier].Used -= size;
        tiers[tier].FileCount--;
    }

    public void Resize(int tier, long delta) => tiers[tier].Used += delta;

    /// <summary>Recomputes used bytes and file counts from scratch (after a rebuild from the tiers).</summary>
    public void Recount(IEnumerable<KeyValuePair<string, FileRecord>> records)
    {
        foreach (TierAccount t in tiers)
        {
            t.Used = 0;
            t.FileCount = 0;
        }

        foreach ((_, FileRecord r) in records)
        {
            AddFile(r.Tier, r.Size);
        }
    }

    /// <summary>True while some process has <paramref name="path"/> open for writing.</summary>
    public bool IsReserved(string path) => reservations.ContainsKey(path);

    /// <summary>Holds max_fs on <paramref name="tier"/> for <paramref name="path"/> while any
    /// writer process has it open; <paramref name="pid"/> joins the writers.</summary>
    public void Reserve(string path, int tier, int pid)
    {
        if (reservations.TryGetValue(path, out Reservation? r) && r.Tier == tier)
        {
            if (!r.Pids.Contains(pid))
            {
                r.Pids.Add(pid);
            }

            return;
        }

        Release(path);
        reservations[path] = new Reservation(tier, [pid]);
        tiers[tier].Reserved += MaxFs;
    }

    /// <summary><paramref name="pid"/> stopped writing <paramref name="path"/>; the reservation
    /// goes when the last writer does.</summary>
    public bool Release(string path, int pid)
    {
        if (!reservations.TryGetValue(path, out Reservation? r))
        {
            return false;
        }

        r.Pids.Remove(pid);
        return r.Pids.Count == 0 && Release(path);
    }

    public bool Release(string path)
    {
        if (!reservations.Remove(path, out Reservation? r))
        {
            return false;
        }

        tiers[r.Tier].Reserved -= MaxFs;
        return true;
    }

    /// <summary>Follows a rename: the reservation of <paramref name="oldPath"/> and of every path below
    /// it move to the new name. <paramref name="newTier"/>, when given, is where the renamed file itself now is.</summary>
    public void MoveReservations(string oldPath, string newPath, int? newTier)
    {
        if (reservations.Remove(oldPath, out Reservation? own))
        {
            Release(newPath);
            Reservation moved = newTier is int t ? own with { Tier = t } : own;
            tiers[own.Tier].Reserved -= MaxFs;
            tiers[moved.Tier].Reserved += MaxFs;
            reservations[newPath] = moved;
        }

        if (reservations.Count == 0)
        {
            return;
        }

        foreach (string p in reservations.Keys.Where(p => VirtualPath.IsBelow(p, oldPath)).ToList())
        {
            Reservation r = reservations[p];
            reservations.Remove(p);
            string destination = newPath + p[oldPath.Length..];
            Release(destination);
            reservations[destination] = r;
        }
    }

    /// <summary>Drops writer processes that are gone; a reservation with no writer left is released.</summary>
    /// <returns>How many were released.</returns>
    public int ReleaseDeadWriters(Func<int, bool> isAlive, List<string>? released = null)
    {
        if (reservations.Count == 0)
        {
            return 0;
        }

        var verdict = new Dictionary<int, bool>();
        var dead = new List<string>();
        foreach ((string path, Reservation r) in reservations)
        {
            r.Pids.RemoveAll(pid => !(verdict.TryGetValue(pid, out bool alive) ? alive : verdict[pid] = isAlive(pid)));
            if (r.Pids.Count == 0)
            {
                dead.Add(path);
            }
        }

        foreach (string p in dead)
        {
            Release(p);
        }

        released?.AddRange(dead);
        return dead.Count;
    }

    /// <summary>Refreshes capacity and free space with statvfs if <see cref="BusyRefreshNs"/> (busy) or
    /// <see cref="IdleRefreshNs"/> have passed since the last refresh.</summary>
    /// <returns>True if it refreshed.</returns>
    public bool RefreshFileSystemsIfDue(ulong nowNs, bool busy)
    {
        ulong age = nowNs - lastRefreshNs;
        if (lastRefreshNs != 0 && age < (busy ? BusyRefreshNs : IdleRefreshNs))
        {
            return false;
        }

        RefreshFileSystems();
        lastRefreshNs = nowNs;
        return true;
    }

    /// <summary>statvfs on every tier now. A tier that cannot be stat'ed gets 0 free (so nothing is placed
    /// there) and its <see cref="TierAccount.FileSystemError"/> set.</summary>
    public void RefreshFileSystems()
    {
        foreach (TierAccount t in tiers)
        {
            if (FileSystemSpace.TryGet(t.Root, out FileSystemSpace space, out Errno errno))
            {
                t.FsFree = space.AvailableBytes;
                t.Capacity = t.ConfiguredCapacity ?? space.TotalBytes;
                t.FileSystemError = null;
            }
            else
            {
                t.FsFree = 0;
                t.Capacity = t.ConfiguredCapacity ?? t.Capacity;
                t.FileSystemError = errno.Describe();
            }
        }

        RecomputeRoom();
    }

    public void RecomputeRoom()
    {
        foreach (TierAccount t in tiers)
        {
            long room = t.IsPersistent
                ? t.FsFree
                : Math.Min(t.Capacity - t.Used - t.Reserved, t.FsFree - t.Reserved);
            t.Room = Math.Max(0, room);
        }
    }

    /// <summary>Writes every tier's numbers into the shared tier table (each field an atomic 64-bit store).</summary>
    public unsafe void PublishTo(SharedRegion region)
    {
        RecomputeRoom();
        for (int i = 0; i < tiers.Length && i < region.TierCount; i++)
        {
            TierAccount t = tiers[i];
            ref SeanetTier row = ref region.Tier(i);
            Volatile.Write(ref row.CapacityBytes, t.Capacity);
            Volatile.Write(ref row.UsedBytes, t.Used);
            Volatile.Write(ref row.ReservedBytes, t.Reserved);
            Volatile.Write(ref row.FsFreeBytes, t.FsFree);
            Volatile.Write(ref row.RoomBytes, t.Room);
            Volatile.Write(ref row.FileCount, t.FileCount);
        }
    }

    /// <summary>The tier a new file would be placed on now: the first with room ≥ max_fs, else the persistent one.</summary>
    public int ChooseTier()
    {
        for (int i = 0; i < tiers.Length; i++)
        {
            if (tiers[i].IsPersistent || tiers[i].Room >= MaxFs)
            {
                return i;
            }
        }

        return tiers.Length - 1;
    }

    /// <summary>One max_fs held for a file, with the processes writing it (usually one).</summary>
    private sealed record Reservation(int Tier, List<int> Pids);
}
