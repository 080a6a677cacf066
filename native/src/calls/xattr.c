/* Extended attributes, read side: ls -l asks for ACLs and security labels on every entry.
 * Answered by the tier that holds the path. (The write side comes with the POSIX-surface
 * issue.) */
#include <sys/xattr.h>

#include "common.h"

#define XATTR_BODY(path, mount_call, pass_call)                            \
    struct sn_vpath v;                                                     \
    char real[PATH_MAX];                                                   \
    switch (sn_classify(AT_FDCWD, &path, &v)) {                            \
    case SN_MOUNT:                                                         \
        return ({                                                          \
            ssize_t xr_ = -1;                                              \
            PROBE_TIERS(&v, real, (int)((xr_ = mount_call) < 0 ? -1 : 0)); \
            xr_;                                                           \
        });                                                                \
    case SN_ERROR:                                                         \
        return -1;                                                         \
    default:                                                               \
        return pass_call;                                                  \
    }

SN_EXPORT ssize_t getxattr(const char *path, const char *name, void *value, size_t size)
{
    SN_ENTER(real_getxattr(path, name, value, size));
    XATTR_BODY(path, real_getxattr(real, name, value, size), real_getxattr(path, name, value, size));
}

SN_EXPORT ssize_t lgetxattr(const char *path, const char *name, void *value, size_t size)
{
    SN_ENTER(real_lgetxattr(path, name, value, size));
    XATTR_BODY(path, real_lgetxattr(real, name, value, size), real_lgetxattr(path, name, value, size));
}

SN_EXPORT ssize_t listxattr(const char *path, char *list, size_t size)
{
    SN_ENTER(real_listxattr(path, list, size));
    XATTR_BODY(path, real_listxattr(real, list, size), real_listxattr(path, list, size));
}

SN_EXPORT ssize_t llistxattr(const char *path, char *list, size_t size)
{
    SN_ENTER(real_llistxattr(path, list, size));
    XATTR_BODY(path, real_llistxattr(real, list, size), real_llistxattr(path, list, size));
}
