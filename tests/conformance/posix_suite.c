/* POSIX conformance transcript: posix_suite W O
 *
 * Runs in the working directory W (which holds the fixtures of fixtures.txt) and prints one
 * line per assertion, "area/case: observation". The same program run natively on tmpfs is
 * the oracle; run_conformance.sh compares every other run with it line by line. O is a
 * directory outside W (outside the mount) used by the leak cases.
 *
 * Observations are what must agree between a correct SeaNet and the kernel on any local file
 * system: return values, errno names, and the resulting type, mode, link count, size, content,
 * owner, and time relations. Never absolute times (except values the suite set itself), inode
 * or device numbers, directory sizes or link counts. Paths are printed relative to W ("W/...");
 * a path that is not under W is printed as "!outside" so a leaked tier path shows as a
 * difference without making the transcript depend on where a run happened.
 *
 * Each area runs in its own child process so a crash or a hang (alarm) costs one area, which
 * then prints "area/CRASH". Built with -O2 -D_FORTIFY_SOURCE=2 so the fortified forms
 * (__open_2, __readlink_chk, __realpath_chk, __getcwd_chk, ...) are the ones called. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fts.h>
#include <ftw.h>
#include <glob.h>
#include <limits.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <time.h>
#include <unistd.h>
#include <utime.h>

extern char **environ;

static char W[1024];  /* the working directory, absolute, as given */
static char O[1024];  /* a directory outside W */
static char WO[2048]; /* O followed by W: a path that contains W but is not under it */
static size_t WLEN;

/* Flags kept in a volatile so the compiler cannot see them: open()/openat() with two
 * arguments then compile to the fortified __open_2/__openat_2 (and the 64 forms). */
static volatile int v_rdonly = O_RDONLY;
static volatile int v_wronly = O_WRONLY;
/* Buffer sizes the compiler cannot see either: readlink() and getcwd() with a constant size
 * that fits compile to the plain call; with this one they compile to __readlink_chk and
 * __getcwd_chk. */
static volatile size_t v_pathmax = PATH_MAX - 1;

/* ---- small string pool: every describer returns one of these rotating buffers ---------- */

#define NBUF 48
#define BUFSZ 4400
static char pool[NBUF][BUFSZ];
static int pool_i;
static char *buf(void)
{
    pool_i = (pool_i + 1) % NBUF;
    pool[pool_i][0] = 0;
    return pool[pool_i];
}

/* W/rel */
static const char *P(const char *rel)
{
    char *b = buf();
    snprintf(b, BUFSZ, "%s/%s", W, rel);
    return b;
}

/* A path as the transcript shows it: "W" + the rest when it is under W, "!outside" otherwise. */
static const char *rel_path(const char *p)
{
    char *b = buf();
    if (strncmp(p, W, WLEN) == 0 && (p[WLEN] == 0 || p[WLEN] == '/'))
        snprintf(b, BUFSZ, "W%s", p + WLEN);
    else if (p[0] != '/')
        snprintf(b, BUFSZ, "%s", p);
    else
        snprintf(b, BUFSZ, "!outside");
    return b;
}

static const char *en(int e)
{
    switch (e) {
    case 0:
        return "0";
    case EPERM:
        return "EPERM";
    case ENOENT:
        return "ENOENT";
    case EBADF:
        return "EBADF";
    case EACCES:
        return "EACCES";
    case EFAULT:
        return "EFAULT";
    case EBUSY:
        return "EBUSY";
    case EEXIST:
        return "EEXIST";
    case EXDEV:
        return "EXDEV";
    case ENODEV:
        return "ENODEV";
    case ENOTDIR:
        return "ENOTDIR";
    case EISDIR:
        return "EISDIR";
    case EINVAL:
        return "EINVAL";
    case ENOSPC:
        return "ENOSPC";
    case EROFS:
        return "EROFS";
    case EMLINK:
        return "EMLINK";
    case ERANGE:
        return "ERANGE";
    case ENAMETOOLONG:
        return "ENAMETOOLONG";
    case ENOSYS:
        return "ENOSYS";
    case ENOTEMPTY:
        return "ENOTEMPTY";
    case ELOOP:
        return "ELOOP";
    case ENODATA:
        return "ENODATA";
    case EOPNOTSUPP:
        return "EOPNOTSUPP";
    case ENXIO:
        return "ENXIO";
    case EIO:
        return "EIO";
    default: {
        char *b = buf();
        snprintf(b, BUFSZ, "errno%d", e);
        return b;
    }
    }
}

static const char *esc(const char *s, size_t n)
{
    char *b = buf();
    size_t o = 0;
    size_t lim = n > 40 ? 40 : n;
    b[o++] = '\'';
    for (size_t i = 0; i < lim; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c < 0x7f && c != '\\' && c != '\'')
            b[o++] = (char)c;
        else
            o += (size_t)sprintf(b + o, "\\x%02x", c);
    }
    b[o++] = '\'';
    if (n > lim)
        o += (size_t)sprintf(b + o, "+%zu", n - lim);
    b[o] = 0;
    return b;
}

static const char *stat_desc(const struct stat *st)
{
    char *b = buf();
    unsigned mode = (unsigned)(st->st_mode & 07777);
    switch (st->st_mode & S_IFMT) {
    case S_IFREG:
        snprintf(b, BUFSZ, "f,mode:%04o,nlink:%lu,size:%lld,own:%u:%u", mode, (unsigned long)st->st_nlink,
                 (long long)st->st_size, st->st_uid, st->st_gid);
        break;
    case S_IFDIR:
        snprintf(b, BUFSZ, "d,mode:%04o,own:%u:%u", mode, st->st_uid, st->st_gid);
        break;
    case S_IFLNK:
        snprintf(b, BUFSZ, "l,own:%u:%u", st->st_uid, st->st_gid);
        break;
    case S_IFIFO:
        snprintf(b, BUFSZ, "p,mode:%04o,nlink:%lu,own:%u:%u", mode, (unsigned long)st->st_nlink, st->st_uid,
                 st->st_gid);
        break;
    case S_IFCHR:
        snprintf(b, BUFSZ, "c,mode:%04o,rdev:%u:%u,own:%u:%u", mode, major(st->st_rdev), minor(st->st_rdev), st->st_uid,
                 st->st_gid);
        break;
    default:
        snprintf(b, BUFSZ, "type%o", (unsigned)(st->st_mode & S_IFMT));
    }
    return b;
}

/* S: lstat state of W/rel. SF: stat (follows). SC: lstat state plus the content of a
 * regular file or the target of a symlink. */
static const char *S(const char *rel)
{
    struct stat st;
    if (lstat(P(rel), &st) != 0)
        return en(errno);
    return stat_desc(&st);
}

static const char *SF(const char *rel)
{
    struct stat st;
    if (stat(P(rel), &st) != 0)
        return en(errno);
    return stat_desc(&st);
}

static const char *content_of(const char *path)
{
    char data[256];
    int fd = open(path, O_RDONLY | O_NOATIME);
    if (fd < 0 && errno == EPERM)
        fd = open(path, O_RDONLY);
    if (fd < 0)
        return en(errno);
    ssize_t n = read(fd, data, sizeof data);
    int e = errno;
    close(fd);
    if (n < 0)
        return en(e);
    return esc(data, (size_t)n);
}

static const char *SC(const char *rel)
{
    struct stat st;
    const char *p = P(rel);
    if (lstat(p, &st) != 0)
        return en(errno);
    char *b = buf();
    if (S_ISREG(st.st_mode)) {
        snprintf(b, BUFSZ, "%s,data:%s", stat_desc(&st), content_of(p));
    } else if (S_ISLNK(st.st_mode)) {
        char t[PATH_MAX];
        ssize_t n = readlink(p, t, v_pathmax);
        t[n < 0 ? 0 : n] = 0;
        /* a symlink's size is its target's length (which for an absolute one depends on W) */
        snprintf(b, BUFSZ, "%s,->%s,size_ok:%d", stat_desc(&st), n < 0 ? en(errno) : rel_path(t), st.st_size == n);
    } else {
        snprintf(b, BUFSZ, "%s", stat_desc(&st));
    }
    return b;
}

/* Sorted listing of a directory through opendir/readdir: "name:type ..." */
static int cmpstr(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static char dtype_ch(unsigned char t)
{
    switch (t) {
    case DT_REG:
        return 'f';
    case DT_DIR:
        return 'd';
    case DT_LNK:
        return 'l';
    case DT_FIFO:
        return 'p';
    case DT_CHR:
        return 'c';
    case DT_UNKNOWN:
        return '?';
    default:
        return 'x';
    }
}

static const char *join_sorted(char **names, int n)
{
    char *b = buf();
    size_t o = 0;
    qsort(names, (size_t)n, sizeof *names, cmpstr);
    for (int i = 0; i < n && o < BUFSZ - 100; i++)
        o += (size_t)snprintf(b + o, BUFSZ - o, "%s%s", i ? " " : "", names[i]);
    if (n == 0)
        snprintf(b, BUFSZ, "(empty)");
    return b;
}

static const char *LS(const char *rel)
{
    DIR *d = opendir(P(rel));
    if (!d)
        return en(errno);
    char *names[256];
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < 256) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        names[n] = malloc(strlen(e->d_name) + 3);
        sprintf(names[n], "%s:%c", e->d_name, dtype_ch(e->d_type));
        n++;
    }
    closedir(d);
    const char *r = join_sorted(names, n);
    for (int i = 0; i < n; i++)
        free(names[i]);
    return r;
}

/* ---- recording a call ------------------------------------------------------------------ */

static long c_ret;
static int c_err;
static int c_fd = -1;

#define DO(expr)                       \
    do {                               \
        errno = 0;                     \
        c_ret = (long)(expr);          \
        c_err = c_ret < 0 ? errno : 0; \
    } while (0)

/* A call returning an fd: kept in c_fd, reported as 0 (the number itself is not portable). */
#define DOFD(expr)                    \
    do {                              \
        errno = 0;                    \
        c_fd = (expr);                \
        c_err = c_fd < 0 ? errno : 0; \
        c_ret = c_fd < 0 ? -1 : 0;    \
    } while (0)

static void closefd(void)
{
    if (c_fd >= 0)
        close(c_fd);
    c_fd = -1;
}

static void out(const char *name, const char *fmt, ...)
{
    char b[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(b, sizeof b, fmt, ap);
    va_end(ap);
    printf("%s: %s\n", name, b);
}

/* name: ret=R errno=E [fmt...] */
static void rep(const char *name, const char *fmt, ...)
{
    char b[4096];
    int o = snprintf(b, sizeof b, "ret=%ld errno=%s", c_ret, c_ret < 0 ? en(c_err) : "-");
    if (fmt && *fmt) {
        b[o++] = ' ';
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(b + o, sizeof b - (size_t)o, fmt, ap);
        va_end(ap);
    }
    printf("%s: %s\n", name, b);
}

static const char *fd_data(int fd)
{
    char d[256];
    if (fd < 0)
        return "nofd";
    ssize_t n = pread(fd, d, sizeof d, 0);
    if (n < 0)
        return en(errno);
    return esc(d, (size_t)n);
}

static int put(const char *rel, const char *data)
{
    int fd = open(P(rel), O_CREAT | O_WRONLY | O_TRUNC, 0644);
    if (fd < 0)
        return -1;
    ssize_t n = write(fd, data, strlen(data));
    close(fd);
    return n == (ssize_t)strlen(data) ? 0 : -1;
}

static const char *wr(int fd, const char *data)
{
    ssize_t n = write(fd, data, strlen(data));
    return n < 0 ? en(errno) : (n == (ssize_t)strlen(data) ? "ok" : "short");
}

/* ---- times ----------------------------------------------------------------------------- */

static const struct timespec TA = {1000000000, 111111111}; /* a set atime */
static const struct timespec TM = {1200000000, 123456789}; /* a set mtime */

static const char *ts(struct timespec t)
{
    char *b = buf();
    snprintf(b, BUFSZ, "%lld.%09ld", (long long)t.tv_sec, t.tv_nsec);
    return b;
}

static int tcmp(struct timespec a, struct timespec b)
{
    if (a.tv_sec != b.tv_sec)
        return a.tv_sec < b.tv_sec ? -1 : 1;
    if (a.tv_nsec != b.tv_nsec)
        return a.tv_nsec < b.tv_nsec ? -1 : 1;
    return 0;
}

static const char *rel3(struct timespec a, struct timespec b)
{
    int c = tcmp(a, b);
    return c < 0 ? "<" : c > 0 ? ">" : "=";
}

/* Kernel timestamps come from a clock that may lag CLOCK_REALTIME by a tick or more, so a
 * time "now" is checked against a window with a generous margin. */
static struct timespec now_minus(long ms)
{
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    long long ns = (long long)t.tv_sec * 1000000000LL + t.tv_nsec - (long long)ms * 1000000LL;
    t.tv_sec = (time_t)(ns / 1000000000LL);
    t.tv_nsec = (long)(ns % 1000000000LL);
    return t;
}

static const char *is_now(struct timespec t, struct timespec lo)
{
    struct timespec hi = now_minus(-200);
    return tcmp(t, lo) >= 0 && tcmp(t, hi) <= 0 ? "now" : "not-now";
}

/* let the kernel's timestamp clock advance so that "ctime advanced" is observable */
static void tick(void)
{
    struct timespec d = {0, 25000000};
    nanosleep(&d, NULL);
}

static struct stat LST(const char *rel) {
    struct stat st;
    memset(&st, 0, sizeof st);
    if (lstat(P(rel), &st) != 0)
        st.st_mode = 0;
    return st;
}

/* the set times of W/rel as the transcript shows them */
static const char *
TMS(const char *rel)
{
    struct stat st;
    if (lstat(P(rel), &st) != 0)
        return en(errno);
    char *b = buf();
    snprintf(b, BUFSZ, "atime=%lld.%09ld mtime=%lld.%09ld", (long long)st.st_atim.tv_sec, st.st_atim.tv_nsec,
             (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
    return b;
}

/* ================================ areas ================================================ */

static void area_stat(void)
{
    const char *files[] = {"f_t0",         "f_t1",          "f_p",         "h_a",
                           "h_b",          "d_spread",      "d_t1only",    "d_ponly",
                           "l_t1",         "l_abs_p",       "l_dangling",  "l_dir",
                           "d_spread/a0",  "d_spread/a1",   "d_spread/ap", "d_spread/sub/s1",
                           "d_spread/lnk", "d_spread/fifo", NULL};
    char name[128];
    for (int i = 0; files[i]; i++) {
        snprintf(name, sizeof name, "stat/lstat_%s", files[i]);
        out(name, "%s", SC(files[i]));
        snprintf(name, sizeof name, "stat/stat_%s", files[i]);
        out(name, "%s", SF(files[i]));
    }
    struct stat st;
    struct stat64 st64;
    DO(stat64(P("f_t1"), &st64));
    rep("stat/stat64_t1", "size:%lld", c_ret == 0 ? (long long)st64.st_size : -1LL);
    DO(lstat64(P("l_t1"), &st64));
    rep("stat/lstat64_symlink", "link:%d", c_ret == 0 && S_ISLNK(st64.st_mode));
    DO(stat(P("nope"), &st));
    rep("stat/enoent", "");
    DO(stat(P("f_t0/x"), &st));
    rep("stat/enotdir_component", "");
    DO(stat(P("f_t1/"), &st));
    rep("stat/trailing_slash_on_file", "");
    DO(stat(P("d_t1only/"), &st));
    rep("stat/trailing_slash_on_dir", "");
    DO(stat(P("l_loop1"), &st));
    rep("stat/eloop", "");
    DO(lstat(P("l_loop1"), &st));
    rep("stat/lstat_loop_is_link", "link:%d", c_ret == 0 && S_ISLNK(st.st_mode));
    DO(stat(P("l_dangling"), &st));
    rep("stat/dangling_follow", "");
    char p[PATH_MAX];
    snprintf(p, sizeof p, "%s//d_spread/./a1", W);
    DO(stat(p, &st));
    rep("stat/double_slash_and_dot", "size:%lld", c_ret == 0 ? (long long)st.st_size : -1LL);
    const char *base = strrchr(W, '/') + 1;
    snprintf(p, sizeof p, "%s/../%s/d_ponly/y", W, base);
    DO(stat(p, &st));
    rep("stat/dotdot_back_into_w", "size:%lld", c_ret == 0 ? (long long)st.st_size : -1LL);
    snprintf(p, sizeof p, "%s/d_t1only/../f_p", W);
    DO(stat(p, &st));
    rep("stat/dotdot_through_tier1_dir", "size:%lld", c_ret == 0 ? (long long)st.st_size : -1LL);
    DO(stat(P("l_dir/a1"), &st));
    rep("stat/through_dir_symlink", "size:%lld", c_ret == 0 ? (long long)st.st_size : -1LL);
    int fd = open(P("f_p"), O_RDONLY);
    DO(fstat(fd, &st));
    rep("stat/fstat_p", "%s", c_ret == 0 ? stat_desc(&st) : "-");
    close(fd);
    struct statx sx;
    DO(statx(AT_FDCWD, P("f_t1"), 0, STATX_BASIC_STATS, &sx));
    rep("stat/statx_t1", "mode:%04o size:%llu nlink:%u", (unsigned)(sx.stx_mode & 07777),
        (unsigned long long)sx.stx_size, sx.stx_nlink);
    DO(statx(AT_FDCWD, P("l_t1"), AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS, &sx));
    rep("stat/statx_nofollow_link", "link:%d", S_ISLNK(sx.stx_mode));
    DO(statx(AT_FDCWD, P("l_t1"), 0, STATX_BASIC_STATS, &sx));
    rep("stat/statx_follow_link", "size:%llu", (unsigned long long)sx.stx_size);
    DO(statx(AT_FDCWD, P("nope"), 0, STATX_BASIC_STATS, &sx));
    rep("stat/statx_enoent", "");
    char lng[400];
    memset(lng, 'a', 300);
    lng[300] = 0;
    DO(stat(P(lng), &st));
    rep("stat/enametoolong", "");
}

static void area_open(void)
{
    int fd;
    umask(022);
    DOFD(open(P("op_new1"), O_CREAT | O_WRONLY, 0666));
    closefd();
    rep("open/creat_0666_umask022", "%s", S("op_new1"));
    umask(027);
    DOFD(open(P("op_new2"), O_CREAT | O_WRONLY, 0777));
    closefd();
    rep("open/creat_0777_umask027", "%s", S("op_new2"));
    umask(0);
    DOFD(open(P("op_new3"), O_CREAT | O_WRONLY, 0666));
    closefd();
    rep("open/creat_0666_umask0", "%s", S("op_new3"));
    umask(022);
    DOFD(open(P("op_new4"), O_CREAT | O_RDWR, 0));
    closefd();
    rep("open/creat_mode0", "%s", S("op_new4"));
    DOFD(open(P("op_new5"), O_CREAT | O_WRONLY, 04755));
    closefd();
    rep("open/creat_setuid", "%s", S("op_new5"));
    DOFD(open(P("f_t1"), O_CREAT | O_WRONLY, 0600));
    closefd();
    rep("open/creat_existing_keeps_mode", "%s", SC("f_t1"));
    DOFD(open(P("op_excl"), O_CREAT | O_EXCL | O_WRONLY, 0640));
    closefd();
    rep("open/excl_new", "%s", S("op_excl"));
    DOFD(open(P("f_t1"), O_CREAT | O_EXCL | O_WRONLY, 0600));
    closefd();
    rep("open/excl_existing_t1", "%s", S("f_t1"));
    DOFD(open(P("f_p"), O_CREAT | O_EXCL | O_WRONLY, 0600));
    closefd();
    rep("open/excl_existing_p", "%s", S("f_p"));
    DOFD(open(P("d_ponly"), O_CREAT | O_EXCL | O_WRONLY, 0600));
    closefd();
    rep("open/excl_existing_dir", "");
    DOFD(open(P("l_dangling"), O_CREAT | O_EXCL | O_WRONLY, 0600));
    closefd();
    rep("open/excl_dangling_symlink", "%s", S("op_nowhere"));
    DOFD(open(P("op_l_dangling"), O_CREAT | O_WRONLY, 0600));
    closefd();
    rep("open/creat_through_dangling_symlink", "link=%s target=%s", S("op_l_dangling"), S("op_dangle_target"));
    DOFD(open(P("op_trunc_t1"), O_WRONLY | O_TRUNC));
    closefd();
    rep("open/trunc_t1", "%s", SC("op_trunc_t1"));
    DOFD(open(P("op_trunc_p"), O_RDWR | O_TRUNC));
    if (c_fd >= 0)
        out("open/trunc_p_write", "%s", wr(c_fd, "new"));
    closefd();
    rep("open/trunc_p", "%s", SC("op_trunc_p"));
    DOFD(open(P("op_app_p"), O_WRONLY | O_APPEND));
    if (c_fd >= 0) {
        lseek(c_fd, 0, SEEK_SET);
        out("open/append_p_write", "%s", wr(c_fd, "XYZ"));
    }
    closefd();
    rep("open/append_p", "%s", SC("op_app_p"));
    DOFD(open(P("op_app_t0"), O_WRONLY | O_APPEND | O_CREAT, 0644));
    if (c_fd >= 0)
        out("open/append_t0_write", "%s", wr(c_fd, "+more"));
    closefd();
    rep("open/append_t0", "%s", SC("op_app_t0"));
    DOFD(open(P("op_rw_t1"), O_RDWR));
    if (c_fd >= 0)
        out("open/rdwr_t1_write", "%s", wr(c_fd, "TIER"));
    closefd();
    rep("open/rdwr_t1", "%s", SC("op_rw_t1"));
    DOFD(open(P("f_t0"), O_RDONLY | O_DIRECTORY));
    closefd();
    rep("open/directory_on_file", "");
    DOFD(open(P("d_spread"), O_RDONLY | O_DIRECTORY));
    closefd();
    rep("open/directory_on_spread_dir", "");
    DOFD(open(P("d_ponly"), O_RDONLY | O_DIRECTORY));
    closefd();
    rep("open/directory_on_ponly_dir", "");
    DOFD(open(P("l_dir"), O_RDONLY | O_DIRECTORY));
    closefd();
    rep("open/directory_through_symlink", "");
    DOFD(open(P("l_t1"), O_RDONLY | O_NOFOLLOW));
    closefd();
    rep("open/nofollow_symlink", "");
    DOFD(open(P("f_p"), O_RDONLY | O_NOFOLLOW));
    rep("open/nofollow_regular", "data:%s", fd_data(c_fd));
    closefd();
    DOFD(open(P("l_t1"), O_PATH | O_NOFOLLOW));
    struct stat st;
    memset(&st, 0, sizeof st);
    if (c_fd >= 0)
        fstat(c_fd, &st);
    closefd();
    rep("open/path_nofollow_is_link", "link:%d", S_ISLNK(st.st_mode));
    DOFD(open(P("l_t1"), O_RDONLY));
    rep("open/follow_symlink_to_p", "data:%s", fd_data(c_fd));
    closefd();
    DOFD(open(P("l_abs_p"), O_RDONLY));
    rep("open/follow_absolute_symlink", "data:%s", fd_data(c_fd));
    closefd();
    DOFD(open(P("l_dangling"), O_RDONLY));
    closefd();
    rep("open/dangling_symlink", "");
    DOFD(open(P("l_loop1"), O_RDONLY));
    closefd();
    rep("open/eloop", "");
    DOFD(open(P("f_t0/"), O_RDONLY));
    closefd();
    rep("open/trailing_slash_file", "");
    DOFD(open(P("op_slash/"), O_CREAT | O_WRONLY, 0644));
    closefd();
    rep("open/trailing_slash_creat", "%s", S("op_slash"));
    DOFD(open(P("d_spread/"), O_RDONLY));
    closefd();
    rep("open/trailing_slash_dir", "");
    DOFD(open(P("nope"), O_RDONLY));
    closefd();
    rep("open/enoent", "");
    DOFD(open(P("nodir/x"), O_CREAT | O_WRONLY, 0644));
    closefd();
    rep("open/enoent_parent", "");
    DOFD(open(P("f_t1/x"), O_RDONLY));
    closefd();
    rep("open/enotdir_parent", "");
    DOFD(open(P("d_spread"), O_WRONLY));
    closefd();
    rep("open/eisdir_write", "");
    DOFD(open(P("d_spread"), O_RDWR | O_CREAT, 0644));
    closefd();
    rep("open/eisdir_creat", "");
    DOFD(open(P("d_t1only/op_new"), O_CREAT | O_WRONLY, 0640));
    closefd();
    rep("open/creat_in_tier1_only_dir", "new=%s sibling=%s", S("d_t1only/op_new"), S("d_t1only/x"));
    DOFD(open(P("d_ponly/op_new"), O_CREAT | O_WRONLY, 0604));
    closefd();
    rep("open/creat_in_persist_only_dir", "new=%s sibling=%s", S("d_ponly/op_new"), S("d_ponly/y"));
    DOFD(open(P("d_spread/sub/op_new"), O_CREAT | O_WRONLY, 0600));
    closefd();
    rep("open/creat_in_subdir_on_tier1", "%s", S("d_spread/sub/op_new"));
    const char *tiers[] = {"f_t0", "f_t1", "f_p", "d_spread/a0", "d_spread/a1", "d_spread/ap", NULL};
    char name[128];
    for (int i = 0; tiers[i]; i++) {
        DOFD(open(P(tiers[i]), O_RDONLY));
        snprintf(name, sizeof name, "open/read_%s", tiers[i]);
        rep(name, "data:%s", fd_data(c_fd));
        closefd();
    }
    /* fortified and 64 forms */
    DOFD(open(P("f_p"), v_rdonly));
    rep("open/open_2_fortified", "data:%s", fd_data(c_fd));
    closefd();
    DOFD(open64(P("f_t1"), v_rdonly));
    rep("open/open64_2_fortified", "data:%s", fd_data(c_fd));
    closefd();
    DOFD(openat(AT_FDCWD, P("f_p"), v_rdonly));
    rep("open/openat_2_fortified", "data:%s", fd_data(c_fd));
    closefd();
    DOFD(openat64(AT_FDCWD, P("f_t0"), v_rdonly));
    rep("open/openat64_2_fortified", "data:%s", fd_data(c_fd));
    closefd();
    DOFD(open64(P("op_o64"), O_CREAT | O_WRONLY, 0640));
    closefd();
    rep("open/open64_creat_mode", "%s", S("op_o64"));
    DOFD(openat(AT_FDCWD, P("op_at_mode"), O_CREAT | O_WRONLY, 0640));
    closefd();
    rep("open/openat_creat_mode", "%s", S("op_at_mode"));
    DOFD(openat64(AT_FDCWD, P("op_at64_mode"), O_CREAT | O_WRONLY, 0604));
    closefd();
    rep("open/openat64_creat_mode", "%s", S("op_at64_mode"));
    DOFD(open(P("f_t0"), v_wronly | O_NONBLOCK));
    closefd();
    rep("open/open_2_write", "%s", SC("f_t0"));
    DOFD(open(P("op_cloexec"), O_CREAT | O_WRONLY | O_CLOEXEC, 0644));
    rep("open/cloexec", "fdflags:%d", c_fd >= 0 ? fcntl(c_fd, F_GETFD) : -1);
    closefd();
    fd = open(P("op_rd_wr"), O_RDWR | O_CREAT, 0644);
    out("open/rdwr_write", "%s", wr(fd, "written"));
    char b[16] = {0};
    lseek(fd, 0, SEEK_SET);
    DO(read(fd, b, sizeof b - 1));
    rep("open/rdwr_read_back", "data:%s", esc(b, c_ret > 0 ? (size_t)c_ret : 0));
    close(fd);
    /* O_TMPFILE then linkat into the namespace */
    DOFD(open(W, O_TMPFILE | O_RDWR, 0640));
    if (c_fd >= 0) {
        out("open/tmpfile_write", "%s", wr(c_fd, "tmp"));
        char proc[64];
        snprintf(proc, sizeof proc, "/proc/self/fd/%d", c_fd);
        int r = linkat(AT_FDCWD, proc, AT_FDCWD, P("op_tmp_linked"), AT_SYMLINK_FOLLOW);
        out("open/tmpfile_linkat_follow", "ret=%d errno=%s %s", r, r ? en(errno) : "-", SC("op_tmp_linked"));
    }
    rep("open/tmpfile", "");
    closefd();
    DOFD(open(P("d_t1only"), O_TMPFILE | O_WRONLY, 0600));
    if (c_fd >= 0) {
        out("open/tmpfile_t1dir_write", "%s", wr(c_fd, "t1tmp"));
        int r = linkat(c_fd, "", AT_FDCWD, P("d_t1only/op_tmp_linked"), AT_EMPTY_PATH);
        out("open/tmpfile_linkat_empty_path", "ret=%d errno=%s %s", r, r ? en(errno) : "-",
            SC("d_t1only/op_tmp_linked"));
    }
    rep("open/tmpfile_in_tier1_dir", "");
    closefd();
    DOFD(open(P("f_t0"), O_TMPFILE | O_RDWR, 0600));
    closefd();
    rep("open/tmpfile_on_file", "");
    char lng[400];
    memset(lng, 'a', 300);
    lng[300] = 0;
    DOFD(open(P(lng), O_CREAT | O_WRONLY, 0644));
    closefd();
    rep("open/enametoolong", "");
    DOFD(open(P("d_spread/../f_p"), O_RDONLY));
    rep("open/dotdot", "data:%s", fd_data(c_fd));
    closefd();
    /* creat */
    DOFD(creat(P("cr_new"), 0755));
    closefd();
    rep("creat/new_0755", "%s", S("cr_new"));
    DOFD(creat(P("cr_exist_t1"), 0600));
    closefd();
    rep("creat/existing_truncates_keeps_mode", "%s", SC("cr_exist_t1"));
    DOFD(creat64(P("cr_new64"), 0640));
    closefd();
    rep("creat/creat64", "%s", S("cr_new64"));
    DOFD(creat(P("d_ponly"), 0644));
    closefd();
    rep("creat/on_dir", "");
    DOFD(creat(P("d_ponly/cr_in_p"), 0666));
    closefd();
    rep("creat/in_persist_only_dir", "%s", S("d_ponly/cr_in_p"));
}

static void area_stdio(void)
{
    char line[128];
    FILE *f = fopen(P("f_t1"), "r");
    out("stdio/fopen_r_t1", "%s data:%s", f ? "ok" : en(errno),
        f && fgets(line, sizeof line, f) ? esc(line, strlen(line)) : "-");
    if (f)
        fclose(f);
    f = fopen(P("f_p"), "r");
    out("stdio/fopen_r_p", "%s data:%s", f ? "ok" : en(errno),
        f && fgets(line, sizeof line, f) ? esc(line, strlen(line)) : "-");
    if (f)
        fclose(f);
    f = fopen64(P("d_spread/a1"), "r");
    out("stdio/fopen64_r", "%s data:%s", f ? "ok" : en(errno),
        f && fgets(line, sizeof line, f) ? esc(line, strlen(line)) : "-");
    if (f)
        fclose(f);
    f = fopen(P("l_t1"), "r");
    out("stdio/fopen_through_symlink", "%s", f ? "ok" : en(errno));
    if (f)
        fclose(f);
    f = fopen(P("st_new"), "w");
    if (f) {
        fputs("hello stdio\n", f);
        fclose(f);
    }
    out("stdio/fopen_w_new", "%s %s", f ? "ok" : en(errno), SC("st_new"));
    umask(077);
    f = fopen(P("st_new_umask"), "w");
    if (f)
        fclose(f);
    umask(022);
    out("stdio/fopen_w_umask077", "%s %s", f ? "ok" : en(errno), S("st_new_umask"));
    f = fopen(P("st_trunc_t1"), "w");
    if (f)
        fclose(f);
    out("stdio/fopen_w_truncates", "%s %s", f ? "ok" : en(errno), SC("st_trunc_t1"));
    f = fopen(P("st_app_p"), "a");
    if (f) {
        fputs("+app", f);
        fclose(f);
    }
    out("stdio/fopen_a_p", "%s %s", f ? "ok" : en(errno), SC("st_app_p"));
    f = fopen(P("st_rplus_t0"), "r+");
    if (f) {
        fputs("R", f);
        fclose(f);
    }
    out("stdio/fopen_rplus", "%s %s", f ? "ok" : en(errno), SC("st_rplus_t0"));
    f = fopen(P("st_aplus_new"), "a+");
    if (f) {
        fputs("a+", f);
        fclose(f);
    }
    out("stdio/fopen_aplus_new", "%s %s", f ? "ok" : en(errno), SC("st_aplus_new"));
    f = fopen(P("f_t1"), "wx");
    out("stdio/fopen_wx_existing", "%s", f ? "ok" : en(errno));
    if (f)
        fclose(f);
    f = fopen(P("nope"), "r");
    out("stdio/fopen_enoent", "%s", f ? "ok" : en(errno));
    if (f)
        fclose(f);
    f = fopen(P("d_spread"), "w");
    out("stdio/fopen_w_dir", "%s", f ? "ok" : en(errno));
    if (f)
        fclose(f);
    f = fopen(P("nodir/x"), "w");
    out("stdio/fopen_w_enoent_parent", "%s", f ? "ok" : en(errno));
    if (f)
        fclose(f);
    f = fopen(P("d_ponly/st_in_p"), "w");
    if (f) {
        fputs("in p", f);
        fclose(f);
    }
    out("stdio/fopen_w_in_persist_only_dir", "%s %s", f ? "ok" : en(errno), SC("d_ponly/st_in_p"));
    f = fopen(P("f_t0"), "r");
    FILE *g = f ? freopen(P("f_p"), "r", f) : NULL;
    out("stdio/freopen", "%s data:%s", g ? "ok" : en(errno),
        g && fgets(line, sizeof line, g) ? esc(line, strlen(line)) : "-");
    if (g)
        fclose(g);
    f = fopen(P("f_t0"), "r");
    g = f ? freopen64(P("st_freopen_new"), "w", f) : NULL;
    if (g) {
        fputs("re", g);
        fclose(g);
    }
    out("stdio/freopen64_w", "%s %s", g ? "ok" : en(errno), SC("st_freopen_new"));
    int fd = open(P("f_t1"), O_RDONLY);
    f = fdopen(fd, "r");
    out("stdio/fdopen", "%s data:%s", f ? "ok" : en(errno),
        f && fgets(line, sizeof line, f) ? esc(line, strlen(line)) : "-");
    if (f)
        fclose(f);
}

static void area_rename(void)
{
    DO(rename(P("rn_a_t0"), P("rn_b_t1")));
    rep("rename/file_over_file_other_tier", "src=%s dst=%s", S("rn_a_t0"), SC("rn_b_t1"));
    DO(rename(P("rn_b2_t1"), P("rn_a2_t0")));
    rep("rename/file_over_file_lower_onto_upper", "src=%s dst=%s", S("rn_b2_t1"), SC("rn_a2_t0"));
    DO(rename(P("rn_c_p"), P("rn_c_new")));
    rep("rename/file_new_name_p", "src=%s dst=%s", S("rn_c_p"), SC("rn_c_new"));
    DO(rename(P("rn_d_t1"), P("d_ponly/rn_moved")));
    rep("rename/file_into_dir_only_on_persist", "src=%s dst=%s", S("rn_d_t1"), SC("d_ponly/rn_moved"));
    DO(rename(P("rn_e_t0"), P("d_t1only/rn_moved")));
    rep("rename/file_into_dir_only_on_tier1", "src=%s dst=%s", S("rn_e_t0"), SC("d_t1only/rn_moved"));
    DO(rename(P("d_spread/rn_f_p"), P("rn_f_out")));
    rep("rename/file_out_of_spread_dir", "src=%s dst=%s", S("d_spread/rn_f_p"), SC("rn_f_out"));
    DO(rename(P("f_t0"), P("f_t0")));
    rep("rename/onto_itself", "%s", S("f_t0"));
    DO(rename(P("rn_h1"), P("rn_h2")));
    rep("rename/hard_links_of_one_file", "a=%s b=%s", S("rn_h1"), S("rn_h2"));
    DO(rename(P("rn_dir_t0"), P("rn_dir_new")));
    rep("rename/dir_t0", "src=%s dst=%s list=%s", S("rn_dir_t0"), S("rn_dir_new"), LS("rn_dir_new"));
    DO(rename(P("rn_dir_spread"), P("rn_dir_spread_new")));
    rep("rename/dir_on_every_tier", "src=%s dst=%s list=%s", S("rn_dir_spread"), S("rn_dir_spread_new"),
        LS("rn_dir_spread_new"));
    out("rename/dir_on_every_tier_deep", "%s", SC("rn_dir_spread_new/deep/z"));
    DO(rename(P("rn_dir_x"), P("rn_empty_y")));
    rep("rename/dir_over_empty_dir", "src=%s list=%s", S("rn_dir_x"), LS("rn_empty_y"));
    DO(rename(P("rn_dir_x2"), P("rn_full_z")));
    rep("rename/dir_over_nonempty_dir", "src=%s dst=%s", LS("rn_dir_x2"), LS("rn_full_z"));
    DO(rename(P("rn_dir_x3"), P("rn_full_lower")));
    rep("rename/dir_over_dir_nonempty_on_lower_tier", "src=%s dst=%s", LS("rn_dir_x3"), LS("rn_full_lower"));
    DO(rename(P("rn_dir_self"), P("rn_dir_self/sub")));
    rep("rename/dir_into_itself", "%s", LS("rn_dir_self"));
    DO(rename(P("rn_dir_self"), P("rn_dir_self/sub/deeper")));
    rep("rename/dir_into_its_subdir", "%s", LS("rn_dir_self"));
    DO(rename(P("rn_file_g"), P("rn_dir_self")));
    rep("rename/file_over_dir", "%s", S("rn_file_g"));
    DO(rename(P("rn_dir_self"), P("rn_file_g")));
    rep("rename/dir_over_file", "%s", S("rn_dir_self"));
    DO(rename(P("nope"), P("rn_nope2")));
    rep("rename/src_enoent", "");
    DO(rename(P("rn_file_g"), P("nodir/x")));
    rep("rename/dst_parent_enoent", "%s", S("rn_file_g"));
    DO(rename(P("rn_file_g"), P("f_t0/x")));
    rep("rename/dst_parent_is_file", "");
    DO(rename(P("rn_file_g/"), P("rn_file_g2")));
    rep("rename/trailing_slash_on_file", "%s", S("rn_file_g"));
    DO(rename(P("rn_dir_t1b/"), P("rn_dir_t1b_new/")));
    rep("rename/dir_with_trailing_slashes", "src=%s dst=%s", S("rn_dir_t1b"), S("rn_dir_t1b_new"));
    DO(rename(P("rn_link_t1"), P("rn_link_new")));
    rep("rename/symlink_itself", "src=%s dst=%s target=%s", S("rn_link_t1"), SC("rn_link_new"), S("f_p"));
    DO(rename(P("d_spread/.."), P("rn_x")));
    rep("rename/dotdot_source", "");
    DO(renameat2(AT_FDCWD, P("rn_nr_a"), AT_FDCWD, P("rn_nr_b"), RENAME_NOREPLACE));
    rep("rename/noreplace_existing", "src=%s dst=%s", SC("rn_nr_a"), SC("rn_nr_b"));
    DO(renameat2(AT_FDCWD, P("rn_nr_a"), AT_FDCWD, P("rn_nr_c"), RENAME_NOREPLACE));
    rep("rename/noreplace_new", "src=%s dst=%s", S("rn_nr_a"), SC("rn_nr_c"));
    DO(renameat2(AT_FDCWD, P("rn_x_t0"), AT_FDCWD, P("rn_y_p"), RENAME_EXCHANGE));
    rep("rename/exchange_files_across_tiers", "a=%s b=%s", SC("rn_x_t0"), SC("rn_y_p"));
    DO(renameat2(AT_FDCWD, P("rn_x2_t1"), AT_FDCWD, P("rn_xdir_p"), RENAME_EXCHANGE));
    rep("rename/exchange_file_and_dir", "a=%s b=%s", S("rn_x2_t1"), SC("rn_xdir_p"));
    DO(renameat2(AT_FDCWD, P("rn_x_t0"), AT_FDCWD, P("rn_missing"), RENAME_EXCHANGE));
    rep("rename/exchange_missing", "a=%s", SC("rn_x_t0"));
    DO(renameat2(AT_FDCWD, P("rn_x_t0"), AT_FDCWD, P("rn_y_p"), RENAME_NOREPLACE | RENAME_EXCHANGE));
    rep("rename/exchange_and_noreplace", "");
    int d1 = open(P("d_spread"), O_RDONLY | O_DIRECTORY);
    int d2 = open(P("d_ponly"), O_RDONLY | O_DIRECTORY);
    DO(renameat(d1, "rn_at_t1", d2, "rn_at_moved"));
    rep("rename/renameat_dirfds", "src=%s dst=%s", S("d_spread/rn_at_t1"), SC("d_ponly/rn_at_moved"));
    DO(renameat(d2, "rn_at_moved", AT_FDCWD, P("rn_at_back")));
    rep("rename/renameat_dirfd_to_absolute", "src=%s dst=%s", S("d_ponly/rn_at_moved"), SC("rn_at_back"));
    DO(renameat2(d1, "rn_at2_p", d1, "rn_at2_renamed", 0));
    rep("rename/renameat2_same_dirfd", "src=%s dst=%s", S("d_spread/rn_at2_p"), SC("d_spread/rn_at2_renamed"));
    close(d1);
    close(d2);
    /* a move keeps mode, owner and times */
    struct timespec tt[2] = {TA, TM};
    utimensat(AT_FDCWD, P("rn_meta_t0"), tt, 0);
    struct stat before = LST("rn_meta_t0");
    tick();
    DO(rename(P("rn_meta_t0"), P("d_ponly/rn_meta")));
    struct stat after = LST("d_ponly/rn_meta");
    rep("rename/keeps_mode_and_times_across_tiers", "%s %s ctime:%s", S("d_ponly/rn_meta"), TMS("d_ponly/rn_meta"),
        after.st_mode ? rel3(after.st_ctim, before.st_ctim) : "-");
    /* an open file stays readable through its fd after a rename */
    int fd = open(P("rn_open_t1"), O_RDONLY);
    DO(rename(P("rn_open_t1"), P("rn_open_moved")));
    rep("rename/open_fd_survives", "fd:%s dst=%s", fd_data(fd), SC("rn_open_moved"));
    close(fd);
    /* a file created in this run, then renamed across directories */
    put("rn_fresh", "fresh");
    DO(rename(P("rn_fresh"), P("d_t1only/rn_fresh")));
    rep("rename/fresh_file_into_tier1_dir", "src=%s dst=%s", S("rn_fresh"), SC("d_t1only/rn_fresh"));
    mkdir(P("rn_fresh_dir"), 0755);
    put("rn_fresh_dir/in", "in");
    DO(rename(P("rn_fresh_dir"), P("d_ponly/rn_fresh_dir")));
    rep("rename/fresh_dir_into_persist_dir", "src=%s dst=%s list=%s", S("rn_fresh_dir"), S("d_ponly/rn_fresh_dir"),
        LS("d_ponly/rn_fresh_dir"));
}

static void area_unlink(void)
{
    const char *t[] = {"ul_t0", "ul_t1", "ul_p", "d_spread/ul_in_spread", NULL};
    char name[128];
    for (int i = 0; t[i]; i++) {
        DO(unlink(P(t[i])));
        snprintf(name, sizeof name, "unlink/file_%s", strchr(t[i], '/') ? "in_spread_dir" : t[i]);
        rep(name, "%s", S(t[i]));
    }
    DO(unlink(P("ul_t0")));
    rep("unlink/again_enoent", "");
    DO(unlink(P("d_ponly")));
    rep("unlink/dir_eisdir", "%s", S("d_ponly"));
    DO(unlink(P("ul_link")));
    rep("unlink/symlink_keeps_target", "link=%s target=%s", S("ul_link"), S("ul_target"));
    DO(unlink(P("ul_h1")));
    rep("unlink/one_hard_link", "gone=%s other=%s", S("ul_h1"), SC("ul_h2"));
    DO(unlink(P("ul_slash/")));
    rep("unlink/trailing_slash_on_file", "%s", S("ul_slash"));
    DO(unlink(P("f_t1/x")));
    rep("unlink/enotdir", "");
    int fd = open(P("ul_open_p"), O_RDONLY);
    DO(unlink(P("ul_open_p")));
    rep("unlink/open_file_stays_readable", "path=%s fd:%s", S("ul_open_p"), fd_data(fd));
    close(fd);
    DO(unlink(P("ul_again_t1")));
    put("ul_again_t1", "second");
    rep("unlink/then_recreate", "%s", SC("ul_again_t1"));
    int d = open(P("d_spread"), O_RDONLY | O_DIRECTORY);
    DO(unlinkat(d, "ul_at_p", 0));
    rep("unlink/unlinkat_dirfd_file_on_persist", "%s", S("d_spread/ul_at_p"));
    DO(unlinkat(d, "ul_at_dir", AT_REMOVEDIR));
    rep("unlink/unlinkat_removedir", "%s", S("d_spread/ul_at_dir"));
    DO(unlinkat(d, "ul_at_dir2", 0));
    rep("unlink/unlinkat_dir_without_flag", "%s", S("d_spread/ul_at_dir2"));
    DO(unlinkat(d, "a0", AT_REMOVEDIR));
    rep("unlink/unlinkat_removedir_on_file", "");
    close(d);
    DO(unlinkat(AT_FDCWD, P("ul_abs_t1"), 0));
    rep("unlink/unlinkat_absolute", "%s", S("ul_abs_t1"));
    DO(unlink(P("ul_fifo")));
    rep("unlink/fifo", "%s", S("ul_fifo"));
}

static void area_link(void)
{
    DO(link(P("lk_src_p"), P("lk_new")));
    rep("link/same_dir", "src=%s new=%s", S("lk_src_p"), SC("lk_new"));
    DO(link(P("lk_src_t1"), P("d_ponly/lk_other_dir")));
    rep("link/into_dir_only_on_persist", "src=%s new=%s", S("lk_src_t1"), SC("d_ponly/lk_other_dir"));
    DO(link(P("lk_src_t0"), P("d_t1only/lk_other_dir")));
    rep("link/into_dir_only_on_tier1", "src=%s new=%s", S("lk_src_t0"), SC("d_t1only/lk_other_dir"));
    DO(link(P("d_spread/a1"), P("lk_from_spread")));
    rep("link/out_of_spread_dir", "src=%s new=%s", S("d_spread/a1"), S("lk_from_spread"));
    DO(link(P("lk_src_p"), P("f_t0")));
    rep("link/onto_existing", "%s", SC("f_t0"));
    DO(link(P("d_ponly"), P("lk_dir")));
    rep("link/directory", "%s", S("lk_dir"));
    DO(link(P("nope"), P("lk_x")));
    rep("link/src_enoent", "%s", S("lk_x"));
    DO(link(P("lk_src_p"), P("nodir/x")));
    rep("link/dst_parent_enoent", "");
    DO(link(P("lk_sym"), P("lk_of_sym")));
    rep("link/of_symlink_is_symlink", "%s", SC("lk_of_sym"));
    DO(linkat(AT_FDCWD, P("lk_sym2"), AT_FDCWD, P("lk_follow"), AT_SYMLINK_FOLLOW));
    rep("link/linkat_symlink_follow", "new=%s target=%s", SC("lk_follow"), S("lk_sym2_target"));
    DO(linkat(AT_FDCWD, P("lk_sym2"), AT_FDCWD, P("lk_nofollow"), 0));
    rep("link/linkat_no_follow", "%s", S("lk_nofollow"));
    int d1 = open(P("d_spread"), O_RDONLY | O_DIRECTORY);
    int d2 = open(P("d_t1only"), O_RDONLY | O_DIRECTORY);
    DO(linkat(d1, "ap", d2, "lk_at", 0));
    rep("link/linkat_dirfds", "src=%s new=%s", S("d_spread/ap"), SC("d_t1only/lk_at"));
    close(d1);
    close(d2);
    int fd = open(P("lk_w1"), O_RDWR);
    DO(link(P("lk_w1"), P("lk_w2")));
    out("link/write_through_one", "%s", wr(fd, "CHANGED"));
    close(fd);
    out("link/read_through_other", "%s", SC("lk_w2"));
    unlink(P("lk_w1"));
    out("link/after_unlink_of_first", "%s", S("lk_w2"));
    out("link/fixture_pair", "a=%s b=%s", SC("h_a"), SC("h_b"));
    put("lk_fresh", "fresh");
    DO(link(P("lk_fresh"), P("d_spread/lk_fresh")));
    rep("link/fresh_file_into_spread_dir", "%s", SC("d_spread/lk_fresh"));
}

static void area_symlink(void)
{
    char t[PATH_MAX];
    DO(symlink("f_p", P("sl_rel")));
    rep("symlink/relative", "lstat=%s stat=%s", SC("sl_rel"), SF("sl_rel"));
    DO(symlink(P("f_t1"), P("sl_abs")));
    rep("symlink/absolute", "lstat=%s stat=%s", SC("sl_abs"), SF("sl_abs"));
    DO(symlink("nowhere/at/all", P("sl_dangling")));
    rep("symlink/dangling", "lstat=%s stat=%s", SC("sl_dangling"), SF("sl_dangling"));
    DO(symlink("d_spread", P("sl_dir")));
    rep("symlink/to_spread_dir", "%s list=%s", SF("sl_dir"), LS("sl_dir"));
    DO(symlink("f_p", P("f_t0")));
    rep("symlink/onto_existing", "%s", S("f_t0"));
    DO(symlink("f_p", P("nodir/x")));
    rep("symlink/parent_enoent", "");
    DO(symlink("../f_t0", P("d_ponly/sl_up")));
    rep("symlink/in_persist_only_dir_pointing_up", "%s", SF("d_ponly/sl_up"));
    DO(symlink("sl_rel", P("sl_chain")));
    rep("symlink/chain", "%s", SF("sl_chain"));
    DO(symlink("", P("sl_empty")));
    rep("symlink/empty_target", "");
    DO(symlink("f_p", P("sl_slash/")));
    rep("symlink/trailing_slash_name", "%s", S("sl_slash"));
    int d = open(P("d_spread"), O_RDONLY | O_DIRECTORY);
    DO(symlinkat("ap", d, "sl_at"));
    rep("symlink/symlinkat_dirfd", "%s stat=%s", SC("d_spread/sl_at"), SF("d_spread/sl_at"));
    DO(readlinkat(d, "lnk", t, v_pathmax));
    rep("symlink/readlinkat_dirfd_fixture", "%s", c_ret >= 0 ? esc(t, (size_t)c_ret) : "-");
    DO(readlinkat(d, "a1", t, sizeof t));
    rep("symlink/readlinkat_on_file", "");
    close(d);
    /* readlink: fortified (the buffer's size is known) */
    DO(readlink(P("l_t1"), t, v_pathmax));
    rep("symlink/readlink_fixture_t1", "%s", c_ret >= 0 ? esc(t, (size_t)c_ret) : "-");
    /* the length of an absolute target is shown as W's length plus the rest */
    DO(readlink(P("l_abs_p"), t, v_pathmax));
    if (c_ret >= 0)
        t[c_ret] = 0;
    out("symlink/readlink_absolute_fixture", "ret=W+%ld %s", c_ret - (long)WLEN, c_ret >= 0 ? rel_path(t) : en(c_err));
    DO(readlink(P("sl_abs"), t, v_pathmax));
    if (c_ret >= 0)
        t[c_ret] = 0;
    out("symlink/readlink_absolute_new", "ret=W+%ld %s", c_ret - (long)WLEN, c_ret >= 0 ? rel_path(t) : en(c_err));
    char small[3];
    DO(readlink(P("l_dangling"), small, sizeof small));
    rep("symlink/readlink_truncated", "%s", c_ret >= 0 ? esc(small, (size_t)c_ret) : "-");
    DO(readlink(P("f_p"), t, sizeof t));
    rep("symlink/readlink_on_file", "");
    DO(readlink(P("nope"), t, sizeof t));
    rep("symlink/readlink_enoent", "");
    DO(readlink(P("l_dir/lnk"), t, sizeof t));
    rep("symlink/readlink_through_dir_symlink", "%s", c_ret >= 0 ? esc(t, (size_t)c_ret) : "-");
    DO(readlinkat(AT_FDCWD, P("l_loop1"), t, v_pathmax));
    rep("symlink/readlinkat_loop_member", "%s", c_ret >= 0 ? esc(t, (size_t)c_ret) : "-");
    struct stat st;
    DO(lstat(P("l_dir"), &st));
    rep("symlink/lstat_dir_link", "link:%d", S_ISLNK(st.st_mode));
    DO(stat(P("l_dir"), &st));
    rep("symlink/stat_dir_link", "dir:%d", S_ISDIR(st.st_mode));
    DO(lstat(P("l_dir/"), &st));
    rep("symlink/lstat_dir_link_trailing_slash", "dir:%d", S_ISDIR(st.st_mode));
}

static void area_mkdir(void)
{
    umask(022);
    DO(mkdir(P("md_0777"), 0777));
    rep("mkdir/mode_0777_umask022", "%s", S("md_0777"));
    DO(mkdir(P("md_0700"), 0700));
    rep("mkdir/mode_0700", "%s", S("md_0700"));
    umask(027);
    DO(mkdir(P("md_u027"), 0777));
    rep("mkdir/mode_0777_umask027", "%s", S("md_u027"));
    umask(022);
    DO(mkdir(P("md_sticky"), 01777));
    rep("mkdir/sticky", "%s", S("md_sticky"));
    DO(mkdir(P("md_0"), 0));
    rep("mkdir/mode_0", "%s", S("md_0"));
    DO(mkdir(P("d_spread"), 0755));
    rep("mkdir/eexist_spread_dir", "");
    DO(mkdir(P("d_ponly"), 0755));
    rep("mkdir/eexist_persist_dir", "");
    DO(mkdir(P("f_p"), 0755));
    rep("mkdir/eexist_file", "%s", S("f_p"));
    DO(mkdir(P("l_dangling"), 0755));
    rep("mkdir/eexist_dangling_symlink", "%s", S("l_dangling"));
    DO(mkdir(P("md_slash/"), 0755));
    rep("mkdir/trailing_slash", "%s", S("md_slash"));
    DO(mkdir(P("md_slash2//"), 0750));
    rep("mkdir/two_trailing_slashes", "%s", S("md_slash2"));
    DO(mkdir(P("d_t1only/md_in_t1"), 0711));
    rep("mkdir/in_tier1_only_dir", "%s list=%s", S("d_t1only/md_in_t1"), LS("d_t1only"));
    DO(mkdir(P("d_ponly/md_in_p"), 0755));
    rep("mkdir/in_persist_only_dir", "%s", S("d_ponly/md_in_p"));
    DO(mkdir(P("nodir/x"), 0755));
    rep("mkdir/parent_enoent", "");
    DO(mkdir(P("f_t1/x"), 0755));
    rep("mkdir/parent_is_file", "");
    DO(mkdir(P("md_a"), 0755));
    DO(mkdir(P("md_a/b"), 0755));
    DO(mkdir(P("md_a/b/c"), 0755));
    rep("mkdir/nested", "%s", S("md_a/b/c"));
    int d = open(P("d_spread"), O_RDONLY | O_DIRECTORY);
    DO(mkdirat(d, "md_at", 0750));
    rep("mkdir/mkdirat_dirfd", "%s", S("d_spread/md_at"));
    DO(mkdirat(d, "sub", 0750));
    rep("mkdir/mkdirat_eexist_tier1_subdir", "");
    close(d);
    DO(mkdirat(AT_FDCWD, P("md_at_abs"), 0705));
    rep("mkdir/mkdirat_absolute", "%s", S("md_at_abs"));
    DO(mkdir(P("md_a/b/c/.."), 0755));
    rep("mkdir/dotdot_last", "");
    DO(mkdir(P("md_a/b/./d"), 0755));
    rep("mkdir/dot_in_middle", "%s", S("md_a/b/d"));
}

static void area_rmdir(void)
{
    DO(rmdir(P("rd_empty_t0")));
    rep("rmdir/empty_t0", "%s", S("rd_empty_t0"));
    DO(rmdir(P("rd_empty_spread")));
    rep("rmdir/empty_on_every_tier", "%s", S("rd_empty_spread"));
    DO(rmdir(P("rd_empty_p")));
    rep("rmdir/empty_p", "%s", S("rd_empty_p"));
    DO(rmdir(P("rd_full_lower")));
    rep("rmdir/nonempty_on_lower_tier_only", "%s list=%s", S("rd_full_lower"), LS("rd_full_lower"));
    DO(rmdir(P("d_spread")));
    rep("rmdir/nonempty", "");
    DO(rmdir(P("rd_empty_t1/.")));
    rep("rmdir/dot", "%s", S("rd_empty_t1"));
    DO(rmdir(P("rd_empty_t1/..")));
    rep("rmdir/dotdot", "");
    DO(rmdir(P("f_t1")));
    rep("rmdir/file", "%s", S("f_t1"));
    DO(rmdir(P("nope")));
    rep("rmdir/enoent", "");
    DO(rmdir(P("l_dir")));
    rep("rmdir/symlink_to_dir", "%s", S("l_dir"));
    DO(rmdir(P("rd_empty_t1/")));
    rep("rmdir/trailing_slash", "%s", S("rd_empty_t1"));
    DO(rmdir(P("f_t1/x")));
    rep("rmdir/enotdir_component", "");
    DO(mkdir(P("rd_fresh"), 0755));
    DO(rmdir(P("rd_fresh")));
    rep("rmdir/fresh", "%s", S("rd_fresh"));
    put("rd_fresh2_keep", "x");
    mkdir(P("rd_fresh2"), 0755);
    put("rd_fresh2/f", "x");
    unlink(P("rd_fresh2/f"));
    DO(rmdir(P("rd_fresh2")));
    rep("rmdir/emptied_then_removed", "%s", S("rd_fresh2"));
    DO(rmdir(P("rd_emptied_p")));
    rep("rmdir/emptied_fixture_before_unlink", "");
    unlink(P("rd_emptied_p/only"));
    DO(rmdir(P("rd_emptied_p")));
    rep("rmdir/emptied_fixture", "%s", S("rd_emptied_p"));
}

static void area_chmod(void)
{
    const char *t[] = {"cm_t0", "cm_t1", "cm_p", NULL};
    char name[128];
    for (int i = 0; t[i]; i++) {
        struct stat b = LST(t[i]);
        tick();
        DO(chmod(P(t[i]), 0751));
        struct stat a = LST(t[i]);
        snprintf(name, sizeof name, "chmod/file_%s", t[i] + 3);
        rep(name, "%s ctime:%s", S(t[i]), rel3(a.st_ctim, b.st_ctim));
    }
    DO(chmod(P("cm_dir_spread"), 0700));
    rep("chmod/dir_on_every_tier", "%s", S("cm_dir_spread"));
    DO(chmod(P("cm_link"), 0600));
    rep("chmod/through_symlink", "link=%s target=%s", S("cm_link"), S("cm_link_target"));
    DO(chmod(P("cm_suid"), 04755));
    rep("chmod/setuid", "%s", S("cm_suid"));
    DO(chmod(P("cm_t0"), 0));
    rep("chmod/zero", "%s", S("cm_t0"));
    DO(chmod(P("nope"), 0644));
    rep("chmod/enoent", "");
    DO(chmod(P("l_dangling"), 0644));
    rep("chmod/dangling_symlink", "");
    int fd = open(P("cm_fd_p"), O_RDONLY);
    DO(fchmod(fd, 0640));
    rep("chmod/fchmod", "%s", S("cm_fd_p"));
    close(fd);
    int d = open(P("d_spread"), O_RDONLY | O_DIRECTORY);
    DO(fchmodat(d, "cm_at_p", 0604, 0));
    rep("chmod/fchmodat_dirfd", "%s", S("d_spread/cm_at_p"));
    DO(fchmodat(d, "cm_at_t1", 0640, AT_SYMLINK_NOFOLLOW));
    rep("chmod/fchmodat_nofollow_on_file", "%s", S("d_spread/cm_at_t1"));
    close(d);
    DO(fchmodat(AT_FDCWD, P("cm_link"), 0644, AT_SYMLINK_NOFOLLOW));
    rep("chmod/fchmodat_nofollow_on_symlink", "link=%s target=%s", S("cm_link"), S("cm_link_target"));
    DO(fchmodat(AT_FDCWD, P("cm_link"), 0604, 0));
    rep("chmod/fchmodat_follow", "target=%s", S("cm_link_target"));
    put("cm_fresh", "x");
    DO(chmod(P("cm_fresh"), 0444));
    rep("chmod/fresh_file", "%s", S("cm_fresh"));
}

static void area_chown(void)
{
    const char *t[] = {"co_t0", "co_t1", "co_p", NULL};
    char name[128];
    for (int i = 0; t[i]; i++) {
        struct stat b = LST(t[i]);
        tick();
        DO(chown(P(t[i]), 1234, 5678));
        struct stat a = LST(t[i]);
        snprintf(name, sizeof name, "chown/file_%s", t[i] + 3);
        rep(name, "%s ctime:%s", S(t[i]), rel3(a.st_ctim, b.st_ctim));
    }
    DO(chown(P("co_t0"), (uid_t)-1, 42));
    rep("chown/gid_only", "%s", S("co_t0"));
    DO(chown(P("co_t1"), (uid_t)-1, (gid_t)-1));
    rep("chown/neither", "%s", S("co_t1"));
    DO(chown(P("co_link"), 11, 12));
    rep("chown/through_symlink", "link=%s target=%s", S("co_link"), S("co_link_target"));
    DO(lchown(P("co_link"), 21, 22));
    rep("chown/lchown_symlink", "link=%s target=%s", S("co_link"), S("co_link_target"));
    DO(chown(P("co_dir_spread"), 31, 32));
    rep("chown/dir_on_every_tier", "%s", S("co_dir_spread"));
    DO(chown(P("co_suid"), 1, 1));
    rep("chown/clears_setuid", "%s", S("co_suid"));
    DO(chown(P("nope"), 1, 1));
    rep("chown/enoent", "");
    int fd = open(P("co_fd_p"), O_RDONLY);
    DO(fchown(fd, 41, 42));
    rep("chown/fchown", "%s", S("co_fd_p"));
    close(fd);
    int d = open(P("d_spread"), O_RDONLY | O_DIRECTORY);
    DO(fchownat(d, "co_at_p", 51, 52, 0));
    rep("chown/fchownat_dirfd", "%s", S("d_spread/co_at_p"));
    DO(fchownat(d, "lnk", 61, 62, AT_SYMLINK_NOFOLLOW));
    rep("chown/fchownat_nofollow", "link=%s target=%s", S("d_spread/lnk"), S("d_spread/a0"));
    close(d);
    fd = open(P("co_empty_t1"), O_RDONLY);
    DO(fchownat(fd, "", 71, 72, AT_EMPTY_PATH));
    rep("chown/fchownat_empty_path", "%s", S("co_empty_t1"));
    close(fd);
}

static void area_utime(void)
{
    struct timespec tt[2] = {TA, TM};
    const char *t[] = {"ut_t0", "ut_t1", "ut_p", NULL};
    char name[128];
    for (int i = 0; t[i]; i++) {
        struct stat b = LST(t[i]);
        tick();
        DO(utimensat(AT_FDCWD, P(t[i]), tt, 0));
        struct stat a = LST(t[i]);
        snprintf(name, sizeof name, "utime/utimensat_ns_%s", t[i] + 3);
        rep(name, "%s ctime:%s", TMS(t[i]), rel3(a.st_ctim, b.st_ctim));
    }
    struct timespec omit_a[2] = {{0, UTIME_OMIT}, {1300000000, 5}};
    DO(utimensat(AT_FDCWD, P("ut_t0"), omit_a, 0));
    rep("utime/omit_atime", "%s", TMS("ut_t0"));
    struct timespec omit_both[2] = {{0, UTIME_OMIT}, {0, UTIME_OMIT}};
    struct stat b = LST("ut_t1");
    tick();
    DO(utimensat(AT_FDCWD, P("ut_t1"), omit_both, 0));
    struct stat a = LST("ut_t1");
    rep("utime/omit_both", "%s ctime:%s", TMS("ut_t1"), rel3(a.st_ctim, b.st_ctim));
    struct timespec lo = now_minus(200);
    struct timespec now_m[2] = {{0, UTIME_OMIT}, {0, UTIME_NOW}};
    DO(utimensat(AT_FDCWD, P("ut_p"), now_m, 0));
    a = LST("ut_p");
    rep("utime/now_mtime_omit_atime", "atime=%s mtime=%s", ts(a.st_atim), is_now(a.st_mtim, lo));
    lo = now_minus(200);
    DO(utimensat(AT_FDCWD, P("ut_null"), NULL, 0));
    a = LST("ut_null");
    rep("utime/null_times_is_now", "atime=%s mtime=%s", is_now(a.st_atim, lo), is_now(a.st_mtim, lo));
    DO(utimensat(AT_FDCWD, P("ut_link"), tt, AT_SYMLINK_NOFOLLOW));
    a = LST("ut_link_target");
    struct stat l = LST("ut_link");
    rep("utime/nofollow_on_symlink", "link_mtime=%s target_mtime=%s", ts(l.st_mtim),
        tcmp(a.st_mtim, TM) == 0 ? "set" : "unchanged");
    struct timespec t2[2] = {{1100000000, 0}, {1100000000, 999999999}};
    DO(utimensat(AT_FDCWD, P("ut_link"), t2, 0));
    rep("utime/follow_symlink", "target:%s link_mtime=%s", TMS("ut_link_target"), ts(LST("ut_link").st_mtim));
    DO(utimensat(AT_FDCWD, P("ut_dir_spread"), tt, 0));
    rep("utime/dir_on_every_tier", "%s", TMS("ut_dir_spread"));
    DO(utimensat(AT_FDCWD, P("nope"), tt, 0));
    rep("utime/enoent", "");
    struct timespec bad[2] = {{0, 1000000000}, {0, 0}};
    DO(utimensat(AT_FDCWD, P("ut_t0"), bad, 0));
    rep("utime/bad_nsec", "");
    int d = open(P("d_spread"), O_RDONLY | O_DIRECTORY);
    DO(utimensat(d, "ut_at_p", tt, 0));
    rep("utime/utimensat_dirfd", "%s", TMS("d_spread/ut_at_p"));
    struct timeval tv[2] = {{1000000001, 500000}, {1000000002, 250000}};
    DO(futimesat(d, "ut_futimesat_t1", tv));
    rep("utime/futimesat_dirfd", "%s", TMS("d_spread/ut_futimesat_t1"));
    close(d);
    int fd = open(P("ut_fd_t1"), O_RDONLY);
    DO(futimens(fd, tt));
    rep("utime/futimens", "%s", TMS("ut_fd_t1"));
    close(fd);
    fd = open(P("ut_empty_p"), O_RDONLY);
    DO(utimensat(fd, "", tt, AT_EMPTY_PATH));
    rep("utime/utimensat_empty_path", "%s", TMS("ut_empty_p"));
    close(fd);
    DO(utimes(P("ut_utimes_p"), tv));
    rep("utime/utimes_usec", "%s", TMS("ut_utimes_p"));
    struct utimbuf ub = {1000000003, 1000000004};
    DO(utime(P("ut_utime_t1"), &ub));
    rep("utime/utime_sec", "%s", TMS("ut_utime_t1"));
    lo = now_minus(200);
    DO(utime(P("ut_utime_null"), NULL));
    a = LST("ut_utime_null");
    rep("utime/utime_null_is_now", "mtime=%s", is_now(a.st_mtim, lo));
    DO(lutimes(P("ut_link2"), tv));
    rep("utime/lutimes_symlink", "link:%s target_mtime_set:%d", TMS("ut_link2"),
        LST("ut_link2_target").st_mtim.tv_sec == 1000000002);
    /* cp -p: copy content, then the source's times and mode onto the new file */
    utimensat(AT_FDCWD, P("ut_cp_src_t1"), tt, 0);
    struct stat src = LST("ut_cp_src_t1");
    int in = open(P("ut_cp_src_t1"), O_RDONLY);
    int o = open(P("d_ponly/ut_cp_dst"), O_WRONLY | O_CREAT | O_EXCL, 0600);
    char cbuf[256];
    ssize_t n = in >= 0 ? read(in, cbuf, sizeof cbuf) : -1;
    if (o >= 0 && n > 0 && write(o, cbuf, (size_t)n) != n)
        n = -1;
    struct timespec st2[2] = {src.st_atim, src.st_mtim};
    DO(futimens(o, st2));
    rep("utime/cp_p_futimens", "");
    DO(fchmod(o, src.st_mode & 07777));
    rep("utime/cp_p_fchmod", "");
    close(o);
    close(in);
    DO(utimensat(AT_FDCWD, P("d_ponly/ut_cp_dst"), st2, 0));
    rep("utime/cp_p_utimensat", "%s", TMS("d_ponly/ut_cp_dst"));
    out("utime/cp_p_copy", "%s", SC("d_ponly/ut_cp_dst"));
    /* writing advances mtime and ctime */
    utimensat(AT_FDCWD, P("ut_write_t1"), tt, 0);
    fd = open(P("ut_write_t1"), O_WRONLY | O_APPEND);
    lo = now_minus(200);
    out("utime/write_after_set", "%s", wr(fd, "more"));
    close(fd);
    a = LST("ut_write_t1");
    out("utime/write_advances_mtime", "atime=%s mtime=%s", ts(a.st_atim), is_now(a.st_mtim, lo));
}

static void area_truncate(void)
{
    DO(truncate(P("tr_grow_t1"), 12));
    rep("truncate/grow_t1", "%s", SC("tr_grow_t1"));
    DO(truncate(P("tr_shrink_p"), 3));
    rep("truncate/shrink_p", "%s", SC("tr_shrink_p"));
    DO(truncate64(P("tr_64_t0"), 2));
    rep("truncate/truncate64", "%s", SC("tr_64_t0"));
    DO(truncate(P("tr_zero_p"), 0));
    rep("truncate/to_zero", "%s", SC("tr_zero_p"));
    DO(truncate(P("tr_same_t1"), 6));
    rep("truncate/same_size", "%s", SC("tr_same_t1"));
    DO(truncate(P("nope"), 1));
    rep("truncate/enoent", "");
    DO(truncate(P("d_spread"), 1));
    rep("truncate/dir", "");
    DO(truncate(P("tr_neg_t1"), -1));
    rep("truncate/negative", "%s", S("tr_neg_t1"));
    DO(truncate(P("tr_link"), 1));
    rep("truncate/through_symlink", "link=%s target=%s", S("tr_link"), SC("tr_link_target"));
    DO(truncate(P("tr_slash_p/"), 1));
    rep("truncate/trailing_slash", "%s", S("tr_slash_p"));
    int fd = open(P("tr_fd_p"), O_RDWR);
    DO(ftruncate(fd, 20));
    rep("truncate/ftruncate_grow", "%s", SC("tr_fd_p"));
    DO(ftruncate(fd, 1));
    rep("truncate/ftruncate_shrink", "%s", SC("tr_fd_p"));
    close(fd);
    fd = open(P("tr_rdonly_t1"), O_RDONLY);
    DO(ftruncate(fd, 0));
    rep("truncate/ftruncate_rdonly_fd", "%s", S("tr_rdonly_t1"));
    close(fd);
    fd = open(P("tr_64fd_t0"), O_RDWR);
    DO(ftruncate64(fd, 5000));
    rep("truncate/ftruncate64", "%s", S("tr_64fd_t0"));
    close(fd);
    struct timespec tt[2] = {TA, TM};
    utimensat(AT_FDCWD, P("tr_time_t1"), tt, 0);
    struct timespec lo = now_minus(200);
    DO(truncate(P("tr_time_t1"), 1));
    struct stat a = LST("tr_time_t1");
    rep("truncate/advances_mtime", "atime=%s mtime=%s", ts(a.st_atim), is_now(a.st_mtim, lo));
    put("tr_fresh", "fresh content");
    DO(truncate(P("tr_fresh"), 5));
    rep("truncate/fresh_file", "%s", SC("tr_fresh"));
}

static void area_fifo(void)
{
    umask(022);
    DO(mkfifo(P("ff_new"), 0666));
    rep("fifo/mkfifo_0666_umask022", "%s", S("ff_new"));
    umask(027);
    DO(mkfifo(P("ff_new2"), 0666));
    rep("fifo/mkfifo_umask027", "%s", S("ff_new2"));
    umask(022);
    DO(mkfifo(P("ff_new"), 0600));
    rep("fifo/mkfifo_eexist", "");
    DO(mkfifo(P("f_p"), 0600));
    rep("fifo/mkfifo_on_file", "%s", S("f_p"));
    DO(mkfifo(P("d_t1only/ff_in_t1"), 0640));
    rep("fifo/mkfifo_in_tier1_dir", "%s", S("d_t1only/ff_in_t1"));
    DO(mkfifo(P("nodir/x"), 0640));
    rep("fifo/mkfifo_parent_enoent", "");
    int d = open(P("d_spread"), O_RDONLY | O_DIRECTORY);
    DO(mkfifoat(d, "ff_at", 0604));
    rep("fifo/mkfifoat_dirfd", "%s", S("d_spread/ff_at"));
    close(d);
    DO(mkfifoat(AT_FDCWD, P("ff_at_abs"), 0600));
    rep("fifo/mkfifoat_absolute", "%s", S("ff_at_abs"));
    DOFD(open(P("ff_new"), O_RDONLY | O_NONBLOCK));
    closefd();
    rep("fifo/open_nonblock_reader", "");
    DOFD(open(P("ff_new"), O_WRONLY | O_NONBLOCK));
    closefd();
    rep("fifo/open_nonblock_writer_no_reader", "");
    DOFD(open(P("d_spread/fifo"), O_RDONLY | O_NONBLOCK));
    closefd();
    rep("fifo/open_fixture_fifo", "");
    /* mknod */
    DO(mknod(P("mn_fifo"), S_IFIFO | 0640, 0));
    rep("mknod/fifo", "%s", S("mn_fifo"));
    DO(mknod(P("mn_reg"), S_IFREG | 0640, 0));
    rep("mknod/regular", "%s", SC("mn_reg"));
    DO(mknod(P("mn_reg0"), 0600, 0));
    rep("mknod/type0_is_regular", "%s", S("mn_reg0"));
    DO(mknod(P("mn_chr"), S_IFCHR | 0644, makedev(1, 3)));
    rep("mknod/char_device", "%s", S("mn_chr"));
    DO(mknod(P("mn_dir"), S_IFDIR | 0755, 0));
    rep("mknod/dir_type", "%s", S("mn_dir"));
    DO(mknod(P("f_t1"), S_IFREG | 0600, 0));
    rep("mknod/eexist", "%s", S("f_t1"));
    d = open(P("d_spread"), O_RDONLY | O_DIRECTORY);
    DO(mknodat(d, "mn_at", S_IFIFO | 0600, 0));
    rep("mknod/mknodat_dirfd", "%s", S("d_spread/mn_at"));
    DO(mknodat(d, "mn_at_reg", S_IFREG | 0604, 0));
    rep("mknod/mknodat_regular", "%s", S("d_spread/mn_at_reg"));
    close(d);
    DO(mknod(P("d_ponly/mn_in_p"), S_IFIFO | 0600, 0));
    rep("mknod/in_persist_only_dir", "%s", S("d_ponly/mn_in_p"));
}

static int name_cmp_dirent(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

static void area_readdir(void)
{
    const char *dirs[] = {"d_spread", "d_t1only", "d_ponly", "d_empty_spread", "d_walk", "d_walk/x", NULL};
    char name[128];
    for (int i = 0; dirs[i]; i++) {
        snprintf(name, sizeof name, "readdir/list_%s", dirs[i]);
        for (char *c = name; *c; c++)
            if (*c == '/' && c > name + 8)
                *c = '_';
        /* with . and .., every name once */
        DIR *d = opendir(P(dirs[i]));
        if (!d) {
            out(name, "%s", en(errno));
            continue;
        }
        char *names[256];
        int n = 0;
        struct dirent *e;
        while ((e = readdir(d)) && n < 256) {
            names[n] = malloc(strlen(e->d_name) + 3);
            sprintf(names[n], "%s:%c", e->d_name, dtype_ch(e->d_type));
            n++;
        }
        closedir(d);
        int dups = 0;
        qsort(names, (size_t)n, sizeof *names, cmpstr);
        for (int k = 1; k < n; k++)
            dups += !strcmp(names[k], names[k - 1]);
        out(name, "n=%d dups=%d %s", n, dups, join_sorted(names, n));
        for (int k = 0; k < n; k++)
            free(names[k]);
    }
    /* readdir64 */
    DIR *d = opendir(P("d_spread"));
    int n = 0;
    struct dirent64 *e64;
    while (d && (e64 = readdir64(d)))
        n++;
    out("readdir/readdir64_count", "%d", n);
    if (d)
        closedir(d);
        /* readdir_r: deprecated, still called by old programs */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
    d = opendir(P("d_spread"));
    struct dirent ent, *res;
    n = 0;
    while (d && readdir_r(d, &ent, &res) == 0 && res)
        n++;
    out("readdir/readdir_r_count", "%d", n);
    if (d)
        closedir(d);
#pragma GCC diagnostic pop
    /* telldir/seekdir round trip */
    d = opendir(P("d_spread"));
    long pos[64];
    char nm[64][256];
    int k = 0;
    struct dirent *e;
    for (;;) {
        if (k >= 64)
            break;
        pos[k] = telldir(d);
        e = readdir(d);
        if (!e)
            break;
        snprintf(nm[k], sizeof nm[k], "%s", e->d_name);
        k++;
    }
    int ok = 0;
    for (int i = k - 1; i >= 0; i--) {
        seekdir(d, pos[i]);
        e = readdir(d);
        ok += e && !strcmp(e->d_name, nm[i]);
    }
    out("readdir/telldir_seekdir_roundtrip", "entries=%d matched=%d", k, ok);
    rewinddir(d);
    n = 0;
    while (readdir(d))
        n++;
    out("readdir/rewinddir_rereads_all", "%d", n);
    seekdir(d, pos[0]);
    e = readdir(d);
    out("readdir/seekdir_to_start", "%s", e && !strcmp(e->d_name, nm[0]) ? "same" : "different");
    closedir(d);
    /* fdopendir on an fd from open, and dirfd */
    int fd = open(P("d_spread"), O_RDONLY | O_DIRECTORY);
    d = fdopendir(fd);
    n = 0;
    while (d && (e = readdir(d)))
        n++;
    out("readdir/fdopendir", "%s count=%d dirfd_same=%d", d ? "ok" : en(errno), n, d ? dirfd(d) == fd : -1);
    if (d)
        closedir(d);
    errno = 0;
    d = opendir(P("f_t0"));
    out("readdir/opendir_file", "%s", d ? "ok" : en(errno));
    d = opendir(P("nope"));
    out("readdir/opendir_enoent", "%s", d ? "ok" : en(errno));
    d = opendir(P("l_dir"));
    n = 0;
    while (d && (e = readdir(d)))
        n++;
    out("readdir/opendir_through_symlink", "%s count=%d", d ? "ok" : en(errno), n);
    if (d)
        closedir(d);
    /* a name created and a name removed during this run */
    put("d_spread/rd_created", "c");
    unlink(P("d_spread/a1"));
    out("readdir/after_create_and_unlink", "%s", LS("d_spread"));
    put("d_spread/a1", "beta again");
    /* scandir family */
    struct dirent **list;
    n = scandir(P("d_spread"), &list, NULL, alphasort);
    char *names[128];
    for (int i = 0; i < n; i++) {
        names[i] = strdup(list[i]->d_name);
        free(list[i]);
    }
    out("scandir/alphasort", "n=%d %s", n, n >= 0 ? join_sorted(names, n) : en(errno));
    for (int i = 0; i < n; i++)
        free(names[i]);
    if (n >= 0)
        free(list);
    struct dirent64 **list64;
    n = scandir64(P("d_ponly"), &list64, NULL, alphasort64);
    for (int i = 0; i < n; i++)
        free(list64[i]);
    if (n >= 0)
        free(list64);
    out("scandir/scandir64_persist_dir", "n=%d", n);
    int wfd = open(W, O_RDONLY | O_DIRECTORY);
    n = scandirat(wfd, "d_t1only", &list, NULL, name_cmp_dirent);
    for (int i = 0; i < n; i++) {
        names[i] = strdup(list[i]->d_name);
        free(list[i]);
    }
    out("scandir/scandirat_dirfd", "n=%d %s", n, n >= 0 ? join_sorted(names, n) : en(errno));
    for (int i = 0; i < n; i++)
        free(names[i]);
    if (n >= 0)
        free(list);
    n = scandirat64(wfd, "d_spread/sub", &list64, NULL, alphasort64);
    for (int i = 0; i < n; i++)
        free(list64[i]);
    if (n >= 0)
        free(list64);
    out("scandir/scandirat64", "n=%d", n);
    close(wfd);
    errno = 0;
    n = scandir(P("nope"), &list, NULL, alphasort);
    out("scandir/enoent", "n=%d %s", n, n < 0 ? en(errno) : "-");
}

/* ---- walkers ---- */

static char *walk_names[512];
static int walk_n;
static int walk_outside;

static void walk_add(const char *path, const char *what)
{
    if (walk_n >= 512)
        return;
    if (strncmp(path, W, WLEN) != 0) {
        walk_outside++;
        return;
    }
    char b[PATH_MAX + 32];
    snprintf(b, sizeof b, "%s:%s", path + WLEN + 1, what);
    walk_names[walk_n++] = strdup(b);
}

static void walk_report(const char *name, int ret)
{
    out(name, "ret=%d outside=%d n=%d %s", ret, walk_outside, walk_n, join_sorted(walk_names, walk_n));
    for (int i = 0; i < walk_n; i++)
        free(walk_names[i]);
    walk_n = 0;
    walk_outside = 0;
}

static int nftw_cb(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    char w[64];
    const char *f = flag == FTW_F     ? "F"
                    : flag == FTW_D   ? "D"
                    : flag == FTW_DP  ? "DP"
                    : flag == FTW_SL  ? "SL"
                    : flag == FTW_SLN ? "SLN"
                    : flag == FTW_DNR ? "DNR"
                                      : "NS";
    snprintf(w, sizeof w, "%s%d%s", f, ftw->level, S_ISREG(st->st_mode) ? "" : "");
    if (flag == FTW_F)
        snprintf(w, sizeof w, "%s%d/%lld", f, ftw->level, (long long)st->st_size);
    walk_add(path, w);
    return 0;
}

static int ftw_cb(const char *path, const struct stat *st, int flag)
{
    (void)st;
    walk_add(path, flag == FTW_F ? "F" : flag == FTW_D ? "D" : flag == FTW_SL ? "SL" : "O");
    return 0;
}

static void area_walk(void)
{
    walk_report("walk/nftw_phys", nftw(P("d_walk"), nftw_cb, 8, FTW_PHYS));
    walk_report("walk/nftw_depth_phys", nftw(P("d_walk"), nftw_cb, 8, FTW_PHYS | FTW_DEPTH));
    walk_report("walk/nftw_follow", nftw(P("d_walk"), nftw_cb, 8, 0));
    walk_report(
        "walk/nftw64_phys",
        nftw64(P("d_walk"), (int (*)(const char *, const struct stat64 *, int, struct FTW *))nftw_cb, 8, FTW_PHYS));
    walk_report("walk/ftw", ftw(P("d_walk"), ftw_cb, 8));
    errno = 0;
    int r = nftw(P("nope"), nftw_cb, 8, FTW_PHYS);
    out("walk/nftw_enoent", "ret=%d %s", r, r ? en(errno) : "-");
    /* fts */
    char *roots[] = {(char *)P("d_walk"), NULL};
    FTS *fts = fts_open(roots, FTS_PHYSICAL | FTS_NOCHDIR, NULL);
    FTSENT *e;
    while (fts && (e = fts_read(fts))) {
        char w[64];
        const char *i = e->fts_info == FTS_F         ? "F"
                        : e->fts_info == FTS_D       ? "D"
                        : e->fts_info == FTS_DP      ? "DP"
                        : e->fts_info == FTS_SL      ? "SL"
                        : e->fts_info == FTS_DEFAULT ? "DEF"
                        : e->fts_info == FTS_NS      ? "NS"
                        : e->fts_info == FTS_DNR     ? "DNR"
                                                     : "O";
        if (e->fts_info == FTS_F)
            snprintf(w, sizeof w, "%s%d/%lld", i, (int)e->fts_level, (long long)e->fts_statp->st_size);
        else
            snprintf(w, sizeof w, "%s%d", i, (int)e->fts_level);
        walk_add(e->fts_path, w);
    }
    walk_report("walk/fts_physical_nochdir", fts ? fts_close(fts) : -1);
    fts = fts_open(roots, FTS_LOGICAL, NULL);
    while (fts && (e = fts_read(fts))) {
        if (e->fts_info == FTS_DP)
            continue;
        walk_add(e->fts_path, e->fts_info == FTS_F ? "F" : e->fts_info == FTS_D ? "D" : "O");
    }
    walk_report("walk/fts_logical", fts ? fts_close(fts) : -1);
    /* fts with chdir (the default): the walker changes into each directory */
    fts = fts_open(roots, FTS_PHYSICAL, NULL);
    int found = 0;
    while (fts && (e = fts_read(fts))) {
        if (e->fts_info == FTS_F) {
            struct stat st;
            /* accpath is relative to the directory fts changed into */
            found += stat(e->fts_accpath, &st) == 0;
        }
        walk_add(e->fts_path, e->fts_info == FTS_F ? "F" : e->fts_info == FTS_D ? "D" : "O");
    }
    out("walk/fts_chdir_accpath_stat", "found=%d", found);
    walk_report("walk/fts_physical_chdir", fts ? fts_close(fts) : -1);
    /* glob */
    glob_t g;
    char pat[PATH_MAX];
    snprintf(pat, sizeof pat, "%s/d_spread/a*", W);
    r = glob(pat, 0, NULL, &g);
    for (size_t i = 0; r == 0 && i < g.gl_pathc; i++)
        walk_add(g.gl_pathv[i], "g");
    walk_report("glob/spread_files", r);
    if (r == 0)
        globfree(&g);
    snprintf(pat, sizeof pat, "%s/d_walk/*/*", W);
    r = glob(pat, GLOB_MARK, NULL, &g);
    for (size_t i = 0; r == 0 && i < g.gl_pathc; i++)
        walk_add(g.gl_pathv[i], "g");
    walk_report("glob/two_levels_mark", r);
    if (r == 0)
        globfree(&g);
    snprintf(pat, sizeof pat, "%s/d_walk/*", W);
    r = glob(pat, GLOB_ONLYDIR, NULL, &g);
    for (size_t i = 0; r == 0 && i < g.gl_pathc; i++) {
        struct stat st;
        if (stat(g.gl_pathv[i], &st) == 0 && S_ISDIR(st.st_mode))
            walk_add(g.gl_pathv[i], "g");
    }
    walk_report("glob/onlydir", r);
    if (r == 0)
        globfree(&g);
    snprintf(pat, sizeof pat, "%s/d_spread/zz*", W);
    r = glob(pat, 0, NULL, &g);
    out("glob/nomatch", "ret=%s", r == GLOB_NOMATCH ? "GLOB_NOMATCH" : r == 0 ? "0" : "other");
    if (r == 0)
        globfree(&g);
    snprintf(pat, sizeof pat, "%s/f_[tp]*", W);
    r = glob64(pat, 0, NULL, (glob64_t *)&g);
    for (size_t i = 0; r == 0 && i < g.gl_pathc; i++)
        walk_add(g.gl_pathv[i], "g");
    walk_report("glob/glob64_top_files", r);
    if (r == 0)
        globfree64((glob64_t *)&g);
    /* the directory as a whole from outside the walkers: a subprocess */
    char *argv[] = {"find", (char *)P("d_walk"), "-printf", "%P %y %m\\n", NULL};
    int pfd[2];
    if (pipe(pfd) == 0) {
        posix_spawn_file_actions_t fa;
        posix_spawn_file_actions_init(&fa);
        posix_spawn_file_actions_adddup2(&fa, pfd[1], 1);
        posix_spawn_file_actions_addclose(&fa, pfd[0]);
        pid_t pid;
        r = posix_spawnp(&pid, "find", &fa, NULL, argv, environ);
        close(pfd[1]);
        char outb[4096];
        size_t o = 0;
        ssize_t k;
        while ((k = read(pfd[0], outb + o, sizeof outb - 1 - o)) > 0)
            o += (size_t)k;
        outb[o] = 0;
        close(pfd[0]);
        int status = -1;
        if (r == 0)
            waitpid(pid, &status, 0);
        int nl = 0;
        char *lines[256], *save = NULL;
        for (char *l = strtok_r(outb, "\n", &save); l && nl < 256; l = strtok_r(NULL, "\n", &save))
            lines[nl++] = l;
        out("tools/find_printf", "exit=%d %s", WIFEXITED(status) ? WEXITSTATUS(status) : -1, join_sorted(lines, nl));
        posix_spawn_file_actions_destroy(&fa);
    }
}

static int run_tool(char *const argv[])
{
    pid_t pid;
    int r = posix_spawnp(&pid, argv[0], NULL, NULL, argv, environ);
    if (r != 0)
        return -r;
    int status;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static void area_tools(void)
{
    struct timespec tt[2] = {TA, TM};
    utimensat(AT_FDCWD, P("tl_cp_src_t1"), tt, 0);
    char *cp[] = {"cp", "-p", (char *)P("tl_cp_src_t1"), (char *)P("d_ponly/tl_cp_dst"), NULL};
    int r = run_tool(cp);
    out("tools/cp_p", "exit=%d %s", r, TMS("d_ponly/tl_cp_dst"));
    out("tools/cp_p_copy", "%s", SC("d_ponly/tl_cp_dst"));
    char *cpa[] = {"cp", "-a", (char *)P("d_spread"), (char *)P("tl_cp_a"), NULL};
    r = run_tool(cpa);
    out("tools/cp_a_spread_dir", "exit=%d %s", r, LS("tl_cp_a"));
    char *mv[] = {"mv", (char *)P("tl_mv_t0"), (char *)P("d_ponly/tl_mv"), NULL};
    r = run_tool(mv);
    out("tools/mv_file_into_persist_dir", "exit=%d src=%s dst=%s", r, S("tl_mv_t0"), SC("d_ponly/tl_mv"));
    char *rm[] = {"rm", "-r", (char *)P("tl_rm_spread"), NULL};
    r = run_tool(rm);
    out("tools/rm_r_spread_dir", "exit=%d %s", r, S("tl_rm_spread"));
}

static void area_at(void)
{
    int w = open(W, O_RDONLY | O_DIRECTORY);
    int d = open(P("d_spread"), O_RDONLY | O_DIRECTORY);
    int dp = openat(w, "d_ponly", O_RDONLY | O_DIRECTORY);
    int dpath = open(P("d_spread"), O_PATH | O_DIRECTORY);
    struct stat st;
    const char *names[] = {"a0", "a1", "ap", "sub/s1", "sub", NULL};
    char name[128];
    for (int i = 0; names[i]; i++) {
        DO(fstatat(d, names[i], &st, 0));
        snprintf(name, sizeof name, "at/fstatat_spread_%s", names[i]);
        for (char *c = name; *c; c++)
            if (*c == '/' && c > name + 3)
                *c = '_';
        rep(name, "%s", c_ret == 0 ? stat_desc(&st) : "-");
    }
    DO(fstatat(d, "lnk", &st, AT_SYMLINK_NOFOLLOW));
    rep("at/fstatat_nofollow", "%s", c_ret == 0 ? stat_desc(&st) : "-");
    DO(fstatat(d, "lnk", &st, 0));
    rep("at/fstatat_follow", "%s", c_ret == 0 ? stat_desc(&st) : "-");
    DO(fstatat(dpath, "ap", &st, 0));
    rep("at/fstatat_o_path_dirfd", "%s", c_ret == 0 ? stat_desc(&st) : "-");
    DO(fstatat(dp, "y", &st, 0));
    rep("at/fstatat_persist_only_dirfd", "%s", c_ret == 0 ? stat_desc(&st) : "-");
    DO(fstatat(d, "../f_p", &st, 0));
    rep("at/fstatat_dotdot", "%s", c_ret == 0 ? stat_desc(&st) : "-");
    DO(fstatat(d, P("f_t1"), &st, 0));
    rep("at/fstatat_absolute_ignores_dirfd", "%s", c_ret == 0 ? stat_desc(&st) : "-");
    DO(fstatat(d, "nope", &st, 0));
    rep("at/fstatat_enoent", "");
    DO(fstatat(-1, "a1", &st, 0));
    rep("at/fstatat_bad_dirfd", "");
    int f = open(P("f_p"), O_RDONLY);
    DO(fstatat(f, "x", &st, 0));
    rep("at/fstatat_file_as_dirfd", "");
    DO(fstatat(f, "", &st, AT_EMPTY_PATH));
    rep("at/fstatat_empty_path", "%s", c_ret == 0 ? stat_desc(&st) : "-");
    struct stat64 st64;
    DO(fstatat64(d, "a1", &st64, 0));
    rep("at/fstatat64", "size:%lld", (long long)st64.st_size);
    struct statx sx;
    DO(statx(d, "ap", 0, STATX_BASIC_STATS, &sx));
    rep("at/statx_dirfd", "size:%llu mode:%04o", (unsigned long long)sx.stx_size, (unsigned)(sx.stx_mode & 07777));
    DO(statx(f, "", AT_EMPTY_PATH, STATX_BASIC_STATS, &sx));
    rep("at/statx_empty_path", "size:%llu", (unsigned long long)sx.stx_size);
    close(f);
    DO(faccessat(d, "ap", R_OK, 0));
    rep("at/faccessat_dirfd", "");
    DO(faccessat(d, "nope", F_OK, 0));
    rep("at/faccessat_enoent", "");
    DO(faccessat(d, "a1", X_OK, AT_EACCESS));
    rep("at/faccessat_eaccess_x", "");
    DOFD(openat(d, "ap", O_RDONLY));
    rep("at/openat_dirfd_persist_file", "data:%s", fd_data(c_fd));
    closefd();
    DOFD(openat(d, "a1", v_rdonly));
    rep("at/openat_2_dirfd_tier1_file", "data:%s", fd_data(c_fd));
    closefd();
    DOFD(openat64(d, "sub/s1", v_rdonly));
    rep("at/openat64_2_dirfd_nested", "data:%s", fd_data(c_fd));
    closefd();
    DOFD(openat(d, "at_new", O_CREAT | O_WRONLY, 0640));
    closefd();
    rep("at/openat_dirfd_creat_mode", "%s", S("d_spread/at_new"));
    DOFD(openat(dp, "at_new_p", O_CREAT | O_WRONLY | O_EXCL, 0600));
    closefd();
    rep("at/openat_persist_dirfd_creat", "%s", S("d_ponly/at_new_p"));
    int sub = openat(d, "sub", O_RDONLY | O_DIRECTORY);
    DO(fstatat(sub, "s1", &st, 0));
    rep("at/dirfd_from_openat_dirfd", "%s", c_ret == 0 ? stat_desc(&st) : "-");
    close(sub);
    DO(unlinkat(d, "at_del_t1", 0));
    rep("at/unlinkat_dirfd_tier1_file", "%s", S("d_spread/at_del_t1"));
    DO(renameat(d, "at_ren_p", w, "at_ren_out"));
    rep("at/renameat_between_dirfds", "src=%s dst=%s", S("d_spread/at_ren_p"), SC("at_ren_out"));
    DO(linkat(d, "at_lnk_src_t1", w, "at_lnk_new", 0));
    rep("at/linkat_between_dirfds", "%s", S("at_lnk_new"));
    DO(symlinkat("a1", d, "at_sym"));
    char t[64];
    ssize_t n = readlinkat(d, "at_sym", t, sizeof t);
    rep("at/symlinkat_readlinkat", "%s", n >= 0 ? esc(t, (size_t)n) : en(errno));
    DO(fchmodat(d, "at_chmod_p", 0600, 0));
    rep("at/fchmodat", "%s", S("d_spread/at_chmod_p"));
    DO(fchownat(d, "at_chown_t1", 7, 8, 0));
    rep("at/fchownat", "%s", S("d_spread/at_chown_t1"));
    struct timespec tt[2] = {TA, TM};
    DO(utimensat(d, "at_utime_p", tt, 0));
    rep("at/utimensat", "%s", TMS("d_spread/at_utime_p"));
    DO(mkdirat(dp, "at_md", 0700));
    rep("at/mkdirat_persist_dirfd", "%s", S("d_ponly/at_md"));
    DO(mknodat(dp, "at_mn", S_IFIFO | 0600, 0));
    rep("at/mknodat_persist_dirfd", "%s", S("d_ponly/at_mn"));
    DO(mkfifoat(dp, "at_ff", 0600));
    rep("at/mkfifoat_persist_dirfd", "%s", S("d_ponly/at_ff"));
    DO(renameat2(d, "at_x_t0", dp, "y", RENAME_EXCHANGE));
    rep("at/renameat2_exchange_dirfds", "a=%s b=%s", SC("d_spread/at_x_t0"), SC("d_ponly/y"));
    f = open(P("at_ep_t1"), O_RDONLY);
    DO(linkat(f, "", w, "at_ep_linked", AT_EMPTY_PATH));
    rep("at/linkat_empty_path", "%s", SC("at_ep_linked"));
    close(f);
    close(w);
    close(d);
    close(dp);
    close(dpath);
}

static void area_cwd(void)
{
    char b[PATH_MAX];
    DO(chdir(W));
    rep("cwd/chdir_w", "");
    /* fortified: __getcwd_chk */
    char *r = getcwd(b, v_pathmax);
    out("cwd/getcwd_w", "%s", r ? rel_path(r) : en(errno));
    struct stat st;
    DO(stat("f_t1", &st));
    rep("cwd/relative_stat_t1", "size:%lld", (long long)st.st_size);
    DO(chdir("d_spread"));
    rep("cwd/chdir_relative_spread", "");
    r = getcwd(b, sizeof b);
    out("cwd/getcwd_spread", "%s", r ? rel_path(r) : en(errno));
    DO(stat("ap", &st));
    rep("cwd/relative_stat_persist_file", "size:%lld", (long long)st.st_size);
    DO(stat("../f_p", &st));
    rep("cwd/relative_dotdot", "size:%lld", (long long)st.st_size);
    DO(stat("sub/s1", &st));
    rep("cwd/relative_nested", "size:%lld", (long long)st.st_size);
    out("cwd/opendir_dot", "%s", LS("d_spread"));
    DIR *d = opendir(".");
    int n = 0;
    while (d && readdir(d))
        n++;
    if (d)
        closedir(d);
    out("cwd/opendir_dot_count", "%d", n);
    DOFD(open("cwd_new", O_CREAT | O_WRONLY, 0640));
    closefd();
    rep("cwd/relative_creat", "%s", S("d_spread/cwd_new"));
    DO(rename("cwd_new", "../cwd_moved"));
    rep("cwd/relative_rename", "%s", S("cwd_moved"));
    DO(mkdir("cwd_dir", 0750));
    rep("cwd/relative_mkdir", "%s", S("d_spread/cwd_dir"));
    DO(unlink("../cwd_moved"));
    rep("cwd/relative_unlink", "%s", S("cwd_moved"));
    int fd = open(P("d_t1only"), O_RDONLY | O_DIRECTORY);
    DO(fchdir(fd));
    rep("cwd/fchdir_tier1_dir", "");
    close(fd);
    r = getcwd(b, sizeof b);
    out("cwd/getcwd_after_fchdir", "%s", r ? rel_path(r) : en(errno));
    DO(stat("x", &st));
    rep("cwd/relative_after_fchdir", "size:%lld", (long long)st.st_size);
    DO(access("x", R_OK));
    rep("cwd/relative_access", "");
    FILE *f = fopen("x", "r");
    out("cwd/relative_fopen", "%s", f ? "ok" : en(errno));
    if (f)
        fclose(f);
    DO(chdir(".."));
    r = getcwd(b, sizeof b);
    rep("cwd/chdir_dotdot", "%s", r ? rel_path(r) : en(errno));
    DO(chdir("l_dir"));
    r = getcwd(b, sizeof b);
    rep("cwd/chdir_through_symlink_is_physical", "%s", r ? rel_path(r) : en(errno));
    DO(chdir(W));
    char *m = getcwd(NULL, 0);
    out("cwd/getcwd_malloc", "%s", m ? rel_path(m) : en(errno));
    free(m);
    m = get_current_dir_name();
    out("cwd/get_current_dir_name", "%s", m ? rel_path(m) : en(errno));
    free(m);
    char tiny[4];
    r = getcwd(tiny, sizeof tiny);
    out("cwd/getcwd_erange", "%s", r ? "ok" : en(errno));
    DO(chdir("nope"));
    rep("cwd/chdir_enoent", "");
    DO(chdir("f_t0"));
    rep("cwd/chdir_file", "");
    DO(chdir(P("d_ponly")));
    r = getcwd(b, sizeof b);
    rep("cwd/chdir_absolute_persist_dir", "%s", r ? rel_path(r) : en(errno));
    DO(stat("y", &st));
    rep("cwd/relative_in_persist_dir", "size:%lld", (long long)st.st_size);
    /* *at with AT_FDCWD after chdir */
    DO(fstatat(AT_FDCWD, "y", &st, 0));
    rep("cwd/fstatat_at_fdcwd", "size:%lld", (long long)st.st_size);
    char rp[PATH_MAX];
    r = realpath("y", rp);
    out("cwd/realpath_relative", "%s", r ? rel_path(r) : en(errno));
    DO(chdir(W));
}

static void area_realpath(void)
{
    char b[PATH_MAX];
    /* fortified: __realpath_chk (the buffer's size is known) */
    char *r = realpath(P("d_spread/../l_t1"), b);
    out("realpath/through_symlink_to_p", "%s", r ? rel_path(r) : en(errno));
    r = realpath(P("l_dir/sub/s1"), b);
    out("realpath/through_dir_symlink", "%s", r ? rel_path(r) : en(errno));
    r = realpath(P("l_abs_p"), b);
    out("realpath/absolute_symlink", "%s", r ? rel_path(r) : en(errno));
    r = realpath(P("d_ponly/y"), b);
    out("realpath/persist_file", "%s", r ? rel_path(r) : en(errno));
    r = realpath(P("d_t1only//./x"), b);
    out("realpath/dots_and_slashes", "%s", r ? rel_path(r) : en(errno));
    r = realpath(W, b);
    out("realpath/w_itself", "%s", r ? rel_path(r) : en(errno));
    r = realpath(P("nope"), b);
    out("realpath/enoent", "%s", r ? rel_path(r) : en(errno));
    r = realpath(P("l_dangling"), b);
    out("realpath/dangling", "%s", r ? rel_path(r) : en(errno));
    r = realpath(P("f_t0/x"), b);
    out("realpath/enotdir", "%s", r ? rel_path(r) : en(errno));
    r = realpath(P("l_loop1"), b);
    out("realpath/eloop", "%s", r ? rel_path(r) : en(errno));
    char *m = realpath(P("d_spread/lnk"), NULL);
    out("realpath/malloc_form", "%s", m ? rel_path(m) : en(errno));
    free(m);
    m = canonicalize_file_name(P("l_t1"));
    out("realpath/canonicalize_file_name", "%s", m ? rel_path(m) : en(errno));
    free(m);
}

static void area_temp(void)
{
    char t[PATH_MAX];
    snprintf(t, sizeof t, "%s/tmpXXXXXX", W);
    int fd = mkstemp(t);
    out("temp/mkstemp", "%s name_ok:%d", fd >= 0 ? "ok" : en(errno),
        fd >= 0 && strncmp(t, W, WLEN) == 0 && strlen(t) == WLEN + 10);
    if (fd >= 0) {
        out("temp/mkstemp_write", "%s", wr(fd, "temp"));
        struct stat st;
        const char *desc = lstat(t, &st) == 0 ? stat_desc(&st) : en(errno);
        out("temp/mkstemp_file", "%s data:%s", desc, content_of(t));
        close(fd);
        out("temp/mkstemp_unlink", "%d", unlink(t));
    }
    snprintf(t, sizeof t, "%s/d_t1only/tmpXXXXXX", W);
    fd = mkstemp(t);
    out("temp/mkstemp_in_tier1_dir", "%s", fd >= 0 ? "ok" : en(errno));
    if (fd >= 0) {
        struct stat st;
        out("temp/mkstemp_in_tier1_dir_stat", "%s", lstat(t, &st) == 0 ? stat_desc(&st) : en(errno));
        close(fd);
        unlink(t);
    }
    snprintf(t, sizeof t, "%s/tmpXXXXXX.suf", W);
    fd = mkstemps(t, 4);
    out("temp/mkstemps", "%s", fd >= 0 ? "ok" : en(errno));
    if (fd >= 0) {
        struct stat st;
        out("temp/mkstemps_stat", "%s", lstat(t, &st) == 0 ? stat_desc(&st) : en(errno));
        close(fd);
        unlink(t);
    }
    snprintf(t, sizeof t, "%s/tmpXXXXXX", W);
    fd = mkostemp(t, O_CLOEXEC);
    out("temp/mkostemp", "%s cloexec:%d", fd >= 0 ? "ok" : en(errno), fd >= 0 ? fcntl(fd, F_GETFD) : -1);
    if (fd >= 0) {
        close(fd);
        unlink(t);
    }
    snprintf(t, sizeof t, "%s/tmpXXXXXX", W);
    fd = mkstemp64(t);
    out("temp/mkstemp64", "%s", fd >= 0 ? "ok" : en(errno));
    if (fd >= 0) {
        close(fd);
        unlink(t);
    }
    snprintf(t, sizeof t, "%s/dtmpXXXXXX", W);
    char *d = mkdtemp(t);
    out("temp/mkdtemp", "%s", d ? "ok" : en(errno));
    if (d) {
        struct stat st;
        out("temp/mkdtemp_dir", "%s name_ok:%d", lstat(d, &st) == 0 ? stat_desc(&st) : en(errno),
            strncmp(d, W, WLEN) == 0);
        char f[PATH_MAX + 8];
        snprintf(f, sizeof f, "%s/in", d);
        int g = open(f, O_CREAT | O_WRONLY, 0644);
        out("temp/mkdtemp_create_inside", "%s", g >= 0 ? "ok" : en(errno));
        if (g >= 0)
            close(g);
        unlink(f);
        out("temp/mkdtemp_rmdir", "%d", rmdir(d));
    }
    snprintf(t, sizeof t, "%s/d_ponly/dtmpXXXXXX", W);
    d = mkdtemp(t);
    out("temp/mkdtemp_in_persist_dir", "%s", d ? "ok" : en(errno));
    if (d)
        rmdir(d);
    snprintf(t, sizeof t, "%s/nodir/tmpXXXXXX", W);
    fd = mkstemp(t);
    out("temp/mkstemp_enoent", "%s", fd >= 0 ? "ok" : en(errno));
    snprintf(t, sizeof t, "%s/tmpXXXX", W);
    fd = mkstemp(t);
    out("temp/mkstemp_bad_template", "%s", fd >= 0 ? "ok" : en(errno));
}

static void area_misc(void)
{
    struct statvfs sv;
    DO(statvfs(W, &sv));
    rep("statvfs/w", "");
    DO(statvfs(P("d_ponly/y"), &sv));
    rep("statvfs/persist_file", "");
    struct statvfs64 sv64;
    DO(statvfs64(P("d_t1only"), &sv64));
    rep("statvfs/statvfs64", "");
    int fd = open(P("f_t1"), O_RDONLY);
    DO(fstatvfs(fd, &sv));
    rep("statvfs/fstatvfs", "");
    close(fd);
    struct statfs sf;
    DO(statfs(P("d_spread/ap"), &sf));
    rep("statvfs/statfs", "");
    struct statfs64 sf64;
    DO(statfs64(P("d_spread/a1"), &sf64));
    rep("statvfs/statfs64", "");
    DO(statvfs(P("nope"), &sv));
    rep("statvfs/enoent", "");
    /* access */
    const char *t[] = {"f_t0", "f_t1", "f_p", "d_spread/a1", "d_ponly/y", NULL};
    char name[128];
    for (int i = 0; t[i]; i++) {
        DO(access(P(t[i]), F_OK));
        snprintf(name, sizeof name, "access/f_ok_%s", strchr(t[i], '/') ? strchr(t[i], '/') + 1 : t[i]);
        rep(name, "");
    }
    DO(access(P("ac_0644_t1"), R_OK | W_OK));
    rep("access/rw_on_0644", "");
    DO(access(P("ac_0644_t1"), X_OK));
    rep("access/x_on_0644", "");
    DO(access(P("ac_0755_p"), X_OK));
    rep("access/x_on_0755", "");
    DO(access(P("ac_0000_p"), R_OK | W_OK));
    rep("access/root_rw_on_0000", "");
    DO(access(P("d_ponly"), X_OK | W_OK));
    rep("access/dir", "");
    DO(access(P("nope"), F_OK));
    rep("access/enoent", "");
    DO(access(P("l_dangling"), F_OK));
    rep("access/dangling_symlink", "");
    DO(access(P("l_t1"), R_OK));
    rep("access/through_symlink", "");
    DO(access(P("f_t0/x"), F_OK));
    rep("access/enotdir", "");
    DO(access(P("f_t0"), 0x40));
    rep("access/bad_mode", "");
    DO(euidaccess(P("ac_0755_p"), X_OK));
    rep("access/euidaccess_x", "");
    DO(euidaccess(P("ac_0644_t1"), X_OK));
    rep("access/euidaccess_x_on_0644", "");
    DO(eaccess(P("d_spread/ap"), R_OK));
    rep("access/eaccess", "");
    DO(faccessat(AT_FDCWD, P("ac_0755_p"), X_OK, AT_EACCESS));
    rep("access/faccessat_eaccess", "");
    DO(faccessat(AT_FDCWD, P("l_dangling"), F_OK, AT_SYMLINK_NOFOLLOW));
    rep("access/faccessat_nofollow_dangling", "");
    /* pathconf */
    errno = 0;
    DO(pathconf(W, _PC_NAME_MAX));
    rep("pathconf/name_max_w", "");
    DO(pathconf(P("d_ponly/y"), _PC_NAME_MAX));
    rep("pathconf/name_max_persist_file", "");
    DO(pathconf(P("d_t1only"), _PC_PATH_MAX));
    rep("pathconf/path_max", "");
    DO(pathconf(P("nope"), _PC_NAME_MAX));
    rep("pathconf/enoent", "");
    fd = open(P("d_spread"), O_RDONLY);
    DO(fpathconf(fd, _PC_NAME_MAX));
    rep("pathconf/fpathconf", "");
    close(fd);
    /* remove */
    DO(remove(P("rm_t1")));
    rep("remove/file_t1", "%s", S("rm_t1"));
    DO(remove(P("rm_p")));
    rep("remove/file_p", "%s", S("rm_p"));
    DO(remove(P("rm_dir_p")));
    rep("remove/empty_dir_p", "%s", S("rm_dir_p"));
    DO(remove(P("rm_dir_spread")));
    rep("remove/empty_dir_on_every_tier", "%s", S("rm_dir_spread"));
    DO(remove(P("d_spread")));
    rep("remove/nonempty_dir", "");
    DO(remove(P("nope")));
    rep("remove/enoent", "");
    DO(remove(P("rm_link")));
    rep("remove/symlink", "link=%s target=%s", S("rm_link"), S("f_p"));
}

static void area_xattr(void)
{
    const char *t[] = {"xa_t0", "xa_t1", "xa_p", NULL};
    char name[128], v[256];
    for (int i = 0; t[i]; i++) {
        DO(setxattr(P(t[i]), "user.seanet", "value1", 6, 0));
        snprintf(name, sizeof name, "xattr/setxattr_%s", t[i] + 3);
        rep(name, "");
        DO(getxattr(P(t[i]), "user.seanet", v, sizeof v));
        snprintf(name, sizeof name, "xattr/getxattr_%s", t[i] + 3);
        rep(name, "%s", c_ret >= 0 ? esc(v, (size_t)c_ret) : "-");
    }
    DO(setxattr(P("xa_t0"), "user.seanet", "v", 1, XATTR_CREATE));
    rep("xattr/create_existing", "");
    DO(setxattr(P("xa_t0"), "user.other", "v", 1, XATTR_REPLACE));
    rep("xattr/replace_missing", "");
    DO(setxattr(P("xa_t0"), "user.seanet", "replaced", 8, XATTR_REPLACE));
    rep("xattr/replace_existing", "");
    DO(getxattr(P("xa_t0"), "user.seanet", v, sizeof v));
    rep("xattr/replace_existing_get", "%s", c_ret >= 0 ? esc(v, (size_t)c_ret) : "-");
    setxattr(P("xa_t1"), "user.b", "2", 1, 0);
    setxattr(P("xa_t1"), "user.a", "1", 1, 0);
    DO(listxattr(P("xa_t1"), v, sizeof v));
    char *names[16];
    int n = 0;
    for (long o = 0; c_ret > 0 && o < c_ret && n < 16; o += (long)strlen(v + o) + 1)
        if (!strncmp(v + o, "user.", 5))
            names[n++] = v + o;
    rep("xattr/listxattr_sorted", "%s", join_sorted(names, n));
    DO(getxattr(P("xa_t1"), "user.seanet", NULL, 0));
    rep("xattr/getxattr_size_query", "");
    DO(getxattr(P("xa_t1"), "user.seanet", v, 2));
    rep("xattr/getxattr_erange", "");
    DO(getxattr(P("xa_p"), "user.none", v, sizeof v));
    rep("xattr/getxattr_missing", "");
    DO(removexattr(P("xa_p"), "user.seanet"));
    rep("xattr/removexattr", "");
    DO(getxattr(P("xa_p"), "user.seanet", v, sizeof v));
    rep("xattr/getxattr_after_remove", "");
    DO(removexattr(P("xa_p"), "user.seanet"));
    rep("xattr/removexattr_missing", "");
    DO(getxattr(P("nope"), "user.x", v, sizeof v));
    rep("xattr/getxattr_enoent", "");
    DO(setxattr(P("nope"), "user.x", "1", 1, 0));
    rep("xattr/setxattr_enoent", "");
    DO(setxattr(P("xa_dir_spread"), "user.d", "dir", 3, 0));
    rep("xattr/setxattr_dir_on_every_tier", "");
    DO(getxattr(P("xa_dir_spread"), "user.d", v, sizeof v));
    rep("xattr/on_dir_on_every_tier", "%s", c_ret >= 0 ? esc(v, (size_t)c_ret) : "-");
    /* through a symlink: follows; l* forms act on the link (user.* is not allowed there) */
    DO(setxattr(P("xa_link"), "user.via", "link", 4, 0));
    rep("xattr/setxattr_through_symlink", "");
    DO(getxattr(P("xa_link_target"), "user.via", v, sizeof v));
    rep("xattr/setxattr_follows_symlink", "%s", c_ret >= 0 ? esc(v, (size_t)c_ret) : "-");
    DO(lsetxattr(P("xa_link"), "user.on_link", "x", 1, 0));
    rep("xattr/lsetxattr_user_on_symlink", "");
    DO(lgetxattr(P("xa_link"), "user.via", v, sizeof v));
    rep("xattr/lgetxattr_symlink", "");
    DO(llistxattr(P("xa_link"), v, sizeof v));
    n = 0;
    for (long o = 0; c_ret > 0 && o < c_ret && n < 16; o += (long)strlen(v + o) + 1)
        if (!strncmp(v + o, "user.", 5))
            names[n++] = v + o;
    rep("xattr/llistxattr_symlink", "%s", join_sorted(names, n));
    DO(lsetxattr(P("xa_lfile_p"), "user.l", "lf", 2, 0));
    rep("xattr/lsetxattr_file", "");
    DO(lgetxattr(P("xa_lfile_p"), "user.l", v, sizeof v));
    rep("xattr/lsetxattr_lgetxattr_file", "%s", c_ret >= 0 ? esc(v, (size_t)c_ret) : "-");
    DO(lremovexattr(P("xa_lfile_p"), "user.l"));
    rep("xattr/lremovexattr_file", "");
    DO(removexattr(P("xa_link"), "user.via"));
    rep("xattr/removexattr_through_symlink", "");
    DO(getxattr(P("xa_link_target"), "user.via", v, sizeof v));
    rep("xattr/removexattr_follows_symlink", "");
    /* f* forms (Sea bound fsetxattr to setxattr: EFAULT) */
    int fd = open(P("xa_fd_t1"), O_RDWR);
    DO(fsetxattr(fd, "user.f", "fd", 2, 0));
    rep("xattr/fsetxattr", "");
    DO(fgetxattr(fd, "user.f", v, sizeof v));
    rep("xattr/fgetxattr", "%s", c_ret >= 0 ? esc(v, (size_t)c_ret) : "-");
    DO(flistxattr(fd, v, sizeof v));
    n = 0;
    for (long o = 0; c_ret > 0 && o < c_ret && n < 16; o += (long)strlen(v + o) + 1)
        if (!strncmp(v + o, "user.", 5))
            names[n++] = v + o;
    rep("xattr/flistxattr", "%s", join_sorted(names, n));
    DO(fremovexattr(fd, "user.f"));
    rep("xattr/fremovexattr", "");
    close(fd);
    DO(getxattr(P("xa_fixture_t1"), "user.absent", v, sizeof v));
    rep("xattr/fixture_without_xattrs", "");
    put("xa_fresh", "x");
    DO(setxattr(P("xa_fresh"), "user.fresh", "new", 3, 0));
    rep("xattr/setxattr_fresh_file", "");
    DO(getxattr(P("xa_fresh"), "user.fresh", v, sizeof v));
    rep("xattr/fresh_file", "%s", c_ret >= 0 ? esc(v, (size_t)c_ret) : "-");
}

/* Paths that only look like mount paths must never be redirected, and lexical games must
 * still land in W. Checked with raw syscalls, which no shim can intercept. */
static void area_leak(void)
{
    char p[PATH_MAX * 2];
    struct stat st;
    snprintf(p, sizeof p, "%s/lk_probe", WO);
    int fd = open(p, O_CREAT | O_WRONLY, 0644);
    out("leak/create_at_path_containing_w", "%s", fd >= 0 ? "ok" : en(errno));
    if (fd >= 0) {
        out("leak/write", "%s", wr(fd, "outside"));
        close(fd);
    }
    long r = syscall(SYS_newfstatat, AT_FDCWD, p, &st, 0);
    out("leak/really_outside", "%s", r == 0 ? stat_desc(&st) : en(errno));
    snprintf(p, sizeof p, "%s/lk_dir", WO);
    out("leak/mkdir_outside", "%s", mkdir(p, 0700) == 0 ? "ok" : en(errno));
    r = syscall(SYS_newfstatat, AT_FDCWD, p, &st, 0);
    out("leak/mkdir_really_outside", "%s", r == 0 ? stat_desc(&st) : en(errno));
    snprintf(p, sizeof p, "%s/f_t1", WO);
    r = stat(p, &st);
    out("leak/stat_lookalike_of_fixture", "%s", r == 0 ? "found" : en(errno));
    snprintf(p, sizeof p, "%s/lk_list", O);
    fd = open(p, O_CREAT | O_WRONLY, 0600);
    if (fd >= 0)
        close(fd);
    out("leak/outside_listing", "%s", fd >= 0 ? "ok" : en(errno));
    /* inside: the kernel's own view of W's real directory is not what this run shows */
    const char *base = strrchr(W, '/') + 1;
    snprintf(p, sizeof p, "%s/../%s/d_spread/../f_p", W, base);
    out("leak/dotdot_back_into_w", "%s", content_of(p));
    snprintf(p, sizeof p, "%s///d_ponly//y", W);
    out("leak/repeated_slashes", "%s", content_of(p));
    snprintf(p, sizeof p, "%s/./d_t1only/./x", W);
    out("leak/dot_components", "%s", content_of(p));
    snprintf(p, sizeof p, "%s/../%s/lk_norm_new", W, base);
    fd = open(p, O_CREAT | O_WRONLY, 0640);
    if (fd >= 0)
        close(fd);
    out("leak/create_through_dotdot", "%s %s", fd >= 0 ? "ok" : en(errno), S("lk_norm_new"));
    snprintf(p, sizeof p, "%s/d_spread/../../%s/lk_norm_dir", W, base);
    const char *r2 = mkdir(p, 0700) == 0 ? "ok" : en(errno);
    out("leak/mkdir_through_dotdot", "%s %s", r2, S("lk_norm_dir"));
}

/* ======================================================================================= */

struct area {
    const char *name;
    void (*fn)(void);
};

static const struct area areas[] = {
    {"stat", area_stat},         {"open", area_open},     {"stdio", area_stdio},
    {"rename", area_rename},     {"unlink", area_unlink}, {"link", area_link},
    {"symlink", area_symlink},   {"mkdir", area_mkdir},   {"rmdir", area_rmdir},
    {"chmod", area_chmod},       {"chown", area_chown},   {"utime", area_utime},
    {"truncate", area_truncate}, {"fifo", area_fifo},     {"readdir", area_readdir},
    {"walk", area_walk},         {"at", area_at},         {"cwd", area_cwd},
    {"realpath", area_realpath}, {"temp", area_temp},     {"misc", area_misc},
    {"xattr", area_xattr},       {"tools", area_tools},   {"leak", area_leak},
};

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s W O [area...]\n", argv[0]);
        return 2;
    }
    snprintf(W, sizeof W, "%s", argv[1]);
    snprintf(O, sizeof O, "%s", argv[2]);
    snprintf(WO, sizeof WO, "%s%s", O, W);
    WLEN = strlen(W);
    setvbuf(stdout, NULL, _IOLBF, 0);
    umask(022);
    if (chdir(W) != 0) {
        printf("suite/chdir_w: %s\n", en(errno));
        return 1;
    }
    for (size_t i = 0; i < sizeof areas / sizeof areas[0]; i++) {
        if (argc > 3) {
            int want = 0;
            for (int k = 3; k < argc; k++)
                want |= !strcmp(argv[k], areas[i].name);
            if (!want)
                continue;
        }
        fflush(stdout);
        pid_t pid = fork();
        if (pid == 0) {
            alarm(20);
            umask(022);
            areas[i].fn();
            fflush(stdout);
            _exit(0);
        }
        int status = 0;
        waitpid(pid, &status, 0);
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
            printf("%s/CRASH: %s %d\n", areas[i].name, WIFSIGNALED(status) ? "signal" : "exit",
                   WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
    }
    return 0;
}
