/* The stat family and access: answered by the first tier that has the path. A directory
 * present on several tiers reports its topmost copy. */
#include <string.h>

#include "common.h"

static int stat_mount(const struct sn_vpath *v, struct stat *buf, int flags)
{
    char real[PATH_MAX];
    return PROBE_TIERS(v, real, real_fstatat(AT_FDCWD, real, buf, flags));
}

static int stat64_mount(const struct sn_vpath *v, struct stat64 *buf, int flags)
{
    char real[PATH_MAX];
    return PROBE_TIERS(v, real, real_fstatat64(AT_FDCWD, real, buf, flags));
}

static int statx_mount(const struct sn_vpath *v, int flags, unsigned mask, struct statx *buf)
{
    char real[PATH_MAX];
    return PROBE_TIERS(v, real, real_statx(AT_FDCWD, real, flags, mask, buf));
}

static int access_mount(const struct sn_vpath *v, int mode, int flags)
{
    char real[PATH_MAX];
    return PROBE_TIERS(v, real, real_faccessat(AT_FDCWD, real, mode, flags));
}

SN_EXPORT int stat(const char *path, struct stat *buf)
{
    SN_ENTER(real_stat(path, buf));
    SN_PATH_BODY(AT_FDCWD, path, true, stat_mount(&v, buf, 0), real_stat(path, buf));
}

SN_EXPORT int stat64(const char *path, struct stat64 *buf)
{
    SN_ENTER(real_stat64(path, buf));
    SN_PATH_BODY(AT_FDCWD, path, true, stat64_mount(&v, buf, 0), real_stat64(path, buf));
}

SN_EXPORT int lstat(const char *path, struct stat *buf)
{
    SN_ENTER(real_lstat(path, buf));
    SN_PATH_BODY(AT_FDCWD, path, false, stat_mount(&v, buf, AT_SYMLINK_NOFOLLOW), real_lstat(path, buf));
}

SN_EXPORT int lstat64(const char *path, struct stat64 *buf)
{
    SN_ENTER(real_lstat64(path, buf));
    SN_PATH_BODY(AT_FDCWD, path, false, stat64_mount(&v, buf, AT_SYMLINK_NOFOLLOW), real_lstat64(path, buf));
}

SN_EXPORT int fstatat(int dirfd, const char *path, struct stat *buf, int flags)
{
    SN_ENTER(real_fstatat(dirfd, path, buf, flags));
    SN_PATH_BODY(dirfd, path, !(flags & AT_SYMLINK_NOFOLLOW), stat_mount(&v, buf, flags),
                 real_fstatat(dirfd, path, buf, flags));
}

SN_EXPORT int fstatat64(int dirfd, const char *path, struct stat64 *buf, int flags)
{
    SN_ENTER(real_fstatat64(dirfd, path, buf, flags));
    SN_PATH_BODY(dirfd, path, !(flags & AT_SYMLINK_NOFOLLOW), stat64_mount(&v, buf, flags),
                 real_fstatat64(dirfd, path, buf, flags));
}

SN_EXPORT int statx(int dirfd, const char *path, int flags, unsigned int mask, struct statx *buf)
{
    SN_ENTER(real_statx(dirfd, path, flags, mask, buf));
    SN_PATH_BODY(dirfd, path, !(flags & AT_SYMLINK_NOFOLLOW), statx_mount(&v, flags, mask, buf),
                 real_statx(dirfd, path, flags, mask, buf));
}

/* Legacy names (programs built against glibc < 2.33; glibc 2.36 keeps them only as compat
 * symbols). ver is the struct version; on x86_64 both versions are the kernel's struct stat,
 * so fstatat answers them, inside the mount and out. */
SN_EXPORT int __xstat(int ver, const char *path, struct stat *buf)
{
    (void)ver;
    SN_ENTER(real_fstatat(AT_FDCWD, path, buf, 0));
    SN_PATH_BODY(AT_FDCWD, path, true, stat_mount(&v, buf, 0), real_fstatat(AT_FDCWD, path, buf, 0));
}

SN_EXPORT int __xstat64(int ver, const char *path, struct stat64 *buf)
{
    (void)ver;
    SN_ENTER(real_fstatat64(AT_FDCWD, path, buf, 0));
    SN_PATH_BODY(AT_FDCWD, path, true, stat64_mount(&v, buf, 0), real_fstatat64(AT_FDCWD, path, buf, 0));
}

SN_EXPORT int __lxstat(int ver, const char *path, struct stat *buf)
{
    (void)ver;
    SN_ENTER(real_fstatat(AT_FDCWD, path, buf, AT_SYMLINK_NOFOLLOW));
    SN_PATH_BODY(AT_FDCWD, path, false, stat_mount(&v, buf, AT_SYMLINK_NOFOLLOW),
                 real_fstatat(AT_FDCWD, path, buf, AT_SYMLINK_NOFOLLOW));
}

SN_EXPORT int __lxstat64(int ver, const char *path, struct stat64 *buf)
{
    (void)ver;
    SN_ENTER(real_fstatat64(AT_FDCWD, path, buf, AT_SYMLINK_NOFOLLOW));
    SN_PATH_BODY(AT_FDCWD, path, false, stat64_mount(&v, buf, AT_SYMLINK_NOFOLLOW),
                 real_fstatat64(AT_FDCWD, path, buf, AT_SYMLINK_NOFOLLOW));
}

SN_EXPORT int __fxstatat(int ver, int dirfd, const char *path, struct stat *buf, int flags)
{
    (void)ver;
    SN_ENTER(real_fstatat(dirfd, path, buf, flags));
    SN_PATH_BODY(dirfd, path, !(flags & AT_SYMLINK_NOFOLLOW), stat_mount(&v, buf, flags),
                 real_fstatat(dirfd, path, buf, flags));
}

SN_EXPORT int __fxstatat64(int ver, int dirfd, const char *path, struct stat64 *buf, int flags)
{
    (void)ver;
    SN_ENTER(real_fstatat64(dirfd, path, buf, flags));
    SN_PATH_BODY(dirfd, path, !(flags & AT_SYMLINK_NOFOLLOW), stat64_mount(&v, buf, flags),
                 real_fstatat64(dirfd, path, buf, flags));
}

SN_EXPORT int access(const char *path, int mode)
{
    SN_ENTER(real_access(path, mode));
    SN_PATH_BODY(AT_FDCWD, path, true, access_mount(&v, mode, 0), real_access(path, mode));
}

SN_EXPORT int faccessat(int dirfd, const char *path, int mode, int flags)
{
    SN_ENTER(real_faccessat(dirfd, path, mode, flags));
    SN_PATH_BODY(dirfd, path, !(flags & AT_SYMLINK_NOFOLLOW), access_mount(&v, mode, flags),
                 real_faccessat(dirfd, path, mode, flags));
}
