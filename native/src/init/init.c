/* Start-up: resolve the real glibc symbols once, read the configuration sea_launch put in
 * the environment, attach the daemon's channel. Runs from the constructor, or from the first
 * wrapped call if that comes earlier (calls can arrive before constructors run). */
#include <dlfcn.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../shim.h"

#define SEA_FN(ret, name, params, args, cls) ret(*real_##name) params;
#include "../wrapped.def"
#undef SEA_FN

struct sn_config sn_cfg;
__thread int sn_guard __attribute__((tls_model("initial-exec")));
int sn_initialised;
static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static int warned[SN_WARN_MAX];

static void resolve_symbols(void)
{
#define SEA_FN(ret, name, params, args, cls)              \
    real_##name = (ret(*) params)dlsym(RTLD_NEXT, #name); \
    if (!real_##name && !sn_optional_symbol(#name))       \
        missing_symbol(#name);
#define sn_optional_symbol(n) (strncmp(n, "__", 2) == 0 || strcmp(n, "statx") == 0)
#define missing_symbol(n)                                                          \
    do {                                                                           \
        static const char msg[] = "seanet: required libc symbol missing: " n "\n"; \
        (void)!write(2, msg, sizeof msg - 1);                                      \
        _exit(127);                                                                \
    } while (0)
#include "../wrapped.def"
#undef SEA_FN
#undef sn_optional_symbol
#undef missing_symbol
}

static bool copy_root(char *dst, size_t *dst_len, const char *src, size_t n)
{
    char tmp[SEANET_ROOT_MAX];
    if (n == 0 || n >= SEANET_ROOT_MAX || src[0] != '/')
        return false;
    memcpy(tmp, src, n);
    tmp[n] = 0;
    long len = sn_normalize(tmp, dst, SEANET_ROOT_MAX);
    if (len <= 1) /* "/" is never a mount or a tier */
        return false;
    *dst_len = (size_t)len;
    return true;
}

static void read_config(void)
{
    const char *mount = getenv("SEANET_MOUNT");
    const char *tiers = getenv("SEANET_TIERS");
    if (!mount || !*mount)
        return; /* not under sea_launch: pure pass-through */
    if (!tiers || !copy_root(sn_cfg.mount, &sn_cfg.mount_len, mount, strlen(mount))) {
        sn_warn_once(SN_WARN_BAD_CONFIG, "SEANET_MOUNT/SEANET_TIERS unusable; SeaNet is off in this process");
        return;
    }
    int n = 0;
    for (const char *p = tiers; *p && n < SEANET_MAX_TIERS;) {
        const char *end = strchr(p, ':');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (!copy_root(sn_cfg.tier[n], &sn_cfg.tier_len[n], p, len)) {
            sn_warn_once(SN_WARN_BAD_CONFIG, "SEANET_TIERS entry %d unusable; SeaNet is off in this process", n);
            return;
        }
        n++;
        p = end ? end + 1 : p + len;
    }
    if (n < 1) { /* one level is allowed: the persistent tier alone, as Sea's own default */
        sn_warn_once(SN_WARN_BAD_CONFIG, "SEANET_TIERS is empty; SeaNet is off in this process");
        return;
    }
    sn_cfg.n_tiers = n;
    const char *maxfs = getenv("SEANET_MAX_FS");
    sn_cfg.max_fs = maxfs ? strtoull(maxfs, NULL, 10) : (256ull << 20);
    sn_cfg.active = true;
}

static void atfork_prepare(void);
static void atfork_parent(void);
static void atfork_child(void);

static void do_init(void)
{
    int saved = errno;
    sn_guard++;
    resolve_symbols();
    read_config();
    if (sn_cfg.active) {
        sn_cwd_refresh_from_kernel();
        sn_channel_attach();
        sn_fd_adopt_inherited();
        pthread_atfork(atfork_prepare, atfork_parent, atfork_child);
    }
    sn_guard--;
    __atomic_store_n(&sn_initialised, 1, __ATOMIC_RELEASE);
    errno = saved;
}

void sn_init(void)
{
    pthread_once(&init_once, do_init);
}

__attribute__((constructor)) static void sn_constructor(void)
{
    sn_init();
}

/* At exit, files still open for writing are reported as closed: many programs leave
 * stdout (a shell's "> file") to the kernel. _exit and signals skip this; the daemon then
 * learns the size when it reaps the writer's reservation. */
__attribute__((destructor)) static void sn_destructor(void)
{
    if (sn_cfg.active && __atomic_load_n(&sn_initialised, __ATOMIC_ACQUIRE)) {
        int saved = errno;
        sn_guard++;
        fflush(NULL);                /* what exit() does next anyway: the size reported must include it */
        sn_fd_release_range(0, ~0u); /* files still open for writing: reported as closed */
        sn_guard--;
        errno = saved;
    }
}

/* The cwd lock is the only lock the shim takes (chdir is rare); hold it across fork so the
 * child never inherits it locked. */
extern pthread_mutex_t sn_cwd_lock SN_HIDDEN;
static void atfork_prepare(void)
{
    pthread_mutex_lock(&sn_cwd_lock);
}
static void atfork_parent(void)
{
    pthread_mutex_unlock(&sn_cwd_lock);
}
static void atfork_child(void)
{
    pthread_mutex_unlock(&sn_cwd_lock);
    sn_channel_after_fork();
}

void sn_warn_once(int key, const char *fmt, ...)
{
    if (key < 0 || key >= SN_WARN_MAX || __atomic_exchange_n(&warned[key], 1, __ATOMIC_RELAXED))
        return;
    int saved = errno;
    char msg[512];
    int n = snprintf(msg, sizeof msg, "seanet[%d]: ", (int)getpid());
    va_list ap;
    va_start(ap, fmt);
    n += vsnprintf(msg + n, sizeof msg - (size_t)n - 1, fmt, ap);
    va_end(ap);
    if (n > (int)sizeof msg - 2)
        n = (int)sizeof msg - 2;
    msg[n++] = '\n';
    (void)!write(2, msg, (size_t)n);
    const char *log = getenv("SEANET_LOG");
    if (log && *log && real_open) {
        int fd = real_open(log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
        if (fd >= 0) {
            (void)!write(fd, msg, (size_t)n);
            real_close(fd);
        }
    }
    errno = saved;
}
