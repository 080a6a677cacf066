/* What the shim knows about fds it opened under the mount: the virtual path (for *at calls
 * and fdopendir on a directory fd) and whether to tell the daemon at close.
 *
 * A fixed two-level array indexed by fd, slots are atomic pointers: no lock on any path.
 * Chunks of 1024 slots are allocated on first use and never freed (bounded by the fd limit),
 * records are freed when their fd is closed, so memory does not grow with the call count.
 * Reusing a record after another thread closed its fd is the application's fd race, as with
 * the kernel's own fd table. */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
        rec->refs = 1;
        rec->tier = tier;
        rec->flags = flags;
        rec->len = len;
        memcpy(rec->vpath, vpath, len);
        rec->vpath[len] = 0;
    }
    /* a stale record: its fd was closed behind our back (a raw syscall) */
    sn_fd_release(__atomic_exchange_n(s, rec, __ATOMIC_ACQ_REL));
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

void sn_fd_release(struct sn_fdrec *rec)
{
    if (rec && __atomic_sub_fetch(&rec->refs, 1, __ATOMIC_ACQ_REL) == 0) {
        sn_fd_closing(rec);
        free(rec);
    }
}

/* dup: both fds share one record, so a shell's "exec >file; close(fd)" does not report the
 * file complete while fd 1 still writes it. */
void sn_fd_copy(int from, int to)
{
    struct sn_fdrec *rec = sn_fd_get(from);
    struct sn_fdrec **s = slot(to, rec != NULL);
    if (rec)
        __atomic_add_fetch(&rec->refs, 1, __ATOMIC_ACQ_REL);
    struct sn_fdrec *old = s ? __atomic_exchange_n(s, rec, __ATOMIC_ACQ_REL) : NULL;
    if (!s && rec)
        sn_fd_release(rec);
    sn_fd_release(old); /* the file dup2 closed under to */
}

/* An exec'd program inherits its parent's fds (a shell's "> file" is opened before exec)
 * but not the parent's table. Rebuild the entries for tier files from /proc/self/fd, so
 * their close is reported and *at calls on inherited directory fds resolve. */
void sn_fd_adopt_inherited(void)
{
    DIR *d = real_opendir("/proc/self/fd");
    if (!d)
        return;
    int self = real_dirfd(d);
    struct dirent64 *e;
    char link[64], target[PATH_MAX], virt[PATH_MAX];
    while ((e = real_readdir64(d)) != NULL) {
        char *end;
        long fd = strtol(e->d_name, &end, 10);
        if (*end || fd < 0 || fd == self)
            continue;
        snprintf(link, sizeof link, "/proc/self/fd/%ld", fd);
        ssize_t n = real_readlink(link, target, sizeof target - 1);
        if (n <= 0 || target[0] != '/')
            continue; /* pipes, sockets, anon inodes */
        target[n] = 0;
        if (n > 10 && strcmp(target + n - 10, " (deleted)") == 0)
            continue;
        int tier = sn_real_to_virtual_tier(target, virt, sizeof virt);
        if (tier < 0)
            continue;
        int fl = real_fcntl((int)fd, F_GETFL);
        unsigned flags = (fl >= 0 && (fl & O_ACCMODE) != O_RDONLY) ? SN_FD_WRITE : 0;
        sn_fd_set((int)fd, tier, flags, virt, strlen(virt));
        if (flags & SN_FD_WRITE) /* this process writes it too, until it closes or exits */
            sn_notify(SEANET_OP_OPENED_WRITE, tier, virt, NULL, 0);
    }
    real_closedir(d);
}

void sn_fd_release_range(unsigned first, unsigned last)
{
    for (unsigned c = first >> CHUNK_BITS; c < N_CHUNKS && c <= (last >> CHUNK_BITS); c++) {
        struct sn_fdrec **chunk = __atomic_load_n(&chunks[c], __ATOMIC_ACQUIRE);
        if (!chunk)
            continue;
        for (unsigned i = 0; i < CHUNK; i++) {
            unsigned fd = c * CHUNK + i;
            if (fd < first || fd > last || !__atomic_load_n(&chunk[i], __ATOMIC_RELAXED))
                continue;
            sn_fd_release(__atomic_exchange_n(&chunk[i], NULL, __ATOMIC_ACQ_REL));
        }
    }
}
