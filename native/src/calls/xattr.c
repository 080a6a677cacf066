/* Extended attributes, read side: ls -l asks for ACLs and security labels on every entry.
 * Answered by the tier that holds the path. (The write side is in meta.c.) */
#include <sys/xattr.h>

#include "common.h"

#define XATTR_BODY(path, follow, mount_call, pass_call) \
    char real[PATH_MAX];                                \
    SN_PATH_BODY_T(ssize_t, AT_FDCWD, path, follow, PROBE_TIERS_T(ssize_t, &v, real, mount_call), pass_call)

SN_EXPORT ssize_t getxattr(const char *path, const char *name, void *value, size_t size)
{
    SN_ENTER(real_getxattr(path, name, value, size));
    XATTR_BODY(path, true, real_getxattr(real, name, value, size), real_getxattr(path, name, value, size));
}

SN_EXPORT ssize_t lgetxattr(const char *path, const char *name, void *value, size_t size)
{
    SN_ENTER(real_lgetxattr(path, name, value, size));
    XATTR_BODY(path, false, real_lgetxattr(real, name, value, size), real_lgetxattr(path, name, value, size));
}

SN_EXPORT ssize_t listxattr(const char *path, char *list, size_t size)
{
    SN_ENTER(real_listxattr(path, list, size));
    XATTR_BODY(path, true, real_listxattr(real, list, size), real_listxattr(path, list, size));
}

SN_EXPORT ssize_t llistxattr(const char *path, char *list, size_t size)
{
    SN_ENTER(real_llistxattr(path, list, size));
    XATTR_BODY(path, false, real_llistxattr(real, list, size), real_llistxattr(path, list, size));
}
