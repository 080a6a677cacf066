/* The shim's side of the shared-memory channel (layout: include/seanet_shm.h).
 *
 * Everything here is lock-free and never waits for the daemon: lookups read the index the
 * daemon publishes, notifications are enqueued and forgotten. If the region is missing or
 * looks wrong the shim works without it (tiers are probed directly) and says so once. */
#include <linux/futex.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "../shim.h"

static struct seanet_header *hdr;
static uint32_t index_mask;
static bool healthy_last = true;
/* getpid() is a system call since glibc 2.25; the fork handler refreshes this copy. */
static pid_t my_pid;

void sn_channel_after_fork(void)
{
    my_pid = getpid();
}

#define HEARTBEAT_STALE_NS (2ull * 1000 * 1000 * 1000)

void sn_channel_attach(void)
{
    const char *path = getenv("SEANET_CHANNEL");
    if (!path || !*path) {
        sn_warn_once(SN_WARN_NO_DAEMON, "no SEANET_CHANNEL: working without the daemon (tiers probed directly)");
        return;
    }
    int fd = real_open(path, O_RDWR | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) {
        sn_warn_once(SN_WARN_NO_DAEMON, "cannot open channel %s (%s): working without the daemon", path,
                     strerror(errno));
        return;
    }
    struct stat st;
    void *map = MAP_FAILED;
    if (fstat(fd, &st) == 0 && st.st_uid == getuid() &&
        (size_t)st.st_size >= SEANET_REGION_SIZE(SEANET_INDEX_SLOTS_MIN))
        map = mmap(NULL, (size_t)st.st_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    real_close(fd);
    if (map == MAP_FAILED) {
        sn_warn_once(SN_WARN_NO_DAEMON, "channel %s unusable: working without the daemon", path);
        return;
    }
    struct seanet_header *h = map;
    uint32_t slots = __atomic_load_n(&h->index_slots, __ATOMIC_ACQUIRE);
    if (h->magic != SEANET_SHM_MAGIC || h->version != SEANET_SHM_VERSION || slots < SEANET_INDEX_SLOTS_MIN ||
        (slots & (slots - 1)) != 0 || SEANET_REGION_SIZE(slots) > (uint64_t)st.st_size) {
        munmap(map, (size_t)st.st_size);
        sn_warn_once(SN_WARN_NO_DAEMON, "channel %s has an unknown layout: working without the daemon", path);
        return;
    }
    index_mask = slots - 1;
    my_pid = getpid();
    hdr = h;
}

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

bool sn_daemon_healthy(void)
{
    if (!hdr)
        return false;
    uint64_t beat = __atomic_load_n(&hdr->heartbeat_ns, __ATOMIC_ACQUIRE);
    uint32_t state = __atomic_load_n(&hdr->daemon_state, __ATOMIC_ACQUIRE);
    bool ok = state == SEANET_DAEMON_RUNNING && now_ns() - beat < HEARTBEAT_STALE_NS;
    if (ok != healthy_last) {
        healthy_last = ok;
        if (!ok)
            sn_warn_once(SN_WARN_NO_DAEMON, "daemon not responding: working without it (tiers probed directly, "
                                            "placement by free space only)");
        else
            sn_warn_once(SN_WARN_DAEMON_BACK, "daemon is back");
    }
    return ok;
}

int sn_index_hint(const struct sn_vpath *v)
{
    uint8_t state;
    return sn_index_lookup(v, &state);
}

int sn_index_lookup(const struct sn_vpath *v, uint8_t *state_out)
{
    if (!hdr)
        return -1;
    struct seanet_index_entry *tab = (void *)((char *)hdr + SEANET_INDEX_OFFSET);
    uint64_t key = seanet_path_hash(v->path);
    uint32_t i = (uint32_t)key & index_mask;
    for (int probe = 0; probe < 32; probe++, i = (i + 1) & index_mask) {
        struct seanet_index_entry *e = &tab[i];
        uint64_t s1 = __atomic_load_n(&e->seq, __ATOMIC_ACQUIRE);
        uint64_t k = __atomic_load_n(&e->key, __ATOMIC_RELAXED);
        uint8_t tier = __atomic_load_n(&e->tier, __ATOMIC_RELAXED);
        uint8_t state = __atomic_load_n(&e->state, __ATOMIC_RELAXED);
        __atomic_thread_fence(__ATOMIC_ACQUIRE);
        if (s1 & 1 || __atomic_load_n(&e->seq, __ATOMIC_RELAXED) != s1)
            return -1; /* being written: probe the tiers instead */
        if (k == 0)
            return -1;
        if (k == key) {
            if (state == SEANET_STATE_TOMBSTONE || tier >= sn_cfg.n_tiers)
                return -1;
            *state_out = state;
            return tier;
        }
    }
    return -1;
}

static struct seanet_tier *tier_row(int t)
{
    if (!hdr || t < 0 || t >= sn_cfg.n_tiers)
        return NULL;
    return (struct seanet_tier *)(void *)((char *)hdr + SEANET_TIERS_OFFSET) + t;
}

bool sn_tier_reserve(int t, int64_t bytes)
{
    struct seanet_tier *row = tier_row(t);
    if (!row)
        return false;
    /* Add first, then check against what was there before us: two shims racing for the last
     * room cannot both get it. */
    int64_t before = __atomic_fetch_add(&row->inflight_bytes, bytes, __ATOMIC_ACQ_REL);
    int64_t room = __atomic_load_n(&row->room_bytes, __ATOMIC_ACQUIRE);
    if (before < 0)
        before = 0; /* a restarted daemon reset the table under an old add */
    if (room - before >= bytes)
        return true;
    __atomic_fetch_sub(&row->inflight_bytes, bytes, __ATOMIC_ACQ_REL);
    return false;
}

void sn_tier_unreserve(int t, int64_t bytes)
{
    struct seanet_tier *row = tier_row(t);
    if (row && bytes > 0)
        __atomic_fetch_sub(&row->inflight_bytes, bytes, __ATOMIC_ACQ_REL);
}

bool sn_notify(uint32_t op, int tier, const char *path, const char *path2, int64_t size)
{
    if (!hdr)
        return false;
    size_t l1 = strlen(path) + 1, l2 = path2 ? strlen(path2) + 1 : 0;
    if (l1 + l2 > SEANET_MSG_PATH_MAX) {
        __atomic_add_fetch(&hdr->dropped, 1, __ATOMIC_RELAXED); /* the daemon rescans */
        return false;
    }
    struct seanet_msg *ring = (void *)((char *)hdr + SEANET_RING_OFFSET);
    uint64_t pos = __atomic_load_n(&hdr->ring_tail, __ATOMIC_RELAXED);
    struct seanet_msg *m;
    for (;;) {
        m = &ring[pos & (SEANET_RING_SLOTS - 1)];
        uint64_t seq = __atomic_load_n(&m->seq, __ATOMIC_ACQUIRE);
        int64_t dif = (int64_t)(seq - pos);
        if (dif == 0) {
            if (__atomic_compare_exchange_n(&hdr->ring_tail, &pos, pos + 1, true, __ATOMIC_RELAXED, __ATOMIC_RELAXED))
                break;
        } else if (dif < 0) {
            __atomic_add_fetch(&hdr->dropped, 1, __ATOMIC_RELAXED); /* full: never wait */
            return false;
        } else {
            pos = __atomic_load_n(&hdr->ring_tail, __ATOMIC_RELAXED);
        }
    }
    m->op = op;
    m->tier = (uint32_t)tier;
    m->pid = (int32_t)my_pid;
    m->size = size;
    m->path_len = (uint32_t)(l1 + l2);
    memcpy(m->path, path, l1);
    if (l2)
        memcpy(m->path + l1, path2, l2);
    __atomic_store_n(&m->seq, pos + 1, __ATOMIC_RELEASE);
    /* Store-load fence: either we see the consumer's "sleeping" or it sees our message. */
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    if (__atomic_load_n(&hdr->consumer_sleeping, __ATOMIC_ACQUIRE) &&
        __atomic_exchange_n(&hdr->consumer_sleeping, 0, __ATOMIC_ACQ_REL) == 1) {
        int saved = errno;
        syscall(SYS_futex, &hdr->consumer_sleeping, FUTEX_WAKE, 1, NULL, NULL, 0);
        errno = saved;
    }
    return true;
}
