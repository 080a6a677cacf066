/* open and friends, close, and the dup family that keeps the fd table right. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common.h"

static void register_fd(int fd, const struct sn_vpath *v, int tier, unsigned flags)
{
    sn_fd_set(fd, tier, flags, v->path, v->len);
}

static int open_on(const struct sn_vpath *v, int t, int flags, mode_t mode)
{
    char real[PATH_MAX];
    if (!sn_tier_path(v, t, real))
        return -1;
    return real_openat(AT_FDCWD, real, flags, mode);
}

/* Opens v where it exists, in sn_probe_next's order (tier 0, the daemon's hint, then the
 * tiers where its parent directory is). ENOENT if no tier has it. */
static int open_existing(const struct sn_vpath *v, int flags, mode_t mode)
{
    unsigned wflag = sn_is_write(flags) ? SN_FD_WRITE : 0;
    struct sn_probe p = SN_PROBE_INIT;
    for (int t; (t = sn_probe_next(&p, v)) >= 0;) {
        int fd = open_on(v, t, flags & ~O_CREAT, mode);
        if (fd >= 0) {
            register_fd(fd, v, t, wflag);
            if (wflag)
                sn_notify(SEANET_OP_OPENED_WRITE, t, v->path, NULL, 0);
            return fd;
        }
        if (errno != ENOENT)
            return -1; /* it is there but cannot be opened: that is the answer */
    }
    errno = ENOENT;
    return -1;
}

/* O_CREAT: if another tier has the file, open it there (O_EXCL: EEXIST); otherwise create it
 * on the placement tier, or the next one if that one is full. The other tiers are ruled out
 * by their parent directories, so a create in a directory that lives on one tier costs one
 * cheap lookup per other tier, and the kernel's own O_CREAT does the rest. */
static int open_create_at(const struct sn_vpath *v, int flags, mode_t mode, int place);

/* A creator that landed below another racing one yields (see sn_upper_copy): its copy, just
 * made and still empty, goes; it opens the upper one, or answers EEXIST for O_EXCL. */
static int yield_to_upper(const struct sn_vpath *v, int fd, int t, int u, int flags, mode_t mode)
{
    char real[PATH_MAX];
    free(sn_fd_take(fd)); /* ours, just created: nothing to report */
    real_close(fd);
    if (sn_tier_path(v, t, real))
        real_unlink(real);
    if (flags & O_EXCL) {
        errno = EEXIST;
        return -1;
    }
    fd = open_on(v, u, flags & ~O_CREAT, mode);
    if (fd >= 0)
        register_fd(fd, v, u, sn_is_write(flags) ? SN_FD_WRITE : 0);
    return fd;
}

static int open_create(const struct sn_vpath *v, int flags, mode_t mode)
{
    int64_t reserved;
    int place = sn_place(&reserved);
    int fd = open_create_at(v, flags, mode, place);
    struct sn_fdrec *rec_ = NULL;
    SN_ERRNO_SAVE;
    if (fd < 0)
        sn_tier_unreserve(place, reserved);
    else if ((rec_ = sn_fd_get(fd)) && (rec_->len != v->len || memcmp(rec_->vpath, v->path, v->len) != 0)) {
        sn_tier_unreserve(place, reserved); /* opened through a link: that open told the daemon */
    } else {
        struct sn_fdrec *rec = rec_;
        bool created_here = rec && rec->tier == place && (rec->flags & SN_FD_CREATED);
        /* CREATED carries the reservation to the daemon; otherwise give it back now */
        if (!created_here || !sn_notify(SEANET_OP_CREATED, place, v->path, NULL, reserved))
            sn_tier_unreserve(place, reserved);
        if (rec && !created_here && (rec->flags & SN_FD_CREATED))
            sn_notify(SEANET_OP_CREATED, rec->tier, v->path, NULL, 0);
        else if (rec && !(rec->flags & SN_FD_CREATED) && (rec->flags & SN_FD_WRITE))
            sn_notify(SEANET_OP_OPENED_WRITE, rec->tier, v->path, NULL, 0);
    }
    SN_ERRNO_RESTORE;
    return fd;
}

/* O_CREAT on a name that is a symlink: the kernel would follow it on the link's tier, into the
 * real (empty) mount directory for an absolute link, or making a shadow copy there for a target
 * that lives on another tier. The link is followed in the view instead. */
static int open_through_link(const struct sn_vpath *v, int flags, mode_t mode, int t)
{
    struct sn_vpath w = *v;
    switch (sn_resolve_links(&w, true)) {
    case SN_LINKS_IN_MOUNT:
        return sn_open_vpath(&w, flags, mode);
    case SN_LINKS_OUTSIDE:
        return real_openat(AT_FDCWD, w.path, flags, mode);
    case SN_LINKS_ERROR:
        return -1;
    default: {
        int fd = open_on(v, t, flags, mode);
        if (fd >= 0)
            register_fd(fd, v, t, sn_is_write(flags) ? SN_FD_WRITE : 0);
        return fd;
    }
    }
}

static bool is_link_on(const struct sn_vpath *v, int t)
{
    char real[PATH_MAX];
    struct stat st;
    SN_ERRNO_SAVE;
    bool link =
        sn_tier_path(v, t, real) && real_fstatat(AT_FDCWD, real, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode);
    SN_ERRNO_RESTORE;
    return link;
}

static int open_create_at(const struct sn_vpath *v, int flags, mode_t mode, int place)
{
    int last = sn_cfg.n_tiers - 1;
    char real[PATH_MAX];
    struct stat st;
    for (int t = 0; t <= last; t++) {
        if (t == place || !sn_maybe_on(v, t) || !sn_tier_path(v, t, real))
            continue;
        if (real_fstatat(AT_FDCWD, real, &st, AT_SYMLINK_NOFOLLOW) != 0) {
            if (errno == ENOENT)
                continue;
            return -1;
        }
        if (flags & O_EXCL) {
            errno = EEXIST;
            return -1;
        }
        /* Exists on t; a copy on the placement tier above it would be the visible one. */
        if (t > place) {
            int fd = open_on(v, place, flags & ~O_CREAT, mode); /* only if it is there */
            if (fd >= 0) {
                register_fd(fd, v, place, sn_is_write(flags) ? SN_FD_WRITE : 0);
                return fd;
            }
        }
        if (S_ISLNK(st.st_mode) && !(flags & O_NOFOLLOW))
            return open_through_link(v, flags, mode, t);
        int fd = open_on(v, t, flags, mode); /* O_CREAT kept: a directory answers EISDIR */
        if (fd >= 0)
            register_fd(fd, v, t, sn_is_write(flags) ? SN_FD_WRITE : 0);
        return fd;
    }
    for (int t = place; t <= last; t++) {
        bool parent_made = false;
        for (;;) {
            int fd = open_on(v, t, flags | O_EXCL, mode);
            if (fd >= 0) {
                register_fd(fd, v, t, SN_FD_WRITE | SN_FD_CREATED);
                int u = sn_upper_copy(v, t);
                return u < 0 ? fd : yield_to_upper(v, fd, t, u, flags, mode);
            }
            if (errno == EEXIST && !(flags & O_EXCL)) {
                if (!(flags & O_NOFOLLOW) && is_link_on(v, t))
                    return open_through_link(v, flags, mode, t);
                fd = open_on(v, t, flags, mode); /* already on this tier: open it as asked */
                if (fd >= 0)
                    register_fd(fd, v, t, sn_is_write(flags) ? SN_FD_WRITE : 0);
                return fd;
            }
            if (errno == ENOENT && !parent_made) {
                if (sn_ensure_parent(v, t) != 0)
                    return -1; /* missing in the view: ENOENT/ENOTDIR as the kernel says */
                parent_made = true;
                continue;
            }
            break;
        }
        if ((errno != ENOSPC && errno != EDQUOT) || t == last)
            return -1;
    }
    return -1;
}

int sn_open_vpath(const struct sn_vpath *v, int flags, mode_t mode)
{
    int fd = (flags & O_CREAT) ? open_create(v, flags, mode) : open_existing(v, flags, mode);
    if (fd >= 0 || (errno != ENOENT && errno != ENOTDIR))
        return fd;
    /* through a symlink the kernel followed on one tier only: see SN_PATH_BODY */
    int e = errno;
    struct sn_vpath w = *v;
    bool follow = !(flags & O_NOFOLLOW) && (flags & (O_CREAT | O_EXCL)) != (O_CREAT | O_EXCL);
    switch (sn_resolve_links(&w, follow)) {
    case SN_LINKS_IN_MOUNT:
        return (flags & O_CREAT) ? open_create(&w, flags, mode) : open_existing(&w, flags, mode);
    case SN_LINKS_OUTSIDE:
        return real_openat(AT_FDCWD, w.path, flags, mode);
    case SN_LINKS_ERROR:
        return -1;
    default:
        errno = e;
        return -1;
    }
}

/* Out of line: its frame holds a PATH_MAX path, which the fast path should not pay for. */
__attribute__((noinline)) static int open_common(int dirfd, const char *path, int flags, mode_t mode)
{
    struct sn_vpath v;
    switch (sn_classify(dirfd, &path, &v)) {
    case SN_MOUNT:
        return SN_KEEP_ERRNO(sn_open_vpath(&v, flags, mode));
    case SN_ERROR:
        return -1;
    default:
        return sn_note_above(real_openat(dirfd, path, flags, mode), path);
    }
}

#define OPEN_MODE(flags)                                       \
    mode_t mode = 0;                                           \
    if ((flags)&O_CREAT || ((flags)&O_TMPFILE) == O_TMPFILE) { \
        va_list ap;                                            \
        va_start(ap, flags);                                   \
        mode = va_arg(ap, mode_t);                             \
        va_end(ap);                                            \
    }

SN_EXPORT int open(const char *path, int flags, ...)
{
    OPEN_MODE(flags);
    SN_ENTER(real_open(path, flags, mode));
    if (SN_LIKELY(sn_fast_pass(AT_FDCWD, path)))
        return sn_note_above(real_open(path, flags, mode), path);
    return open_common(AT_FDCWD, path, flags, mode);
}

SN_EXPORT int open64(const char *path, int flags, ...)
{
    OPEN_MODE(flags);
    SN_ENTER(real_open64(path, flags, mode));
    if (SN_LIKELY(sn_fast_pass(AT_FDCWD, path)))
        return sn_note_above(real_open64(path, flags, mode), path);
    return open_common(AT_FDCWD, path, flags, mode);
}

SN_EXPORT int openat(int dirfd, const char *path, int flags, ...)
{
    OPEN_MODE(flags);
    SN_ENTER(real_openat(dirfd, path, flags, mode));
    if (SN_LIKELY(sn_fast_pass(dirfd, path)))
        return sn_note_above(real_openat(dirfd, path, flags, mode), path);
    return open_common(dirfd, path, flags, mode);
}

SN_EXPORT int openat64(int dirfd, const char *path, int flags, ...)
{
    OPEN_MODE(flags);
    SN_ENTER(real_openat64(dirfd, path, flags, mode));
    if (SN_LIKELY(sn_fast_pass(dirfd, path)))
        return sn_note_above(real_openat64(dirfd, path, flags, mode), path);
    return open_common(dirfd, path, flags, mode);
}

/* Fortified forms: called when the compiler knows no mode is passed. */
SN_EXPORT int __open_2(const char *path, int flags)
{
    SN_ENTER(real___open_2(path, flags));
    if (SN_LIKELY(sn_fast_pass(AT_FDCWD, path)))
        return sn_note_above(real___open_2(path, flags), path);
    return open_common(AT_FDCWD, path, flags, 0);
}

SN_EXPORT int __open64_2(const char *path, int flags)
{
    SN_ENTER(real___open64_2(path, flags));
    if (SN_LIKELY(sn_fast_pass(AT_FDCWD, path)))
        return sn_note_above(real___open64_2(path, flags), path);
    return open_common(AT_FDCWD, path, flags, 0);
}

SN_EXPORT int __openat_2(int dirfd, const char *path, int flags)
{
    SN_ENTER(real___openat_2(dirfd, path, flags));
    if (SN_LIKELY(sn_fast_pass(dirfd, path)))
        return sn_note_above(real___openat_2(dirfd, path, flags), path);
    return open_common(dirfd, path, flags, 0);
}

SN_EXPORT int __openat64_2(int dirfd, const char *path, int flags)
{
    SN_ENTER(real___openat64_2(dirfd, path, flags));
    if (SN_LIKELY(sn_fast_pass(dirfd, path)))
        return sn_note_above(real___openat64_2(dirfd, path, flags), path);
    return open_common(dirfd, path, flags, 0);
}

SN_EXPORT int creat(const char *path, mode_t mode)
{
    SN_ENTER(real_creat(path, mode));
    return open_common(AT_FDCWD, path, O_CREAT | O_WRONLY | O_TRUNC, mode);
}

SN_EXPORT int creat64(const char *path, mode_t mode)
{
    SN_ENTER(real_creat64(path, mode));
    return open_common(AT_FDCWD, path, O_CREAT | O_WRONLY | O_TRUNC, mode);
}

/* Tells the daemon a written file is complete. The daemon stats it itself (size -1), so the
 * application's close costs no extra system call. */
void sn_fd_closing(struct sn_fdrec *rec)
{
    if (rec->flags & SN_FD_WRITE) {
        SN_ERRNO_SAVE;
        sn_notify(SEANET_OP_CLOSED_WRITE, rec->tier, rec->vpath, NULL, -1);
        SN_ERRNO_RESTORE;
    }
}

SN_EXPORT int close(int fd)
{
    SN_ENTER(real_close(fd));
    sn_fd_release(sn_fd_take(fd));
    return real_close(fd);
}

SN_EXPORT int dup(int fd)
{
    SN_ENTER(real_dup(fd));
    int r = real_dup(fd);
    if (r >= 0 && sn_fd_get(fd)) {
        SN_ERRNO_SAVE;
        sn_fd_copy(fd, r);
        SN_ERRNO_RESTORE;
    }
    return r;
}

static int dup_to(int fd, int fd2, int r)
{
    if (r >= 0 && fd != fd2) {
        SN_ERRNO_SAVE;
        sn_fd_copy(fd, fd2); /* also reports a written file that fd2 was holding */
        SN_ERRNO_RESTORE;
    }
    return r;
}

SN_EXPORT int dup2(int fd, int fd2)
{
    SN_ENTER(real_dup2(fd, fd2));
    return dup_to(fd, fd2, real_dup2(fd, fd2));
}

SN_EXPORT int dup3(int fd, int fd2, int flags)
{
    SN_ENTER(real_dup3(fd, fd2, flags));
    return dup_to(fd, fd2, real_dup3(fd, fd2, flags));
}

/* fcntl's third argument is an int, a long or a pointer depending on cmd; passed on as the
 * machine word it arrived in. Only the F_DUPFD forms concern us (gnulib's fts dups its
 * directory fds this way). */
static int fcntl_common(int (*real)(int, int, ...), int fd, int cmd, void *arg)
{
    int r = real(fd, cmd, arg);
    if (r >= 0 && (cmd == F_DUPFD || cmd == F_DUPFD_CLOEXEC) && sn_fd_get(fd)) {
        SN_ERRNO_SAVE;
        sn_fd_copy(fd, r);
        SN_ERRNO_RESTORE;
    }
    return r;
}

#define FCNTL_ARG(cmd)        \
    void *arg;                \
    va_list ap;               \
    va_start(ap, cmd);        \
    arg = va_arg(ap, void *); \
    va_end(ap);

SN_EXPORT int fcntl(int fd, int cmd, ...)
{
    FCNTL_ARG(cmd);
    SN_ENTER(real_fcntl(fd, cmd, arg));
    return fcntl_common(real_fcntl, fd, cmd, arg);
}

SN_EXPORT int fcntl64(int fd, int cmd, ...)
{
    FCNTL_ARG(cmd);
    SN_ENTER(real_fcntl64(fd, cmd, arg));
    return fcntl_common(real_fcntl64, fd, cmd, arg);
}

/* Closing fds wholesale must drop their records too, or a later fd with the same number would
 * be taken for a directory of the mount. (A raw SYS_close cannot be seen.) */
SN_EXPORT int close_range(unsigned int first, unsigned int last, int flags)
{
    SN_ENTER(real_close_range(first, last, flags));
    if (!(flags & CLOSE_RANGE_CLOEXEC)) {
        SN_ERRNO_SAVE;
        sn_fd_release_range(first, last);
        SN_ERRNO_RESTORE;
    }
    return real_close_range(first, last, flags);
}

SN_EXPORT void closefrom(int lowfd)
{
    sn_ensure_init();
    if (!sn_guard && sn_cfg.active && lowfd >= 0) {
        SN_ERRNO_SAVE;
        sn_fd_release_range((unsigned)lowfd, ~0u);
        SN_ERRNO_RESTORE;
    }
    real_closefrom(lowfd);
}
