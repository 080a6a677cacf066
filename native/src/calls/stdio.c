/* stdio: glibc's fopen opens through an internal, non-interposable open, so fopen itself
 * is wrapped. The stream is opened on the right tier by our open logic and handed to fdopen,
 * which keeps one code path for placement and close notifications. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common.h"

/* fopen's mode string as open(2) flags; -1 (EINVAL) if it is not a valid mode. */
static int mode_flags(const char *mode)
{
    int flags;
    switch (mode[0]) {
    case 'r':
        flags = O_RDONLY;
        break;
    case 'w':
        flags = O_WRONLY | O_CREAT | O_TRUNC;
        break;
    case 'a':
        flags = O_WRONLY | O_CREAT | O_APPEND;
        break;
    default:
        errno = EINVAL;
        return -1;
    }
    for (const char *m = mode + 1; *m && *m != ','; m++) {
        if (*m == '+')
            flags = (flags & ~O_ACCMODE) | O_RDWR;
        else if (*m == 'x')
            flags |= O_EXCL;
        else if (*m == 'e')
            flags |= O_CLOEXEC;
    }
    return flags;
}

static FILE *fopen_mount(const struct sn_vpath *v, const char *mode)
{
    int flags = mode_flags(mode);
    if (flags < 0)
        return NULL;
    int fd = sn_open_vpath(v, flags, 0666);
    if (fd < 0)
        return NULL;
    FILE *f = fdopen(fd, mode);
    if (!f) {
        int e = errno;
        struct sn_fdrec *rec = sn_fd_take(fd);
        real_close(fd);
        sn_fd_release(rec);
        errno = e;
    }
    return f;
}

static FILE *fopen_common(const char *path, const char *mode, FILE *(*pass)(const char *, const char *))
{
    struct sn_vpath v;
    switch (sn_classify(AT_FDCWD, &path, &v)) {
    case SN_MOUNT:
        return SN_KEEP_ERRNO_PTR(fopen_mount(&v, mode));
    case SN_ERROR:
        return NULL;
    default:
        return pass(path, mode);
    }
}

SN_EXPORT FILE *fopen(const char *path, const char *mode)
{
    SN_ENTER(real_fopen(path, mode));
    return fopen_common(path, mode, real_fopen);
}

SN_EXPORT FILE *fopen64(const char *path, const char *mode)
{
    SN_ENTER(real_fopen64(path, mode));
    return fopen_common(path, mode, real_fopen64);
}

/* freopen must keep the caller's FILE object, so the tier logic only finds (or creates) the
 * tier file and the real freopen reopens the stream on that real path. */
static FILE *freopen_mount(const struct sn_vpath *v, const char *mode, FILE *stream,
                           FILE *(*pass)(const char *, const char *, FILE *))
{
    int flags = mode_flags(mode);
    if (flags < 0)
        return NULL;
    /* Create or find it through the tier logic, then reopen the stream on that tier file. */
    int fd = sn_open_vpath(v, flags & ~O_TRUNC, 0666);
    if (fd < 0)
        return NULL;
    struct sn_fdrec *rec = sn_fd_take(fd);
    real_close(fd);
    char real[PATH_MAX];
    int tier = rec ? rec->tier : 0;
    unsigned rflags = rec ? rec->flags : 0;
    free(rec); /* fresh (one ref); the reopened stream takes over the file */
    if (!sn_tier_path(v, tier, real))
        return NULL;
    int old = fileno(stream);
    sn_fd_release(old >= 0 ? sn_fd_take(old) : NULL);
    char plain[16]; /* "x" was honoured by our create above; the real freopen must not refuse it */
    size_t n = 0;
    for (const char *m = mode; *m && n + 1 < sizeof plain; m++)
        if (*m != 'x')
            plain[n++] = *m;
    plain[n] = 0;
    FILE *f = pass(real, plain, stream);
    if (f)
        sn_fd_set(fileno(f), tier, rflags | (sn_is_write(flags) ? SN_FD_WRITE : 0), v->path, v->len);
    return f;
}

static FILE *freopen_common(const char *path, const char *mode, FILE *stream,
                            FILE *(*pass)(const char *, const char *, FILE *))
{
    struct sn_vpath v;
    if (!path)
        return pass(path, mode, stream);
    switch (sn_classify(AT_FDCWD, &path, &v)) {
    case SN_MOUNT:
        return SN_KEEP_ERRNO_PTR(freopen_mount(&v, mode, stream, pass));
    case SN_ERROR:
        return NULL;
    default: {
        int old = fileno(stream);
        sn_fd_release(old >= 0 ? sn_fd_take(old) : NULL);
        return pass(path, mode, stream);
    }
    }
}

SN_EXPORT FILE *freopen(const char *path, const char *mode, FILE *stream)
{
    SN_ENTER(real_freopen(path, mode, stream));
    return freopen_common(path, mode, stream, real_freopen);
}

SN_EXPORT FILE *freopen64(const char *path, const char *mode, FILE *stream)
{
    SN_ENTER(real_freopen64(path, mode, stream));
    return freopen_common(path, mode, stream, real_freopen64);
}

/* fclose closes its fd through glibc internals; report a written file here. The size is
 * taken after the stream's buffer is flushed. */
SN_EXPORT int fclose(FILE *stream)
{
    SN_ENTER(real_fclose(stream));
    int fd = stream ? fileno(stream) : -1;
    struct sn_fdrec *rec = fd >= 0 ? sn_fd_take(fd) : NULL;
    if (!rec)
        return real_fclose(stream);
    int r = real_fclose(stream);
    SN_ERRNO_SAVE;
    sn_fd_release(rec);
    SN_ERRNO_RESTORE;
    return r;
}
