/* Tree walkers: scandir, ftw/nftw, glob and fts (issue #3).
 *
 * glibc builds these on its internal __opendir, __lstat64, __fchdir..., which an LD_PRELOAD
 * library cannot interpose: on a mount path they would see only the real, empty mount
 * directory. A walk that cannot reach the mount (it starts outside it and not above it) goes
 * to glibc untouched. One that can runs here, on the public calls the shim already makes
 * merged and exact (opendir/readdir64/lstat/stat/fstatat/open/chdir/fchdir). glob keeps
 * glibc's own matcher and is handed the shim's directory functions (GLOB_ALTDIRFUNC).
 *
 * The algorithms follow glibc 2.36 (io/ftw.c, io/fts.c, dirent/scandir-tail-common.c) step
 * by step, because programs depend on their order, their errno and their quirks. Where the
 * merged view needs a different answer the code says so:
 *  - device numbers: every tier is its own file system, but the view is one; FTW_MOUNT and
 *    FTS_XDEV compare devices with every tier's device counted as the persistent tier's;
 *  - link counts: a merged directory's st_nlink is its topmost copy's, not the union's, so
 *    fts's FTS_NOSTAT shortcut (stop stat'ing once nlink-2 subdirectories were seen) is not
 *    taken in a directory on a tier's file system. */
#include <search.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common.h"

_Static_assert(sizeof(struct stat) == sizeof(struct stat64), "LP64: stat is stat64");
_Static_assert(sizeof(FTSENT) == sizeof(FTSENT64) && offsetof(FTSENT, fts_statp) == offsetof(FTSENT64, fts_statp) &&
                   offsetof(FTSENT, fts_name) == offsetof(FTSENT64, fts_name),
               "LP64: FTSENT is FTSENT64");
_Static_assert(sizeof(FTS) == sizeof(FTS64), "LP64: FTS is FTS64");
_Static_assert(sizeof(glob_t) == sizeof(glob64_t), "LP64: glob_t is glob64_t");

/* ---- does a walk reach the mount? ---- */

/* True if a walk from path (relative to dirfd) can enter the mount: path is the mount, below
 * it, or above it ("/tmp" with the mount in /tmp/me/mnt), or it is relative to a directory in
 * the mount. Lexical, like all classification. */
static bool reaches_mount(int dirfd, const char *path)
{
    if (!path || !sn_cfg.active)
        return false;
    if (path[0] == '/' && !sn_has_dotdot(path))
        return sn_prefix_relation(path) != SN_REL_NONE; /* the common case: one prefix walk */
    char base[PATH_MAX];
    size_t blen = 0;
    if (path[0] != '/') {
        /* Relative to a directory in the mount: the kernel's cwd (or the fd) is a tier's copy,
         * so only the shim resolves the name right, even where it leads out of the mount. */
        if (dirfd == AT_FDCWD) {
            if (__atomic_load_n(&sn_cwd_in_mount_flag, __ATOMIC_RELAXED))
                return true;
            if (!__atomic_load_n(&sn_cwd_holds_mount_flag, __ATOMIC_RELAXED) && !sn_has_dotdot(path))
                return false;
            blen = sn_cwd_get(base, sizeof base);
        } else {
            struct sn_fdrec *rec = sn_fd_get(dirfd);
            if (!rec)
                return false; /* a directory outside the mount and not above it */
            if (!(rec->flags & SN_FD_ABOVE) || rec->len >= sizeof base)
                return true;
            memcpy(base, rec->vpath, rec->len + 1);
            blen = rec->len;
        }
        if (blen == 0)
            return false;
    }
    size_t plen = strlen(path);
    char abs[2 * PATH_MAX], norm[PATH_MAX];
    if (blen + plen + 2 > sizeof abs)
        return false; /* glibc answers ENAMETOOLONG itself */
    memcpy(abs, base, blen);
    abs[blen] = '/';
    memcpy(abs + blen + 1, path, plen + 1);
    long len = sn_normalize(abs, norm, sizeof norm);
    return len > 0 && sn_prefix_relation(norm) != SN_REL_NONE;
}

/* The tiers' devices, read once per walk. A walk counts them all as one device, the
 * persistent tier's (the last one found), so FTW_MOUNT and FTS_XDEV see the view as one file
 * system. */
struct tier_devs {
    int n;
    dev_t dev[SEANET_MAX_TIERS];
};

static void tier_devs_read(struct tier_devs *d)
{
    SN_ERRNO_SAVE;
    struct stat st;
    d->n = 0;
    for (int t = 0; t < sn_cfg.n_tiers; t++)
        if (real_stat(sn_cfg.tier[t], &st) == 0)
            d->dev[d->n++] = st.st_dev;
    SN_ERRNO_RESTORE;
}

static dev_t view_dev(const struct tier_devs *d, dev_t dev)
{
    for (int i = 0; i < d->n; i++)
        if (d->dev[i] == dev)
            return d->dev[d->n - 1];
    return dev;
}

static bool on_a_tier(const struct tier_devs *d, dev_t dev)
{
    for (int i = 0; i < d->n; i++)
        if (d->dev[i] == dev)
            return true;
    return false;
}

/* ---- scandir ---- */

/* struct dirent is struct dirent64 on LP64 (dir.c asserts it), so one body serves all four;
 * the callbacks differ only in the pointee's name. */
typedef int (*scan_sel_fn)(const struct dirent64 *);
typedef int (*scan_cmp_fn)(const struct dirent64 **, const struct dirent64 **);
typedef int (*qsort_cmp_fn)(const void *, const void *);
#define FN_CAST(type, f) ((type)(void (*)(void))(f))

/* glibc's scandir tail: errno is 0 around the loop so a failure of readdir, malloc or realloc
 * shows; on success the caller's errno comes back. */
static int scan_stream(DIR *d, struct dirent64 ***list, scan_sel_fn sel, scan_cmp_fn cmp)
{
    if (!d)
        return -1;
    int saved = errno;
    errno = 0;
    struct dirent64 **v = NULL, *e;
    size_t n = 0, cap = 0;
    while ((e = readdir64(d)) != NULL) {
        if (sel) {
            int keep = sel(e);
            errno = 0; /* the filter may leave errno set on success */
            if (!keep)
                continue;
        }
        if (n == cap) {
            size_t nc = cap ? cap * 2 : 10;
            struct dirent64 **nv = realloc(v, nc * sizeof *nv);
            if (!nv)
                break;
            v = nv;
            cap = nc;
        }
        struct dirent64 *copy = malloc(e->d_reclen);
        if (!copy)
            break;
        v[n++] = memcpy(copy, e, e->d_reclen);
        errno = 0;
    }
    int r;
    if (errno != 0) {
        saved = errno;
        while (n > 0)
            free(v[--n]);
        free(v);
        r = -1;
    } else {
        if (cmp)
            qsort(v, n, sizeof *v, FN_CAST(qsort_cmp_fn, cmp));
        *list = v;
        r = (int)n;
    }
    closedir(d);
    errno = saved;
    return r;
}

/* Classifies like every path call; only a directory in the mount is ours (scandir does not
 * descend, so a directory above the mount lists as it is). */
static int scandir_any(int dirfd, const char *dir, struct dirent64 ***list, scan_sel_fn sel, scan_cmp_fn cmp,
                       int (*real)(int, const char *, struct dirent64 ***, scan_sel_fn, scan_cmp_fn))
{
    struct sn_vpath v;
    switch (sn_classify(dirfd, &dir, &v)) {
    case SN_MOUNT:
        return scan_stream(opendir(v.path), list, sel, cmp);
    case SN_ERROR:
        return -1;
    default:
        return real(dirfd, dir, list, sel, cmp);
    }
}

static int real_scandir_at(int dirfd, const char *dir, struct dirent64 ***list, scan_sel_fn sel, scan_cmp_fn cmp)
{
    return dirfd == AT_FDCWD ? real_scandir64(dir, list, sel, cmp) : real_scandirat64(dirfd, dir, list, sel, cmp);
}

SN_EXPORT int scandir(const char *dir, struct dirent ***list, int (*sel)(const struct dirent *),
                      int (*cmp)(const struct dirent **, const struct dirent **))
{
    SN_ENTER(real_scandir(dir, list, sel, cmp));
    return scandir_any(AT_FDCWD, dir, (struct dirent64 ***)list, FN_CAST(scan_sel_fn, sel), FN_CAST(scan_cmp_fn, cmp),
                       real_scandir_at);
}

SN_EXPORT int scandir64(const char *dir, struct dirent64 ***list, int (*sel)(const struct dirent64 *),
                        int (*cmp)(const struct dirent64 **, const struct dirent64 **))
{
    SN_ENTER(real_scandir64(dir, list, sel, cmp));
    return scandir_any(AT_FDCWD, dir, list, sel, cmp, real_scandir_at);
}

SN_EXPORT int scandirat(int dirfd, const char *dir, struct dirent ***list, int (*sel)(const struct dirent *),
                        int (*cmp)(const struct dirent **, const struct dirent **))
{
    SN_ENTER(real_scandirat(dirfd, dir, list, sel, cmp));
    return scandir_any(dirfd, dir, (struct dirent64 ***)list, FN_CAST(scan_sel_fn, sel), FN_CAST(scan_cmp_fn, cmp),
                       real_scandirat64);
}

SN_EXPORT int scandirat64(int dirfd, const char *dir, struct dirent64 ***list, int (*sel)(const struct dirent64 *),
                          int (*cmp)(const struct dirent64 **, const struct dirent64 **))
{
    SN_ENTER(real_scandirat64(dirfd, dir, list, sel, cmp));
    return scandir_any(dirfd, dir, list, sel, cmp, real_scandirat64);
}

/* ---- ftw / nftw ---- */

/* glibc's internal flag values are nftw's; ftw's callback gets a coarser set. */
static const int nftw_flags[] = {FTW_F, FTW_D, FTW_DNR, FTW_NS, FTW_SL, FTW_DP, FTW_SLN};
static const int ftw_flags[] = {FTW_F, FTW_D, FTW_DNR, FTW_NS, FTW_F, FTW_D, FTW_NS};

/* One directory being walked. With FTW_CHDIR its stream stays open so the walk can fchdir
 * back to it; at most nopenfd streams are open (a ring, as in glibc: opening one more closes
 * the oldest, whose return then goes by chdir("..")). */
struct ftw_dir_frame {
    DIR *stream;
};

struct ftw_walk {
    int flags;
    const int *cvt;
    __nftw64_func_t nfunc; /* nftw's callback, or NULL */
    __ftw64_func_t func;   /* ftw's */
    char *buf;             /* the path of the current object, as the callback gets it */
    size_t cap;
    struct FTW ftw;
    dev_t dev;   /* the start's, for FTW_MOUNT */
    void *known; /* (dev, ino) of directories seen, without FTW_PHYS */
    struct ftw_dir_frame **ring;
    size_t nring, act;
    struct tier_devs tiers;
};

struct known_object {
    dev_t dev;
    ino64_t ino;
};

static int known_cmp(const void *a, const void *b)
{
    const struct known_object *x = a, *y = b;
    if (x->ino != y->ino)
        return x->ino < y->ino ? -1 : 1;
    return x->dev < y->dev ? -1 : x->dev > y->dev;
}

static bool known_find(struct ftw_walk *w, const struct stat64 *st)
{
    struct known_object k = {st->st_dev, st->st_ino};
    return tfind(&k, &w->known, known_cmp) != NULL;
}

static int known_add(struct ftw_walk *w, const struct stat64 *st)
{
    struct known_object *k = malloc(sizeof *k);
    if (!k)
        return -1;
    k->dev = st->st_dev;
    k->ino = st->st_ino;
    if (!tsearch(k, &w->known, known_cmp)) {
        free(k);
        return -1;
    }
    return 0;
}

static int ftw_call(struct ftw_walk *w, const struct stat64 *st, int flag)
{
    if (w->nfunc)
        return w->nfunc(w->buf, st, w->cvt[flag], &w->ftw);
    return w->func(w->buf, st, w->cvt[flag]);
}

/* The names in a directory, read at once: "a\0b\0\0". Our merged streams are a snapshot
 * anyway, and holding no stream while descending needs no descriptor per level. */
static char *ftw_read_names(DIR *d)
{
    size_t cap = 1024, len = 0;
    char *names = malloc(cap);
    if (!names)
        return NULL;
    struct dirent64 *e;
    while ((e = readdir64(d)) != NULL) {
        size_t n = strlen(e->d_name);
        if (len + n + 2 > cap) {
            size_t nc = cap + (n * 2 > 1024 ? n * 2 : 1024);
            char *nn = realloc(names, nc);
            if (!nn) {
                SN_ERRNO_SAVE;
                free(names);
                SN_ERRNO_RESTORE;
                return NULL;
            }
            names = nn;
            cap = nc;
        }
        memcpy(names + len, e->d_name, n + 1);
        len += n + 1;
    }
    names[len] = 0;
    return names;
}

static bool ftw_grow(struct ftw_walk *w, size_t need)
{
    char *nb = realloc(w->buf, need);
    if (!nb)
        return false;
    w->buf = nb;
    w->cap = need;
    return true;
}

/* Keeps self's stream in the ring; closes the oldest one there if the ring is full. */
static void ftw_ring_push(struct ftw_walk *w, struct ftw_dir_frame *self)
{
    struct ftw_dir_frame *old = w->ring[w->act];
    if (old) {
        closedir(old->stream);
        old->stream = NULL;
    }
    w->ring[w->act] = self;
    if (++w->act == w->nring)
        w->act = 0;
}

static void ftw_ring_pop(struct ftw_walk *w, struct ftw_dir_frame *self)
{
    if (!self->stream)
        return; /* closed by a deeper level: its slot is no longer ours */
    SN_ERRNO_SAVE;
    closedir(self->stream);
    self->stream = NULL;
    SN_ERRNO_RESTORE;
    w->act = w->act == 0 ? w->nring - 1 : w->act - 1;
    w->ring[w->act] = NULL;
}

static int ftw_dir(struct ftw_walk *w, const struct stat64 *st, struct ftw_dir_frame *parent);

static int ftw_entry(struct ftw_walk *w, struct ftw_dir_frame *dir, const char *name)
{
    if (name[0] == '.' && (name[1] == 0 || (name[1] == '.' && name[2] == 0)))
        return 0;
    size_t namlen = strlen(name), need = (size_t)w->ftw.base + namlen + 2;
    if (w->cap < need && !ftw_grow(w, 2 * need))
        return -1;
    memcpy(w->buf + w->ftw.base, name, namlen + 1);

    bool phys = w->flags & FTW_PHYS;
    struct stat64 st;
    int statres;
    /* glibc stats relative to the open stream; without FTW_CHDIR by the whole path, which is
     * the same object */
    if ((w->flags & FTW_CHDIR) && dir->stream)
        statres = fstatat64(dirfd(dir->stream), name, &st, phys ? AT_SYMLINK_NOFOLLOW : 0);
    else {
        const char *p = (w->flags & FTW_CHDIR) ? name : w->buf;
        statres = phys ? lstat64(p, &st) : stat64(p, &st);
    }

    int result = 0, flag = 0;
    if (statres < 0) {
        if (errno != EACCES && errno != ENOENT)
            result = -1;
        else if (phys)
            flag = FTW_NS;
        else {
            /* a dangling link is reported with the link's own stat, as glibc 2.36 does */
            const char *p = (w->flags & FTW_CHDIR) ? name : w->buf;
            if ((w->flags & FTW_CHDIR) && dir->stream)
                statres = fstatat64(dirfd(dir->stream), name, &st, AT_SYMLINK_NOFOLLOW);
            else
                statres = lstat64(p, &st);
            flag = statres == 0 && S_ISLNK(st.st_mode) ? FTW_SLN : FTW_NS;
        }
    } else if (S_ISDIR(st.st_mode))
        flag = FTW_D;
    else
        flag = S_ISLNK(st.st_mode) ? FTW_SL : FTW_F;

    if (result == 0 &&
        (flag == FTW_NS || !(w->flags & FTW_MOUNT) || view_dev(&w->tiers, st.st_dev) == view_dev(&w->tiers, w->dev))) {
        if (flag == FTW_D) {
            /* without FTW_PHYS a directory met twice (through a link) is walked once */
            if (phys || (!known_find(w, &st) && (result = known_add(w, &st)) == 0))
                result = ftw_dir(w, &st, dir);
        } else
            result = ftw_call(w, &st, flag);
    }
    if ((w->flags & FTW_ACTIONRETVAL) && result == FTW_SKIP_SUBTREE)
        result = 0;
    return result;
}

static int ftw_dir(struct ftw_walk *w, const struct stat64 *st, struct ftw_dir_frame *parent)
{
    struct ftw_dir_frame self = {NULL};
    int previous_base = w->ftw.base, result;
    bool chdir_mode = w->flags & FTW_CHDIR;
    const char *name = w->buf;
    if (chdir_mode) {
        name = w->buf + w->ftw.base;
        if (!name[0])
            name = ".";
    }
    DIR *d = opendir(name);
    if (!d) {
        if (errno == EACCES)
            return ftw_call(w, st, FTW_DNR);
        return -1;
    }
    char *names = NULL;
    if (chdir_mode) {
        self.stream = d; /* kept: the way back here from below */
        ftw_ring_push(w, &self);
    }
    if (!(w->flags & FTW_DEPTH)) {
        result = ftw_call(w, st, FTW_D);
        if (result != 0)
            goto out;
    }
    if (chdir_mode && fchdir(dirfd(self.stream)) < 0) {
        result = -1;
        goto out;
    }
    /* read after the pre-order callback, as glibc does: it may have changed the directory */
    names = ftw_read_names(d);
    if (!chdir_mode) {
        SN_ERRNO_SAVE;
        closedir(d);
        d = NULL;
        SN_ERRNO_RESTORE;
    }
    if (!names) {
        result = -1;
        goto out;
    }

    ++w->ftw.level;
    char *end = strchr(w->buf, 0);
    if (end[-1] != '/')
        *end++ = '/';
    w->ftw.base = (int)(end - w->buf);

    result = 0;
    for (const char *n = names; *n && result == 0; n += strlen(n) + 1)
        result = ftw_entry(w, &self, n);

    if ((w->flags & FTW_ACTIONRETVAL) && result == FTW_SKIP_SIBLINGS)
        result = 0;
    w->buf[w->ftw.base - 1] = 0;
    --w->ftw.level;
    w->ftw.base = previous_base;

    ftw_ring_pop(w, &self);
    if (result == 0 && (w->flags & FTW_DEPTH))
        result = ftw_call(w, st, FTW_DP);

    if (parent && chdir_mode &&
        (result == 0 || ((w->flags & FTW_ACTIONRETVAL) && result != -1 && result != FTW_STOP))) {
        /* back to the parent: by its stream if still open, else by name */
        if (!(parent->stream && fchdir(dirfd(parent->stream)) == 0)) {
            if (chdir(w->ftw.base == 1 ? "/" : "..") < 0)
                result = -1;
        }
    }
out:;
    SN_ERRNO_SAVE;
    ftw_ring_pop(w, &self);
    if (!chdir_mode && d)
        closedir(d);
    free(names);
    SN_ERRNO_RESTORE;
    return result;
}

static int ftw_start(const char *dir, __nftw64_func_t nfunc, __ftw64_func_t func, int nopenfd, int flags)
{
    if (dir[0] == 0) {
        errno = ENOENT;
        return -1;
    }
    struct ftw_walk w = {.flags = flags, .cvt = nfunc ? nftw_flags : ftw_flags, .nfunc = nfunc, .func = func};
    tier_devs_read(&w.tiers);
    w.nring = nopenfd < 1 ? 1 : (size_t)nopenfd;
    size_t dlen = strlen(dir);
    w.cap = 2 * dlen > PATH_MAX ? 2 * dlen : PATH_MAX;
    w.buf = malloc(w.cap);
    w.ring = calloc(w.nring, sizeof *w.ring);
    if (!w.buf || !w.ring) {
        free(w.buf);
        free(w.ring);
        errno = ENOMEM;
        return -1;
    }
    memcpy(w.buf, dir, dlen + 1);
    char *cp = w.buf + dlen;
    while (cp > w.buf + 1 && cp[-1] == '/')
        --cp;
    *cp = 0;
    while (cp > w.buf && cp[-1] != '/')
        --cp;
    w.ftw.base = (int)(cp - w.buf);
    w.ftw.level = 0;

    int result = 0, cwdfd = -1;
    char *cwd = NULL;
    if (flags & FTW_CHDIR) {
        /* to come back: a descriptor, or the name if the cwd is not readable */
        cwdfd = open(".", O_RDONLY | O_DIRECTORY);
        if (cwdfd == -1) {
            if (errno == EACCES)
                cwd = getcwd(NULL, 0);
            if (!cwd) {
                result = -1;
                goto out;
            }
        } else if (w.nring > 1)
            --w.nring; /* that descriptor counts against nopenfd */
        if (w.ftw.base > 0) {
            if (w.ftw.base == 1)
                result = chdir("/");
            else {
                char ch = w.buf[w.ftw.base - 1];
                w.buf[w.ftw.base - 1] = 0;
                result = chdir(w.buf);
                w.buf[w.ftw.base - 1] = ch;
            }
        }
    }
    if (result == 0) {
        const char *name = w.buf;
        if (flags & FTW_CHDIR) {
            name = w.buf + w.ftw.base;
            if (!name[0])
                name = ".";
        }
        struct stat64 st;
        if (((flags & FTW_PHYS) ? lstat64(name, &st) : stat64(name, &st)) < 0) {
            if (!(flags & FTW_PHYS) && errno == ENOENT && lstat64(name, &st) == 0 && S_ISLNK(st.st_mode))
                result = ftw_call(&w, &st, FTW_SLN);
            else
                result = -1; /* nothing to tell the callback about */
        } else if (S_ISDIR(st.st_mode)) {
            w.dev = st.st_dev;
            if (!(flags & FTW_PHYS))
                result = known_add(&w, &st);
            if (result == 0)
                result = ftw_dir(&w, &st, NULL);
        } else
            result = ftw_call(&w, &st, S_ISLNK(st.st_mode) ? FTW_SL : FTW_F);
        if ((flags & FTW_ACTIONRETVAL) && (result == FTW_SKIP_SUBTREE || result == FTW_SKIP_SIBLINGS))
            result = 0;
    }
    if (cwdfd != -1) {
        SN_ERRNO_SAVE;
        (void)!fchdir(cwdfd);
        close(cwdfd);
        SN_ERRNO_RESTORE;
    } else if (cwd) {
        SN_ERRNO_SAVE;
        (void)!chdir(cwd);
        free(cwd);
        SN_ERRNO_RESTORE;
    }
out:;
    SN_ERRNO_SAVE;
    tdestroy(w.known, free);
    free(w.ring);
    free(w.buf);
    SN_ERRNO_RESTORE;
    return result;
}

#define NFTW_FLAGS (FTW_PHYS | FTW_MOUNT | FTW_CHDIR | FTW_DEPTH | FTW_ACTIONRETVAL)

SN_EXPORT int nftw(const char *dir, __nftw_func_t func, int nopenfd, int flags)
{
    SN_ENTER(real_nftw(dir, func, nopenfd, flags));
    if (!reaches_mount(AT_FDCWD, dir))
        return real_nftw(dir, func, nopenfd, flags);
    if (flags & ~NFTW_FLAGS) {
        errno = EINVAL;
        return -1;
    }
    return ftw_start(dir, FN_CAST(__nftw64_func_t, func), NULL, nopenfd, flags);
}

SN_EXPORT int nftw64(const char *dir, __nftw64_func_t func, int nopenfd, int flags)
{
    SN_ENTER(real_nftw64(dir, func, nopenfd, flags));
    if (!reaches_mount(AT_FDCWD, dir))
        return real_nftw64(dir, func, nopenfd, flags);
    if (flags & ~NFTW_FLAGS) {
        errno = EINVAL;
        return -1;
    }
    return ftw_start(dir, func, NULL, nopenfd, flags);
}

SN_EXPORT int ftw(const char *dir, __ftw_func_t func, int nopenfd)
{
    SN_ENTER(real_ftw(dir, func, nopenfd));
    if (!reaches_mount(AT_FDCWD, dir))
        return real_ftw(dir, func, nopenfd);
    return ftw_start(dir, NULL, FN_CAST(__ftw64_func_t, func), nopenfd, 0);
}

SN_EXPORT int ftw64(const char *dir, __ftw64_func_t func, int nopenfd)
{
    SN_ENTER(real_ftw64(dir, func, nopenfd));
    if (!reaches_mount(AT_FDCWD, dir))
        return real_ftw64(dir, func, nopenfd);
    return ftw_start(dir, NULL, func, nopenfd, 0);
}

/* ---- glob: glibc's matcher on the shim's directory functions ---- */

/* Could the pattern read a directory in or above the mount? The literal directories before
 * the first special character decide; anything unusual (a "..", a leading "~" or "{") is
 * taken as yes, which only costs glob going through the shim's (pass-through) functions. */
static bool glob_reaches_mount(const char *pat, int flags)
{
    if (!pat || !sn_cfg.active)
        return false;
    if (strstr(pat, ".."))
        return true;
    size_t cut = 0, i = 0;
    for (; pat[i]; i++) {
        char c = pat[i];
        if (c == '/')
            cut = i + 1;
        else if (c == '*' || c == '?' || c == '[' || (c == '\\' && !(flags & GLOB_NOESCAPE)) ||
                 (c == '{' && (flags & GLOB_BRACE)) ||
                 (c == '~' && i == 0 && (flags & (GLOB_TILDE | GLOB_TILDE_CHECK))))
            break;
    }
    if (!pat[i])
        cut = i; /* no special character: the whole pattern is a path */
    else if (i == 0 && pat[0] != '*' && pat[0] != '?' && pat[0] != '[')
        return true; /* "~..." or "{...}" may name any directory */
    char dir[PATH_MAX];
    if (cut >= sizeof dir)
        return true;
    if (cut == 0)
        memcpy(dir, ".", 2);
    else {
        memcpy(dir, pat, cut);
        dir[cut] = 0;
    }
    return reaches_mount(AT_FDCWD, dir);
}

static void *gl_opendir(const char *path)
{
    return opendir(path);
}

static void gl_closedir(void *d)
{
    closedir(d);
}

static struct dirent *gl_readdir(void *d)
{
    return readdir(d);
}

static struct dirent64 *gl_readdir64(void *d)
{
    return readdir64(d);
}

static int gl_stat(const char *restrict path, struct stat *restrict st)
{
    return stat(path, st);
}

static int gl_lstat(const char *restrict path, struct stat *restrict st)
{
    return lstat(path, st);
}

static int gl_stat64(const char *restrict path, struct stat64 *restrict st)
{
    return stat64(path, st);
}

static int gl_lstat64(const char *restrict path, struct stat64 *restrict st)
{
    return lstat64(path, st);
}

/* The caller's glob_t must look untouched by us afterwards: the five function fields come
 * back, and GLOB_ALTDIRFUNC leaves gl_flags (glob writes gl_flags only on success, so a flag
 * word it did not write is the caller's own). */
#define GLOB_BODY(real, gtype, rd, st, lst)                              \
    do {                                                                 \
        gtype saved = *pglob;                                            \
        pglob->gl_flags = saved.gl_flags & ~GLOB_ALTDIRFUNC;             \
        pglob->gl_opendir = gl_opendir;                                  \
        pglob->gl_closedir = gl_closedir;                                \
        pglob->gl_readdir = rd;                                          \
        pglob->gl_stat = st;                                             \
        pglob->gl_lstat = lst;                                           \
        int r_ = real(pattern, flags | GLOB_ALTDIRFUNC, errfunc, pglob); \
        pglob->gl_opendir = saved.gl_opendir;                            \
        pglob->gl_closedir = saved.gl_closedir;                          \
        pglob->gl_readdir = saved.gl_readdir;                            \
        pglob->gl_stat = saved.gl_stat;                                  \
        pglob->gl_lstat = saved.gl_lstat;                                \
        if (pglob->gl_flags & GLOB_ALTDIRFUNC)                           \
            pglob->gl_flags &= ~GLOB_ALTDIRFUNC;                         \
        else                                                             \
            pglob->gl_flags = saved.gl_flags;                            \
        return r_;                                                       \
    } while (0)

SN_EXPORT int glob(const char *pattern, int flags, int (*errfunc)(const char *, int), glob_t *pglob)
{
    SN_ENTER(real_glob(pattern, flags, errfunc, pglob));
    if ((flags & GLOB_ALTDIRFUNC) || !pglob || !glob_reaches_mount(pattern, flags))
        return real_glob(pattern, flags, errfunc, pglob);
    GLOB_BODY(real_glob, glob_t, gl_readdir, gl_stat, gl_lstat);
}

SN_EXPORT int glob64(const char *pattern, int flags, int (*errfunc)(const char *, int), glob64_t *pglob)
{
    SN_ENTER(real_glob64(pattern, flags, errfunc, pglob));
    if ((flags & GLOB_ALTDIRFUNC) || !pglob || !glob_reaches_mount(pattern, flags))
        return real_glob64(pattern, flags, errfunc, pglob);
    GLOB_BODY(real_glob64, glob64_t, gl_readdir64, gl_stat64, gl_lstat64);
}

/* ---- fts ---- */

/* Our streams carry this bit in fts_options. glibc's fts_open refuses options outside
 * FTS_OPTIONMASK and sets only FTS_NAMEONLY and FTS_STOP itself, so a glibc stream never has
 * it, and telling the two apart needs no registry and no lock. */
#define SN_FTS_OURS 0x40000000

struct sn_fts {
    FTS fts; /* first: the caller's FTS * is ours */
    struct tier_devs tiers;
};

#define ISSET(sp, opt) ((sp)->fts_options & (opt))
#define SET(sp, opt) ((sp)->fts_options |= (opt))
#define CLR(sp, opt) ((sp)->fts_options &= ~(opt))
#define ISDOT(a) (a[0] == '.' && (!a[1] || (a[1] == '.' && !a[2])))
/* fts_build's modes */
#define BCHILD 1 /* fts_children */
#define BNAMES 2 /* fts_children, names only */
#define BREAD 3  /* fts_read */
#define ALIGNBYTES (__alignof__(long double) - 1)
#define ALIGNUP(p) (((uintptr_t)(p) + ALIGNBYTES) & ~(uintptr_t)ALIGNBYTES)
/* a path ending in "/" (the root "/") gets no second slash before a child's name */
#define NAPPEND(p) ((p)->fts_path[(p)->fts_pathlen - 1] == '/' ? (p)->fts_pathlen - 1 : (p)->fts_pathlen)

static bool is_ours(const FTS *sp)
{
    return sp && (sp->fts_options & SN_FTS_OURS);
}

static FTSENT *fts_alloc_ent(FTS *sp, const char *name, size_t namelen)
{
    size_t len = sizeof(FTSENT) + namelen;
    if (!ISSET(sp, FTS_NOSTAT))
        len += sizeof(struct stat) + ALIGNBYTES; /* the stat buffer lives after the name */
    FTSENT *p = malloc(len);
    if (!p)
        return NULL;
    memset(p, 0, offsetof(FTSENT, fts_name)); /* glibc leaves some of these unset */
    char *pname = (char *)p + offsetof(FTSENT, fts_name);
    memcpy(pname, name, namelen);
    pname[namelen] = 0;
    p->fts_statp = ISSET(sp, FTS_NOSTAT) ? NULL : (struct stat *)ALIGNUP(pname + namelen + 2);
    p->fts_namelen = (unsigned short)namelen;
    p->fts_path = sp->fts_path;
    p->fts_errno = 0;
    p->fts_flags = 0;
    p->fts_instr = FTS_NOINSTR;
    p->fts_number = 0;
    p->fts_pointer = NULL;
    return p;
}

static void fts_free_list(FTSENT *head)
{
    while (head) {
        FTSENT *p = head;
        head = head->fts_link;
        free(p);
    }
}

/* Grows the shared path buffer; fts_pathlen in an FTSENT is an unsigned short. */
static int fts_grow_path(FTS *sp, size_t more)
{
    sp->fts_pathlen += (int)(more + 256);
    if (sp->fts_pathlen < 0 || sp->fts_pathlen >= USHRT_MAX) {
        free(sp->fts_path);
        sp->fts_path = NULL;
        errno = ENAMETOOLONG;
        return 1;
    }
    char *p = realloc(sp->fts_path, (size_t)sp->fts_pathlen);
    if (!p) {
        free(sp->fts_path);
        sp->fts_path = NULL;
        return 1;
    }
    sp->fts_path = p;
    return 0;
}

/* After the path buffer moved: every entry handed out so far points into it. */
static void fts_repoint(FTS *sp, FTSENT *head)
{
    char *addr = sp->fts_path;
#define REPOINT(p)                                                        \
    do {                                                                  \
        if ((p)->fts_accpath != (p)->fts_name)                            \
            (p)->fts_accpath = addr + ((p)->fts_accpath - (p)->fts_path); \
        (p)->fts_path = addr;                                             \
    } while (0)
    for (FTSENT *p = sp->fts_child; p; p = p->fts_link)
        REPOINT(p);
    for (FTSENT *p = head; p->fts_level >= FTS_ROOTLEVEL;) {
        REPOINT(p);
        p = p->fts_link ? p->fts_link : p->fts_parent;
    }
#undef REPOINT
}

static unsigned short fts_stat_ent(struct sn_fts *s, FTSENT *p, bool follow)
{
    FTS *sp = &s->fts;
    struct stat sb, *sbp = ISSET(sp, FTS_NOSTAT) ? &sb : p->fts_statp;
    if (ISSET(sp, FTS_LOGICAL) || follow) {
        if (stat(p->fts_accpath, sbp) != 0) {
            int saved = errno;
            if (lstat(p->fts_accpath, sbp) == 0) {
                errno = 0;
                return FTS_SLNONE;
            }
            p->fts_errno = saved;
            memset(sbp, 0, sizeof *sbp);
            return FTS_NS;
        }
    } else if (lstat(p->fts_accpath, sbp) != 0) {
        p->fts_errno = errno;
        memset(sbp, 0, sizeof *sbp);
        return FTS_NS;
    }
    if (S_ISDIR(sbp->st_mode)) {
        p->fts_dev = sbp->st_dev;
        p->fts_ino = sbp->st_ino;
        p->fts_nlink = sbp->st_nlink;
        if (ISDOT(p->fts_name))
            return FTS_DOT;
        /* a directory that is one of its own ancestors is a cycle */
        for (FTSENT *t = p->fts_parent; t->fts_level >= FTS_ROOTLEVEL; t = t->fts_parent)
            if (p->fts_ino == t->fts_ino && p->fts_dev == t->fts_dev) {
                p->fts_cycle = t;
                return FTS_DC;
            }
        return FTS_D;
    }
    if (S_ISLNK(sbp->st_mode))
        return FTS_SL;
    if (S_ISREG(sbp->st_mode))
        return FTS_F;
    return FTS_DEFAULT;
}

static FTSENT *fts_sort_list(FTS *sp, FTSENT *head, int nitems)
{
    /* without memory for the array the entries keep directory order, as in glibc */
    if (nitems > sp->fts_nitems) {
        sp->fts_nitems = nitems + 40;
        FTSENT **a = realloc(sp->fts_array, (size_t)sp->fts_nitems * sizeof *a);
        if (!a) {
            free(sp->fts_array);
            sp->fts_array = NULL;
            sp->fts_nitems = 0;
            return head;
        }
        sp->fts_array = a;
    }
    FTSENT **ap = sp->fts_array;
    for (FTSENT *p = head; p; p = p->fts_link)
        *ap++ = p;
    qsort(sp->fts_array, (size_t)nitems, sizeof(FTSENT *), sp->fts_compar);
    ap = sp->fts_array;
    head = ap[0];
    for (int i = 0; i < nitems - 1; i++)
        ap[i]->fts_link = ap[i + 1];
    ap[nitems - 1]->fts_link = NULL;
    return head;
}

/* chdir into p (by fd, or by opening path), but only if it is still the directory that was
 * stat'ed: the tree may change under a walk. */
static int fts_enter(FTS *sp, FTSENT *p, int fd, const char *path)
{
    if (ISSET(sp, FTS_NOCHDIR))
        return 0;
    int newfd = fd;
    if (fd < 0 && (newfd = open(path, O_RDONLY)) < 0)
        return -1;
    struct stat64 sb;
    int ret;
    if (fstat64(newfd, &sb) != 0)
        ret = -1;
    else if (p->fts_dev != sb.st_dev || p->fts_ino != sb.st_ino) {
        errno = ENOENT; /* as glibc: the directory moved */
        ret = -1;
    } else
        ret = fchdir(newfd);
    if (fd < 0) {
        SN_ERRNO_SAVE;
        close(newfd);
        SN_ERRNO_RESTORE;
    }
    return ret;
}

static int fts_back_to_root(FTS *sp)
{
    return !ISSET(sp, FTS_NOCHDIR) && fchdir(sp->fts_rfd) != 0;
}

/* Reads the current directory into a list of entries (the heart of fts). */
static FTSENT *fts_build(struct sn_fts *s, int type)
{
    FTS *sp = &s->fts;
    FTSENT *cur = sp->fts_cur;
    DIR *dirp = opendir(cur->fts_accpath);
    if (!dirp) {
        if (type == BREAD) {
            cur->fts_info = FTS_DNR;
            cur->fts_errno = errno;
        }
        return NULL;
    }
    /* nlinks: how many more subdirectories there can be when stat calls are skipped (0: no
     * stat at all), -1 when everything is stat'ed. A merged directory's link count is its
     * topmost copy's, not the union's: there, skip only what d_type says is not a directory. */
    int nlinks;
    bool nostat = false;
    if (type == BNAMES)
        nlinks = 0;
    else if (ISSET(sp, FTS_NOSTAT) && ISSET(sp, FTS_PHYSICAL)) {
        nostat = true;
        nlinks = on_a_tier(&s->tiers, cur->fts_dev) ? -1 : (int)cur->fts_nlink - (ISSET(sp, FTS_SEEDOT) ? 0 : 2);
    } else
        nlinks = -1;

    /* Enter the directory if anything will be stat'ed, or to descend into it. If that fails
     * the names are still returned, with paths relative to the parent. */
    bool descend = false;
    if (nlinks || type == BREAD) {
        /* (our merged streams open their descriptor only when asked) */
        int dfd = ISSET(sp, FTS_NOCHDIR) ? -1 : dirfd(dirp);
        if (!ISSET(sp, FTS_NOCHDIR) && (dfd < 0 || fts_enter(sp, cur, dfd, NULL) != 0)) {
            if (nlinks && type == BREAD)
                cur->fts_errno = errno;
            cur->fts_flags |= FTS_DONTCHDIR;
            closedir(dirp);
            dirp = NULL;
        } else
            descend = true;
    }

    size_t len = NAPPEND(cur);
    char *cp = NULL;
    if (ISSET(sp, FTS_NOCHDIR)) {
        cp = sp->fts_path + len;
        *cp++ = '/';
    }
    len++;
    size_t maxlen = (size_t)sp->fts_pathlen - len;
    int level = cur->fts_level + 1;

    bool doadjust = false;
    FTSENT *head = NULL, *tail = NULL, *p;
    int nitems = 0;
    struct dirent64 *dp;
    while (dirp && (dp = readdir64(dirp)) != NULL) {
        if (!ISSET(sp, FTS_SEEDOT) && ISDOT(dp->d_name))
            continue;
        size_t namlen = strlen(dp->d_name);
        if ((p = fts_alloc_ent(sp, dp->d_name, namlen)) == NULL)
            goto nomem;
        if (namlen >= maxlen) { /* room for the NUL */
            char *oldaddr = sp->fts_path;
            if (fts_grow_path(sp, namlen + len + 1)) {
            nomem:;
                int saved = errno;
                free(p);
                fts_free_list(head);
                closedir(dirp);
                cur->fts_info = FTS_ERR;
                SET(sp, FTS_STOP);
                errno = saved;
                return NULL;
            }
            if (oldaddr != sp->fts_path) {
                doadjust = true;
                if (ISSET(sp, FTS_NOCHDIR))
                    cp = sp->fts_path + len;
            }
            maxlen = (size_t)sp->fts_pathlen - len;
        }
        if (len + namlen >= USHRT_MAX) {
            free(p);
            fts_free_list(head);
            closedir(dirp);
            cur->fts_info = FTS_ERR;
            SET(sp, FTS_STOP);
            errno = ENAMETOOLONG;
            return NULL;
        }
        p->fts_level = (short)level;
        p->fts_parent = sp->fts_cur;
        p->fts_pathlen = (unsigned short)(len + namlen);

        if (nlinks == 0 || (nostat && dp->d_type != DT_DIR && dp->d_type != DT_UNKNOWN)) {
            p->fts_accpath = ISSET(sp, FTS_NOCHDIR) ? p->fts_path : p->fts_name;
            p->fts_info = FTS_NSOK;
        } else {
            if (ISSET(sp, FTS_NOCHDIR)) {
                p->fts_accpath = p->fts_path;
                memmove(cp, p->fts_name, (size_t)p->fts_namelen + 1);
            } else
                p->fts_accpath = p->fts_name;
            p->fts_info = fts_stat_ent(s, p, false);
            if (nlinks > 0 && (p->fts_info == FTS_D || p->fts_info == FTS_DC || p->fts_info == FTS_DOT))
                --nlinks;
        }
        /* directory order, so "ls -f" stays true */
        p->fts_link = NULL;
        if (!head)
            head = tail = p;
        else {
            tail->fts_link = p;
            tail = p;
        }
        ++nitems;
    }
    if (dirp)
        closedir(dirp);
    if (doadjust)
        fts_repoint(sp, head);
    if (ISSET(sp, FTS_NOCHDIR)) {
        if (len == (size_t)sp->fts_pathlen || nitems == 0)
            --cp;
        *cp = 0;
    }
    /* Came in only for fts_children, or found nothing: go back out. */
    if (descend && (type == BCHILD || !nitems) &&
        (cur->fts_level == FTS_ROOTLEVEL ? fts_back_to_root(sp) : fts_enter(sp, cur->fts_parent, -1, ".."))) {
        cur->fts_info = FTS_ERR;
        SET(sp, FTS_STOP);
        fts_free_list(head);
        return NULL;
    }
    if (!nitems) {
        if (type == BREAD)
            cur->fts_info = FTS_DP;
        fts_free_list(head);
        return NULL;
    }
    if (sp->fts_compar && nitems > 1)
        head = fts_sort_list(sp, head, nitems);
    return head;
}

static FTS *sfts_open(char *const *argv, int options, int (*compar)(const FTSENT **, const FTSENT **))
{
    if (options & ~FTS_OPTIONMASK) {
        errno = EINVAL;
        return NULL;
    }
    struct sn_fts *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    FTS *sp = &s->fts;
    tier_devs_read(&s->tiers);
    sp->fts_compar = FN_CAST(qsort_cmp_fn, compar);
    sp->fts_options = options | SN_FTS_OURS;
    if (ISSET(sp, FTS_LOGICAL))
        SET(sp, FTS_NOCHDIR); /* symbolic links make chdir too hard */

    size_t maxarg = 0;
    for (char *const *a = argv; *a; a++) {
        size_t l = strlen(*a);
        if (l > maxarg)
            maxarg = l;
    }
    maxarg++;
    FTSENT *parent = NULL, *root = NULL, *tail = NULL;
    if (fts_grow_path(sp, maxarg > PATH_MAX ? maxarg : PATH_MAX))
        goto fail;
    /* the roots' parent; also for no roots at all, where glibc would read an unset pointer */
    if ((parent = fts_alloc_ent(sp, "", 0)) == NULL)
        goto fail;
    parent->fts_level = FTS_ROOTPARENTLEVEL;
    int nitems = 0;
    for (; *argv; ++argv, ++nitems) {
        size_t len = strlen(*argv);
        if (len == 0) {
            errno = ENOENT;
            goto fail;
        }
        FTSENT *p = fts_alloc_ent(sp, *argv, len);
        if (!p)
            goto fail;
        p->fts_level = FTS_ROOTLEVEL;
        p->fts_parent = parent;
        p->fts_accpath = p->fts_name;
        p->fts_info = fts_stat_ent(s, p, ISSET(sp, FTS_COMFOLLOW));
        if (p->fts_info == FTS_DOT)
            p->fts_info = FTS_D; /* "." and ".." named by the caller are directories */
        if (compar) {
            p->fts_link = root; /* sorted below */
            root = p;
        } else {
            p->fts_link = NULL;
            if (!root)
                root = tail = p;
            else {
                tail->fts_link = p;
                tail = p;
            }
        }
    }
    if (compar && nitems > 1)
        root = fts_sort_list(sp, root, nitems);
    /* a dummy current node: fts_read then starts as if it just finished the one before the
     * roots */
    if ((sp->fts_cur = fts_alloc_ent(sp, "", 0)) == NULL)
        goto fail;
    sp->fts_cur->fts_link = root;
    sp->fts_cur->fts_parent = parent;
    sp->fts_cur->fts_level = FTS_ROOTLEVEL;
    sp->fts_cur->fts_info = FTS_INIT;
    /* without a way back to the start, walk without chdir (slower, same answers) */
    if (!ISSET(sp, FTS_NOCHDIR) && (sp->fts_rfd = open(".", O_RDONLY)) < 0)
        SET(sp, FTS_NOCHDIR);
    return sp;
fail:;
    SN_ERRNO_SAVE;
    fts_free_list(root);
    free(parent);
    free(sp->fts_path);
    free(s);
    SN_ERRNO_RESTORE;
    return NULL;
}

/* Loads a root: its path becomes the path buffer's content, its name the last component. */
static void fts_load_root(FTS *sp, FTSENT *p)
{
    size_t len = p->fts_pathlen = p->fts_namelen;
    memmove(sp->fts_path, p->fts_name, len + 1);
    char *cp = strrchr(p->fts_name, '/');
    if (cp && (cp != p->fts_name || cp[1])) {
        len = strlen(++cp);
        memmove(p->fts_name, cp, len + 1);
        p->fts_namelen = (unsigned short)len;
    }
    p->fts_accpath = p->fts_path = sp->fts_path;
    sp->fts_dev = p->fts_dev;
}

static void fts_follow(FTS *sp, FTSENT *p, struct sn_fts *s)
{
    p->fts_info = fts_stat_ent(s, p, true);
    if (p->fts_info == FTS_D && !ISSET(sp, FTS_NOCHDIR)) {
        /* remember where we were, to come back through the link */
        if ((p->fts_symfd = open(".", O_RDONLY)) < 0) {
            p->fts_errno = errno;
            p->fts_info = FTS_ERR;
        } else
            p->fts_flags |= FTS_SYMFOLLOW;
    }
}

static FTSENT *fts_named(FTS *sp, FTSENT *p)
{
    char *t = sp->fts_path + NAPPEND(p->fts_parent);
    *t++ = '/';
    memmove(t, p->fts_name, (size_t)p->fts_namelen + 1);
    return p;
}

static FTSENT *sfts_read(struct sn_fts *s)
{
    FTS *sp = &s->fts;
    if (!sp->fts_cur || ISSET(sp, FTS_STOP))
        return NULL;
    FTSENT *p = sp->fts_cur, *tmp;
    int instr = p->fts_instr;
    p->fts_instr = FTS_NOINSTR;

    if (instr == FTS_AGAIN) {
        p->fts_info = fts_stat_ent(s, p, false);
        return p;
    }
    if (instr == FTS_FOLLOW && (p->fts_info == FTS_SL || p->fts_info == FTS_SLNONE)) {
        fts_follow(sp, p, s);
        return p;
    }
    if (p->fts_info == FTS_D) {
        /* skipped, or on another device under FTS_XDEV: straight to the post-order visit */
        if (instr == FTS_SKIP ||
            (ISSET(sp, FTS_XDEV) && view_dev(&s->tiers, p->fts_dev) != view_dev(&s->tiers, sp->fts_dev))) {
            if (p->fts_flags & FTS_SYMFOLLOW)
                close(p->fts_symfd);
            if (sp->fts_child) {
                fts_free_list(sp->fts_child);
                sp->fts_child = NULL;
            }
            p->fts_info = FTS_DP;
            return p;
        }
        /* fts_children read only the names: read again, with stat */
        if (sp->fts_child && ISSET(sp, FTS_NAMEONLY)) {
            CLR(sp, FTS_NAMEONLY);
            fts_free_list(sp->fts_child);
            sp->fts_child = NULL;
        }
        if (sp->fts_child) {
            /* read by fts_children but not entered: enter now, or give the children paths
             * relative to the parent and report the error at the post-order visit */
            if (fts_enter(sp, p, -1, p->fts_accpath)) {
                p->fts_errno = errno;
                p->fts_flags |= FTS_DONTCHDIR;
                for (FTSENT *c = sp->fts_child; c; c = c->fts_link)
                    c->fts_accpath = c->fts_parent->fts_accpath;
            }
        } else if ((sp->fts_child = fts_build(s, BREAD)) == NULL) {
            return ISSET(sp, FTS_STOP) ? NULL : p;
        }
        p = sp->fts_child;
        sp->fts_child = NULL;
        sp->fts_cur = p;
        return fts_named(sp, p);
    }

    for (;;) { /* the next node on this level */
        tmp = p;
        if ((p = p->fts_link) == NULL)
            break;
        sp->fts_cur = p;
        free(tmp);
        if (p->fts_level == FTS_ROOTLEVEL) {
            /* the next root: back to where we started */
            if (fts_back_to_root(sp)) {
                SET(sp, FTS_STOP);
                return NULL;
            }
            fts_load_root(sp, p);
            return p;
        }
        if (p->fts_instr == FTS_SKIP)
            continue;
        if (p->fts_instr == FTS_FOLLOW) {
            fts_follow(sp, p, s);
            p->fts_instr = FTS_NOINSTR;
        }
        return fts_named(sp, p);
    }

    /* up to the parent */
    p = tmp->fts_parent;
    sp->fts_cur = p;
    free(tmp);
    if (p->fts_level == FTS_ROOTPARENTLEVEL) {
        /* done: errno 0 tells the end from an error */
        free(p);
        errno = 0;
        return sp->fts_cur = NULL;
    }
    sp->fts_path[p->fts_pathlen] = 0;
    if (p->fts_level == FTS_ROOTLEVEL) {
        if (fts_back_to_root(sp)) {
            SET(sp, FTS_STOP);
            return NULL;
        }
    } else if (p->fts_flags & FTS_SYMFOLLOW) {
        if (!ISSET(sp, FTS_NOCHDIR) && fchdir(p->fts_symfd) != 0) {
            SN_ERRNO_SAVE;
            close(p->fts_symfd);
            SN_ERRNO_RESTORE;
            SET(sp, FTS_STOP);
            return NULL;
        }
        close(p->fts_symfd);
    } else if (!(p->fts_flags & FTS_DONTCHDIR) && fts_enter(sp, p->fts_parent, -1, "..")) {
        SET(sp, FTS_STOP);
        return NULL;
    }
    p->fts_info = p->fts_errno ? FTS_ERR : FTS_DP;
    return p;
}

static int sfts_set(FTSENT *p, int instr)
{
    if (instr != 0 && instr != FTS_AGAIN && instr != FTS_FOLLOW && instr != FTS_NOINSTR && instr != FTS_SKIP) {
        errno = EINVAL;
        return 1;
    }
    p->fts_instr = (unsigned short)instr;
    return 0;
}

static FTSENT *sfts_children(struct sn_fts *s, int instr)
{
    FTS *sp = &s->fts;
    if (instr != 0 && instr != FTS_NAMEONLY) {
        errno = EINVAL;
        return NULL;
    }
    FTSENT *p = sp->fts_cur;
    errno = 0; /* an empty directory is not an error */
    if (ISSET(sp, FTS_STOP))
        return NULL;
    if (p->fts_info == FTS_INIT)
        return p->fts_link; /* the roots */
    if (p->fts_info != FTS_D)
        return NULL; /* only a directory in pre-order has children to show */
    if (sp->fts_child)
        fts_free_list(sp->fts_child);
    if (instr == FTS_NAMEONLY) {
        SET(sp, FTS_NAMEONLY);
        instr = BNAMES;
    } else
        instr = BCHILD;
    /* A relative root read before fts_read entered it: fts_build will chdir into it, and the
     * way back is a descriptor on where we are now. */
    if (p->fts_level != FTS_ROOTLEVEL || p->fts_accpath[0] == '/' || ISSET(sp, FTS_NOCHDIR))
        return sp->fts_child = fts_build(s, instr);
    int fd = open(".", O_RDONLY);
    if (fd < 0)
        return NULL;
    sp->fts_child = fts_build(s, instr);
    if (fchdir(fd) != 0)
        return NULL; /* as glibc: the descriptor stays open */
    close(fd);
    return sp->fts_child;
}

static int sfts_close(struct sn_fts *s)
{
    FTS *sp = &s->fts;
    if (sp->fts_cur) {
        /* the dummy node leads through the rest of the roots to the root parent */
        FTSENT *p = sp->fts_cur;
        while (p->fts_level >= FTS_ROOTLEVEL) {
            FTSENT *freep = p;
            p = p->fts_link ? p->fts_link : p->fts_parent;
            free(freep);
        }
        free(p);
    }
    fts_free_list(sp->fts_child);
    free(sp->fts_array);
    free(sp->fts_path);
    if (!ISSET(sp, FTS_NOCHDIR)) {
        int saved = fchdir(sp->fts_rfd) ? errno : 0;
        close(sp->fts_rfd);
        if (saved) {
            free(s);
            errno = saved;
            return -1;
        }
    }
    free(s);
    return 0;
}

static bool fts_reaches_mount(char *const *argv)
{
    if (!sn_cfg.active || !argv)
        return false;
    for (char *const *a = argv; *a; a++)
        if (reaches_mount(AT_FDCWD, *a))
            return true;
    return false;
}

SN_EXPORT FTS *fts_open(char *const *argv, int options, int (*compar)(const FTSENT **, const FTSENT **))
{
    SN_ENTER(real_fts_open(argv, options, compar));
    if (!fts_reaches_mount(argv))
        return real_fts_open(argv, options, compar);
    return sfts_open(argv, options, compar);
}

SN_EXPORT FTSENT *fts_read(FTS *sp)
{
    SN_ENTER(real_fts_read(sp));
    return is_ours(sp) ? sfts_read((struct sn_fts *)(void *)sp) : real_fts_read(sp);
}

SN_EXPORT FTSENT *fts_children(FTS *sp, int instr)
{
    SN_ENTER(real_fts_children(sp, instr));
    return is_ours(sp) ? sfts_children((struct sn_fts *)(void *)sp, instr) : real_fts_children(sp, instr);
}

SN_EXPORT int fts_set(FTS *sp, FTSENT *p, int instr)
{
    SN_ENTER(real_fts_set(sp, p, instr));
    return is_ours(sp) ? sfts_set(p, instr) : real_fts_set(sp, p, instr);
}

SN_EXPORT int fts_close(FTS *sp)
{
    SN_ENTER(real_fts_close(sp));
    return is_ours(sp) ? sfts_close((struct sn_fts *)(void *)sp) : real_fts_close(sp);
}

/* The LFS names: the same structures on LP64 (asserted above). */
SN_EXPORT FTS64 *fts64_open(char *const *argv, int options, int (*compar)(const FTSENT64 **, const FTSENT64 **))
{
    SN_ENTER(real_fts64_open(argv, options, compar));
    if (!fts_reaches_mount(argv))
        return real_fts64_open(argv, options, compar);
    typedef int (*cmp_fn)(const FTSENT **, const FTSENT **);
    return (FTS64 *)(void *)sfts_open(argv, options, FN_CAST(cmp_fn, compar));
}

SN_EXPORT FTSENT64 *fts64_read(FTS64 *sp)
{
    SN_ENTER(real_fts64_read(sp));
    if (!is_ours((FTS *)(void *)sp))
        return real_fts64_read(sp);
    return (FTSENT64 *)(void *)sfts_read((struct sn_fts *)(void *)sp);
}

SN_EXPORT FTSENT64 *fts64_children(FTS64 *sp, int instr)
{
    SN_ENTER(real_fts64_children(sp, instr));
    if (!is_ours((FTS *)(void *)sp))
        return real_fts64_children(sp, instr);
    return (FTSENT64 *)(void *)sfts_children((struct sn_fts *)(void *)sp, instr);
}

SN_EXPORT int fts64_set(FTS64 *sp, FTSENT64 *p, int instr)
{
    SN_ENTER(real_fts64_set(sp, p, instr));
    if (!is_ours((FTS *)(void *)sp))
        return real_fts64_set(sp, p, instr);
    return sfts_set((FTSENT *)(void *)p, instr);
}

SN_EXPORT int fts64_close(FTS64 *sp)
{
    SN_ENTER(real_fts64_close(sp));
    if (!is_ours((FTS *)(void *)sp))
        return real_fts64_close(sp);
    return sfts_close((struct sn_fts *)(void *)sp);
}
