/* The shared-memory channel between the shim (C) and seanetd (C#).
 *
 * One region per daemon: a file in /dev/shm, mode 0600, named by $SEANET_CHANNEL.
 * Its C# mirror is src/SeaNet.Core/Channel/ShmLayout.cs; tests/native/layout_dump and
 * tests/SeaNet.Core.Tests/Channel/LayoutAgreementTests.cs prove the two agree field by field.
 *
 *   [ header | tier table | notification ring | namespace index ]
 *
 * - header and tier table: written by the daemon, read by the shim.
 * - ring: a bounded multi-producer single-consumer queue (Vyukov): shims enqueue one-way
 *   notifications and never wait; the daemon drains it. A full ring drops the message and
 *   counts it (the tiers are the truth, the daemon rescans).
 * - index: an open-addressed hash table, written by the daemon only, read by shims without
 *   locks. Each entry is guarded by its own sequence number (odd while being written).
 *   It is a hint: the shim verifies every answer against the tier itself, so a stale, torn
 *   or garbage entry can cost one extra probe but never a wrong result. A miss is never
 *   authoritative (a CREATED still in the ring, a restarted daemon, a full table, files on
 *   the persistent tier, which the daemon does not scan).
 *
 * The daemon rejects (counts and skips) any message with pid <= 0, an op out of range, a
 * tier >= n_tiers on CREATED/CLOSED_WRITE/RENAMED/TRUNCATED, a path that is not valid UTF-8,
 * not normalised, or not under the mount.
 *
 * All integers are little-endian native, naturally aligned; sizes are fixed by static
 * asserts below so a change here fails the build until the C# mirror follows.
 */
#ifndef SEANET_SHM_H
#define SEANET_SHM_H

#include <stdint.h>

#define SEANET_SHM_MAGIC 0x314D485354454E53ULL /* "SNETSHM1" */
#define SEANET_SHM_VERSION 1u

#define SEANET_MAX_TIERS 8
#define SEANET_ROOT_MAX 512                /* longest tier root or mount path, bytes incl. NUL */
#define SEANET_RING_SLOTS 4096             /* power of two */
#define SEANET_MSG_PATH_MAX 992            /* path bytes in one notification, incl. NULs */
#define SEANET_INDEX_SLOTS_DEFAULT 262144u /* power of two; header says the real one */
#define SEANET_INDEX_SLOTS_MIN 64u

/* daemon_state */
#define SEANET_DAEMON_STARTING 0u
#define SEANET_DAEMON_RUNNING 1u
#define SEANET_DAEMON_STOPPING 2u

/* tier flags */
#define SEANET_TIER_PERSISTENT 1u

/* notification ops */
#define SEANET_OP_CREATED 1u      /* path created on tier (file); size = inflight bytes it added */
#define SEANET_OP_CLOSED_WRITE 2u /* this pid closed its last write fd; size -1: the daemon stats it */
#define SEANET_OP_REMOVED 3u      /* file removed from every tier */
#define SEANET_OP_RENAMED 4u      /* path = old NUL new NUL; tier = tier of the moved file */
#define SEANET_OP_MKDIR 5u
#define SEANET_OP_RMDIR 6u
#define SEANET_OP_TRUNCATED 7u    /* size = new size */
#define SEANET_OP_OPENED_WRITE 8u /* an existing file opened (or inherited across exec) for writing */
#define SEANET_OP_EXCHANGED 9u    /* renameat2 RENAME_EXCHANGE: path = a NUL b NUL; each file keeps its tier */

/* Names starting with this prefix on a tier are SeaNet's own (flush temporaries in the
 * persistent tier, prefetch temporaries and eviction tombs in the caches, the flush journal):
 * directory listings through the mount never show them. */
#define SEANET_HIDDEN_PREFIX ".seanet~"

/* index entry states */
#define SEANET_STATE_EMPTY 0u
#define SEANET_STATE_DIRTY 1u /* written in cache, not persisted */
#define SEANET_STATE_CLEAN 2u /* a copy exists on the persistent tier */
#define SEANET_STATE_STALE 3u /* modified in cache since its flush: an older copy is on the persistent tier */
#define SEANET_STATE_TOMBSTONE 255u

struct seanet_tier {
    char root[SEANET_ROOT_MAX]; /* absolute, no trailing slash */
    uint32_t flags;
    uint32_t reserved0;
    int64_t capacity_bytes; /* configured cap, or the file system size */
    int64_t used_bytes;     /* bytes of files the daemon has accounted on this tier */
    int64_t reserved_bytes; /* max_fs for each file currently open for writing */
    int64_t fs_free_bytes;  /* statvfs free space at last refresh */
    int64_t room_bytes;     /* what placement compares with max_fs (see docs/protocol.md) */
    int64_t file_count;
    /* Bytes shims have promised to new files here that the daemon has not accounted yet:
     * a shim adds max_fs (atomically) when it places a file, then sends CREATED with
     * size = what it added; the daemon subtracts it once that reservation is in room_bytes.
     * Room left = room_bytes - inflight_bytes, exact even while the daemon lags. */
    int64_t inflight_bytes;
    uint64_t pad[2];
};

struct seanet_header {
    uint64_t magic;
    uint32_t version;
    uint32_t header_size; /* sizeof(struct seanet_header) */
    uint64_t total_size;  /* bytes of the whole region */
    int32_t daemon_pid;
    uint32_t daemon_state;
    uint64_t heartbeat_ns; /* CLOCK_MONOTONIC, refreshed at least every 250 ms */
    uint64_t generation;   /* bumped each time a daemon (re)initialises the region */
    uint64_t max_fs;       /* bytes one new file may grow to (Sea's max_fs) */
    uint32_t n_tiers;      /* cache tiers + 1 persistent (the last) */
    uint32_t ring_slots;
    uint32_t msg_size;
    uint32_t index_slots;
    uint64_t tiers_offset;
    uint64_t ring_offset;
    uint64_t index_offset;
    char mount[SEANET_ROOT_MAX];
    uint8_t pad0[32];
    /* producer side of the ring, own cache line */
    uint64_t ring_tail; /* next ticket to take (CAS by shims, only when its slot is free) */
    uint8_t pad1[56];
    /* consumer side, own cache line */
    uint64_t ring_head;         /* next ticket the daemon will read */
    uint32_t consumer_sleeping; /* futex word: 1 while the daemon waits for messages */
    uint32_t pad2;
    uint64_t dropped; /* notifications lost to a full ring */
    uint8_t pad3[40];
};

struct seanet_msg {
    uint64_t seq; /* Vyukov sequence: == ticket when free for it, ticket+1 when full */
    uint32_t op;
    uint32_t tier;
    int32_t pid;
    uint32_t path_len; /* bytes used in path incl. the NUL(s) */
    int64_t size;
    char path[SEANET_MSG_PATH_MAX];
};

struct seanet_index_entry {
    uint64_t seq; /* even: stable; odd: being written */
    uint64_t key; /* seanet_path_hash(vpath); 0 = never used */
    int64_t size;
    uint8_t tier;
    uint8_t state;
    uint8_t pad[6];
};

#define SEANET_MSG_SIZE 1024u

_Static_assert(sizeof(struct seanet_tier) == 592, "tier layout changed: update ShmLayout.cs");
_Static_assert(sizeof(struct seanet_header) == 768, "header layout changed: update ShmLayout.cs");
_Static_assert(sizeof(struct seanet_msg) == SEANET_MSG_SIZE, "message layout changed: update ShmLayout.cs");
_Static_assert(sizeof(struct seanet_index_entry) == 32, "index entry changed: update ShmLayout.cs");

/* FNV-1a 64 of the normalised absolute virtual path; 0 is reserved for "empty". */
static inline uint64_t seanet_path_hash(const char *p)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (; *p; p++) {
        h ^= (unsigned char)*p;
        h *= 0x100000001b3ULL;
    }
    return h ? h : 1;
}

/* Offsets are fixed so a shim never trusts an offset read from the region. */
#define SEANET_TIERS_OFFSET 4096ull
#define SEANET_RING_OFFSET 16384ull
#define SEANET_INDEX_OFFSET (SEANET_RING_OFFSET + (uint64_t)SEANET_RING_SLOTS * SEANET_MSG_SIZE)
#define SEANET_REGION_SIZE(index_slots) \
    (SEANET_INDEX_OFFSET + (uint64_t)(index_slots) * sizeof(struct seanet_index_entry))

#endif
