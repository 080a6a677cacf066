/* Programs and libraries stored in the mount (issue #3). The kernel and ld.so see only real
 * paths: a virtual path is translated to the real file on the tier that holds it. A "#!"
 * script is not left to the kernel, which would hand its interpreter the real tier path:
 * we parse the line as fs/binfmt_script.c does and exec the interpreter with the script's
 * virtual path, so $0, __file__ and the script's own relative paths stay in the view.
 *
 * Everything on the exec path may run in a vfork child (posix_spawn, Python's
 * _posixsubprocess) or in the child of a multithreaded fork: stack and system calls only,
 * no malloc, no locks. */
#include <dlfcn.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "common.h"

extern char **environ;

#define SN_SCRIPT_MAX 5    /* nested "#!" scripts the kernel runs before ELOOP (exec_binprm: depth > 5) */
#define SN_SHEBANG_BUF 256 /* the kernel's BINPRM_BUF_SIZE: all of a "#!" line it ever reads */
#define SN_BIN_SH "/bin/sh"
#define SN_CS_PATH "/bin:/usr/bin" /* glibc's default search path when PATH is unset */

/* What to hand the kernel: path (a real tier path, or a path outside the mount), and the
 * interpreters met on the way, each with the script path it is given. */
struct exec_plan {
    char path[PATH_MAX];
    int n;
    const char *script[SN_SCRIPT_MAX];
    const char *name[SN_SCRIPT_MAX];
    const char *arg[SN_SCRIPT_MAX]; /* NULL: the line has no argument */
    char line[SN_SCRIPT_MAX][SN_SHEBANG_BUF];
};

/* The real file behind v, following symlinks in the view (sn_resolve_links: a link's target,
 * and a directory link on the way, are resolved in the view, not in the tier directory that
 * holds the link). 1: out is a tier path; 0: a link led out of the mount and out is that path;
 * -1: errno as the kernel would say for the view. Stack only: safe in a vfork child. */
static int find_real(struct sn_vpath *v, char *out)
{
    struct stat st;
    int err;
    int t = sn_find_followed(v, &st, &err);
    if (t == SN_FOUND_OUTSIDE) {
        strcpy(out, v->path); /* suffix included */
        return 0;
    }
    if (t < 0) {
        errno = err;
        return -1;
    }
    return sn_tier_path_abs(v, t, out) ? 1 : -1;
}

/* The first SN_SHEBANG_BUF bytes of a regular file, zero-padded like the kernel's buffer.
 * False if it cannot be read (a binary needs only execute permission: the kernel decides)
 * or is not a regular file (the kernel answers EACCES; O_NONBLOCK so a FIFO never blocks). */
static bool read_head(const char *real, char *buf)
{
    int fd = real_openat(AT_FDCWD, real, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY, 0);
    if (fd < 0)
        return false;
    struct stat st;
    bool ok = fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
    size_t got = 0;
    memset(buf, 0, SN_SHEBANG_BUF);
    while (ok && got < SN_SHEBANG_BUF) {
        ssize_t n = pread(fd, buf + got, SN_SHEBANG_BUF - got, (off_t)got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            ok = n == 0;
            break;
        }
        got += (size_t)n;
    }
    real_close(fd);
    return ok;
}

static bool spacetab(char c)
{
    return c == ' ' || c == '\t';
}
static char *next_non_spacetab(char *first, const char *last)
{
    for (; first <= last; first++)
        if (!spacetab(*first))
            return first;
    return NULL;
}
static char *next_terminator(char *first, const char *last)
{
    for (; first <= last; first++)
        if (spacetab(*first) || !*first)
            return first;
    return NULL;
}

/* fs/binfmt_script.c's reading of a "#!" line, step for step: the interpreter's name, and
 * everything after the spaces that follow it as one optional argument. A line with no newline
 * in the buffer counts only if the name ends inside it (a truncated name is ENOEXEC); its
 * argument may be cut. False: the kernel would say ENOEXEC. */
static bool parse_shebang(char *buf, const char **name, const char **arg)
{
    char *buf_end = buf + SN_SHEBANG_BUF - 1;
    char *i_end = NULL;
    for (char *c = buf; c <= buf_end && *c; c++) /* the kernel's strnchr stops at a NUL */
        if (*c == '\n') {
            i_end = c;
            break;
        }
    if (!i_end) {
        i_end = next_non_spacetab(buf + 2, buf_end);
        if (!i_end || !next_terminator(i_end, buf_end))
            return false;
        i_end = buf_end;
    }
    while (spacetab(i_end[-1]))
        i_end--;
    char *i_name = next_non_spacetab(buf + 2, i_end);
    if (!i_name || i_name == i_end)
        return false;
    char *i_arg = NULL, *i_sep = next_terminator(i_name, i_end);
    if (i_sep && *i_sep)
        i_arg = next_non_spacetab(i_sep, i_end);
    *i_end = 0;
    if (i_arg)
        *i_sep = 0;
    *name = i_name;
    *arg = i_arg;
    return true;
}

/* Works out what execve(path) means in the view. 0: p is filled; -1: errno. */
static int plan_exec(const char *path, struct exec_plan *p)
{
    p->n = 0;
    for (const char *cur = path;;) {
        struct sn_vpath v;
        const char *q = cur;
        switch (sn_classify(AT_FDCWD, &q, &v)) {
        case SN_ERROR:
            return -1;
        case SN_PASS: /* outside: the kernel does the rest, scripts included */
            if (strlen(q) >= sizeof p->path) {
                errno = ENAMETOOLONG;
                return -1;
            }
            strcpy(p->path, q);
            return 0;
        default:
            break;
        }
        int r = find_real(&v, p->path);
        if (r <= 0)
            return r;
        if (p->n == SN_SCRIPT_MAX) {
            /* the kernel's answer for too many nested interpreters, if this is one more */
            char head[SN_SHEBANG_BUF];
            if (read_head(p->path, head) && head[0] == '#' && head[1] == '!') {
                errno = ELOOP;
                return -1;
            }
            return 0;
        }
        char *line = p->line[p->n];
        if (!read_head(p->path, line) || line[0] != '#' || line[1] != '!')
            return 0; /* a binary, or something the kernel refuses itself */
        /* the kernel checks the script's own execute permission before its "#!" line */
        if (real_faccessat(AT_FDCWD, p->path, X_OK, AT_EACCESS) != 0)
            return -1;
        if (!parse_shebang(line, &p->name[p->n], &p->arg[p->n]))
            return 0; /* the kernel says ENOEXEC for the real path */
        p->script[p->n] = cur;
        cur = p->name[p->n++];
    }
}

/* The kernel's argv for the plan: each interpreter replaces argv[0] with its name, its
 * argument and the script path, innermost script last: [name_n, arg_n, ..., name_1, arg_1,
 * script, argv[1..]]. On the stack when small; a huge argv (up to ARG_MAX's pointers) is
 * mmapped, which is safe in a vfork child where malloc is not. */
#define PLAN_STACK_ARGS 1024
static char **plan_argv(const struct exec_plan *p, char *const argv[], char **stack, size_t *mapped)
{
    char *const *rest = argv && argv[0] ? argv + 1 : argv; /* argv[0] is replaced, if any */
    size_t nrest = 0;
    while (rest && rest[nrest])
        nrest++;
    size_t n = nrest + 2 * (size_t)p->n + 2;
    char **out = stack;
    *mapped = 0;
    if (n > PLAN_STACK_ARGS) {
        void *m = mmap(NULL, n * sizeof *out, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (m == MAP_FAILED)
            return NULL;
        out = m;
        *mapped = n * sizeof *out;
    }
    size_t k = 0;
    out[k++] = (char *)p->name[p->n - 1];
    for (int i = p->n - 1; i >= 0; i--) {
        if (p->arg[i])
            out[k++] = (char *)p->arg[i];
        out[k++] = (char *)p->script[i];
    }
    for (size_t i = 0; i < nrest; i++)
        out[k++] = rest[i];
    out[k] = NULL;
    return out;
}

/* execve of a path that may be in the mount. Returns -1 with errno, or does not return. */
static int exec_path(const char *path, char *const argv[], char *const envp[])
{
    struct exec_plan p;
    if (plan_exec(path, &p) != 0)
        return -1;
    if (p.n == 0)
        return real_execve(p.path, argv, envp);
    char *stack[PLAN_STACK_ARGS];
    size_t mapped;
    char **nargv = plan_argv(&p, argv, stack, &mapped);
    if (!nargv)
        return -1;
    real_execve(p.path, nargv, envp);
    SN_ERRNO_SAVE;
    if (mapped)
        munmap(nargv, mapped);
    SN_ERRNO_RESTORE;
    return -1;
}

/* posix_spawn of a path that may be in the mount: the plan is made in the parent. */
static int spawn_path(pid_t *pid, const char *path, const posix_spawn_file_actions_t *fa, const posix_spawnattr_t *attr,
                      char *const argv[], char *const envp[])
{
    struct exec_plan p;
    SN_ERRNO_SAVE;
    int r;
    if (plan_exec(path, &p) != 0) {
        r = errno;
    } else if (p.n == 0) {
        r = real_posix_spawn(pid, p.path, fa, attr, argv, envp);
    } else {
        char *stack[PLAN_STACK_ARGS];
        size_t mapped;
        char **nargv = plan_argv(&p, argv, stack, &mapped);
        r = nargv ? real_posix_spawn(pid, p.path, fa, attr, nargv, envp) : errno;
        if (mapped)
            munmap(nargv, mapped);
    }
    SN_ERRNO_RESTORE;
    return r;
}

/* ---- the PATH search of execvp, execvpe, execlp and posix_spawnp ---- */

/* Would file, or any candidate the PATH search makes of it, be in the mount? Otherwise the
 * real function runs untouched. */
static bool search_is_ours(const char *file)
{
    if (!file || !*file || !sn_cfg.active)
        return false;
    if (strchr(file, '/'))
        return !sn_fast_pass(AT_FDCWD, file);
    const char *path = getenv("PATH");
    if (!path)
        path = SN_CS_PATH;
    size_t flen = strlen(file);
    char buf[PATH_MAX];
    for (const char *p = path;;) {
        const char *end = strchrnul(p, ':');
        size_t elen = (size_t)(end - p);
        if (elen + 1 + flen < sizeof buf) {
            memcpy(buf, p, elen);
            buf[elen] = '/';
            memcpy(buf + elen + (elen > 0), file, flen + 1); /* "" is the current directory */
            if (!sn_fast_pass(AT_FDCWD, buf))
                return true;
        }
        if (!*end)
            return false;
        p = end + 1;
    }
}

/* glibc's maybe_script_execute: a file the kernel does not know how to run goes to /bin/sh. */
static void exec_as_sh_script(const char *file, char *const argv[], char *const envp[])
{
    size_t argc = 0;
    while (argv && argv[argc])
        argc++;
    if (argc >= 1024 * 1024) {
        errno = E2BIG;
        return;
    }
    char *nargv[argc > 1 ? argc + 2 : 3];
    nargv[0] = (char *)SN_BIN_SH;
    nargv[1] = (char *)file;
    if (argc > 1)
        memcpy(nargv + 2, argv + 1, argc * sizeof *nargv);
    else
        nargv[2] = NULL;
    real_execve(nargv[0], nargv, envp);
}

/* glibc's __execvpe_common (posix/execvpe.c) over exec_path. spawn != NULL: posix_spawnp's
 * search, which spawns each candidate and never runs a file as a shell script; the result is
 * then an error number. */
struct spawn_req {
    pid_t *pid;
    const posix_spawn_file_actions_t *fa;
    const posix_spawnattr_t *attr;
};
static int search_and_run(const char *file, char *const argv[], char *const envp[], bool exec_script,
                          const struct spawn_req *spawn)
{
    if (strchr(file, '/')) {
        if (spawn)
            return spawn_path(spawn->pid, file, spawn->fa, spawn->attr, argv, envp);
        exec_path(file, argv, envp);
        if (errno == ENOEXEC && exec_script)
            exec_as_sh_script(file, argv, envp);
        return -1;
    }
    const char *path = getenv("PATH");
    if (!path)
        path = SN_CS_PATH;
    size_t file_len = strnlen(file, NAME_MAX + 1) + 1;
    size_t path_len = strnlen(path, PATH_MAX - 1) + 1;
    if (file_len - 1 > NAME_MAX) {
        errno = ENAMETOOLONG;
        return spawn ? ENAMETOOLONG : -1;
    }
    bool got_eacces = false;
    char buffer[path_len + file_len + 1];
    for (const char *p = path, *subp;; p = subp) {
        subp = strchrnul(p, ':');
        if ((size_t)(subp - p) >= path_len) { /* an entry longer than PATH_MAX */
            if (*subp == '\0')
                break;
            continue;
        }
        char *pend = mempcpy(buffer, p, (size_t)(subp - p));
        *pend = '/';
        memcpy(pend + (p < subp), file, file_len);
        int err;
        if (spawn) {
            struct stat st;
            /* outside the mount, a missing candidate is ruled out without a child */
            if (sn_fast_pass(AT_FDCWD, buffer) && stat(buffer, &st) != 0)
                err = errno;
            else
                err = spawn_path(spawn->pid, buffer, spawn->fa, spawn->attr, argv, envp);
            if (err == 0)
                return 0;
        } else {
            exec_path(buffer, argv, envp);
            err = errno;
        }
        switch (err) {
        case EACCES:
            got_eacces = true;
            /* fall through */
        case ENOENT:
        case ESTALE:
        case ENOTDIR:
        case ENODEV:
        case ETIMEDOUT:
            break; /* not here, or not runnable by us: the next directory */
        case ENOEXEC:
            if (exec_script && !spawn)
                exec_as_sh_script(buffer, argv, envp);
            /* fall through */
        default:
            if (spawn)
                return err;
            errno = err;
            return -1;
        }
        if (*subp++ == '\0')
            break;
    }
    int err = got_eacces ? EACCES : ENOENT;
    if (spawn)
        return err;
    errno = err;
    return -1;
}

/* ---- the wrappers ---- */

SN_EXPORT int execve(const char *path, char *const argv[], char *const envp[])
{
    SN_ENTER(real_execve(path, argv, envp));
    if (SN_LIKELY(sn_fast_pass(AT_FDCWD, path)))
        return real_execve(path, argv, envp);
    return exec_path(path, argv, envp);
}

SN_EXPORT int execv(const char *path, char *const argv[])
{
    SN_ENTER(real_execv(path, argv));
    if (SN_LIKELY(sn_fast_pass(AT_FDCWD, path)))
        return real_execv(path, argv);
    return exec_path(path, argv, environ);
}

SN_EXPORT int execvpe(const char *file, char *const argv[], char *const envp[])
{
    SN_ENTER(real_execvpe(file, argv, envp));
    if (SN_LIKELY(!search_is_ours(file)))
        return real_execvpe(file, argv, envp);
    return search_and_run(file, argv, envp, true, NULL);
}

SN_EXPORT int execvp(const char *file, char *const argv[])
{
    SN_ENTER(real_execvp(file, argv));
    if (SN_LIKELY(!search_is_ours(file)))
        return real_execvp(file, argv);
    return search_and_run(file, argv, environ, true, NULL);
}

/* The execl family gathers its arguments as glibc does (on the stack: async-signal-safe),
 * then is execve or execvpe: glibc's own versions call its internal __execve, which no
 * wrapper of execve would see. */
#define GATHER_ARGS(arg, argv, envp_out)   \
    va_list ap;                            \
    size_t argc_ = 1;                      \
    va_start(ap, arg);                     \
    while (va_arg(ap, const char *))       \
        if (++argc_ >= INT_MAX) {          \
            va_end(ap);                    \
            errno = E2BIG;                 \
            return -1;                     \
        }                                  \
    va_end(ap);                            \
    char *argv[argc_ + 1];                 \
    va_start(ap, arg);                     \
    argv[0] = (char *)arg;                 \
    for (size_t i_ = 1; i_ <= argc_; i_++) \
        argv[i_] = va_arg(ap, char *);     \
    envp_out;                              \
    va_end(ap)

SN_EXPORT int execl(const char *path, const char *arg, ...)
{
    GATHER_ARGS(arg, argv, (void)0);
    SN_ENTER(real_execve(path, argv, environ));
    if (SN_LIKELY(sn_fast_pass(AT_FDCWD, path)))
        return real_execve(path, argv, environ);
    return exec_path(path, argv, environ);
}

SN_EXPORT int execle(const char *path, const char *arg, ...)
{
    char **envp;
    GATHER_ARGS(arg, argv, envp = va_arg(ap, char **));
    SN_ENTER(real_execve(path, argv, envp));
    if (SN_LIKELY(sn_fast_pass(AT_FDCWD, path)))
        return real_execve(path, argv, envp);
    return exec_path(path, argv, envp);
}

SN_EXPORT int execlp(const char *file, const char *arg, ...)
{
    GATHER_ARGS(arg, argv, (void)0);
    SN_ENTER(real_execvpe(file, argv, environ));
    if (SN_LIKELY(!search_is_ours(file)))
        return real_execvpe(file, argv, environ);
    return search_and_run(file, argv, environ, true, NULL);
}

SN_EXPORT int posix_spawn(pid_t *pid, const char *path, const posix_spawn_file_actions_t *fa,
                          const posix_spawnattr_t *attr, char *const argv[], char *const envp[])
{
    SN_ENTER(real_posix_spawn(pid, path, fa, attr, argv, envp));
    if (SN_LIKELY(sn_fast_pass(AT_FDCWD, path)))
        return real_posix_spawn(pid, path, fa, attr, argv, envp);
    return spawn_path(pid, path, fa, attr, argv, envp);
}

SN_EXPORT int posix_spawnp(pid_t *pid, const char *file, const posix_spawn_file_actions_t *fa,
                           const posix_spawnattr_t *attr, char *const argv[], char *const envp[])
{
    SN_ENTER(real_posix_spawnp(pid, file, fa, attr, argv, envp));
    if (SN_LIKELY(!search_is_ours(file)))
        return real_posix_spawnp(pid, file, fa, attr, argv, envp);
    SN_ERRNO_SAVE;
    struct spawn_req req = {pid, fa, attr};
    int r = search_and_run(file, argv, envp, false, &req);
    SN_ERRNO_RESTORE;
    return r;
}

/* ---- dlopen ----
 * glibc's dlopen looks at its return address to find the caller: a name without a slash is
 * searched with the caller's RUNPATH, and "$ORIGIN" is the caller's directory. So the wrapper
 * must leave no frame of its own: it ends in a tail call (checked by the native tests), and the
 * translated path lives in a thread-local buffer rather than on its stack. Names without a
 * slash are ld.so's search, which we leave alone. */
static __thread char dl_buf[PATH_MAX];

__attribute__((noinline)) static const char *dl_path(const char *file)
{
    SN_ERRNO_SAVE;
    struct sn_vpath v;
    const char *q = file;
    switch (sn_classify(AT_FDCWD, &q, &v)) {
    case SN_MOUNT:
        /* not in the view: the virtual path itself, so dlerror names it (the real mount
         * directory stays empty, so ld.so says "No such file or directory") */
        if (find_real(&v, dl_buf) >= 0)
            q = dl_buf;
        else
            q = file;
        break;
    case SN_PASS:
        if (q != file && strlen(q) < sizeof dl_buf) /* made absolute: v is on our stack */
            q = strcpy(dl_buf, q);
        else
            q = file;
        break;
    default:
        q = file;
    }
    SN_ERRNO_RESTORE;
    return q;
}

static inline bool dl_is_ours(const char *file)
{
    sn_ensure_init();
    return SN_UNLIKELY(file && !sn_guard && sn_cfg.active && strchr(file, '/') && !strchr(file, '$') &&
                       !sn_fast_pass(AT_FDCWD, file));
}

SN_EXPORT void *dlopen(const char *file, int flags)
{
    if (dl_is_ours(file))
        file = dl_path(file);
    return real_dlopen(file, flags);
}

SN_EXPORT void *dlmopen(Lmid_t lmid, const char *file, int flags)
{
    if (dl_is_ours(file))
        file = dl_path(file);
    return real_dlmopen(lmid, file, flags);
}
