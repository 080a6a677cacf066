/* Metadata and links (issue #3): chmod, chown, the utime family, xattr writes, link,
 * symlink, readlink, mknod/mkfifo, the mk*temp family, realpath, statvfs/statfs, pathconf,
 * euidaccess, ftok, and the fortified _chk forms. glibc implements several of these on its
 * internal calls (realpath on __lstat/__readlink, mkstemp on __open, tempnam on __stat,
 * lchmod on __fchmodat, getcwd_chk on __getcwd), which the shim cannot see: those are
 * reimplemented on the shim's own, interposed functions when the path may touch the mount.
 *
 * A change of metadata (mode, owner, times, xattrs) is applied to every tier's copy, the
 * topmost first: it alone decides the answer, exactly as the kernel gives it for the view;
 * lower copies (a flushed file's persistent copy, a directory's other copies) follow so that
 * the view stays the same whichever copy a later lookup finds. A flush under way sees the
 * ctime change and copies again. */
#include <stdlib.h>
#include <sys/random.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <sys/time.h>
#include <sys/xattr.h>
#include <time.h>
#include <unistd.h>
#include <utime.h>

#include "common.h"

extern void __chk_fail(void) __attribute__((noreturn));

/* ---- applying a change to every copy ---- */

/* Calls `call` (which uses `real`) on each tier's copy of v, topmost first. The first copy
 * found (anything but ENOENT) decides the result; later copies are changed best-effort. */
#define EACH_COPY(v, real, call)                          \
    ({                                                    \
        int r_ = -1, err_ = ENOENT;                       \
        bool found_ = false;                              \
        for (int t_ = 0; t_ < sn_cfg.n_tiers; t_++) {     \
            if (!found_ && t_ > 0 && !sn_maybe_on(v, t_)) \
                continue;                                 \
            if (!sn_tier_path(v, t_, real)) {             \
                if (!found_) {                            \
                    err_ = errno;                         \
                    break;                                \
                }                                         \
                continue;                                 \
            }                                             \
            int one_ = (call);                            \
            if (found_)                                   \
                continue;                                 \
            if (one_ == 0) {                              \
                found_ = true, r_ = 0;                    \
            } else if (errno != ENOENT) {                 \
                err_ = errno;                             \
                break;                                    \
            }                                             \
        }                                                 \
        if (!found_)                                      \
            errno = err_;                                 \
        r_;                                               \
    })

/* ---- chmod, chown, times ---- */

static int chmod_mount(const struct sn_vpath *v, mode_t mode, int flags)
{
    char real[PATH_MAX];
    return EACH_COPY(v, real, real_fchmodat(AT_FDCWD, real, mode, flags));
}

SN_EXPORT int chmod(const char *path, mode_t mode)
{
    SN_ENTER(real_chmod(path, mode));
    SN_PATH_BODY(AT_FDCWD, path, true, chmod_mount(&v, mode, 0), real_chmod(path, mode));
}

SN_EXPORT int lchmod(const char *path, mode_t mode)
{
    SN_ENTER(real_lchmod(path, mode));
    SN_PATH_BODY(AT_FDCWD, path, false, chmod_mount(&v, mode, AT_SYMLINK_NOFOLLOW), real_lchmod(path, mode));
}

SN_EXPORT int fchmodat(int dirfd, const char *path, mode_t mode, int flags)
{
    SN_ENTER(real_fchmodat(dirfd, path, mode, flags));
    SN_PATH_BODY(dirfd, path, !(flags & AT_SYMLINK_NOFOLLOW), chmod_mount(&v, mode, flags),
                 real_fchmodat(dirfd, path, mode, flags));
}

static int chown_mount(const struct sn_vpath *v, uid_t uid, gid_t gid, int flags)
{
    char real[PATH_MAX];
    return EACH_COPY(v, real, real_fchownat(AT_FDCWD, real, uid, gid, flags));
}

SN_EXPORT int chown(const char *path, uid_t uid, gid_t gid)
{
    SN_ENTER(real_chown(path, uid, gid));
    SN_PATH_BODY(AT_FDCWD, path, true, chown_mount(&v, uid, gid, 0), real_chown(path, uid, gid));
}

SN_EXPORT int lchown(const char *path, uid_t uid, gid_t gid)
{
    SN_ENTER(real_lchown(path, uid, gid));
    SN_PATH_BODY(AT_FDCWD, path, false, chown_mount(&v, uid, gid, AT_SYMLINK_NOFOLLOW), real_lchown(path, uid, gid));
}

SN_EXPORT int fchownat(int dirfd, const char *path, uid_t uid, gid_t gid, int flags)
{
    SN_ENTER(real_fchownat(dirfd, path, uid, gid, flags));
    SN_PATH_BODY(dirfd, path, !(flags & AT_SYMLINK_NOFOLLOW), chown_mount(&v, uid, gid, flags),
                 real_fchownat(dirfd, path, uid, gid, flags));
}

/* The topmost copy gets the caller's times exactly as given, so the kernel applies its own
 * permission rules (NULL or UTIME_NOW needs only write permission, explicit times need
 * ownership); the other copies then get the times that copy ended with. */
static int utimens_mount(const struct sn_vpath *v, const struct timespec ts[2], int flags)
{
    char top[PATH_MAX], real[PATH_MAX];
    int err;
    int t = sn_find(v, NULL, &err);
    if (t < 0) {
        errno = err;
        return -1;
    }
    if (!sn_tier_path(v, t, top) || real_utimensat(AT_FDCWD, top, ts, flags) != 0)
        return -1;
    struct stat st;
    struct timespec now[2];
    SN_ERRNO_SAVE;
    if (real_fstatat(AT_FDCWD, top, &st, flags & AT_SYMLINK_NOFOLLOW) == 0) {
        if (S_ISDIR(st.st_mode)) {
            now[0] = st.st_atim;
            now[1] = st.st_mtim;
            for (int u = 0; u < sn_cfg.n_tiers; u++)
                if (u != t && sn_tier_path(v, u, real))
                    real_utimensat(AT_FDCWD, real, now, flags);
        } else if (t < sn_cfg.n_tiers - 1) {
            /* A file's persistent copy is not touched: size and mtime are how a restarted daemon
             * tells a persisted copy from a changed one, and an older copy given the new mtime
             * would pass for current. The daemon flushes the file again instead. */
            sn_notify(SEANET_OP_TRUNCATED, t, v->path, NULL, (int64_t)st.st_size);
        }
    }
    SN_ERRNO_RESTORE;
    return 0;
}

SN_EXPORT int utimensat(int dirfd, const char *path, const struct timespec times[2], int flags)
{
    SN_ENTER(real_utimensat(dirfd, path, times, flags));
    if (!path) /* futimens on dirfd */
        return real_utimensat(dirfd, path, times, flags);
    SN_PATH_BODY(dirfd, path, !(flags & AT_SYMLINK_NOFOLLOW), utimens_mount(&v, times, flags),
                 real_utimensat(dirfd, path, times, flags));
}

/* timeval → timespec as glibc does (it rejects no value itself: the kernel says EINVAL). */
static const struct timespec *from_timeval(const struct timeval tv[2], struct timespec ts[2])
{
    if (!tv)
        return NULL;
    for (int i = 0; i < 2; i++) {
        ts[i].tv_sec = tv[i].tv_sec;
        ts[i].tv_nsec = tv[i].tv_usec < 0 || tv[i].tv_usec >= 1000000 ? -1 : tv[i].tv_usec * 1000;
    }
    return ts;
}

SN_EXPORT int utime(const char *path, const struct utimbuf *times)
{
    SN_ENTER(real_utime(path, times));
    struct timespec ts[2];
    if (times) {
        ts[0] = (struct timespec){times->actime, 0};
        ts[1] = (struct timespec){times->modtime, 0};
    }
    SN_PATH_BODY(AT_FDCWD, path, true, utimens_mount(&v, times ? ts : NULL, 0), real_utime(path, times));
}

SN_EXPORT int utimes(const char *path, const struct timeval tv[2])
{
    SN_ENTER(real_utimes(path, tv));
    struct timespec ts[2];
    SN_PATH_BODY(AT_FDCWD, path, true, utimens_mount(&v, from_timeval(tv, ts), 0), real_utimes(path, tv));
}

SN_EXPORT int lutimes(const char *path, const struct timeval tv[2])
{
    SN_ENTER(real_lutimes(path, tv));
    struct timespec ts[2];
    SN_PATH_BODY(AT_FDCWD, path, false, utimens_mount(&v, from_timeval(tv, ts), AT_SYMLINK_NOFOLLOW),
                 real_lutimes(path, tv));
}

SN_EXPORT int futimesat(int dirfd, const char *path, const struct timeval tv[2])
{
    SN_ENTER(real_futimesat(dirfd, path, tv));
    if (!path)
        return real_futimesat(dirfd, path, tv);
    struct timespec ts[2];
    SN_PATH_BODY(dirfd, path, true, utimens_mount(&v, from_timeval(tv, ts), 0), real_futimesat(dirfd, path, tv));
}

/* ---- extended attributes, write side (the read side is in xattr.c) ---- */

static int setxattr_mount(const struct sn_vpath *v, const char *name, const void *value, size_t size, int flags,
                          bool follow)
{
    char real[PATH_MAX];
    return follow ? EACH_COPY(v, real, real_setxattr(real, name, value, size, flags))
                  : EACH_COPY(v, real, real_lsetxattr(real, name, value, size, flags));
}

SN_EXPORT int setxattr(const char *path, const char *name, const void *value, size_t size, int flags)
{
    SN_ENTER(real_setxattr(path, name, value, size, flags));
    SN_PATH_BODY(AT_FDCWD, path, true, setxattr_mount(&v, name, value, size, flags, true),
                 real_setxattr(path, name, value, size, flags));
}

SN_EXPORT int lsetxattr(const char *path, const char *name, const void *value, size_t size, int flags)
{
    SN_ENTER(real_lsetxattr(path, name, value, size, flags));
    SN_PATH_BODY(AT_FDCWD, path, false, setxattr_mount(&v, name, value, size, flags, false),
                 real_lsetxattr(path, name, value, size, flags));
}

static int removexattr_mount(const struct sn_vpath *v, const char *name, bool follow)
{
    char real[PATH_MAX];
    return follow ? EACH_COPY(v, real, real_removexattr(real, name))
                  : EACH_COPY(v, real, real_lremovexattr(real, name));
}

SN_EXPORT int removexattr(const char *path, const char *name)
{
    SN_ENTER(real_removexattr(path, name));
    SN_PATH_BODY(AT_FDCWD, path, true, removexattr_mount(&v, name, true), real_removexattr(path, name));
}

SN_EXPORT int lremovexattr(const char *path, const char *name)
{
    SN_ENTER(real_lremovexattr(path, name));
    SN_PATH_BODY(AT_FDCWD, path, false, removexattr_mount(&v, name, false), real_lremovexattr(path, name));
}

/* ---- new names: symlink, mknod, link ---- */

/* A name about to be created must not exist anywhere in the view; errno as the kernel's
 * (EEXIST, or what the lookup said: ENOENT for a missing parent is left to ensure_parent). */
static bool name_free(const struct sn_vpath *v)
{
    int err;
    if (sn_find(v, NULL, &err) >= 0) {
        errno = EEXIST;
        return false;
    }
    if (err != ENOENT) {
        errno = err;
        return false;
    }
    return true;
}

/* A new non-directory entry appeared on tier t: the daemon learns it as a created and closed
 * file (a symlink, a hard link, a regular file made by mknod), so it is flushed like one. */
static void tell_new_entry(const struct sn_vpath *v, int t)
{
    sn_notify(SEANET_OP_CREATED, t, v->path, NULL, 0);
    sn_notify(SEANET_OP_CLOSED_WRITE, t, v->path, NULL, -1);
}

/* Creates v on the placement tier with make(real), the way mkdir does: the parent made there
 * with the view's modes, and a racing creator placed higher wins. */
#define CREATE_ON_PLACED_TIER(v, real, make)                                                \
    ({                                                                                      \
        int r_ = -1, t_ = -1;                                                               \
        if (name_free(v)) {                                                                 \
            int64_t reserved_;                                                              \
            t_ = sn_place(&reserved_);                                                      \
            sn_tier_unreserve(t_, reserved_);                                               \
            if (sn_ensure_parent(v, t_) == 0 && sn_tier_path(v, t_, real) && (make) == 0) { \
                if (sn_upper_copy(v, t_) >= 0) {                                            \
                    real_unlink(real);                                                      \
                    errno = EEXIST;                                                         \
                } else {                                                                    \
                    r_ = 0;                                                                 \
                }                                                                           \
            }                                                                               \
        }                                                                                   \
        r_ == 0 ? t_ : -1;                                                                  \
    })

static int symlink_mount(const char *target, const struct sn_vpath *v)
{
    char real[PATH_MAX];
    int t = CREATE_ON_PLACED_TIER(v, real, real_symlinkat(target, AT_FDCWD, real));
    if (t < 0)
        return -1;
    tell_new_entry(v, t);
    return 0;
}

SN_EXPORT int symlink(const char *target, const char *linkpath)
{
    SN_ENTER(real_symlink(target, linkpath));
    SN_PATH_BODY(AT_FDCWD, linkpath, false, symlink_mount(target, &v), real_symlink(target, linkpath));
}

SN_EXPORT int symlinkat(const char *target, int dirfd, const char *linkpath)
{
    SN_ENTER(real_symlinkat(target, dirfd, linkpath));
    SN_PATH_BODY(dirfd, linkpath, false, symlink_mount(target, &v), real_symlinkat(target, dirfd, linkpath));
}

static int mknod_mount(const struct sn_vpath *v, mode_t mode, dev_t dev)
{
    char real[PATH_MAX];
    if (v->suffix[0] && !S_ISDIR(mode)) { /* "x/" names a directory: the kernel says so */
        struct sn_vpath bare = *v;
        struct stat st;
        bare.suffix[0] = 0;
        errno = sn_find(&bare, &st, NULL) < 0 ? ENOENT : S_ISDIR(st.st_mode) ? EEXIST : ENOTDIR;
        return -1;
    }
    int t = CREATE_ON_PLACED_TIER(v, real, real_mknodat(AT_FDCWD, real, mode, dev));
    if (t < 0)
        return -1;
    if (S_ISREG(mode) || (mode & S_IFMT) == 0)
        tell_new_entry(v, t); /* fifos and devices are never flushed (docs/limits.md) */
    return 0;
}

SN_EXPORT int mknod(const char *path, mode_t mode, dev_t dev)
{
    SN_ENTER(real_mknod(path, mode, dev));
    SN_PATH_BODY(AT_FDCWD, path, false, mknod_mount(&v, mode, dev), real_mknod(path, mode, dev));
}

SN_EXPORT int mknodat(int dirfd, const char *path, mode_t mode, dev_t dev)
{
    SN_ENTER(real_mknodat(dirfd, path, mode, dev));
    SN_PATH_BODY(dirfd, path, false, mknod_mount(&v, mode, dev), real_mknodat(dirfd, path, mode, dev));
}

SN_EXPORT int mkfifo(const char *path, mode_t mode)
{
    SN_ENTER(real_mkfifo(path, mode));
    SN_PATH_BODY(AT_FDCWD, path, false, mknod_mount(&v, S_IFIFO | (mode & 07777), 0), real_mkfifo(path, mode));
}

SN_EXPORT int mkfifoat(int dirfd, const char *path, mode_t mode)
{
    SN_ENTER(real_mkfifoat(dirfd, path, mode));
    SN_PATH_BODY(dirfd, path, false, mknod_mount(&v, S_IFIFO | (mode & 07777), 0), real_mkfifoat(dirfd, path, mode));
}

/* Legacy names (binaries built against glibc < 2.33); ver is _MKNOD_VER, 0 on x86_64. */
SN_EXPORT int __xmknod(int ver, const char *path, mode_t mode, dev_t *dev)
{
    (void)ver;
    SN_ENTER(real_mknodat(AT_FDCWD, path, mode, *dev));
    SN_PATH_BODY(AT_FDCWD, path, false, mknod_mount(&v, mode, *dev), real_mknodat(AT_FDCWD, path, mode, *dev));
}

SN_EXPORT int __xmknodat(int ver, int dirfd, const char *path, mode_t mode, dev_t *dev)
{
    (void)ver;
    SN_ENTER(real_mknodat(dirfd, path, mode, *dev));
    SN_PATH_BODY(dirfd, path, false, mknod_mount(&v, mode, *dev), real_mknodat(dirfd, path, mode, *dev));
}

/* The tier a file descriptor's file lives on: ours if we opened it, else the tier whose root
 * is on the same device (an O_TMPFILE opened by another route). -1 if none. */
static int tier_of_fd(int fd)
{
    struct sn_fdrec *rec = sn_fd_get(fd);
    if (rec && !(rec->flags & SN_FD_ABOVE))
        return rec->tier;
    struct stat fst, tst;
    if (real_fstatat(fd, "", &fst, AT_EMPTY_PATH) != 0)
        return -1;
    for (int t = 0; t < sn_cfg.n_tiers; t++)
        if (real_fstatat(AT_FDCWD, sn_cfg.tier[t], &tst, 0) == 0 && tst.st_dev == fst.st_dev)
            return t;
    return -1;
}

/* A hard link lives on its file's tier: the new name is made there (its parent directory
 * created on that tier if the view has it elsewhere), so the application never sees EXDEV
 * between two directories of the mount. */
static int link_to_mount(int t, int olddirfd, const char *oldreal, const struct sn_vpath *to, int flags)
{
    char b[PATH_MAX];
    if (!name_free(to))
        return -1;
    if (to->suffix[0]) {
        errno = ENOENT; /* "new/" cannot be created as a file */
        return -1;
    }
    if (sn_ensure_parent(to, t) != 0 || !sn_tier_path(to, t, b))
        return -1;
    if (real_linkat(olddirfd, oldreal, AT_FDCWD, b, flags) != 0)
        return -1;
    if (t < sn_cfg.n_tiers - 1 || sn_cfg.n_tiers == 1)
        tell_new_entry(to, t);
    return 0;
}

static int link_in_mount(struct sn_vpath *fv, struct sn_vpath *tv, int flags);
static int link_in_mount_once(const struct sn_vpath *fv, const struct sn_vpath *tv, int flags);

static int link_common(int olddirfd, const char *oldpath, int newdirfd, const char *newpath, int flags)
{
    struct sn_vpath fv, tv;
    const char *op = oldpath, *np = newpath;
    enum sn_class fc = (flags & AT_EMPTY_PATH) && oldpath && !*oldpath ? SN_PASS : sn_classify(olddirfd, &op, &fv);
    if (fc == SN_ERROR)
        return -1;
    enum sn_class tc = sn_classify(newdirfd, &np, &tv);
    if (tc == SN_ERROR)
        return -1;
    if (tc != SN_MOUNT) {
        if (fc != SN_MOUNT)
            return real_linkat(olddirfd, op, newdirfd, np, flags);
        /* out of the mount: the kernel decides (EXDEV across file systems) */
        char a[PATH_MAX];
        int err, t = sn_find(&fv, NULL, &err);
        if (t < 0) {
            errno = err;
            return -1;
        }
        if (!sn_tier_path(&fv, t, a))
            return -1;
        return real_linkat(AT_FDCWD, a, newdirfd, np, flags & ~AT_EMPTY_PATH);
    }
    if (fc != SN_MOUNT) {
        /* The source is outside the mount, or is the fd itself (AT_EMPTY_PATH, O_TMPFILE). */
        int t = (flags & AT_EMPTY_PATH) && oldpath && !*oldpath ? tier_of_fd(olddirfd) : -1;
        if (t < 0) {
            /* the name goes where new files go; the kernel says EXDEV if that is another
             * file system, as it would without SeaNet for a different one */
            int64_t reserved;
            t = sn_place(&reserved);
            sn_tier_unreserve(t, reserved);
        }
        return link_to_mount(t, olddirfd, op, &tv, flags);
    }
    return link_in_mount(&fv, &tv, flags);
}

/* Both names in the mount. A directory link on the way (followed by the kernel on one tier
 * only) is resolved in the view, and the link tried once more. */
static int link_in_mount(struct sn_vpath *fv, struct sn_vpath *tv, int flags)
{
    int r = link_in_mount_once(fv, tv, flags);
    if (r == 0 || (errno != ENOENT && errno != ENOTDIR))
        return r;
    int e = errno;
    enum sn_links a = sn_resolve_links(fv, false), b = sn_resolve_links(tv, false);
    if (a == SN_LINKS_ERROR || b == SN_LINKS_ERROR)
        return -1;
    if ((a == SN_LINKS_NONE && b == SN_LINKS_NONE) || a == SN_LINKS_OUTSIDE || b == SN_LINKS_OUTSIDE) {
        errno = a == SN_LINKS_OUTSIDE || b == SN_LINKS_OUTSIDE ? EXDEV : e;
        return -1;
    }
    return link_in_mount_once(fv, tv, flags);
}

static int link_in_mount_once(const struct sn_vpath *fv, const struct sn_vpath *tv, int flags)
{
    struct stat st;
    int err, t = sn_find(fv, &st, &err);
    if (t < 0) {
        errno = err;
        return -1;
    }
    char a[PATH_MAX];
    if (!sn_tier_path(fv, t, a))
        return -1;
    if (S_ISDIR(st.st_mode)) {
        /* the kernel looks the new name up first */
        errno = name_free(tv) ? EPERM : errno;
        return -1;
    }
    if (S_ISLNK(st.st_mode) && (flags & AT_SYMLINK_FOLLOW)) {
        /* the link names the symlink's target, which may be on another tier: resolve it in
         * the view and link that file */
        char *target = realpath(fv->path, NULL);
        if (!target)
            return -1;
        int r = link_common(AT_FDCWD, target, AT_FDCWD, tv->path, 0);
        SN_ERRNO_SAVE;
        free(target);
        SN_ERRNO_RESTORE;
        return r;
    }
    return link_to_mount(t, AT_FDCWD, a, tv, flags & ~AT_SYMLINK_FOLLOW);
}

SN_EXPORT int link(const char *oldpath, const char *newpath)
{
    SN_ENTER(real_link(oldpath, newpath));
    return SN_KEEP_ERRNO(link_common(AT_FDCWD, oldpath, AT_FDCWD, newpath, 0));
}

SN_EXPORT int linkat(int olddirfd, const char *oldpath, int newdirfd, const char *newpath, int flags)
{
    SN_ENTER(real_linkat(olddirfd, oldpath, newdirfd, newpath, flags));
    return SN_KEEP_ERRNO(link_common(olddirfd, oldpath, newdirfd, newpath, flags));
}

/* ---- readlink ---- */

static ssize_t readlink_mount(const struct sn_vpath *v, char *buf, size_t size)
{
    char real[PATH_MAX];
    return PROBE_TIERS_T(ssize_t, v, real, real_readlinkat(AT_FDCWD, real, buf, size));
}

SN_EXPORT ssize_t readlink(const char *path, char *buf, size_t size)
{
    SN_ENTER(real_readlink(path, buf, size));
    SN_PATH_BODY_T(ssize_t, AT_FDCWD, path, false, readlink_mount(&v, buf, size), real_readlink(path, buf, size));
}

SN_EXPORT ssize_t readlinkat(int dirfd, const char *path, char *buf, size_t size)
{
    SN_ENTER(real_readlinkat(dirfd, path, buf, size));
    SN_PATH_BODY_T(ssize_t, dirfd, path, false, readlink_mount(&v, buf, size), real_readlinkat(dirfd, path, buf, size));
}

SN_EXPORT ssize_t __readlink_chk(const char *path, char *buf, size_t size, size_t buflen)
{
    if (size > buflen)
        __chk_fail();
    return readlink(path, buf, size);
}

SN_EXPORT ssize_t __readlinkat_chk(int dirfd, const char *path, char *buf, size_t size, size_t buflen)
{
    if (size > buflen)
        __chk_fail();
    return readlinkat(dirfd, path, buf, size);
}

/* ---- statvfs, statfs, pathconf, euidaccess, ftok: the tier holding the path answers ---- */

SN_EXPORT int statvfs(const char *path, struct statvfs *buf)
{
    SN_ENTER(real_statvfs(path, buf));
    char real[PATH_MAX];
    SN_PATH_BODY(AT_FDCWD, path, true, PROBE_TIERS(&v, real, real_statvfs(real, buf)), real_statvfs(path, buf));
}

SN_EXPORT int statvfs64(const char *path, struct statvfs64 *buf)
{
    SN_ENTER(real_statvfs64(path, buf));
    char real[PATH_MAX];
    SN_PATH_BODY(AT_FDCWD, path, true, PROBE_TIERS(&v, real, real_statvfs64(real, buf)), real_statvfs64(path, buf));
}

SN_EXPORT int statfs(const char *path, struct statfs *buf)
{
    SN_ENTER(real_statfs(path, buf));
    char real[PATH_MAX];
    SN_PATH_BODY(AT_FDCWD, path, true, PROBE_TIERS(&v, real, real_statfs(real, buf)), real_statfs(path, buf));
}

SN_EXPORT int statfs64(const char *path, struct statfs64 *buf)
{
    SN_ENTER(real_statfs64(path, buf));
    char real[PATH_MAX];
    SN_PATH_BODY(AT_FDCWD, path, true, PROBE_TIERS(&v, real, real_statfs64(real, buf)), real_statfs64(path, buf));
}

/* -1 with errno unchanged means "no limit": only a changed errno is an error. */
static long pathconf_mount(const struct sn_vpath *v, int name)
{
    char real[PATH_MAX];
    int saved = errno;
    for (int t = 0; t < sn_cfg.n_tiers; t++) {
        if ((t > 0 && !sn_maybe_on(v, t)) || !sn_tier_path(v, t, real))
            continue;
        errno = 0;
        long r = real_pathconf(real, name);
        if (r != -1 || errno == 0) {
            errno = saved;
            return r;
        }
        if (errno != ENOENT)
            return -1;
    }
    errno = ENOENT;
    return -1;
}

SN_EXPORT long pathconf(const char *path, int name)
{
    SN_ENTER(real_pathconf(path, name));
    SN_PATH_BODY_T(long, AT_FDCWD, path, true, pathconf_mount(&v, name), real_pathconf(path, name));
}

SN_EXPORT int euidaccess(const char *path, int mode)
{
    SN_ENTER(real_euidaccess(path, mode));
    char real[PATH_MAX];
    SN_PATH_BODY(AT_FDCWD, path, true, PROBE_TIERS(&v, real, real_euidaccess(real, mode)), real_euidaccess(path, mode));
}

SN_EXPORT int eaccess(const char *path, int mode)
{
    SN_ENTER(real_eaccess(path, mode));
    char real[PATH_MAX];
    SN_PATH_BODY(AT_FDCWD, path, true, PROBE_TIERS(&v, real, real_euidaccess(real, mode)), real_eaccess(path, mode));
}

/* glibc's ftok stats the path internally; same key formula. */
SN_EXPORT key_t ftok(const char *path, int proj_id)
{
    SN_ENTER(real_ftok(path, proj_id));
    if (sn_fast_pass(AT_FDCWD, path))
        return real_ftok(path, proj_id);
    struct stat st;
    if (stat(path, &st) < 0)
        return (key_t)-1;
    return (key_t)((st.st_ino & 0xffff) | ((st.st_dev & 0xff) << 16) | (((unsigned)proj_id & 0xff) << 24));
}

/* ---- realpath ---- */

/* realpath on the view: glibc's algorithm (component by component, symlinks spliced in, at
 * most 40 of them), with lstat/readlink/getcwd being the shim's, so symlinks stored on any
 * tier and absolute links into the mount resolve as the view says. */
static char *view_realpath(const char *path, char *resolved)
{
    if (!path) {
        errno = EINVAL;
        return NULL;
    }
    if (!*path) {
        errno = ENOENT;
        return NULL;
    }
    char out[PATH_MAX], rest[PATH_MAX], link[PATH_MAX];
    size_t o;
    if (strlen(path) >= sizeof rest) {
        errno = ENAMETOOLONG;
        return NULL;
    }
    strcpy(rest, path);
    if (rest[0] == '/') {
        out[0] = '/';
        o = 1;
    } else {
        if (!getcwd(out, sizeof out))
            return NULL;
        o = strlen(out);
    }
    out[o] = 0;
    int links = 0;
    char *p = rest;
    int err = 0;
    while (*p) {
        while (*p == '/')
            p++;
        if (!*p)
            break;
        char *s = p;
        while (*p && *p != '/')
            p++;
        size_t n = (size_t)(p - s);
        if (n == 1 && s[0] == '.')
            continue;
        if (n == 2 && s[0] == '.' && s[1] == '.') {
            while (o > 1 && out[o - 1] != '/')
                o--;
            if (o > 1)
                o--;
            out[o] = 0;
            continue;
        }
        if (o + 1 + n >= sizeof out) {
            err = ENAMETOOLONG;
            break;
        }
        if (out[o - 1] != '/')
            out[o++] = '/';
        memcpy(out + o, s, n);
        o += n;
        out[o] = 0;
        struct stat st;
        if (lstat(out, &st) != 0) {
            err = errno;
            break;
        }
        if (S_ISLNK(st.st_mode)) {
            if (++links > 40) {
                err = ELOOP;
                break;
            }
            ssize_t l = readlink(out, link, sizeof link - 1);
            if (l < 0) {
                err = errno;
                break;
            }
            link[l] = 0;
            size_t tail = strlen(p);
            if ((size_t)l + tail + 1 >= sizeof rest) {
                err = ENAMETOOLONG;
                break;
            }
            memmove(rest + l, p, tail + 1); /* rest = link + what was left */
            memcpy(rest, link, (size_t)l);
            p = rest;
            if (link[0] == '/') {
                o = 1;
            } else { /* back to the symlink's directory */
                while (o > 1 && out[o - 1] != '/')
                    o--;
                if (o > 1)
                    o--;
            }
            out[o] = 0;
        } else if (!S_ISDIR(st.st_mode) && *p) {
            /* more follows ("file/x" or "file/"): only directories have entries */
            char *q = p;
            while (*q == '/')
                q++;
            err = ENOTDIR;
            if (!*q && p[0] == '/')
                break;
            break;
        }
    }
    if (err) {
        if (resolved && (err == ENOENT || err == EACCES || err == ENOTDIR))
            strcpy(resolved, out); /* glibc leaves the prefix that failed there */
        errno = err;
        return NULL;
    }
    if (resolved)
        return strcpy(resolved, out);
    char *r = strdup(out);
    if (!r)
        errno = ENOMEM;
    return r;
}

/* Could path touch the mount? (Absolute outside without "..": certainly not.) */
static bool may_touch_mount(const char *path)
{
    return !sn_fast_pass(AT_FDCWD, path);
}

SN_EXPORT char *realpath(const char *path, char *resolved)
{
    SN_ENTER(real_realpath(path, resolved));
    if (!path || !may_touch_mount(path))
        return real_realpath(path, resolved);
    return view_realpath(path, resolved);
}

SN_EXPORT char *canonicalize_file_name(const char *path)
{
    SN_ENTER(real_canonicalize_file_name(path));
    if (!may_touch_mount(path))
        return real_canonicalize_file_name(path);
    return view_realpath(path, NULL);
}

SN_EXPORT char *__realpath_chk(const char *path, char *resolved, size_t resolvedlen)
{
    if (resolvedlen < PATH_MAX)
        __chk_fail();
    return realpath(path, resolved);
}

/* ---- getcwd's other forms (glibc calls its internal __getcwd) ---- */

SN_EXPORT char *__getcwd_chk(char *buf, size_t size, size_t buflen)
{
    if (size > buflen)
        __chk_fail();
    return getcwd(buf, size);
}

SN_EXPORT char *getwd(char *buf)
{
    SN_ENTER(real_getwd(buf));
    if (!sn_cwd_in_mount())
        return real_getwd(buf);
    char *volatile checked = buf; /* declared nonnull, but glibc answers EINVAL: keep the test */
    if (!checked) {
        errno = EINVAL;
        return NULL;
    }
    char tmp[PATH_MAX];
    if (!getcwd(tmp, sizeof tmp)) {
        strncpy(buf, strerror(errno), PATH_MAX - 1); /* as glibc: the message in buf */
        buf[PATH_MAX - 1] = 0;
        return NULL;
    }
    return strcpy(buf, tmp);
}

SN_EXPORT char *__getwd_chk(char *buf, size_t buflen)
{
    if (buflen < PATH_MAX)
        __chk_fail();
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
    return getwd(buf);
#pragma GCC diagnostic pop
}

/* glibc returns $PWD when it names the cwd (it may go through symlinks), else getcwd. */
SN_EXPORT char *get_current_dir_name(void)
{
    SN_ENTER(real_get_current_dir_name());
    if (!sn_cwd_in_mount())
        return real_get_current_dir_name();
    const char *pwd = getenv("PWD");
    struct stat a, b;
    if (pwd && pwd[0] == '/' && stat(pwd, &a) == 0 && stat(".", &b) == 0 && a.st_dev == b.st_dev &&
        a.st_ino == b.st_ino)
        return strdup(pwd);
    return getcwd(NULL, 0);
}

/* ---- temporary names ---- */

static void random_letters(char *x, size_t n)
{
    static const char letters[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    static __thread uint64_t state;
    uint64_t r;
    if (getrandom(&r, sizeof r, GRND_NONBLOCK) != (ssize_t)sizeof r) {
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        state = state * 6364136223846793005ull + ((uint64_t)ts.tv_nsec ^ (uint64_t)getpid()) + 1442695040888963407ull;
        r = state;
    }
    for (size_t i = 0; i < n; i++, r /= 62)
        x[i] = letters[r % 62];
}

enum tmp_kind { TMP_FILE, TMP_DIR, TMP_NAME };

/* glibc's __gen_tempname on the shim's open/mkdir/lstat: XXXXXX (before suffixlen bytes)
 * replaced until a name is free, TMP_MAX tries. */
static int gen_tempname(char *tmpl, int suffixlen, int flags, enum tmp_kind kind)
{
    size_t len = strlen(tmpl);
    if (suffixlen < 0 || len < 6 + (size_t)suffixlen || memcmp(tmpl + len - (size_t)suffixlen - 6, "XXXXXX", 6) != 0) {
        errno = EINVAL;
        return -1;
    }
    char *x = tmpl + len - (size_t)suffixlen - 6;
    int saved = errno;
    for (long tries = 0; tries < 62L * 62 * 62; tries++) {
        random_letters(x, 6);
        int r;
        switch (kind) {
        case TMP_FILE:
            r = open(tmpl, (flags & ~O_ACCMODE) | O_RDWR | O_CREAT | O_EXCL, 0600);
            break;
        case TMP_DIR:
            r = mkdir(tmpl, 0700);
            break;
        default: {
            struct stat st;
            if (lstat(tmpl, &st) == 0) {
                errno = EEXIST;
                r = -1;
            } else if (errno == ENOENT) {
                errno = saved;
                r = 0;
            } else {
                r = -1;
            }
        }
        }
        if (r >= 0) {
            errno = saved; /* a name taken on the way is no error */
            return r;
        }
        if (errno != EEXIST)
            return -1;
    }
    errno = EEXIST;
    return -1;
}

#define MKSTEMP_BODY(real_call, tmpl, suffixlen, flags) \
    SN_ENTER(real_call);                                \
    if (sn_fast_pass(AT_FDCWD, tmpl))                   \
        return real_call;                               \
    return gen_tempname(tmpl, suffixlen, flags, TMP_FILE)

SN_EXPORT int mkstemp(char *tmpl)
{
    MKSTEMP_BODY(real_mkstemp(tmpl), tmpl, 0, 0);
}

SN_EXPORT int mkstemp64(char *tmpl)
{
    MKSTEMP_BODY(real_mkstemp64(tmpl), tmpl, 0, 0);
}

SN_EXPORT int mkostemp(char *tmpl, int flags)
{
    MKSTEMP_BODY(real_mkostemp(tmpl, flags), tmpl, 0, flags);
}

SN_EXPORT int mkostemp64(char *tmpl, int flags)
{
    MKSTEMP_BODY(real_mkostemp64(tmpl, flags), tmpl, 0, flags);
}

SN_EXPORT int mkstemps(char *tmpl, int suffixlen)
{
    MKSTEMP_BODY(real_mkstemps(tmpl, suffixlen), tmpl, suffixlen, 0);
}

SN_EXPORT int mkstemps64(char *tmpl, int suffixlen)
{
    MKSTEMP_BODY(real_mkstemps64(tmpl, suffixlen), tmpl, suffixlen, 0);
}

SN_EXPORT int mkostemps(char *tmpl, int suffixlen, int flags)
{
    MKSTEMP_BODY(real_mkostemps(tmpl, suffixlen, flags), tmpl, suffixlen, flags);
}

SN_EXPORT int mkostemps64(char *tmpl, int suffixlen, int flags)
{
    MKSTEMP_BODY(real_mkostemps64(tmpl, suffixlen, flags), tmpl, suffixlen, flags);
}

SN_EXPORT char *mkdtemp(char *tmpl)
{
    SN_ENTER(real_mkdtemp(tmpl));
    if (sn_fast_pass(AT_FDCWD, tmpl))
        return real_mkdtemp(tmpl);
    return gen_tempname(tmpl, 0, 0, TMP_DIR) == 0 ? tmpl : NULL;
}

SN_EXPORT char *mktemp(char *tmpl)
{
    SN_ENTER(real_mktemp(tmpl));
    if (sn_fast_pass(AT_FDCWD, tmpl))
        return real_mktemp(tmpl);
    if (gen_tempname(tmpl, 0, 0, TMP_NAME) != 0)
        tmpl[0] = 0;
    return tmpl;
}

static bool dir_exists(const char *d)
{
    struct stat st;
    return d && stat(d, &st) == 0 && S_ISDIR(st.st_mode);
}

/* glibc's __path_search for tempnam: $TMPDIR, then dir, then P_tmpdir, then /tmp. */
SN_EXPORT char *tempnam(const char *dir, const char *pfx)
{
    SN_ENTER(real_tempnam(dir, pfx));
    const char *env = secure_getenv("TMPDIR");
    bool mine = (env && !sn_fast_pass(AT_FDCWD, env)) || (dir && !sn_fast_pass(AT_FDCWD, dir));
    if (!mine)
        return real_tempnam(dir, pfx);
    const char *d = dir_exists(env) ? env : dir_exists(dir) ? dir : dir_exists(P_tmpdir) ? P_tmpdir : NULL;
    if (!d) {
        errno = ENOENT;
        return NULL;
    }
    if (!pfx || !*pfx)
        pfx = "file";
    size_t plen = strnlen(pfx, 5), dlen = strlen(d);
    while (dlen > 1 && d[dlen - 1] == '/')
        dlen--;
    char buf[PATH_MAX];
    if (dlen + plen + 8 > sizeof buf) {
        errno = EINVAL;
        return NULL;
    }
    snprintf(buf, sizeof buf, "%.*s/%.*sXXXXXX", (int)dlen, d, (int)plen, pfx);
    if (gen_tempname(buf, 0, 0, TMP_NAME) != 0)
        return NULL;
    return strdup(buf);
}
