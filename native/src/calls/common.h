/* The skeleton every wrapper follows (STYLE.md 3): make sure we are initialised; inside the
 * shim or with SeaNet off, go straight to glibc; classify; pass through or handle. */
#ifndef SEANET_CALLS_COMMON_H
#define SEANET_CALLS_COMMON_H

#include "../shim.h"

#define SN_ENTER(passthrough)                        \
    do {                                             \
        sn_ensure_init();                            \
        if (SN_UNLIKELY(sn_guard) || !sn_cfg.active) \
            return passthrough;                      \
    } while (0)

/* Runs a mount-path handler. Handlers call glibc only through real_* pointers, so no guard
 * is raised here: a signal handler that opens a mount path in the middle of one must still
 * be redirected (the guard only covers start-up, when the pointers are being resolved). */
#define SN_HANDLE(type, expr) (expr)

static inline bool sn_is_write(int flags)
{
    return (flags & O_ACCMODE) != O_RDONLY || (flags & O_TRUNC);
}

/* Calls op on each tier until one does not say ENOENT: the daemon's hinted tier first, then
 * in order, skipping (after the first try) tiers where the parent directory is missing. */
#define PROBE_TIERS(v, real, call)                     \
    ({                                                 \
        int r_ = -1, hint_ = sn_index_hint(v);         \
        bool tried_ = false;                           \
        errno = ENOENT;                                \
        for (int i_ = -1; i_ < sn_cfg.n_tiers; i_++) { \
            int t_ = i_ < 0 ? hint_ : i_;              \
            if (t_ < 0 || (i_ >= 0 && t_ == hint_))    \
                continue;                              \
            if (tried_ && !sn_maybe_on(v, t_))         \
                continue;                              \
            tried_ = true;                             \
            if (!sn_tier_path(v, t_, real))            \
                break;                                 \
            r_ = (call);                               \
            if (r_ == 0 || errno != ENOENT)            \
                break;                                 \
        }                                              \
        r_;                                            \
    })

#endif
