/* Defects found in review of the POSIX-surface work (meta.c, resolve.c, the retry logic):
 * each check states the kernel's answer on a plain directory, which the view must give too.
 * Run like the other behaviour programs: argv = mount tier0 tier1 persistent, no daemon. */
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <libgen.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *M, *T0, *T1, *P;

#include "behaviour.h"

/* open(O_CREAT) through a symlink whose target is an absolute path in the mount: the kernel
 * follows the link on the tier that stores it, to the real (empty) mount directory. The file
 * must be created (or opened) in the view, never in the real mount directory. */
static void create_through_absolute_link(void)
{
    CHECK(symlink(path(M, "abs-new"), path(M, "abs-link")) == 0, "symlink (errno %d)", errno);
    int fd = open(path(M, "abs-link"), O_WRONLY | O_CREAT, 0644);
    CHECK(fd >= 0, "open(O_CREAT) through an absolute link into the mount (errno %d)", errno);
    if (fd >= 0) {
        CHECK(write(fd, "hi", 2) == 2, "write");
        close(fd);
    }
    struct stat st;
    CHECK(stat(path(M, "abs-new"), &st) == 0 && st.st_size == 2,
          "the link's target exists in the view with the data written (errno %d)", errno);
    /* nothing may land in the real mount directory (raw system call: the shim does not see it) */
    struct stat raw;
    CHECK(strcmp(M, T0) == 0 || syscall(SYS_newfstatat, AT_FDCWD, path(M, "abs-new"), &raw, AT_SYMLINK_NOFOLLOW) != 0,
          "no file created in the real mount directory");

    /* target already exists, on tier 1: O_CREAT without O_EXCL opens it */
    write_file(path(T1, "abs-existing"), "data");
    CHECK(symlink(path(M, "abs-existing"), path(M, "abs-link2")) == 0, "symlink 2 (errno %d)", errno);
    char buf[16] = {0};
    fd = open(path(M, "abs-link2"), O_RDWR | O_CREAT, 0644);
    CHECK(fd >= 0 && read(fd, buf, sizeof buf - 1) == 4 && strcmp(buf, "data") == 0,
          "open(O_CREAT) through an absolute link opens the existing target (read \"%s\")", buf);
    if (fd >= 0)
        close(fd);
}

/* link() through a directory symlink in the view (the link on tier 0, its target directory on
 * tier 1): the kernel resolves the link; the shim must too, as every other call does. */
static void link_through_dir_link(void)
{
    mkdir(path(T1, "ld"), 0755);
    write_file(path(T1, "ld/x"), "x");
    CHECK(symlink("ld", path(M, "ld-link")) == 0, "symlink to a directory (errno %d)", errno);
    CHECK(link(path(M, "ld-link/x"), path(M, "lx")) == 0, "link from a path through a directory link (errno %d)",
          errno);
    CHECK(link(path(M, "ld/x"), path(M, "ld-link/y")) == 0, "link to a path through a directory link (errno %d)",
          errno);
    CHECK(exists(path(M, "ld/y")), "the new name is in the link's target directory");
}

/* A call that succeeds leaves errno as it found it (the shim's own rule, common.h). */
static void success_leaves_errno(void)
{
    write_file(path(T1, "e-src"), "e");
    errno = 0;
    CHECK(link(path(M, "e-src"), path(M, "e-dst")) == 0 && errno == 0, "link left errno %d", errno);

    write_file(path(T1, "e-out"), "o");
    char outside[4096];
    snprintf(outside, sizeof outside, "%s/review-moved-out", T1); /* same file system, outside the mount */
    errno = 0;
    CHECK(rename(path(M, "e-out"), outside) == 0 && errno == 0, "rename out of the mount left errno %d", errno);
    unlink(outside);

    mkdir(path(T1, "e-dir"), 0755);
    write_file(path(T1, "e-dir/a"), "a");
    CHECK(symlink("e-dir", path(M, "e-dlink")) == 0, "symlink (errno %d)", errno);
    errno = 0;
    CHECK(rename(path(M, "e-dlink/a"), path(M, "e-dlink/b")) == 0 && errno == 0,
          "rename through a directory link left errno %d", errno);

    mkdir(path(P, "e-pdir"), 0755);
    int fd = open(path(M, "e-pdir"), O_RDONLY | O_DIRECTORY);
    CHECK(fd >= 0, "open a directory (errno %d)", errno);
    errno = 0;
    DIR *d = fdopendir(fd);
    CHECK(d && errno == 0, "fdopendir left errno %d", errno);
    if (d)
        closedir(d);
}

/* linkat of a directory onto an existing name: the kernel looks the new name up first (EEXIST). */
static void link_dir_onto_existing(void)
{
    mkdir(path(T1, "k-dir"), 0755);
    write_file(path(T1, "k-file"), "k");
    errno = 0;
    int r = link(path(M, "k-dir"), path(M, "k-file"));
    CHECK(r == -1 && errno == EEXIST, "link(dir, existing): EEXIST (got %d, errno %d)", r, errno);
}

/* utimensat with both times UTIME_NOW needs only write permission, as NULL does; explicit
 * times (and UTIME_NOW with UTIME_OMIT) need ownership. A non-owner with write permission may touch the file. */
static void utime_now_needs_only_write_permission(void)
{
    char up[4096];
    snprintf(up, sizeof up, "%s", M);
    chmod(dirname(up), 0755); /* the test's root: mount and tiers 1, persistent inside */
    chmod(T0, 0755);
    chmod(T1, 0755);
    chmod(P, 0755);
    chmod(M, 0755);
    write_file(path(T1, "u-file"), "u");
    chmod(path(T1, "u-file"), 0666);
    if (geteuid() != 0) {
        printf("info: not root: the utimensat permission checks need a second uid and are not run\n");
        return;
    }
    pid_t pid = fork();
    if (pid == 0) {
        if (setgid(65534) != 0 || setuid(65534) != 0)
            _exit(100);
        const struct timespec both[2] = {{0, UTIME_NOW}, {0, UTIME_NOW}};
        int code = 0;
        if (utimensat(AT_FDCWD, path(M, "u-file"), both, 0) != 0)
            code |= 1;
        if (utimensat(AT_FDCWD, path(M, "u-file"), NULL, 0) != 0)
            code |= 4;
        _exit(code);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : 200;
    CHECK(code != 100, "setuid in the child");
    CHECK(!(code & 4), "utimensat(NULL) by a non-owner with write permission");
    CHECK(!(code & 1), "utimensat(UTIME_NOW, UTIME_NOW) by a non-owner with write permission: EPERM");
}

static void read_all(const char *p, int flags, char *buf, size_t n)
{
    memset(buf, 0, n);
    int fd = open(p, flags, 0644);
    if (fd >= 0) {
        (void)!read(fd, buf, n - 1);
        close(fd);
    }
}

/* A relative link stored on a lower tier (flushed, or placed there) whose target is on an upper
 * tier: the kernel, following it on the lower tier, finds nothing there, and O_CREAT then
 * creates a new, empty file on that tier, shadowed in the view by the real target (the write
 * is lost to the view). The view's target must be opened. (A stale flushed copy on the link's
 * tier answering instead of the newer one above is a documented limit: not checked here.) */
static void lower_tier_link_to_upper_file(void)
{
    char buf[32];
    write_file(path(T0, "lw-target"), "data");
    CHECK(symlink("lw-target", path(T1, "lw-link")) == 0, "seed a link on tier 1");
    read_all(path(M, "lw-link"), O_RDWR | O_CREAT, buf, sizeof buf);
    CHECK(strcmp(buf, "data") == 0, "open(O_CREAT) through a tier-1 link reads the tier-0 target (read \"%s\")", buf);
    CHECK(strcmp(M, T0) == 0 || !exists(path(T1, "lw-target")), "no shadowed copy of the target made on tier 1");
}

/* rename of a directory with copies on two tiers into a directory reached through a symlink
 * (the link and its target on tier 0): every copy must move, or none. */
static void rename_spread_dir_through_link(void)
{
    mkdir(path(T0, "rs-src"), 0755);
    mkdir(path(T1, "rs-src"), 0755);
    write_file(path(T0, "rs-src/a"), "a");
    write_file(path(T1, "rs-src/b"), "b");
    mkdir(path(T0, "rs-dir"), 0755);
    CHECK(symlink("rs-dir", path(M, "rs-link")) == 0, "symlink (errno %d)", errno);
    errno = 0;
    CHECK(rename(path(M, "rs-src"), path(M, "rs-link/moved")) == 0,
          "rename a two-tier directory into a linked directory (errno %d)", errno);
    CHECK(exists(path(M, "rs-dir/moved/a")) && exists(path(M, "rs-dir/moved/b")), "both tiers' entries moved");
    CHECK(!exists(path(M, "rs-src")), "nothing left under the old name");
}

/* exec of a program reached through a directory symlink in the view (link on tier 0, its
 * target directory and the program on tier 1). */
static void exec_through_dir_link(void)
{
    mkdir(path(T1, "xd"), 0755);
    int in = open("/bin/true", O_RDONLY), out = open(path(T1, "xd/prog"), O_WRONLY | O_CREAT | O_TRUNC, 0755);
    char buf[65536];
    ssize_t n;
    while (in >= 0 && out >= 0 && (n = read(in, buf, sizeof buf)) > 0)
        (void)!write(out, buf, (size_t)n);
    close(in);
    close(out);
    CHECK(symlink("xd", path(M, "xl")) == 0, "symlink (errno %d)", errno);
    pid_t pid = fork();
    if (pid == 0) {
        char *argv[] = {"prog", NULL};
        execv(path(M, "xl/prog"), argv);
        _exit(errno);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "execv through a directory link (exit %d)",
          WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}

/* Arguments the headers mark nonnull but glibc and the kernel answer without crashing: getwd(NULL)
 * is EINVAL (glibc), linkat(fd, NULL, ..., AT_EMPTY_PATH) is EFAULT (the kernel). Called through
 * dlsym (the shim's symbols come first) so the compiler does not refuse the NULL. */
static int child_status(int which, int fd)
{
    pid_t pid = fork();
    if (pid == 0) {
        if (which == 0) {
            char *(*gw)(char *) = (char *(*)(char *))dlsym(RTLD_DEFAULT, "getwd");
            _exit(gw && gw(NULL) == NULL && errno == EINVAL ? 0 : 1);
        }
        int (*la)(int, const char *, int, const char *, int) =
            (int (*)(int, const char *, int, const char *, int))dlsym(RTLD_DEFAULT, "linkat");
        _exit(la && la(fd, NULL, AT_FDCWD, path(M, "n-dst"), AT_EMPTY_PATH) == -1 ? 0 : 1);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    return status;
}

static void null_arguments_do_not_crash(void)
{
    int st = child_status(0, -1);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "getwd(NULL): EINVAL (%s %d)", WIFSIGNALED(st) ? "signal" : "exit",
          WIFSIGNALED(st) ? WTERMSIG(st) : WEXITSTATUS(st));
    int fd = open(path(M, "n-src"), O_WRONLY | O_CREAT, 0644);
    st = child_status(1, fd);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "linkat(fd, NULL, AT_EMPTY_PATH) into the mount: -1 (%s %d)",
          WIFSIGNALED(st) ? "signal" : "exit", WIFSIGNALED(st) ? WTERMSIG(st) : WEXITSTATUS(st));
    close(fd);
}

/* mknod("file/.") is ENOTDIR (the kernel walks into the file), not EEXIST. */
static void mknod_file_dot(void)
{
    write_file(path(M, "md-file"), "m");
    errno = 0;
    int r = mknod(path(M, "md-file/."), S_IFREG | 0644, 0);
    CHECK(r == -1 && errno == ENOTDIR, "mknod(file/.): ENOTDIR (got %d, errno %d)", r, errno);
}

int main(int argc, char **argv)
{
    if (argc != 5) {
        fprintf(stderr, "usage: %s MOUNT TIER0 TIER1 PERSISTENT\n", argv[0]);
        return 2;
    }
    M = argv[1], T0 = argv[2], T1 = argv[3], P = argv[4];
    create_through_absolute_link();
    lower_tier_link_to_upper_file();
    link_through_dir_link();
    success_leaves_errno();
    link_dir_onto_existing();
    rename_spread_dir_through_link();
    utime_now_needs_only_write_permission();
    exec_through_dir_link();
    null_arguments_do_not_crash();
    mknod_file_dot();
    printf("review: %d passed, %d failed\n", passed, failed);
    return failed != 0;
}
