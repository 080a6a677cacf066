/* Internal interface of libseanet (the LD_PRELOAD shim). The data flow is:
 *   calls/     (wrappers: guard → classify → pass through or handle → errno)
 *     → path/    (absolute, normalised virtual path; is it under the mount?)
 *     → tiers/   (which tier holds it; where a new file goes)
 *     → channel/ (the daemon's shared index as a hint; one-way notifications)
 *     → fdtable/ (what we know about fds we opened under the mount)
 */
#ifndef SEANET_SHIM_H
#define SEANET_SHIM_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fts.h>
#include <ftw.h>
#include <glob.h>
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/stat.h>
#include <string.h>
#include <sys/types.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <sys/time.h>
#include <utime.h>

#include "seanet_shm.h"

#define SN_HIDDEN __attribute__((visibility("hidden")))
#define SN_EXPORT __attribute__((visibility("default")))
#define SN_LIKELY(x) __builtin_expect(!!(x), 1)
#define SN_UNLIKELY(x) __builtin_expect(!!(x), 0)

/* ---- init/: real symbols, configuration, reentrancy guard ---- */
#define SEA_FN(ret, name, params, args, cls) extern ret(*real_##name) params SN_HIDDEN;
#include "wrapped.def"
#undef SEA_FN

struct sn_config {
    bool active; /* SEANET_MOUNT set and valid */
    char mount[SEANET_ROOT_MAX];
    size_t mount_len;
    int n_tiers; /* cache tiers + persistent (last) */
    char tier[SEANET_MAX_TIERS][SEANET_ROOT_MAX];
    size_t tier_len[SEANET_MAX_TIERS];
    uint64_t max_fs;
};
extern struct sn_config sn_cfg SN_HIDDEN;
extern __thread int sn_guard SN_HIDDEN __attribute__((tls_model("initial-exec")));

SN_HIDDEN void sn_init(void);
/* Every wrapper calls this first; after start-up it is one load and a branch. */
static inline void sn_ensure_init(void)
{
    extern int sn_initialised SN_HIDDEN;
    if (SN_UNLIKELY(!__atomic_load_n(&sn_initialised, __ATOMIC_ACQUIRE)))
        sn_init();
}
/* Says something on stderr (and in $SEANET_LOG) once per key per process. */
SN_HIDDEN void sn_warn_once(int key, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
enum { SN_WARN_NO_DAEMON, SN_WARN_DAEMON_BACK, SN_WARN_BAD_CONFIG, SN_WARN_FD_RANGE, SN_WARN_MAX };

/* ---- path/ ---- */
/* A virtual path under the mount, absolute and normalised. */
struct sn_vpath {
    char path[PATH_MAX];
    size_t len;
    /* What the caller wrote after the last real component, re-added to every tier path so
     * the kernel's answer stays exact: "" , "/" ("x/": ENOTDIR on a file) or "/." ("x/.":
     * rmdir EINVAL, unlink EISDIR/ENOTDIR, rename EBUSY, never the directory itself). */
    char suffix[3];
};
enum sn_class { SN_PASS = 0, SN_MOUNT = 1, SN_ERROR = -1 };
/* Classifies *pathp (relative to dirfd: AT_FDCWD or a directory fd). On SN_MOUNT fills v.
 * On SN_PASS the caller passes *pathp through; it may have been replaced by an absolute
 * path in v when a path relative to a virtual directory leads out of the mount (then the
 * dirfd no longer matters). SN_ERROR sets errno (ENAMETOOLONG).
 * Paths outside the mount cost one prefix compare and one scan. */
SN_HIDDEN enum sn_class sn_classify(int dirfd, const char **pathp, struct sn_vpath *v);
/* Lexically normalises an absolute path (., .., //) into out; returns length or -1. */
SN_HIDDEN long sn_normalize(const char *in, char *out, size_t outsz);
SN_HIDDEN bool sn_under_mount(const char *norm, size_t len);
/* The virtual cwd (what getcwd reports). */
SN_HIDDEN size_t sn_cwd_get(char *buf, size_t size);
/* tier: the tier whose copy of vpath the kernel's cwd now is, or -1. */
SN_HIDDEN void sn_cwd_set(const char *vpath, int tier);
SN_HIDDEN size_t sn_cwd_rel_offset(const struct sn_vpath *v, int t);
SN_HIDDEN void sn_cwd_refresh_from_kernel(void);
SN_HIDDEN bool sn_cwd_in_mount(void);
/* Maps a real path under a tier root back to the virtual path: the tier index, or -1. */
SN_HIDDEN int sn_real_to_virtual_tier(const char *real, char *out, size_t outsz);

/* ---- tiers/ ---- */
/* Real path of v on tier t, for the kernel to resolve now: relative ("./…") when v is below
 * the cwd and the kernel's cwd is tier t's copy of it (see sn_cwd_rel_offset), else absolute.
 * Returns false on ENAMETOOLONG (errno set). */
SN_HIDDEN bool sn_tier_path(const struct sn_vpath *v, int t, char *out);
/* Always absolute: for a path that outlives the call or is resolved elsewhere (exec, dlopen,
 * posix_spawn's file actions may chdir first). */
SN_HIDDEN bool sn_tier_path_abs(const struct sn_vpath *v, int t, char *out);
/* Topmost tier where v exists (lstat), -1 if none; fills st if given. err gets the errno to
 * report when it exists nowhere (ENOENT, or ENOTDIR/EACCES/ELOOP a tier answered). */
SN_HIDDEN int sn_find(const struct sn_vpath *v, struct stat *st, int *err);
/* False if v certainly is not on tier t (its parent directory is missing there). */
SN_HIDDEN bool sn_maybe_on(const struct sn_vpath *v, int t);
/* The order a lookup tries the tiers in: tier 0 first, with no index read (the topmost copy
 * wins, so a file found there is the answer, and most files are there: reading the daemon's
 * index costs a cache and TLB miss in an 8 MiB table, more than tier 0's own lookup), then the
 * tier the daemon's index names, then the others, each only if v's parent directory is there.
 * Use: struct sn_probe p = SN_PROBE_INIT; for (int t; (t = sn_probe_next(&p, v)) >= 0;) ... */
struct sn_probe {
    int step, hint;
};
#define SN_PROBE_INIT \
    {                 \
        0, -1         \
    }
SN_HIDDEN int sn_index_hint(const struct sn_vpath *v);
static inline int sn_probe_next(struct sn_probe *p, const struct sn_vpath *v)
{
    for (;;) {
        int s = p->step++;
        if (s == 0)
            return 0;
        if (s == 1) {
            p->hint = sn_index_hint(v);
            if (p->hint > 0)
                return p->hint;
            continue;
        }
        int t = s - 1;
        if (t >= sn_cfg.n_tiers)
            return -1;
        if (t != p->hint && sn_maybe_on(v, t))
            return t;
    }
}
/* Just created v on tier t: the tier above it that has v too (a racing creator), or -1. */
SN_HIDDEN int sn_upper_copy(const struct sn_vpath *v, int t);
/* The tier a new file or directory goes to (first cache tier with room, else persistent).
 * With a healthy daemon the shim also reserves max_fs there (tier inflight_bytes); *reserved
 * gets the bytes, which the caller passes on in CREATED or gives back with sn_tier_unreserve. */
SN_HIDDEN int sn_place(int64_t *reserved);
/* Makes sure the parent directory of v exists on tier t, copying modes from the view.
 * Returns 0, or -1 with errno as the kernel would give for the view (ENOENT, ENOTDIR). */
SN_HIDDEN int sn_ensure_parent(const struct sn_vpath *v, int t);
/* Resolves the symlinks along v as the view has them (each looked up on the tier that holds
 * it; the last component only if follow_last or v ends in "/"), at most 40 (ELOOP).
 * SN_LINKS_NONE: none on the way, v unchanged. SN_LINKS_IN_MOUNT: v is the resolved path.
 * SN_LINKS_OUTSIDE: a link led out of the mount; v->path is the absolute real path to hand to
 * the kernel (suffix included). SN_LINKS_ERROR: errno set. */
enum sn_links { SN_LINKS_ERROR = -1, SN_LINKS_NONE = 0, SN_LINKS_IN_MOUNT = 1, SN_LINKS_OUTSIDE = 2 };
SN_HIDDEN enum sn_links sn_resolve_links(struct sn_vpath *v, bool follow_last);
/* Might reaching v on tier t have gone through a symlink? (One system call; true when unsure.) */
SN_HIDDEN bool sn_path_has_link(const struct sn_vpath *v, int t);
/* sn_find of what v names once every symlink on the way and at the end is followed in the view
 * (v becomes that path): for calls that use the path itself (opendir, chdir, exec). The tier,
 * SN_FOUND_OUTSIDE when a link led out of the mount (v->path is then the real path to give the
 * kernel), or -1 with *err the view's answer. Costs one openat2 more than sn_find. */
#define SN_FOUND_OUTSIDE (-2)
SN_HIDDEN int sn_find_followed(struct sn_vpath *v, struct stat *st, int *err);
/* Copy of v's parent path (the mount's parent stays the mount). */
SN_HIDDEN void sn_parent(const struct sn_vpath *v, struct sn_vpath *parent);

/* ---- channel/ ---- */
SN_HIDDEN void sn_channel_attach(void);
SN_HIDDEN void sn_channel_after_fork(void);
SN_HIDDEN bool sn_daemon_healthy(void);
/* Index hint for v: the tier the daemon last saw it on, or -1. */
SN_HIDDEN int sn_index_hint(const struct sn_vpath *v);
/* The daemon's entry for v: its tier (or -1: none, or being written) and its state. */
SN_HIDDEN int sn_index_lookup(const struct sn_vpath *v, uint8_t *state);
/* Reserves max_fs on cache tier t if the room the daemon publishes, less what other shims
 * have reserved and it has not accounted yet, allows it. False: no room, or no daemon. */
SN_HIDDEN bool sn_tier_reserve(int t, int64_t bytes);
SN_HIDDEN void sn_tier_unreserve(int t, int64_t bytes);
/* One-way notification; never waits; dropped (and counted, false) if the ring is full. */
SN_HIDDEN bool sn_notify(uint32_t op, int tier, const char *path, const char *path2, int64_t size);

/* ---- fdtable/ ---- */
#define SN_FD_WRITE 1u   /* opened for writing: tell the daemon at close */
#define SN_FD_CREATED 2u /* we created the file */
#define SN_FD_ABOVE 4u   /* a directory above the mount: only for resolving names relative to it */
struct sn_fdrec {
    int refs; /* fds of this process sharing the record (dup); close reports at the last */
    int tier;
    unsigned flags;
    size_t len;
    char vpath[]; /* virtual path the fd was opened with */
};
SN_HIDDEN void sn_fd_set(int fd, int tier, unsigned flags, const char *vpath, size_t len);
/* The record for fd, or NULL. Valid until that fd is closed. */
SN_HIDDEN struct sn_fdrec *sn_fd_get(int fd);
/* Detaches and returns the record; the caller hands it to sn_fd_release. */
SN_HIDDEN struct sn_fdrec *sn_fd_take(int fd);
/* Drops one fd's hold on rec; the last one reports a written file and frees it. NULL is fine. */
SN_HIDDEN void sn_fd_release(struct sn_fdrec *rec);
/* close_range/closefrom, and at exit all of them: releases the records of fds first..last
 * (only allocated chunks are visited). */
SN_HIDDEN void sn_fd_release_range(unsigned first, unsigned last);
SN_HIDDEN void sn_fd_copy(int from, int to);
/* At start-up: take over fds this process inherited (across exec) that are tier files. */
SN_HIDDEN void sn_fd_adopt_inherited(void);

/* ---- calls/ shared helpers ---- */
/* Opens v with open(2) semantics across tiers; registers the fd. */
SN_HIDDEN int sn_open_vpath(const struct sn_vpath *v, int flags, mode_t mode);
/* Called when a tracked fd is going away (close, dup2 over it, fclose). */
SN_HIDDEN void sn_fd_closing(struct sn_fdrec *rec);
SN_HIDDEN bool sn_is_our_dir(DIR *d);
/* SeaNet's own names on a tier (SEANET_HIDDEN_PREFIX): never listed through the mount. */
static inline bool sn_is_hidden_name(const char *name)
{
    return name[0] == '.' && strncmp(name, SEANET_HIDDEN_PREFIX, sizeof SEANET_HIDDEN_PREFIX - 1) == 0;
}

/* The fast path of classification, inlined into every wrapper: true if path certainly is
 * not under the mount and goes to glibc as given. Without a ".." component, normalising
 * only drops "//" and "/./", so an absolute path is under the mount exactly when its
 * components, skipping those, start with the mount's: usually decided at the first
 * component. Cost: one vectorised strchr for '.', plus that prefix walk. */
extern int sn_cwd_in_mount_flag SN_HIDDEN;
extern int sn_cwd_holds_mount_flag SN_HIDDEN;
static inline bool sn_has_dotdot(const char *p)
{
    for (const char *s = strchr(p, '.'); s; s = strchr(s + 1, '.'))
        if (s[1] == '.' && (s == p || s[-1] == '/') && (s[2] == '/' || s[2] == 0))
            return true;
    return false;
}
/* Could absolute path p, which has no "..", be the mount or below it? */
enum sn_relation { SN_REL_NONE, SN_REL_MAYBE, SN_REL_ANCESTOR };
static inline enum sn_relation sn_prefix_relation(const char *p)
{
    const char *m = sn_cfg.mount; /* normalised: "/a/b" */
    while (*m) {
        /* at a '/' in both: skip the path's extra slashes and "." components */
        for (;;) {
            while (p[0] == '/' && p[1] == '/')
                p++;
            if (p[0] == '/' && p[1] == '.' && (p[2] == '/' || p[2] == 0))
                p += 2;
            else
                break;
        }
        if (*p != '/' || p[1] == 0)
            return *p == 0 || *p == '/' ? SN_REL_ANCESTOR : SN_REL_NONE; /* "/r" above "/r/mnt" */
        p++, m++;
        while (*m && *m != '/')
            if (*p++ != *m++)
                return SN_REL_NONE;
        if (*p != '/' && *p != 0)
            return SN_REL_NONE; /* "/r/mnt2" is not under "/r/mnt" */
    }
    return SN_REL_MAYBE;
}
static inline bool sn_fast_pass(int dirfd, const char *path)
{
    if (SN_UNLIKELY(!path) || !sn_cfg.active)
        return true;
    if (path[0] == '/')
        return sn_prefix_relation(path) != SN_REL_MAYBE && !sn_has_dotdot(path);
    if (dirfd == AT_FDCWD)
        return !__atomic_load_n(&sn_cwd_in_mount_flag, __ATOMIC_RELAXED) &&
               !__atomic_load_n(&sn_cwd_holds_mount_flag, __ATOMIC_RELAXED) && !sn_has_dotdot(path);
    return sn_fd_get(dirfd) == NULL; /* a directory outside the mount: the kernel resolves it */
}

/* After a pass-through open: a directory above the mount ("find /scratch" with the mount in
 * /scratch/me/view) is remembered, so names opened relative to it can walk into the mount.
 * Inline part: one character decides for almost every path (it must share the mount's first
 * letter, or be "/"). */
SN_HIDDEN void sn_note_above_slow(int fd, const char *path);
static inline int sn_note_above(int fd, const char *path)
{
    if (SN_UNLIKELY(fd >= 0 && path && path[0] == '/' && (path[1] == 0 || path[1] == sn_cfg.mount[1])))
        sn_note_above_slow(fd, path);
    return fd;
}

/* errno discipline: ERRNO_SAVE/RESTORE around internal calls that may clobber it. */
#define SN_ERRNO_SAVE int sn_saved_errno_ = errno
#define SN_ERRNO_RESTORE (errno = sn_saved_errno_)

#endif
