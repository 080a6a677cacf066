/* What the shim knows about fds it opened under the mount: the virtual path (for *at calls
 * and fdopendir on a directory fd) and whether to tell the daemon at close.
 *
 * A fixed two-level array indexed by fd, slots are atomic pointers: no lock on any path.
 * Chunks of 1024 slots are allocated on first use and never freed (bounded by the fd limit),
 * records are freed when their fd is closed, so memory does not grow with the call count.
 * Reusing a record after another thread closed its fd is the application's fd race, as with
 * the kernel's own fd table. */
#include <stdlib.h>
#include <string.h>

#include "../shim.h"

#define CHUNK_BITS 10
#define CHUNK (1u << CHUNK_BITS)
#define N_CHUNKS 1024u /* fds up to 1,048,575 are tracked */

static struct sn_fdrec **chunks[N_CHUNKS];

static struct sn_fdrec **slot(int fd, bool create)
{
    if (fd < 0 || (unsigned)fd >= CHUNK * N_CHUNKS) {
        if (create)
            sn_warn_once(SN_WARN_FD_RANGE, "fd %d beyond the shim's table; its close is not reported", fd);
        return NULL;
    }
    unsigned c = (unsigned)fd >> CHUNK_BITS;
    struct sn_fdrec **chunk = __atomic_load_n(&chunks[c], __ATOMIC_ACQUIRE);
    if (!chunk) {
        if (!create)
            return NULL;
        struct sn_fdrec **fresh = calloc(CHUNK, sizeof *fresh);
        if (!fresh)
            return NULL;
        if (!__atomic_compare_exchange_n(&chunks[c], &chunk, fresh, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
            free(fresh); /* another thread won; chunk now holds its array */
        else
            chunk = fresh;
    }
    return &chunk[(unsigned)fd & (CHUNK - 1)];
}

void sn_fd_set(int fd, int tier, unsigned flags, const char *vpath, size_t len)
{
    struct sn_fdrec **s = slot(fd, true);
    if (!s)
        return;
    SN_ERRNO_SAVE;
    struct sn_fdrec *rec = malloc(sizeof *rec + len + 1);
    if (rec) {
        rec->tier = tier;
        rec->flags = flags;
        rec->len = len;
        memcpy(rec->vpath, vpath, len);
        rec->vpath[len] = 0;
    }
    free(__atomic_exchange_n(s, rec, __ATOMIC_ACQ_REL)); /* a stale record of a closed fd */
    SN_ERRNO_RESTORE;
}

struct sn_fdrec *sn_fd_get(int fd)
{
    struct sn_fdrec **s = slot(fd, false);
    return s ? __atomic_load_n(s, __ATOMIC_ACQUIRE) : NULL;
}

struct sn_fdrec *sn_fd_take(int fd)
{
    struct sn_fdrec **s = slot(fd, false);
    if (!s || !__atomic_load_n(s, __ATOMIC_RELAXED))
        return NULL; /* the common case (not ours) writes nothing */
    return __atomic_exchange_n(s, NULL, __ATOMIC_ACQ_REL);
}

void sn_fd_copy(int from, int to)
{
    struct sn_fdrec *rec = sn_fd_get(from);
    struct sn_fdrec *old = sn_fd_take(to);
    if (old) {
        sn_fd_closing(old, -1);
        free(old);
    }
    if (rec)
        sn_fd_set(to, rec->tier, rec->flags & ~SN_FD_CREATED, rec->vpath, rec->len);
}
