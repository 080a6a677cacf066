/* Behaviour of libseanet inside a real process, with real tiers and no daemon (the
 * fallback path: tiers probed directly). run_native_tests.sh sets SEANET_* and LD_PRELOAD
 * and seeds files straight into the tier directories (argv: mount tier0 tier1 persistent). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *M, *T0, *T1, *P;

#include "behaviour.h"

static int expect_errno(int r, int want)
{
    return r == -1 && errno == want;
}

static void errno_is_exact(void)
{
    struct stat st;
    errno = 0;
    CHECK(expect_errno(open(path(M, "missing"), O_RDONLY), ENOENT), "open missing: ENOENT (got %d)", errno);
    write_file(path(M, "plain"), "x");
    CHECK(expect_errno(open(path(M, "plain/x"), O_RDONLY), ENOTDIR), "open file/x: ENOTDIR (got %d)", errno);
    CHECK(expect_errno(stat(path(M, "plain/"), &st), ENOTDIR), "stat file/: ENOTDIR (got %d)", errno);
    CHECK(expect_errno(mkdir(path(M, "plain"), 0755), EEXIST), "mkdir over a file: EEXIST (got %d)", errno);
    CHECK(expect_errno(mkdir(path(M, "no/such/parent"), 0755), ENOENT), "mkdir without parent: ENOENT (got %d)", errno);
    CHECK(expect_errno(unlink(path(M, "missing")), ENOENT), "unlink missing: ENOENT (got %d)", errno);
    CHECK(mkdir(path(M, "dir"), 0750) == 0, "mkdir");
    CHECK(stat(path(M, "dir"), &st) == 0 && (st.st_mode & 07777) == 0750, "mkdir keeps the mode (%o)",
          st.st_mode & 07777);
    CHECK(expect_errno(unlink(path(M, "dir")), EISDIR), "unlink a directory: EISDIR (got %d)", errno);
    CHECK(expect_errno(rmdir(path(M, "plain")), ENOTDIR), "rmdir a file: ENOTDIR (got %d)", errno);
    /* a directory empty on tier 0 but holding a file on tier 1 is not empty */
    mkdir(path(T1, "dir"), 0755);
    write_file(path(T1, "dir/deep"), "t1");
    CHECK(expect_errno(rmdir(path(M, "dir")), ENOTEMPTY), "rmdir with content on a lower tier: ENOTEMPTY (got %d)",
          errno);
    /* O_EXCL sees files on every tier */
    write_file(path(T1, "lower"), "lower");
    CHECK(expect_errno(open(path(M, "lower"), O_WRONLY | O_CREAT | O_EXCL, 0644), EEXIST),
          "O_EXCL on a lower-tier file: EEXIST (got %d)", errno);
    /* "." and ".." as the last component are the kernel's business, never a removal */
    CHECK(expect_errno(unlink(path(M, "plain/.")), ENOTDIR), "unlink file/.: ENOTDIR (got %d)", errno);
    CHECK(exists(path(M, "plain")), "file/. did not remove the file");
    CHECK(mkdir(path(M, "dotdir"), 0755) == 0 && chdir(path(M, "dotdir")) == 0, "chdir into a new directory");
    CHECK(expect_errno(rmdir("."), EINVAL), "rmdir(\".\"): EINVAL (got %d)", errno);
    CHECK(chdir("..") == 0, "chdir ..");
    CHECK(exists(path(M, "dotdir")), "rmdir(\".\") did not remove the directory");
    CHECK(expect_errno(stat(path(M, "nope/.."), &st), ENOENT), "stat missing/..: ENOENT (got %d)", errno);
    CHECK(expect_errno(stat(path(M, "plain/.."), &st), ENOTDIR), "stat file/..: ENOTDIR (got %d)", errno);
    char cwd[4096];
    CHECK(getcwd(cwd, sizeof cwd) && strcmp(cwd, M) == 0, "chdir(\"..\") back to the mount (%s)", cwd);
    CHECK(expect_errno(mkdir(path(M, "plain/"), 0755), EEXIST), "mkdir file/: EEXIST (got %d)", errno);
    mkdir(path(P, "pdir"), 0755); /* a directory on the persistent tier only */
    CHECK(expect_errno(open(path(M, "pdir"), O_RDONLY | O_CREAT, 0644), EISDIR),
          "O_CREAT on a lower-tier directory: EISDIR (got %d)", errno);
    FILE *wx = freopen(path(M, "wx-new"), "wx", stdin);
    CHECK(wx != NULL, "freopen \"wx\" of a new name (errno %d)", errno);
    CHECK(freopen(path(M, "wx-new"), "wx", stdin) == NULL && errno == EEXIST,
          "freopen \"wx\" of an existing name: EEXIST");
    int fd = open(path(M, "created"), O_WRONLY | O_CREAT | O_EXCL, 0640);
    CHECK(fd >= 0, "O_EXCL create");
    close(fd);
    CHECK(stat(path(T0, "created"), &st) == 0 && (st.st_mode & 0777) == (0640 & ~022 & 0777),
          "new file on tier 0 with the mode asked for (%o)", st.st_mode & 0777);
}

static void overlay_holds(void)
{
    char buf[64] = {0};
    /* rename across tiers: never EXDEV, the file keeps its tier */
    write_file(path(T1, "on1"), "one");
    CHECK(rename(path(M, "on1"), path(M, "renamed1")) == 0, "rename of a tier-1 file (errno %d)", errno);
    CHECK(exists(path(T1, "renamed1")) && !exists(path(T1, "on1")), "renamed on its own tier");
    /* replacing a file on another tier: the old version must not show through */
    write_file(path(M, "target"), "old-on-t0");
    write_file(path(T1, "src"), "new-from-t1");
    CHECK(rename(path(M, "src"), path(M, "target")) == 0, "rename over a file on another tier");
    int fd = open(path(M, "target"), O_RDONLY);
    CHECK(fd >= 0 && read(fd, buf, sizeof buf - 1) > 0 && strcmp(buf, "new-from-t1") == 0,
          "replaced file reads the new content (%s)", buf);
    close(fd);
    CHECK(!exists(path(T0, "target")), "the replaced copy is gone from tier 0");
    /* an unlinked file never reappears from a lower tier */
    write_file(path(P, "everywhere"), "persistent");
    write_file(path(T1, "everywhere"), "cache");
    CHECK(unlink(path(M, "everywhere")) == 0, "unlink");
    write_file(path(T1, "removable"), "x");
    CHECK(remove(path(M, "removable")) == 0 && !exists(path(T1, "removable")), "remove() of a tier-1 file");
    mkdir(path(P, "removable-dir"), 0755);
    CHECK(remove(path(M, "removable-dir")) == 0 && !exists(path(P, "removable-dir")), "remove() of a directory");
    CHECK(!exists(path(M, "everywhere")), "unlinked file does not reappear");
    /* merged listing: one entry per name */
    mkdir(path(M, "merged"), 0755);
    mkdir(path(T1, "merged"), 0755);
    mkdir(path(P, "merged"), 0755);
    write_file(path(M, "merged/a"), "a");
    write_file(path(T1, "merged/b"), "b");
    write_file(path(P, "merged/c"), "c");
    DIR *d = opendir(path(M, "merged"));
    int n = 0, dots = 0;
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            dots++;
        else
            n++;
    }
    CHECK(d && n == 3 && dots == 2, "merged listing: 3 names and . .. once (got %d, %d)", n, dots);
    if (d) {
        rewinddir(d);
        long pos = telldir(d);
        CHECK(readdir(d) != NULL && pos == 0, "rewinddir starts over");
        int dfd = dirfd(d);
        struct stat st;
        CHECK(dfd >= 0 && fstatat(dfd, "c", &st, 0) == 0, "fstatat through dirfd sees a persistent-tier file");
        closedir(d);
    }
}

struct worker {
    int id;
    int errors;
};

static void *worker_main(void *arg)
{
    struct worker *w = arg;
    char name[64], content[64], buf[64];
    for (int i = 0; i < 300; i++) {
        snprintf(name, sizeof name, "threads/w%d-%d", w->id, i);
        snprintf(content, sizeof content, "%d:%d", w->id, i);
        write_file(path(M, name), content);
        int fd = open(path(M, name), O_RDONLY);
        ssize_t r = fd >= 0 ? read(fd, buf, sizeof buf) : -1;
        if (fd >= 0)
            close(fd);
        if (r != (ssize_t)strlen(content) || memcmp(buf, content, (size_t)r) != 0)
            w->errors++;
        struct stat st;
        if (stat(path(M, name), &st) != 0)
            w->errors++;
        if (i % 3 == 0 && unlink(path(M, name)) != 0)
            w->errors++;
    }
    return NULL;
}

static void threads_are_safe(void)
{
    mkdir(path(M, "threads"), 0755);
    pthread_t th[8];
    struct worker w[8];
    for (int i = 0; i < 8; i++) {
        w[i] = (struct worker){.id = i};
        pthread_create(&th[i], NULL, worker_main, &w[i]);
    }
    int errors = 0;
    for (int i = 0; i < 8; i++) {
        pthread_join(th[i], NULL);
        errors += w[i].errors;
    }
    CHECK(errors == 0, "8 threads writing, reading, unlinking: %d errors", errors);
    DIR *d = opendir(path(M, "threads"));
    int n = 0;
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL)
        n += e->d_name[0] != '.';
    if (d)
        closedir(d);
    CHECK(n == 8 * 200, "every surviving file listed once (%d of %d)", n, 8 * 200);
}

static void fork_and_exec_work(void)
{
    pid_t pid = fork();
    if (pid == 0) {
        write_file(path(M, "from-child"), "child");
        int fd = open(path(M, "from-exec"), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        dup2(fd, 1);
        close(fd);
        execl("/bin/cat", "cat", path(M, "from-child"), (char *)NULL);
        _exit(127);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    char buf[16] = {0};
    int fd = open(path(M, "from-exec"), O_RDONLY);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "exec'd cat exit status %d", status);
    CHECK(fd >= 0 && read(fd, buf, sizeof buf - 1) == 5 && strcmp(buf, "child") == 0,
          "a forked child's exec'd program read and wrote mount paths (%s)", buf);
    close(fd);
    CHECK(exists(path(T0, "from-exec")), "the exec'd program's output is on tier 0");
}

static void *deep_create(void *arg)
{
    const char *rel = arg;
    int fd = open(path(M, rel), O_WRONLY | O_CREAT | O_EXCL, 0644);
    if (fd >= 0)
        close(fd);
    return (void *)(long)(fd >= 0);
}

/* A tree 300 levels deep that exists only on the persistent tier: creating a file at its
 * bottom makes 300 directories on tier 0, in a thread with a 256 KiB stack. */
static void deep_trees_cost_no_stack(void)
{
    static char rel[4096];
    size_t n = 0;
    for (int i = 0; i < 300; i++)
        n += (size_t)snprintf(rel + n, sizeof rel - n, "%sd", i ? "/" : "");
    char real[8192];
    snprintf(real, sizeof real, "%s/%s", P, rel);
    for (char *s = real + strlen(P) + 1; *s; s++)
        if (*s == '/') {
            *s = 0;
            mkdir(real, 0750);
            *s = '/';
        }
    mkdir(real, 0750);
    snprintf(rel + n, sizeof rel - n, "/leaf");
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, 256 * 1024);
    pthread_t th;
    void *ok = NULL;
    pthread_create(&th, &attr, deep_create, rel);
    pthread_join(th, &ok);
    CHECK(ok == (void *)1L, "create at depth 300 in a 256 KiB thread");
    struct stat st;
    CHECK(stat(path(T0, rel), &st) == 0, "the leaf is on tier 0");
    rel[n] = 0;
    CHECK(stat(path(T0, rel), &st) == 0 && (st.st_mode & 07777) == 0750, "its directories copied with their mode (%o)",
          st.st_mode & 07777);
}

static void fd_records_follow_their_fds(void)
{
    int d = open(M, O_RDONLY | O_DIRECTORY);
    CHECK(d >= 0 && close_range((unsigned)d, (unsigned)d, 0) == 0, "close_range of a mount directory fd");
    int e = open("/etc", O_RDONLY | O_DIRECTORY);
    CHECK(e == d, "the number is reused (%d, %d)", d, e);
    int f = openat(e, "hostname", O_RDONLY);
    CHECK(f >= 0, "openat on the reused number resolves in /etc, not in the mount (errno %d)", errno);
    if (f >= 0)
        close(f);
    close(e);
}

/* A directory above the mount, opened and walked by name as gnulib's fts does (find, du). */
static void walks_from_above_enter_the_mount(void)
{
    char above[4096];
    snprintf(above, sizeof above, "%s", M);
    *strrchr(above, '/') = 0; /* the mount's parent */
    const char *name = strrchr(M, '/') + 1;
    int a = open(above, O_RDONLY | O_DIRECTORY);
    int m = a >= 0 ? openat(a, name, O_RDONLY | O_DIRECTORY) : -1;
    struct stat st;
    CHECK(m >= 0 && fstatat(m, "plain", &st, 0) == 0, "mount entered through its parent's fd sees its files (errno %d)",
          errno);
    DIR *d = m >= 0 ? fdopendir(m) : NULL;
    int n = 0;
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL)
        n += strcmp(e->d_name, "plain") == 0;
    CHECK(n == 1, "and lists them");
    if (d)
        closedir(d);
    if (a >= 0)
        close(a);
}

static void memory_does_not_grow(void)
{
    char mine[4096], other[4096];
    snprintf(mine, sizeof mine, "%s/plain", M);
    snprintf(other, sizeof other, "%s/outside", T1); /* not under the mount */
    write_file(other, "o");
    struct stat st;
    for (int i = 0; i < 20000; i++) {
        close(open(mine, O_RDONLY));
        close(open(other, O_RDONLY));
        stat(mine, &st);
    }
    long before = rss_kib();
    for (int i = 0; i < 200000; i++) {
        close(open(mine, O_RDONLY));
        close(open(other, O_RDONLY));
        stat(mine, &st);
    }
    long after = rss_kib();
    printf("info: RSS %ld KiB before, %ld KiB after 600,000 more calls\n", before, after);
    CHECK(after - before < 256, "RSS grew %ld KiB over 600k calls (Sea leaks ~4 KiB per lookup)", after - before);
}

/* glibc leaves errno alone when a call succeeds, and programs rely on it: GNU tar reads the
 * errno of a failed open after a successful fstatat in between. A mount file on a lower tier is
 * found after misses on the upper ones, which must not leak into errno. */
static void success_leaves_errno_alone(void)
{
    mkdir(path(T1, "keep"), 0755);
    write_file(path(T1, "keep/f"), "k");
    struct stat st;
    errno = EEXIST;
    CHECK(fstatat(AT_FDCWD, path(M, "keep/f"), &st, AT_SYMLINK_NOFOLLOW) == 0 && errno == EEXIST,
          "fstatat of a tier-1 file left errno %d", errno);
    errno = EEXIST;
    CHECK(stat(path(M, "keep/f"), &st) == 0 && errno == EEXIST, "stat left errno %d", errno);
    errno = EEXIST;
    int fd = open(path(M, "keep/f"), O_RDONLY);
    CHECK(fd >= 0 && errno == EEXIST, "open left errno %d", errno);
    close(fd);
    errno = EEXIST;
    DIR *d = opendir(path(M, "keep"));
    CHECK(d && errno == EEXIST, "opendir left errno %d", errno);
    if (d)
        closedir(d);
    errno = EEXIST;
    FILE *f = fopen(path(M, "keep/f"), "r");
    CHECK(f && errno == EEXIST, "fopen left errno %d", errno);
    if (f)
        fclose(f);
    errno = EEXIST;
    CHECK(chmod(path(M, "keep/f"), 0640) == 0 && errno == EEXIST, "chmod left errno %d", errno);
}

int main(int argc, char **argv)
{
    if (argc != 5) {
        fprintf(stderr, "usage: %s MOUNT TIER0 TIER1 PERSISTENT\n", argv[0]);
        return 2;
    }
    M = argv[1], T0 = argv[2], T1 = argv[3], P = argv[4];
    errno_is_exact();
    overlay_holds();
    threads_are_safe();
    fork_and_exec_work();
    deep_trees_cost_no_stack();
    fd_records_follow_their_fds();
    walks_from_above_enter_the_mount();
    success_leaves_errno_alone();
    memory_does_not_grow();
    printf("behaviour: %d passed, %d failed\n", passed, failed);
    return failed != 0;
}
