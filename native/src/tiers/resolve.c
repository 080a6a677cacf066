/* Where a virtual path really is, and where a new one goes.
 *
 * Invariant kept by every mutating call: a file exists on one tier (the topmost copy wins
 * if a later flush keeps two); a directory exists on any subset of tiers and the view is
 * their union. So a lookup is "first tier in order where it exists", tried on the daemon's
 * hinted tier first. */
#include <string.h>
#include <linux/openat2.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "../shim.h"

bool sn_tier_path(const struct sn_vpath *v, int t, char *out)
{
    size_t off = sn_cwd_rel_offset(v, t);
    if (off) {
        size_t rest = v->len - off, sl = strlen(v->suffix);
        if (2 + rest + sl + 1 > PATH_MAX) {
            errno = ENAMETOOLONG;
            return false;
        }
        out[0] = '.';
        out[1] = '/';
        memcpy(out + 2, v->path + off, rest);
        memcpy(out + 2 + rest, v->suffix, sl + 1);
        return true;
    }
    return sn_tier_path_abs(v, t, out);
}

bool sn_tier_path_abs(const struct sn_vpath *v, int t, char *out)
{
    size_t tl = sn_cfg.tier_len[t], rest = v->len - sn_cfg.mount_len;
    size_t sl = strlen(v->suffix);
    if (tl + rest + sl + 1 > PATH_MAX) {
        errno = ENAMETOOLONG;
        return false;
    }
    memcpy(out, sn_cfg.tier[t], tl);
    memcpy(out + tl, v->path + sn_cfg.mount_len, rest);
    memcpy(out + tl + rest, v->suffix, sl + 1);
    return true;
}

/* Could v be on tier t? Not if its parent directory is missing there. Looking up the parent
 * is cheap (the kernel caches that name, present or absent); looking up a new name is not:
 * each miss costs a fresh negative dentry, ~3.5 µs here, twice a tmpfs create. */
bool sn_maybe_on(const struct sn_vpath *v, int t)
{
    if (v->len <= sn_cfg.mount_len)
        return true;
    struct sn_vpath parent;
    char real[PATH_MAX];
    struct stat st;
    sn_parent(v, &parent);
    if (!sn_tier_path(&parent, t, real))
        return true;
    SN_ERRNO_SAVE;
    bool maybe = real_fstatat(AT_FDCWD, real, &st, 0) == 0 || errno != ENOENT;
    SN_ERRNO_RESTORE;
    return maybe;
}

int sn_find(const struct sn_vpath *v, struct stat *st, int *err)
{
    char real[PATH_MAX];
    struct stat tmp;
    if (!st)
        st = &tmp;
    int first_err = 0;
    struct sn_probe p = SN_PROBE_INIT;
    for (int t; (t = sn_probe_next(&p, v)) >= 0;) {
        if (!sn_tier_path(v, t, real)) {
            first_err = first_err ? first_err : errno;
            continue;
        }
        if (real_fstatat(AT_FDCWD, real, st, AT_SYMLINK_NOFOLLOW) == 0)
            return t;
        if (errno != ENOENT && !first_err)
            first_err = errno; /* "file/" on the tier that has file: ENOTDIR, as in tier order */
    }
    if (err)
        *err = first_err ? first_err : ENOENT;
    return -1;
}

/* Placement: the first cache tier whose room (published by the daemon, which accounts for
 * files being written, less what shims reserved since) holds max_fs more; without a healthy
 * daemon, statvfs free space, remembered for 100 ms so a create storm does not statvfs every
 * file. */
static int64_t statvfs_room(int t)
{
    static __thread struct {
        int64_t room[SEANET_MAX_TIERS];
        uint64_t at_ns;
    } cache;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
    uint64_t now = (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
    if (now - cache.at_ns > 100000000ull) {
        for (int i = 0; i < sn_cfg.n_tiers; i++) {
            struct statvfs sv;
            cache.room[i] = real_statvfs(sn_cfg.tier[i], &sv) == 0 ? (int64_t)(sv.f_bavail * sv.f_frsize) : -1;
        }
        cache.at_ns = now;
    }
    return cache.room[t];
}

int sn_place(int64_t *reserved)
{
    SN_ERRNO_SAVE;
    int last = sn_cfg.n_tiers - 1;
    int chosen = last;
    *reserved = 0;
    if (sn_daemon_healthy()) {
        for (int t = 0; t < last; t++) {
            if (sn_tier_reserve(t, (int64_t)sn_cfg.max_fs)) {
                chosen = t;
                *reserved = (int64_t)sn_cfg.max_fs;
                break;
            }
        }
    } else {
        for (int t = 0; t < last; t++) {
            int64_t room = statvfs_room(t);
            if (room >= 0 && (uint64_t)room >= sn_cfg.max_fs) {
                chosen = t;
                break;
            }
        }
    }
    SN_ERRNO_RESTORE;
    return chosen;
}

/* mkdir -p of v's parent on tier t, each missing level created with the mode it has in the
 * view (so a directory that spills to a second tier keeps its permissions). Iterative, with
 * one path buffer, so a deep tree costs no stack: first up to the deepest ancestor tier t
 * has, then down again, each level checked in the view (ENOENT/ENOTDIR as the kernel says). */
int sn_ensure_parent(const struct sn_vpath *v, int t)
{
    struct sn_vpath p;
    char real[PATH_MAX];
    struct stat st;
    int err;
    sn_parent(v, &p);
    size_t full = p.len, have = full;
    for (;;) {
        p.path[have] = 0;
        p.len = have;
        if (!sn_tier_path(&p, t, real))
            return -1;
        if (real_fstatat(AT_FDCWD, real, &st, 0) == 0) {
            if (!S_ISDIR(st.st_mode)) {
                errno = ENOTDIR;
                return -1;
            }
            break;
        }
        if (errno != ENOENT || have <= sn_cfg.mount_len)
            return -1; /* the tier itself is unusable: say what the kernel said */
        while (have > sn_cfg.mount_len && v->path[have - 1] != '/')
            have--;
        if (have > sn_cfg.mount_len)
            have--; /* the slash */
    }
    while (have < full) {
        size_t next = have + 1;
        while (next < full && v->path[next] != '/')
            next++;
        memcpy(p.path, v->path, next);
        p.path[next] = 0;
        p.len = next;
        if (sn_find(&p, &st, &err) < 0) {
            errno = err;
            return -1;
        }
        if (!S_ISDIR(st.st_mode)) {
            errno = ENOTDIR;
            return -1;
        }
        if (!sn_tier_path(&p, t, real))
            return -1;
        if (real_mkdir(real, st.st_mode & 07777) != 0 && errno != EEXIST)
            return -1;
        /* mkdir applied the umask; the view's mode is what counts */
        if ((st.st_mode & 07777) != 0)
            real_chmod(real, st.st_mode & 07777);
        have = next;
    }
    return 0;
}

/* Racing creators of one name whose placements differ (a tier at its capacity boundary) would
 * each create a copy. The rule that settles it: after creating on tier t > 0, look above; if
 * an upper tier has the name now, the lower creator yields. Only the lower one ever yields,
 * so one copy survives. A create on tier 0, the common case, has nothing above and costs
 * nothing more. */
int sn_upper_copy(const struct sn_vpath *v, int t)
{
    char real[PATH_MAX];
    struct stat st;
    for (int u = 0; u < t; u++)
        if (sn_maybe_on(v, u) && sn_tier_path(v, u, real) &&
            real_fstatat(AT_FDCWD, real, &st, AT_SYMLINK_NOFOLLOW) == 0)
            return u;
    return -1;
}

/* Symlinks in the view. A link is stored on one tier, and the kernel follows it there: a
 * relative target on another tier, or an absolute one into the mount (which on a tier means
 * the real, empty mount directory), is not found. So the shim resolves links itself, when a
 * call has failed (see SN_PATH_BODY): component by component from the mount root, each looked
 * up in the view, each link's target spliced in as the kernel would. */
enum sn_links sn_resolve_links(struct sn_vpath *v, bool follow_last)
{
    char cur[PATH_MAX], real[PATH_MAX], target[PATH_MAX], joined[PATH_MAX * 2];
    size_t len = v->len, pos = sn_cfg.mount_len;
    bool follow = follow_last || v->suffix[0];
    bool changed = false;
    int links = 0;
    memcpy(cur, v->path, len + 1);
    while (pos < len) {
        size_t start = pos + 1, end = start;
        while (end < len && cur[end] != '/')
            end++;
        bool last = end == len;
        if (last && !follow)
            break; /* a last component not followed cannot change the answer: not looked up again */
        struct sn_vpath pre;
        memcpy(pre.path, cur, end);
        pre.path[end] = 0;
        pre.len = end;
        pre.suffix[0] = 0;
        struct stat st;
        int err;
        int t = sn_find(&pre, &st, &err);
        if (t < 0)
            break; /* missing: nothing further can be a link; the call's answer stands */
        if (S_ISLNK(st.st_mode) && (!last || follow)) {
            if (++links > 40) {
                errno = ELOOP;
                return SN_LINKS_ERROR;
            }
            if (!sn_tier_path(&pre, t, real))
                return SN_LINKS_ERROR;
            ssize_t n = real_readlinkat(AT_FDCWD, real, target, sizeof target - 1);
            if (n <= 0)
                return n == 0 ? (errno = ENOENT, SN_LINKS_ERROR) : SN_LINKS_ERROR;
            target[n] = 0;
            int w = target[0] == '/'
                        ? snprintf(joined, sizeof joined, "%s%s", target, cur + end)
                        : snprintf(joined, sizeof joined, "%.*s/%s%s", (int)(start - 1), cur, target, cur + end);
            long nl = w < (int)sizeof joined ? sn_normalize(joined, cur, sizeof cur) : -1;
            if (nl < 0) {
                errno = ENAMETOOLONG;
                return SN_LINKS_ERROR;
            }
            len = (size_t)nl;
            changed = true;
            if (!sn_under_mount(cur, len)) {
                size_t sl = strlen(v->suffix);
                if (len + sl + 1 > sizeof v->path) {
                    errno = ENAMETOOLONG;
                    return SN_LINKS_ERROR;
                }
                memcpy(v->path, cur, len);
                memcpy(v->path + len, v->suffix, sl + 1);
                v->len = len + sl;
                return SN_LINKS_OUTSIDE;
            }
            pos = sn_cfg.mount_len; /* the target may itself hold links: from the top again */
            continue;
        }
        if (!last && !S_ISDIR(st.st_mode))
            break; /* ENOTDIR: the call's answer stands */
        pos = end;
    }
    if (!changed)
        return SN_LINKS_NONE;
    memcpy(v->path, cur, len + 1);
    v->len = len;
    return SN_LINKS_IN_MOUNT;
}

/* Did the kernel go through a symlink to reach v on tier t? One openat2(RESOLVE_NO_SYMLINKS)
 * answers it (ELOOP), where resolving in the view costs a lookup per component: callers that
 * must use the resolved path every time (opendir, chdir) ask this first. Any doubt (an old
 * kernel, a tier root that is itself reached through a link) answers yes. */
bool sn_path_has_link(const struct sn_vpath *v, int t)
{
    char real[PATH_MAX];
    if (!sn_tier_path(v, t, real))
        return true;
    SN_ERRNO_SAVE;
    struct open_how how = {.flags = O_PATH | O_CLOEXEC, .resolve = RESOLVE_NO_SYMLINKS};
    long fd = syscall(SYS_openat2, AT_FDCWD, real, &how, sizeof how);
    if (fd >= 0)
        real_close((int)fd);
    SN_ERRNO_RESTORE;
    return fd < 0;
}

int sn_find_followed(struct sn_vpath *v, struct stat *st, int *err)
{
    int t = sn_find(v, st, err);
    if (t >= 0 && !S_ISLNK(st->st_mode) && !sn_path_has_link(v, t))
        return t;
    switch (sn_resolve_links(v, true)) {
    case SN_LINKS_OUTSIDE:
        return SN_FOUND_OUTSIDE;
    case SN_LINKS_ERROR:
        *err = errno;
        return -1;
    case SN_LINKS_IN_MOUNT:
        return sn_find(v, st, err);
    default:
        return t;
    }
}
