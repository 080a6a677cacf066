/* The virtual working directory. chdir into the mount really enters the topmost tier's copy
 * (so a child that bypasses the shim still lands somewhere sensible) and records the
 * virtual path, which getcwd reports and relative paths resolve against. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common.h"

static int chdir_mount(struct sn_vpath *v)
{
    struct stat st;
    char real[PATH_MAX];
    /* the cwd is the physical directory, as the kernel's would be: links resolved in the view */
    int err, t = sn_find_followed(v, &st, &err);
    if (t == SN_FOUND_OUTSIDE) {
        int r = real_chdir(v->path);
        if (r == 0)
            sn_cwd_refresh_from_kernel();
        return r;
    }
    if (t < 0) {
        errno = err;
        return -1;
    }
    if (!sn_tier_path(v, t, real))
        return -1;
    if (!S_ISDIR(st.st_mode)) {
        errno = ENOTDIR;
        return -1;
    }
    if (real_chdir(real) != 0)
        return -1;
    sn_cwd_set(v->path, t);
    return 0;
}

SN_EXPORT int chdir(const char *path)
{
    SN_ENTER(real_chdir(path));
    struct sn_vpath v;
    switch (sn_classify(AT_FDCWD, &path, &v)) {
    case SN_MOUNT:
        return SN_KEEP_ERRNO(chdir_mount(&v));
    case SN_ERROR:
        return -1;
    default: {
        int r = real_chdir(path);
        if (r == 0)
            sn_cwd_refresh_from_kernel();
        return r;
    }
    }
}

SN_EXPORT int fchdir(int fd)
{
    SN_ENTER(real_fchdir(fd));
    struct sn_fdrec *rec = sn_fd_get(fd);
    int r = real_fchdir(fd);
    if (r == 0) {
        SN_ERRNO_SAVE;
        if (rec)
            sn_cwd_set(rec->vpath, rec->tier);
        else
            sn_cwd_refresh_from_kernel();
        SN_ERRNO_RESTORE;
    }
    return r;
}

SN_EXPORT char *getcwd(char *buf, size_t size)
{
    SN_ENTER(real_getcwd(buf, size));
    if (!sn_cwd_in_mount())
        return real_getcwd(buf, size);
    char cwd[PATH_MAX];
    size_t len = sn_cwd_get(cwd, sizeof cwd);
    if (len == 0)
        return real_getcwd(buf, size);
    if (!buf) { /* glibc extension: allocate, at least size bytes if size is given */
        size_t n = size ? size : len + 1;
        if (n < len + 1) {
            errno = ERANGE;
            return NULL;
        }
        buf = malloc(n);
        if (!buf) {
            errno = ENOMEM;
            return NULL;
        }
    } else if (size == 0) {
        errno = EINVAL;
        return NULL;
    } else if (size < len + 1) {
        errno = ERANGE;
        return NULL;
    }
    memcpy(buf, cwd, len + 1);
    return buf;
}
