/* Making a path absolute and lexically normal, and deciding whether it is ours.
 * "Under the mount" is a component-wise prefix match on the normalised path, never a
 * substring. A path outside the mount that has nothing to normalise costs one compare
 * and one scan. */
#include <pthread.h>
#include <string.h>
#include <unistd.h>

#include "../shim.h"

long sn_normalize(const char *in, char *out, size_t outsz)
{
    /* Most paths are already normal: copy while checking, fall back on the first sign of
     * "//", "/." or a trailing slash. */
    size_t i = 0;
    for (; in[i]; i++) {
        if (in[i] == '/' && (in[i + 1] == '/' || in[i + 1] == '.' || (in[i + 1] == 0 && i > 0)))
            goto slow;
        if (i + 1 >= outsz)
            return -1;
        out[i] = in[i];
    }
    if (i == 0 || in[0] != '/')
        goto slow;
    out[i] = 0;
    return (long)i;
slow:;
    size_t o = 0;
    const char *p = in;
    if (outsz < 2)
        return -1;
    out[o++] = '/';
    while (*p) {
        while (*p == '/')
            p++;
        if (!*p)
            break;
        const char *s = p;
        while (*p && *p != '/')
            p++;
        size_t n = (size_t)(p - s);
        if (n == 1 && s[0] == '.')
            continue;
        if (n == 2 && s[0] == '.' && s[1] == '.') {
            if (o > 1) {
                o--; /* drop the trailing slash then the component */
                while (o > 0 && out[o - 1] != '/')
                    o--;
            }
            continue;
        }
        if (o + n + 1 >= outsz)
            return -1;
        memcpy(out + o, s, n);
        o += n;
        out[o++] = '/';
    }
    if (o > 1)
        o--; /* no trailing slash */
    out[o] = 0;
    return (long)o;
}

bool sn_under_mount(const char *norm, size_t len)
{
    size_t m = sn_cfg.mount_len;
    return len >= m && memcmp(norm, sn_cfg.mount, m) == 0 && (norm[m] == '/' || norm[m] == 0);
}

/* ---- the virtual working directory ----
 * cwd_buf holds what getcwd reports: the virtual path when inside the mount. Readers copy
 * it under a sequence number (no lock); chdir, which is rare, takes sn_cwd_lock. */
pthread_mutex_t sn_cwd_lock = PTHREAD_MUTEX_INITIALIZER;
static char cwd_buf[PATH_MAX];
static unsigned cwd_seq;
/* Under cwd_seq with cwd_buf: its length, and the tier whose copy of it the kernel's cwd is
 * (-1: none, the cwd is outside the mount or on the persistent tier as a plain directory). */
static size_t cwd_len;
static int cwd_tier = -1;
int sn_cwd_in_mount_flag;    /* the cwd is the mount or below it */
int sn_cwd_holds_mount_flag; /* the mount is below the cwd: relative paths may enter it */

static bool cwd_read(char *buf, size_t size, size_t *len_out)
{
    for (;;) {
        unsigned s1 = __atomic_load_n(&cwd_seq, __ATOMIC_ACQUIRE);
        if (s1 & 1)
            continue;
        size_t len = strnlen(cwd_buf, sizeof cwd_buf);
        if (len + 1 > size)
            return false;
        memcpy(buf, cwd_buf, len + 1);
        __atomic_thread_fence(__ATOMIC_ACQUIRE);
        if (__atomic_load_n(&cwd_seq, __ATOMIC_RELAXED) == s1) {
            *len_out = len;
            return true;
        }
    }
}

size_t sn_cwd_get(char *buf, size_t size)
{
    size_t len = 0;
    return cwd_read(buf, size, &len) ? len : 0;
}

bool sn_cwd_in_mount(void)
{
    return __atomic_load_n(&sn_cwd_in_mount_flag, __ATOMIC_RELAXED);
}

void sn_cwd_set(const char *path, int tier)
{
    pthread_mutex_lock(&sn_cwd_lock);
    __atomic_add_fetch(&cwd_seq, 1, __ATOMIC_ACQ_REL);
    size_t len = strnlen(path, sizeof cwd_buf - 1);
    memcpy(cwd_buf, path, len);
    cwd_buf[len] = 0;
    int in = sn_under_mount(cwd_buf, len);
    __atomic_store_n(&cwd_len, len, __ATOMIC_RELAXED);
    __atomic_store_n(&cwd_tier, in ? tier : -1, __ATOMIC_RELAXED);
    int holds =
        !in &&
        (len == 1 || (sn_cfg.mount_len > len && memcmp(sn_cfg.mount, cwd_buf, len) == 0 && sn_cfg.mount[len] == '/'));
    __atomic_store_n(&sn_cwd_in_mount_flag, in, __ATOMIC_RELAXED);
    __atomic_store_n(&sn_cwd_holds_mount_flag, holds, __ATOMIC_RELAXED);
    __atomic_add_fetch(&cwd_seq, 1, __ATOMIC_ACQ_REL);
    pthread_mutex_unlock(&sn_cwd_lock);
}

/* Where in v->path the part below the cwd starts, if the kernel's cwd is tier t's copy of the
 * virtual cwd and v is below it (not the cwd itself: rmdir("./") is EINVAL). Then "./" + that
 * part, resolved by the kernel from its cwd, names the same file as the absolute tier path in
 * fewer components: the kernel's lookup costs ~40 ns a component, and "/dev/shm/t0/y/d1/f1"
 * against "./d1/f1" is 260 ns of a 600 ns lstat here. 0: not applicable. A chdir racing the
 * caller is the caller's own race, as it is without SeaNet; the sequence number keeps the
 * answer from being torn. */
size_t sn_cwd_rel_offset(const struct sn_vpath *v, int t)
{
    unsigned s1 = __atomic_load_n(&cwd_seq, __ATOMIC_ACQUIRE);
    if ((s1 & 1) || __atomic_load_n(&cwd_tier, __ATOMIC_RELAXED) != t)
        return 0;
    size_t cl = __atomic_load_n(&cwd_len, __ATOMIC_RELAXED), off = 0;
    if (v->len >= cl && cl < sizeof cwd_buf && memcmp(v->path, cwd_buf, cl) == 0)
        off = v->len > cl + 1 && v->path[cl] == '/' ? cl + 1 : 0;
    __atomic_thread_fence(__ATOMIC_ACQUIRE);
    return __atomic_load_n(&cwd_seq, __ATOMIC_RELAXED) == s1 ? off : 0;
}

int sn_real_to_virtual_tier(const char *real, char *out, size_t outsz)
{
    char norm[PATH_MAX];
    long len = sn_normalize(real, norm, sizeof norm);
    if (len < 0)
        return -1;
    for (int t = 0; t < sn_cfg.n_tiers; t++) {
        size_t tl = sn_cfg.tier_len[t];
        if ((size_t)len >= tl && memcmp(norm, sn_cfg.tier[t], tl) == 0 && (norm[tl] == '/' || norm[tl] == 0)) {
            if (sn_cfg.mount_len + ((size_t)len - tl) + 1 > outsz)
                return -1;
            memcpy(out, sn_cfg.mount, sn_cfg.mount_len);
            memcpy(out + sn_cfg.mount_len, norm + tl, (size_t)len - tl + 1);
            return t;
        }
    }
    return -1;
}

/* At start-up and after a chdir we did not resolve ourselves: ask the kernel, and map a
 * tier directory (where our chdir into the mount really went) back to the mount. */
void sn_cwd_refresh_from_kernel(void)
{
    char real[PATH_MAX], virt[PATH_MAX];
    int saved = errno;
    if (!real_getcwd || !real_getcwd(real, sizeof real)) {
        errno = saved;
        return;
    }
    /* A child started with its cwd in a cache tier is really in the mount (our chdir went
     * there). The persistent tier is an ordinary directory users cd into: not remapped. */
    int t = sn_real_to_virtual_tier(real, virt, sizeof virt);
    if (t >= 0 && t < sn_cfg.n_tiers - 1)
        sn_cwd_set(virt, t);
    else
        sn_cwd_set(real, -1);
    errno = saved;
}

enum sn_class sn_classify(int dirfd, const char **pathp, struct sn_vpath *v)
{
    const char *path = *pathp;
    if (SN_UNLIKELY(!path) || !sn_cfg.active)
        return SN_PASS;
    if (sn_fast_pass(dirfd, path))
        return SN_PASS;
    char tmp[PATH_MAX * 2];
    const char *abs;
    size_t plen = strlen(path);
    if (plen == 0)
        return SN_PASS; /* "" is ENOENT, or AT_EMPTY_PATH on the fd: the kernel decides */
    if (path[0] == '/') {
        abs = path;
    } else if (dirfd == AT_FDCWD) {
        size_t clen;
        if (!cwd_read(tmp, PATH_MAX, &clen))
            return SN_PASS;
        if (clen + 1 + plen + 1 > sizeof tmp) {
            errno = ENAMETOOLONG;
            return SN_ERROR;
        }
        tmp[clen] = '/';
        memcpy(tmp + clen + 1, path, plen + 1);
        abs = tmp;
    } else {
        struct sn_fdrec *rec = sn_fd_get(dirfd);
        if (!rec)
            return SN_PASS; /* closed meanwhile: the kernel answers EBADF */
        if (rec->len + 1 + plen + 1 > sizeof tmp) {
            errno = ENAMETOOLONG;
            return SN_ERROR;
        }
        memcpy(tmp, rec->vpath, rec->len);
        tmp[rec->len] = '/';
        memcpy(tmp + rec->len + 1, path, plen + 1);
        abs = tmp;
    }
    /* The last component decides what the kernel would say, so it is not taken lexically:
     * "x/." keeps its "/." for the kernel to judge, and "x/.." is only the parent of x if x
     * is a directory in the view. (Components before the last are lexical, as in Sea.) */
    size_t alen = strlen(abs), end = alen;
    while (end > 1 && abs[end - 1] == '/')
        end--;
    bool slash = end < alen;
    size_t start = end;
    while (start > 0 && abs[start - 1] != '/')
        start--;
    bool last_dot = end - start == 1 && abs[start] == '.';
    bool last_dotdot = end - start == 2 && abs[start] == '.' && abs[start + 1] == '.';
    if (last_dotdot) {
        struct sn_vpath x;
        char head[PATH_MAX];
        if (start >= sizeof head) {
            errno = ENAMETOOLONG;
            return SN_ERROR;
        }
        memcpy(head, abs, start);
        head[start] = 0;
        long hl = sn_normalize(start ? head : "/", x.path, sizeof x.path);
        if (hl > 0 && sn_under_mount(x.path, (size_t)hl) && (size_t)hl > sn_cfg.mount_len) {
            struct stat st;
            int err;
            x.len = (size_t)hl;
            x.suffix[0] = 0;
            if (sn_find(&x, &st, &err) < 0) {
                errno = err;
                return SN_ERROR;
            }
            if (!S_ISDIR(st.st_mode) && !S_ISLNK(st.st_mode)) {
                errno = ENOTDIR;
                return SN_ERROR;
            }
        }
    }
    long len = sn_normalize(abs, v->path, sizeof v->path);
    if (len < 0) {
        errno = ENAMETOOLONG;
        return SN_ERROR;
    }
    if (!sn_under_mount(v->path, (size_t)len)) {
        /* Outside after all. A path we made absolute must go to the kernel absolute: the
         * kernel's cwd (or dirfd) is a tier directory, not the virtual one. */
        if (abs != path && (dirfd != AT_FDCWD || sn_cwd_in_mount()))
            *pathp = v->path;
        return SN_PASS;
    }
    v->len = (size_t)len;
    if (last_dot)
        strcpy(v->suffix, "/.");
    else if (slash && !last_dotdot && (size_t)len > sn_cfg.mount_len)
        strcpy(v->suffix, "/");
    else
        v->suffix[0] = 0;
    return SN_MOUNT;
}

void sn_parent(const struct sn_vpath *v, struct sn_vpath *parent)
{
    size_t l = v->len;
    while (l > sn_cfg.mount_len && v->path[l - 1] != '/')
        l--;
    if (l > sn_cfg.mount_len)
        l--; /* drop the slash */
    if (l < sn_cfg.mount_len)
        l = sn_cfg.mount_len;
    memcpy(parent->path, v->path, l);
    parent->path[l] = 0;
    parent->len = l;
    parent->suffix[0] = 0;
}

void sn_note_above_slow(int fd, const char *path)
{
    if (sn_prefix_relation(path) != SN_REL_ANCESTOR || sn_has_dotdot(path))
        return;
    char norm[PATH_MAX];
    long len = sn_normalize(path, norm, sizeof norm);
    if (len > 0)
        sn_fd_set(fd, -1, SN_FD_ABOVE, norm, (size_t)len);
}
