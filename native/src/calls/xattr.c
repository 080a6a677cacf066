/* Extended attributes, read side: ls -l asks for ACLs and security labels on every entry.
 * Answered by the tier that holds the path. (The write side comes with the POSIX-surface
 * issue.) */
#include <sys/xattr.h>

#include "common.h"

static ssize_t probe_xattr(const struct sn_vpath *v, int what, const char *name, void *value, size_t size)
{
    char real[PATH_MAX];
    ssize_t r = -1;
    PROBE_TIERS(v, real,
                (int)((r = what == 0   ? real_getxattr(real, name, value, size)
                           : what == 1 ? real_lgetxattr(real, name, value, size)
                           : what == 2 ? real_listxattr(real, value, size)
                                       : real_llistxattr(real, value, size)) < 0
                          ? -1
                          : 0));
    return r;
}

#define XATTR_BODY(path, follow, what, name, value, size, pass_call) \
    SN_PATH_BODY_T(ssize_t, AT_FDCWD, path, follow, probe_xattr(&v, what, name, value, size), pass_call)

SN_EXPORT ssize_t getxattr(const char *path, const char *name, void *value, size_t size)
{
    SN_ENTER(real_getxattr(path, name, value, size));
    XATTR_BODY(path, true, 0, name, value, size, real_getxattr(path, name, value, size));
}

SN_EXPORT ssize_t lgetxattr(const char *path, const char *name, void *value, size_t size)
{
    SN_ENTER(real_lgetxattr(path, name, value, size));
    XATTR_BODY(path, false, 1, name, value, size, real_lgetxattr(path, name, value, size));
}

SN_EXPORT ssize_t listxattr(const char *path, char *list, size_t size)
{
    SN_ENTER(real_listxattr(path, list, size));
    XATTR_BODY(path, true, 2, NULL, list, size, real_listxattr(path, list, size));
}

SN_EXPORT ssize_t llistxattr(const char *path, char *list, size_t size)
{
    SN_ENTER(real_llistxattr(path, list, size));
    XATTR_BODY(path, false, 3, NULL, list, size, real_llistxattr(path, list, size));
}
