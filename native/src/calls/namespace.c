/* Calls that change the tree. Each keeps the overlay invariant (one copy of a file, the
 * union of a directory's copies) and tells the daemon what changed, without waiting. */
#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "common.h"

static bool is_mount_root(const struct sn_vpath *v)
{
    return v->len == sn_cfg.mount_len;
}

static int mkdir_mount(const struct sn_vpath *v, mode_t mode)
{
    int err;
    if (sn_find(v, NULL, &err) >= 0) {
        errno = EEXIST;
        return -1;
    }
    if (err == ENOTDIR && v->suffix[0]) { /* mkdir("f/") on a file f: the kernel says EEXIST */
        struct sn_vpath bare = *v;
        bare.suffix[0] = 0;
        if (sn_find(&bare, NULL, &err) >= 0)
            err = EEXIST;
    }
    if (err != ENOENT) {
        errno = err;
        return -1;
    }
    int64_t reserved;
    int t = sn_place(&reserved);
    sn_tier_unreserve(t, reserved); /* a directory's own size is not worth a reservation */
    char real[PATH_MAX];
    if (sn_ensure_parent(v, t) != 0 || !sn_tier_path(v, t, real))
        return -1;
    if (real_mkdir(real, mode) != 0)
        return -1;
    if (sn_upper_copy(v, t) >= 0) { /* a racing mkdir placed higher won */
        real_rmdir(real);
        errno = EEXIST;
        return -1;
    }
    sn_notify(SEANET_OP_MKDIR, t, v->path, NULL, 0);
    return 0;
}

/* Removes every tier's copy of directory v, the kernel judging each (so ENOTEMPTY, EACCES,
 * EBUSY are exactly its answers). Bottom-up and stopping at the first refusal: a lower copy
 * removed before an upper one refuses was empty, so the view is unchanged. */
/* A directory copy the kernel calls not empty may hold only eviction tombs (SeaNet's hidden
 * leftovers of files already gone from the view): they go and the rmdir is retried. Only tombs:
 * a flush temporary belongs to a flush in progress, and an upper tier may still refuse.
 * Returns true if it removed tombs and nothing else was there. */
static bool remove_hidden_leftovers(const char *real)
{
    DIR *d = real_opendir(real);
    if (!d)
        return false;
    struct dirent64 *e;
    bool only_hidden = true, any = false;
    while ((e = real_readdir64(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if (strncmp(e->d_name, SEANET_HIDDEN_PREFIX "tomb~", sizeof SEANET_HIDDEN_PREFIX + 4) != 0) {
            only_hidden = false;
            break;
        }
        any = true;
    }
    if (only_hidden && any) {
        int fd = dirfd(d);
        real_rewinddir(d);
        while ((e = real_readdir64(d)) != NULL)
            if (strncmp(e->d_name, SEANET_HIDDEN_PREFIX "tomb~", sizeof SEANET_HIDDEN_PREFIX + 4) == 0)
                real_unlinkat(fd, e->d_name, 0);
    }
    real_closedir(d);
    return only_hidden && any;
}

static int rmdir_all(const struct sn_vpath *v)
{
    char real[PATH_MAX];
    int removed = 0;
    for (int t = sn_cfg.n_tiers - 1; t >= 0; t--) {
        if (!sn_tier_path(v, t, real))
            return -1;
        if (real_rmdir(real) == 0) {
            removed++;
            continue;
        }
        int err = errno;
        if (err == ENOTEMPTY && remove_hidden_leftovers(real)) {
            if (real_rmdir(real) == 0) {
                removed++;
                continue;
            }
            err = errno;
        }
        if (err != ENOENT) {
            errno = err;
            return -1;
        }
    }
    return removed;
}

static int rmdir_mount(const struct sn_vpath *v)
{
    struct stat st;
    int err;
    if (is_mount_root(v)) {
        errno = EBUSY;
        return -1;
    }
    if (sn_find(v, &st, &err) < 0) {
        errno = err;
        return -1;
    }
    if (!S_ISDIR(st.st_mode)) {
        errno = ENOTDIR;
        return -1;
    }
    if (rmdir_all(v) < 0)
        return -1;
    sn_notify(SEANET_OP_RMDIR, 0, v->path, NULL, 0);
    return 0;
}

/* Removes every copy; the topmost decides the answer (EISDIR, EACCES, ...). */
static int unlink_mount(const struct sn_vpath *v)
{
    char real[PATH_MAX];
    int removed = 0, first_err = 0;
    for (int t = 0; t < sn_cfg.n_tiers; t++) {
        if (!sn_tier_path(v, t, real))
            return -1;
        if (real_unlink(real) == 0) {
            removed++;
        } else if (errno != ENOENT && errno != ENOTDIR) {
            if (!removed)
                return -1;
        } else if (!first_err && errno == ENOTDIR) {
            first_err = ENOTDIR;
        }
    }
    if (!removed) {
        errno = first_err ? first_err : ENOENT;
        return -1;
    }
    sn_notify(SEANET_OP_REMOVED, 0, v->path, NULL, 0);
    return 0;
}

/* Is the copy of v on tier t its only one? A flushed file keeps its cached copy above the
 * persistent one (and a prefetched file has both); the daemon's index says DIRTY for a file
 * that never reached the persistent tier. Without that word, assume copies may exist below. */
static bool only_copy(const struct sn_vpath *v, int t)
{
    uint8_t state = 0;
    return t == sn_cfg.n_tiers - 1 || (sn_index_lookup(v, &state) == t && state == SEANET_STATE_DIRTY);
}

/* After the topmost copy of file `from` (tier tf) was renamed over `to` (found on tt, or -1):
 * every other copy of from moves with it, and no other copy of the old `to` may show through.
 * A flush that lands meanwhile is undone by the daemon (it sees the name gone). */
static void rename_lower_copies(const struct sn_vpath *from, const struct sn_vpath *to, int tf, int tt, bool from_alone,
                                bool to_alone)
{
    char a[PATH_MAX], b[PATH_MAX];
    struct stat tmp;
    SN_ERRNO_SAVE;
    for (int t = 0; t < sn_cfg.n_tiers; t++) {
        if (t == tf || !sn_tier_path(from, t, a) || !sn_tier_path(to, t, b))
            continue;
        if (t > tf && !from_alone && real_fstatat(AT_FDCWD, a, &tmp, AT_SYMLINK_NOFOLLOW) == 0 &&
            !S_ISDIR(tmp.st_mode) && sn_ensure_parent(to, t) == 0 && real_rename(a, b) == 0)
            continue;
        if (tt >= 0 && (t == tt || (t > tt && !to_alone)))
            real_unlink(b);
    }
    SN_ERRNO_RESTORE;
}

static int rename_on(const struct sn_vpath *from, const struct sn_vpath *to, int t, unsigned flags)
{
    char a[PATH_MAX], b[PATH_MAX];
    if (sn_ensure_parent(to, t) != 0 || !sn_tier_path(from, t, a) || !sn_tier_path(to, t, b))
        return -1;
    return flags ? real_renameat2(AT_FDCWD, a, AT_FDCWD, b, flags) : real_rename(a, b);
}

static int rename_mount(const struct sn_vpath *from, const struct sn_vpath *to, unsigned flags)
{
    struct stat sf, st;
    int err;
    if ((flags & RENAME_EXCHANGE) && (flags & RENAME_NOREPLACE)) {
        errno = EINVAL; /* the kernel checks the flags before the names */
        return -1;
    }
    int tf = sn_find(from, &sf, &err);
    if (tf < 0) {
        errno = err;
        return -1;
    }
    if (is_mount_root(from) || is_mount_root(to)) {
        errno = EBUSY;
        return -1;
    }
    if (from->len == to->len && memcmp(from->path, to->path, to->len) == 0)
        return rename_on(from, to, tf, flags);
    int tt = sn_find(to, &st, &err);
    if (tt < 0 && err != ENOENT) {
        errno = err;
        return -1;
    }
    if (tt >= 0 && (flags & RENAME_NOREPLACE)) {
        errno = EEXIST;
        return -1;
    }
    if (flags & RENAME_EXCHANGE) {
        if (tt < 0) {
            errno = ENOENT;
            return -1;
        }
        if (tt == tf) {
            if (rename_on(from, to, tf, flags) != 0)
                return -1;
        } else {
            /* Different tiers: each file keeps its tier, only the names swap. */
            if (rename_on(from, to, tf, 0) != 0)
                return -1;
            if (rename_on(to, from, tt, 0) != 0)
                return -1;
        }
        /* Copies on lower tiers (a flushed file's) did not swap: the daemon marks both files
         * as to be flushed again. */
        sn_notify(SEANET_OP_EXCHANGED, tf, from->path, to->path, 0);
        return 0;
    }
    if (S_ISDIR(sf.st_mode)) {
        if (to->len > from->len && memcmp(to->path, from->path, from->len) == 0 && to->path[from->len] == '/') {
            errno = EINVAL; /* into itself */
            return -1;
        }
        if (tt >= 0) {
            if (!S_ISDIR(st.st_mode)) {
                errno = ENOTDIR;
                return -1;
            }
            if (rmdir_all(to) < 0) /* replaced only if empty in the view: ENOTEMPTY otherwise */
                return -1;
        }
        /* Every tier's copy moves to the new name on its own tier. */
        char real[PATH_MAX];
        struct stat tmp;
        for (int t = 0; t < sn_cfg.n_tiers; t++) {
            if (!sn_tier_path(from, t, real))
                return -1;
            if (real_fstatat(AT_FDCWD, real, &tmp, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISDIR(tmp.st_mode))
                continue;
            if (rename_on(from, to, t, 0) != 0)
                return -1;
        }
    } else {
        if (tt >= 0 && S_ISDIR(st.st_mode)) {
            errno = EISDIR;
            return -1;
        }
        bool from_alone = only_copy(from, tf), to_alone = tt < 0 || only_copy(to, tt);
        if (rename_on(from, to, tf, flags) != 0)
            return -1;
        if (!from_alone || !to_alone || (tt >= 0 && tt != tf))
            rename_lower_copies(from, to, tf, tt, from_alone, to_alone);
    }
    sn_notify(SEANET_OP_RENAMED, tf, from->path, to->path, 0);
    return 0;
}

/* One side in the mount, the other outside: the kernel decides (EXDEV across file systems,
 * which is what it would say without SeaNet too when they differ). */
static int rename_mixed(int fdir, const char *fpath, const struct sn_vpath *fv, bool fin, int tdir, const char *tpath,
                        const struct sn_vpath *tv, bool tin, unsigned flags)
{
    char a[PATH_MAX], b[PATH_MAX];
    int err;
    if (fin) {
        int t = sn_find(fv, NULL, &err);
        if (t < 0) {
            errno = err;
            return -1;
        }
        if (!sn_tier_path(fv, t, a))
            return -1;
        fdir = AT_FDCWD;
        fpath = a;
    }
    if (tin) {
        int t = sn_find(tv, NULL, &err);
        if (t < 0) {
            int64_t reserved;
            t = sn_place(&reserved);
            sn_tier_unreserve(t, reserved); /* a moved-in file is complete: nothing to reserve */
        }
        if (sn_ensure_parent(tv, t) != 0 || !sn_tier_path(tv, t, b))
            return -1;
        tdir = AT_FDCWD;
        tpath = b;
    }
    int r = flags ? real_renameat2(fdir, fpath, tdir, tpath, flags) : real_renameat(fdir, fpath, tdir, tpath);
    if (r == 0 && fin)
        sn_notify(SEANET_OP_REMOVED, 0, fv->path, NULL, 0);
    return r;
}

static int rename_common(int fdir, const char *fpath, int tdir, const char *tpath, unsigned flags)
{
    struct sn_vpath fv, tv;
    enum sn_class fc = sn_classify(fdir, &fpath, &fv);
    if (fc == SN_ERROR)
        return -1;
    enum sn_class tc = sn_classify(tdir, &tpath, &tv);
    if (tc == SN_ERROR)
        return -1;
    if (fc == SN_PASS && tc == SN_PASS)
        return flags ? real_renameat2(fdir, fpath, tdir, tpath, flags) : real_renameat(fdir, fpath, tdir, tpath);
    if (fc == SN_MOUNT && tc == SN_MOUNT) {
        struct stat st;
        if (sn_find(&fv, &st, NULL) >= 0 && S_ISDIR(st.st_mode)) {
            /* a directory moves copy by copy, each on its tier: a directory link on the way must
             * be resolved in the view first, or the copies would go different ways */
            enum sn_links a = sn_resolve_links(&fv, false), b = sn_resolve_links(&tv, false);
            if (a == SN_LINKS_ERROR || b == SN_LINKS_ERROR)
                return -1;
            if (a == SN_LINKS_OUTSIDE || b == SN_LINKS_OUTSIDE)
                return rename_mixed(AT_FDCWD, fv.path, &fv, a != SN_LINKS_OUTSIDE, AT_FDCWD, tv.path, &tv,
                                    b != SN_LINKS_OUTSIDE, flags);
        }
        int r = rename_mount(&fv, &tv, flags);
        if (r == 0 || (errno != ENOENT && errno != ENOTDIR))
            return r;
        /* a directory symlink on the way, followed by the kernel on one tier only: the
         * parents resolved in the view (never the names themselves), then once more */
        int e = errno;
        enum sn_links a = sn_resolve_links(&fv, false), b = sn_resolve_links(&tv, false);
        if (a == SN_LINKS_ERROR || b == SN_LINKS_ERROR)
            return -1;
        if (a == SN_LINKS_NONE && b == SN_LINKS_NONE) {
            errno = e;
            return -1;
        }
        if (a == SN_LINKS_OUTSIDE || b == SN_LINKS_OUTSIDE)
            return rename_mixed(AT_FDCWD, fv.path, &fv, a != SN_LINKS_OUTSIDE, AT_FDCWD, tv.path, &tv,
                                b != SN_LINKS_OUTSIDE, flags);
        return rename_mount(&fv, &tv, flags);
    }
    return rename_mixed(fdir, fpath, &fv, fc == SN_MOUNT, tdir, tpath, &tv, tc == SN_MOUNT, flags);
}

SN_EXPORT int rename(const char *oldpath, const char *newpath)
{
    SN_ENTER(real_rename(oldpath, newpath));
    return SN_KEEP_ERRNO(rename_common(AT_FDCWD, oldpath, AT_FDCWD, newpath, 0));
}

SN_EXPORT int renameat(int olddirfd, const char *oldpath, int newdirfd, const char *newpath)
{
    SN_ENTER(real_renameat(olddirfd, oldpath, newdirfd, newpath));
    return SN_KEEP_ERRNO(rename_common(olddirfd, oldpath, newdirfd, newpath, 0));
}

SN_EXPORT int renameat2(int olddirfd, const char *oldpath, int newdirfd, const char *newpath, unsigned int flags)
{
    SN_ENTER(real_renameat2(olddirfd, oldpath, newdirfd, newpath, flags));
    return SN_KEEP_ERRNO(rename_common(olddirfd, oldpath, newdirfd, newpath, flags));
}

SN_EXPORT int mkdir(const char *path, mode_t mode)
{
    SN_ENTER(real_mkdir(path, mode));
    SN_PATH_BODY(AT_FDCWD, path, false, mkdir_mount(&v, mode), real_mkdir(path, mode));
}

SN_EXPORT int mkdirat(int dirfd, const char *path, mode_t mode)
{
    SN_ENTER(real_mkdirat(dirfd, path, mode));
    SN_PATH_BODY(dirfd, path, false, mkdir_mount(&v, mode), real_mkdirat(dirfd, path, mode));
}

/* A last component ".." (rmdir("d/..")): the kernel refuses with ENOTEMPTY once the path
 * resolves; classification already took it to the parent, which must exist. */
static bool ends_in_dotdot(const char *p)
{
    size_t n = strlen(p);
    while (n > 1 && p[n - 1] == '/')
        n--;
    return n >= 2 && p[n - 1] == '.' && p[n - 2] == '.' && (n == 2 || p[n - 3] == '/');
}

static int rmdir_checked(const struct sn_vpath *v, const char *path)
{
    if (ends_in_dotdot(path)) {
        int err;
        if (sn_find(v, NULL, &err) < 0 && v->len != sn_cfg.mount_len) {
            errno = err;
            return -1;
        }
        errno = ENOTEMPTY;
        return -1;
    }
    return rmdir_mount(v);
}

SN_EXPORT int rmdir(const char *path)
{
    SN_ENTER(real_rmdir(path));
    const char *orig = path;
    SN_PATH_BODY(AT_FDCWD, path, false, rmdir_checked(&v, orig), real_rmdir(path));
}

SN_EXPORT int unlink(const char *path)
{
    SN_ENTER(real_unlink(path));
    SN_PATH_BODY(AT_FDCWD, path, false, unlink_mount(&v), real_unlink(path));
}

/* glibc's remove calls its internal unlink/rmdir, which the shim cannot see: wrapped here.
 * As glibc does, a directory (EISDIR from unlink) is removed with rmdir. */
static int remove_mount(const struct sn_vpath *v)
{
    if (unlink_mount(v) == 0)
        return 0;
    if (errno != EISDIR)
        return -1;
    return rmdir_mount(v);
}

SN_EXPORT int remove(const char *path)
{
    SN_ENTER(real_remove(path));
    SN_PATH_BODY(AT_FDCWD, path, false, remove_mount(&v), real_remove(path));
}

SN_EXPORT int unlinkat(int dirfd, const char *path, int flags)
{
    SN_ENTER(real_unlinkat(dirfd, path, flags));
    const char *orig = path;
    SN_PATH_BODY(dirfd, path, false, (flags & AT_REMOVEDIR) ? rmdir_checked(&v, orig) : unlink_mount(&v),
                 real_unlinkat(dirfd, path, flags));
}

static int truncate_mount(const struct sn_vpath *v, off64_t length)
{
    char real[PATH_MAX];
    int t = -1;
    int r = PROBE_TIERS(v, real, (t = t_, real_truncate64(real, length)));
    if (r == 0)
        sn_notify(SEANET_OP_TRUNCATED, t, v->path, NULL, length);
    return r;
}

SN_EXPORT int truncate(const char *path, off_t length)
{
    SN_ENTER(real_truncate(path, length));
    SN_PATH_BODY(AT_FDCWD, path, true, truncate_mount(&v, length), real_truncate(path, length));
}

SN_EXPORT int truncate64(const char *path, off64_t length)
{
    SN_ENTER(real_truncate64(path, length));
    SN_PATH_BODY(AT_FDCWD, path, true, truncate_mount(&v, length), real_truncate64(path, length));
}
