/* The skeleton every wrapper follows (STYLE.md 3): make sure we are initialised; inside the
 * shim or with SeaNet off, go straight to glibc; classify; pass through or handle.
 * The guard is only raised while start-up resolves the real symbols: handlers call glibc
 * through real_* pointers alone, so a signal handler's call in the middle of one is still
 * redirected. */
#ifndef SEANET_CALLS_COMMON_H
#define SEANET_CALLS_COMMON_H

#include "../shim.h"

#define SN_ENTER(passthrough)                        \
    do {                                             \
        sn_ensure_init();                            \
        if (SN_UNLIKELY(sn_guard) || !sn_cfg.active) \
            return passthrough;                      \
    } while (0)

/* The body of a wrapper of one path argument: classify, then the mount handler or the real
 * call (with the path as classification left it). Declares v for mount_call.
 * A mount path that fails with ENOENT or ENOTDIR may have gone through a symlink the kernel
 * followed on one tier only (a link to a file on another tier, or an absolute link into the
 * mount, which on a tier leads to the real, empty mount directory): the symlinks are then
 * resolved in the view (the last component too if `follow`) and the call made again on the
 * result, in the mount or, for a link leading out of it, as a real call. Only failures pay.
 * errno is kept on success (see SN_KEEP_ERRNO), and given back to the real call unchanged. */
#define SN_PATH_BODY_T(type, dirfd, pathvar, follow, mount_call, pass_call) \
    struct sn_vpath v;                                                      \
    int saved_errno_ = errno;                                               \
    switch (sn_classify(dirfd, &pathvar, &v)) {                             \
    case SN_MOUNT: {                                                        \
        type r_ = mount_call;                                               \
        if (r_ < 0 && (errno == ENOENT || errno == ENOTDIR)) {              \
            int e_ = errno;                                                 \
            switch (sn_resolve_links(&v, follow)) {                         \
            case SN_LINKS_IN_MOUNT:                                         \
                r_ = mount_call;                                            \
                break;                                                      \
            case SN_LINKS_OUTSIDE:                                          \
                pathvar = v.path;                                           \
                errno = saved_errno_;                                       \
                return pass_call;                                           \
            case SN_LINKS_ERROR:                                            \
                return -1;                                                  \
            default:                                                        \
                errno = e_;                                                 \
            }                                                               \
        }                                                                   \
        if (r_ >= 0)                                                        \
            errno = saved_errno_; /* glibc leaves errno alone on success */ \
        return r_;                                                          \
    }                                                                       \
    case SN_ERROR:                                                          \
        return -1;                                                          \
    default:                                                                \
        errno = saved_errno_;                                               \
        return pass_call;                                                   \
    }
#define SN_PATH_BODY(dirfd, path, follow, mount_call, pass_call) \
    SN_PATH_BODY_T(int, dirfd, path, follow, mount_call, pass_call)

/* glibc leaves errno alone when a call succeeds, and programs rely on it (GNU tar reads the
 * errno of a failed open after a successful fstatat); a mount handler's probing of the tiers
 * (ENOENT on the way) must not show. Success: >= 0, or a non-NULL pointer. */
#define SN_KEEP_ERRNO(expr)            \
    ({                                 \
        int kept_ = errno;             \
        __typeof__(expr) kr_ = (expr); \
        if (kr_ >= 0)                  \
            errno = kept_;             \
        kr_;                           \
    })
#define SN_KEEP_ERRNO_PTR(expr)        \
    ({                                 \
        int kept_ = errno;             \
        __typeof__(expr) kr_ = (expr); \
        if (kr_)                       \
            errno = kept_;             \
        kr_;                           \
    })

static inline bool sn_is_write(int flags)
{
    return (flags & O_ACCMODE) != O_RDONLY || (flags & O_TRUNC);
}

/* Calls op on each tier until one does not say ENOENT, in sn_probe_next's order (tier 0, the
 * daemon's hinted tier, then the others where the parent directory is).
 * The result has the call's type; success is any value >= 0 (0, a size, a count). */
#define PROBE_TIERS_T(type, v, real, call)                 \
    ({                                                     \
        type r_ = -1;                                      \
        struct sn_probe p_ = SN_PROBE_INIT;                \
        errno = ENOENT;                                    \
        for (int t_; (t_ = sn_probe_next(&p_, v)) >= 0;) { \
            if (!sn_tier_path(v, t_, real))                \
                break;                                     \
            r_ = (call);                                   \
            if (r_ >= 0 || errno != ENOENT)                \
                break;                                     \
        }                                                  \
        r_;                                                \
    })
#define PROBE_TIERS(v, real, call) PROBE_TIERS_T(int, v, real, call)

#endif
