/* Directory streams over the mount: one merged, de-duplicated listing of every tier's copy
 * of the directory, read when the stream is opened (and again on rewinddir).
 *
 * Our DIR* is our own struct. glibc's DIR starts with the stream's fd, never negative; ours
 * starts with a magic whose first four bytes read as a negative int, so telling them apart
 * needs no registry and no lock. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common.h"

/* readdir_r is deprecated, but programs still call it, so we must answer it. */
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

_Static_assert(sizeof(struct dirent) == sizeof(struct dirent64), "LP64: dirent is dirent64");

#define SN_DIR_MAGIC 0x5EA0D15EFFFFFFF0ull /* low half (first in memory) is -16 as an int */

struct sn_dir {
    uint64_t magic;
    int fd; /* the fd dirfd() returns; -1 until asked for */
    size_t n, pos, cap;
    struct dirent64 **ents;
    size_t vlen;
    char vpath[];
};

bool sn_is_our_dir(DIR *d)
{
    return d && *(const uint64_t *)(const void *)d == SN_DIR_MAGIC;
}

static void free_entries(struct sn_dir *d)
{
    for (size_t i = 0; i < d->n; i++)
        free(d->ents[i]);
    free(d->ents);
    d->ents = NULL;
    d->n = d->cap = d->pos = 0;
}

static uint64_t name_hash(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

/* Reads every tier's copy, topmost first; a name already seen is skipped. */
static int load_entries(struct sn_dir *d)
{
    struct sn_vpath v;
    memcpy(v.path, d->vpath, d->vlen + 1);
    v.len = d->vlen;
    v.suffix[0] = 0;
    size_t hcap = 64;
    uint32_t *hset = calloc(hcap, sizeof *hset); /* index+1 into ents, 0 = empty */
    if (!hset)
        return -1;
    char real[PATH_MAX];
    int found = 0;
    for (int t = 0; t < sn_cfg.n_tiers; t++) {
        if (!sn_tier_path(&v, t, real))
            break;
        DIR *rd = real_opendir(real);
        if (!rd) {
            if (errno == ENOENT || errno == ENOTDIR)
                continue; /* not on this tier */
            free(hset);
            return -1; /* EACCES and the like: the kernel's answer for the directory */
        }
        found++;
        struct dirent64 *e;
        while ((e = real_readdir64(rd)) != NULL) {
            if (sn_is_hidden_name(e->d_name))
                continue; /* the flusher's temporaries and eviction tombs */
            uint64_t h = name_hash(e->d_name);
            size_t i = h & (hcap - 1);
            bool dup = false;
            for (; hset[i]; i = (i + 1) & (hcap - 1))
                if (strcmp(d->ents[hset[i] - 1]->d_name, e->d_name) == 0) {
                    dup = true;
                    break;
                }
            if (dup)
                continue;
            if (d->n == d->cap) {
                size_t nc = d->cap ? d->cap * 2 : 64;
                struct dirent64 **ne = realloc(d->ents, nc * sizeof *ne);
                if (!ne)
                    goto oom;
                d->ents = ne;
                d->cap = nc;
            }
            struct dirent64 *copy = malloc(e->d_reclen);
            if (!copy)
                goto oom;
            memcpy(copy, e, e->d_reclen);
            copy->d_off = (off64_t)(d->n + 1); /* telldir cookie after this entry */
            d->ents[d->n++] = copy;
            hset[i] = (uint32_t)d->n;
            if (d->n * 2 > hcap) { /* grow and rehash */
                size_t nh = hcap * 4;
                uint32_t *ns = calloc(nh, sizeof *ns);
                if (!ns)
                    goto oom;
                for (size_t k = 0; k < d->n; k++) {
                    size_t j = name_hash(d->ents[k]->d_name) & (nh - 1);
                    while (ns[j])
                        j = (j + 1) & (nh - 1);
                    ns[j] = (uint32_t)k + 1;
                }
                free(hset);
                hset = ns;
                hcap = nh;
            }
        }
        real_closedir(rd);
        continue;
    oom:
        real_closedir(rd);
        free(hset);
        errno = ENOMEM;
        return -1;
    }
    free(hset);
    return found;
}

static DIR *open_merged(const char *vpath, size_t vlen, int fd)
{
    struct sn_dir *d = calloc(1, sizeof *d + vlen + 1);
    if (!d) {
        errno = ENOMEM;
        return NULL;
    }
    d->magic = SN_DIR_MAGIC;
    d->fd = fd;
    d->vlen = vlen;
    memcpy(d->vpath, vpath, vlen + 1);
    if (load_entries(d) < 0) {
        free_entries(d);
        free(d);
        return NULL;
    }
    return (DIR *)(void *)d;
}

/* A directory reached through symlinks (in the path or as its last component) is listed
 * under its resolved path: the kernel followed the link on one tier only, and the union of
 * the target's copies is what the view has there. */
static DIR *opendir_mount(struct sn_vpath *v)
{
    struct stat st;
    int err;
    int t = sn_find_followed(v, &st, &err);
    if (t == SN_FOUND_OUTSIDE)
        return real_opendir(v->path);
    if (t < 0) {
        errno = err;
        return NULL;
    }
    if (!S_ISDIR(st.st_mode)) {
        errno = ENOTDIR;
        return NULL;
    }
    return open_merged(v->path, v->len, -1);
}

SN_EXPORT DIR *opendir(const char *path)
{
    SN_ENTER(real_opendir(path));
    struct sn_vpath v;
    switch (sn_classify(AT_FDCWD, &path, &v)) {
    case SN_MOUNT:
        return SN_KEEP_ERRNO_PTR(opendir_mount(&v));
    case SN_ERROR:
        return NULL;
    default:
        return real_opendir(path);
    }
}

static DIR *fdopendir_mount(int fd);

SN_EXPORT DIR *fdopendir(int fd)
{
    SN_ENTER(real_fdopendir(fd));
    return SN_KEEP_ERRNO_PTR(fdopendir_mount(fd));
}

static DIR *fdopendir_mount(int fd)
{
    struct sn_fdrec *rec = sn_fd_get(fd);
    if (!rec || (rec->flags & SN_FD_ABOVE))
        return real_fdopendir(fd);
    struct stat st;
    if (fstat(fd, &st) != 0)
        return NULL;
    if (!S_ISDIR(st.st_mode)) {
        errno = ENOTDIR;
        return NULL;
    }
    struct sn_vpath v;
    memcpy(v.path, rec->vpath, rec->len + 1);
    v.len = rec->len;
    v.suffix[0] = 0;
    switch (sn_path_has_link(&v, rec->tier) ? sn_resolve_links(&v, true) : SN_LINKS_NONE) {
    case SN_LINKS_OUTSIDE:
        return real_fdopendir(fd); /* the kernel opened the link's target outside the mount */
    case SN_LINKS_ERROR:
        return NULL;
    default:
        return open_merged(v.path, v.len, fd); /* the stream owns fd now */
    }
}

SN_EXPORT struct dirent64 *readdir64(DIR *dir)
{
    SN_ENTER(real_readdir64(dir));
    if (!sn_is_our_dir(dir))
        return real_readdir64(dir);
    struct sn_dir *d = (struct sn_dir *)(void *)dir;
    return d->pos < d->n ? d->ents[d->pos++] : NULL; /* end of stream: errno untouched */
}

SN_EXPORT struct dirent *readdir(DIR *dir)
{
    SN_ENTER(real_readdir(dir));
    if (!sn_is_our_dir(dir))
        return real_readdir(dir);
    return (struct dirent *)(void *)readdir64(dir);
}

SN_EXPORT int readdir64_r(DIR *dir, struct dirent64 *entry, struct dirent64 **result)
{
    SN_ENTER(real_readdir64_r(dir, entry, result));
    if (!sn_is_our_dir(dir))
        return real_readdir64_r(dir, entry, result);
    struct sn_dir *d = (struct sn_dir *)(void *)dir;
    if (d->pos >= d->n) {
        *result = NULL;
        return 0;
    }
    struct dirent64 *e = d->ents[d->pos++];
    memcpy(entry, e, e->d_reclen < sizeof *entry ? e->d_reclen : sizeof *entry);
    *result = entry;
    return 0;
}

SN_EXPORT int readdir_r(DIR *dir, struct dirent *entry, struct dirent **result)
{
    SN_ENTER(real_readdir_r(dir, entry, result));
    if (!sn_is_our_dir(dir))
        return real_readdir_r(dir, entry, result);
    return readdir64_r(dir, (struct dirent64 *)(void *)entry, (struct dirent64 **)(void *)result);
}

SN_EXPORT int closedir(DIR *dir)
{
    SN_ENTER(real_closedir(dir));
    if (!sn_is_our_dir(dir))
        return real_closedir(dir);
    struct sn_dir *d = (struct sn_dir *)(void *)dir;
    int r = 0;
    if (d->fd >= 0) {
        sn_fd_release(sn_fd_take(d->fd));
        r = real_close(d->fd);
    }
    free_entries(d);
    d->magic = 0;
    free(d);
    return r;
}

SN_EXPORT void rewinddir(DIR *dir)
{
    sn_ensure_init();
    if (sn_guard || !sn_is_our_dir(dir)) {
        real_rewinddir(dir);
        return;
    }
    struct sn_dir *d = (struct sn_dir *)(void *)dir;
    SN_ERRNO_SAVE;
    free_entries(d);
    load_entries(d); /* POSIX: a rewound stream sees the directory as it is now */
    SN_ERRNO_RESTORE;
}

SN_EXPORT long telldir(DIR *dir)
{
    SN_ENTER(real_telldir(dir));
    if (!sn_is_our_dir(dir))
        return real_telldir(dir);
    return (long)((struct sn_dir *)(void *)dir)->pos;
}

SN_EXPORT void seekdir(DIR *dir, long loc)
{
    sn_ensure_init();
    if (sn_guard || !sn_is_our_dir(dir)) {
        real_seekdir(dir, loc);
        return;
    }
    struct sn_dir *d = (struct sn_dir *)(void *)dir;
    d->pos = loc < 0 ? 0 : (size_t)loc > d->n ? d->n : (size_t)loc;
}

SN_EXPORT int dirfd(DIR *dir)
{
    SN_ENTER(real_dirfd(dir));
    if (!sn_is_our_dir(dir))
        return real_dirfd(dir);
    struct sn_dir *d = (struct sn_dir *)(void *)dir;
    if (d->fd < 0) {
        struct sn_vpath v;
        memcpy(v.path, d->vpath, d->vlen + 1);
        v.len = d->vlen;
        v.suffix[0] = 0;
        int fd = sn_open_vpath(&v, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
        if (fd < 0)
            return -1;
        d->fd = fd;
    }
    return d->fd;
}
