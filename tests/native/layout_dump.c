/* Prints the C view of every shared-memory structure in seanet_shm.h, one fact per line:
 *
 *   sizeof <struct> <bytes>
 *   field <struct>.<field> <offset> <size> <type: u8 i32 u32 i64 u64, or bytes[] / u64[] for arrays>
 *   const <NAME> <decimal value>
 *   hash <hex of the input bytes, "-" for empty> <seanet_path_hash, decimal>
 *
 * tests/SeaNet.Core.Tests/Channel/LayoutAgreementTests.cs compiles this, runs it and checks
 * every line against the C# mirror (src/SeaNet.Core/Channel/ShmLayout.cs). Add a line here
 * for every field or constant added to the header. */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "seanet_shm.h"

#define SIZE(s) printf("sizeof %s %zu\n", #s, sizeof(struct s))
/* Arrays decay to pointers in _Generic's controlling expression, hence the pointer cases. */
#define TYPE(x) \
    _Generic((x), uint8_t: "u8", int32_t: "i32", uint32_t: "u32", int64_t: "i64", uint64_t: "u64", char *: "bytes[]",  \
             uint8_t *: "bytes[]", uint64_t *: "u64[]", default: "unknown")
#define FIELD(s, f)                                                                               \
    printf("field %s.%s %zu %zu %s\n", #s, #f, offsetof(struct s, f), sizeof(((struct s *)0)->f), \
           TYPE(((struct s *)0)->f))
#define CONST(c) printf("const %s %llu\n", #c, (unsigned long long)(c))

static void hash(const char *s)
{
    printf("hash ");
    if (!*s)
        printf("-");
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        printf("%02x", *p);
    printf(" %llu\n", (unsigned long long)seanet_path_hash(s));
}

int main(void)
{
    SIZE(seanet_tier);
    FIELD(seanet_tier, root);
    FIELD(seanet_tier, flags);
    FIELD(seanet_tier, reserved0);
    FIELD(seanet_tier, capacity_bytes);
    FIELD(seanet_tier, used_bytes);
    FIELD(seanet_tier, reserved_bytes);
    FIELD(seanet_tier, fs_free_bytes);
    FIELD(seanet_tier, room_bytes);
    FIELD(seanet_tier, file_count);
    FIELD(seanet_tier, inflight_bytes);
    FIELD(seanet_tier, pad);

    SIZE(seanet_header);
    FIELD(seanet_header, magic);
    FIELD(seanet_header, version);
    FIELD(seanet_header, header_size);
    FIELD(seanet_header, total_size);
    FIELD(seanet_header, daemon_pid);
    FIELD(seanet_header, daemon_state);
    FIELD(seanet_header, heartbeat_ns);
    FIELD(seanet_header, generation);
    FIELD(seanet_header, max_fs);
    FIELD(seanet_header, n_tiers);
    FIELD(seanet_header, ring_slots);
    FIELD(seanet_header, msg_size);
    FIELD(seanet_header, index_slots);
    FIELD(seanet_header, tiers_offset);
    FIELD(seanet_header, ring_offset);
    FIELD(seanet_header, index_offset);
    FIELD(seanet_header, mount);
    FIELD(seanet_header, pad0);
    FIELD(seanet_header, ring_tail);
    FIELD(seanet_header, pad1);
    FIELD(seanet_header, ring_head);
    FIELD(seanet_header, consumer_sleeping);
    FIELD(seanet_header, pad2);
    FIELD(seanet_header, dropped);
    FIELD(seanet_header, pad3);

    SIZE(seanet_msg);
    FIELD(seanet_msg, seq);
    FIELD(seanet_msg, op);
    FIELD(seanet_msg, tier);
    FIELD(seanet_msg, pid);
    FIELD(seanet_msg, path_len);
    FIELD(seanet_msg, size);
    FIELD(seanet_msg, path);

    SIZE(seanet_index_entry);
    FIELD(seanet_index_entry, seq);
    FIELD(seanet_index_entry, key);
    FIELD(seanet_index_entry, size);
    FIELD(seanet_index_entry, tier);
    FIELD(seanet_index_entry, state);
    FIELD(seanet_index_entry, pad);

    CONST(SEANET_SHM_MAGIC);
    CONST(SEANET_SHM_VERSION);
    CONST(SEANET_MAX_TIERS);
    CONST(SEANET_ROOT_MAX);
    CONST(SEANET_RING_SLOTS);
    CONST(SEANET_MSG_PATH_MAX);
    CONST(SEANET_INDEX_SLOTS_DEFAULT);
    CONST(SEANET_INDEX_SLOTS_MIN);
    CONST(SEANET_DAEMON_STARTING);
    CONST(SEANET_DAEMON_RUNNING);
    CONST(SEANET_DAEMON_STOPPING);
    CONST(SEANET_TIER_PERSISTENT);
    CONST(SEANET_OP_CREATED);
    CONST(SEANET_OP_CLOSED_WRITE);
    CONST(SEANET_OP_REMOVED);
    CONST(SEANET_OP_RENAMED);
    CONST(SEANET_OP_MKDIR);
    CONST(SEANET_OP_RMDIR);
    CONST(SEANET_OP_TRUNCATED);
    CONST(SEANET_OP_OPENED_WRITE);
    CONST(SEANET_OP_EXCHANGED);
    CONST(SEANET_STATE_EMPTY);
    CONST(SEANET_STATE_DIRTY);
    CONST(SEANET_STATE_CLEAN);
    CONST(SEANET_STATE_STALE);
    CONST(SEANET_STATE_TOMBSTONE);
    CONST(SEANET_MSG_SIZE);
    CONST(SEANET_TIERS_OFFSET);
    CONST(SEANET_RING_OFFSET);
    CONST(SEANET_INDEX_OFFSET);
    printf("string SEANET_HIDDEN_PREFIX %s\n", SEANET_HIDDEN_PREFIX);
    printf("const SEANET_REGION_SIZE(1024) %llu\n", (unsigned long long)SEANET_REGION_SIZE(1024));
    printf("const SEANET_REGION_SIZE(SEANET_INDEX_SLOTS_DEFAULT) %llu\n",
           (unsigned long long)SEANET_REGION_SIZE(SEANET_INDEX_SLOTS_DEFAULT));

    static const char *vectors[] = {
        "",
        "/",
        "a",
        "/mnt",
        "/sea/mount/sub/dir/file.nii.gz",
        "/scratch/user/sea_mount/derivatives/sub-01/anat/sub-01_T1w.json",
        "/mnt/caf\xc3\xa9/\xe6\x97\xa5\xe6\x9c\xac.txt",
        "/mnt/with space/and\ttab",
    };
    for (size_t i = 0; i < sizeof vectors / sizeof vectors[0]; i++)
        hash(vectors[i]);
    return 0;
}
