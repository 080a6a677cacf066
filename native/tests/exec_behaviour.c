/* Programs, scripts and libraries stored in the mount, run and loaded by their virtual paths
 * with every exec variant, posix_spawn and dlopen. Run by run_native_tests.sh under the shim
 * with no daemon (argv: mount tier0 tier1 persistent). Helpers (a program that prints its
 * argv, a shared library) are built with gcc at test time in a directory outside the mount,
 * then seeded straight into the tier directories. Where the kernel itself is the oracle (how
 * a "#!" line is read), the same file is also run from outside the mount and the answers
 * compared. Without the wrappers every mount path would be ENOENT (the real mount directory
 * is empty). */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "behaviour.h"

extern char **environ;

static const char *M, *T0, *T1, *P;
static char O[64]; /* outside the mount: the helpers' sources and builds, the oracle copies */

static void put(const char *p, const char *content, size_t len, mode_t mode)
{
    FILE *f = fopen(p, "w");
    if (f) {
        fwrite(content, 1, len, f);
        fclose(f);
    }
    chmod(p, mode);
}

static void put_str(const char *p, const char *content, mode_t mode)
{
    put(p, content, strlen(content), mode);
}

static bool sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static bool sh(const char *fmt, ...)
{
    char cmd[8192];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    return system(cmd) == 0;
}

/* ---- running a child and collecting what it printed ---- */

enum how { EXECVE, EXECV, EXECVP, EXECVPE, EXECL, EXECLP, EXECLE, SPAWN, SPAWNP, N_HOW };
static const char *how_name[] = {"execve", "execv",  "execvp",      "execvpe",     "execl",
                                 "execlp", "execle", "posix_spawn", "posix_spawnp"};

struct result {
    int status; /* exit status, or -1 */
    int err;    /* errno of a failed exec (the child prints it), or posix_spawn's error */
    char out[4096];
};

/* Runs file (argv: argv0, a1, a2) the given way, stdout captured; PATH is path_env during the
 * call (NULL: unchanged). A failed exec is reported as err, and status 100. */
static struct result run(enum how how, const char *file, const char *argv0, const char *a1, const char *a2,
                         const char *path_env)
{
    struct result r = {-1, 0, ""};
    int pfd[2];
    if (pipe(pfd) != 0)
        return r;
    char *argv[] = {(char *)argv0, (char *)a1, (char *)a2, NULL};
    char *saved_path = getenv("PATH") ? strdup(getenv("PATH")) : NULL;
    if (path_env)
        setenv("PATH", path_env, 1);
    pid_t pid = -1;
    if (how == SPAWN || how == SPAWNP) {
        posix_spawn_file_actions_t fa;
        posix_spawn_file_actions_init(&fa);
        posix_spawn_file_actions_adddup2(&fa, pfd[1], 1);
        posix_spawn_file_actions_addclose(&fa, pfd[0]);
        r.err = how == SPAWN ? posix_spawn(&pid, file, &fa, NULL, argv, environ)
                             : posix_spawnp(&pid, file, &fa, NULL, argv, environ);
        posix_spawn_file_actions_destroy(&fa);
        if (r.err != 0)
            pid = -1;
    } else {
        pid = fork();
        if (pid == 0) {
            dup2(pfd[1], 1);
            close(pfd[0]);
            switch (how) {
            case EXECVE:
                execve(file, argv, environ);
                break;
            case EXECV:
                execv(file, argv);
                break;
            case EXECVP:
                execvp(file, argv);
                break;
            case EXECVPE:
                execvpe(file, argv, environ);
                break;
            case EXECL:
                execl(file, argv0, a1, a2, (char *)NULL);
                break;
            case EXECLP:
                execlp(file, argv0, a1, a2, (char *)NULL);
                break;
            case EXECLE: /* the environment follows the first NULL */
                if (a2)
                    execle(file, argv0, a1, a2, (char *)NULL, environ);
                else if (a1)
                    execle(file, argv0, a1, (char *)NULL, environ);
                else
                    execle(file, argv0, (char *)NULL, environ);
                break;
            default:
                break;
            }
            printf("ERRNO=%d", errno);
            fflush(stdout);
            _exit(100);
        }
    }
    if (saved_path)
        setenv("PATH", saved_path, 1);
    free(saved_path);
    close(pfd[1]);
    size_t got = 0;
    ssize_t n;
    while (got < sizeof r.out - 1 && (n = read(pfd[0], r.out + got, sizeof r.out - 1 - got)) > 0)
        got += (size_t)n;
    r.out[got] = 0;
    close(pfd[0]);
    int st;
    if (pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st))
        r.status = WEXITSTATUS(st);
    if (r.status == 100 && sscanf(r.out, "ERRNO=%d", &r.err) == 1)
        r.out[0] = 0;
    return r;
}

/* ---- the programs stored in the mount ---- */

static void build_helpers(void)
{
    strcpy(O, "/tmp/seanet-exec.XXXXXX");
    CHECK(mkdtemp(O) != NULL, "mkdtemp");
    /* prints its argv joined by '|', exits 7 */
    put_str(path(O, "prog.c"),
            "#include <stdio.h>\n"
            "int main(int c, char **v) { for (int i = 0; i < c; i++) printf(\"%s%s\", i ? \"|\" : \"\", v[i]);\n"
            "  printf(\"\\n\"); return 7; }\n",
            0644);
    put_str(path(O, "answer.c"), "int sn_answer(void) { return 42; }\n", 0644);
    /* dlopens a library by name only: found through its own RUNPATH, which glibc takes from
     * the object that called dlopen (so the shim's wrapper must not appear to be the caller) */
    put_str(path(O, "byname.c"),
            "#include <dlfcn.h>\n#include <stdio.h>\n"
            "int main(void) { void *h = dlopen(\"libsnanswer.so\", RTLD_NOW);\n"
            "  if (!h) { printf(\"%s\\n\", dlerror()); return 1; }\n"
            "  int (*f)(void) = (int (*)(void))dlsym(h, \"sn_answer\"); return f() == 42 ? 0 : 2; }\n",
            0644);
    CHECK(sh("gcc -O1 -o %s/prog %s/prog.c", O, O), "build prog");
    CHECK(sh("mkdir -p %s/rp && gcc -shared -fPIC -o %s/rp/libsnanswer.so %s/answer.c", O, O, O), "build the library");
    CHECK(sh("gcc -O1 -o %s/byname %s/byname.c -ldl -Wl,--enable-new-dtags,-rpath,%s/rp", O, O, O), "build byname");
}

static void seed(void)
{
    mkdir(path(T0, "bin"), 0755);
    mkdir(path(T1, "bin"), 0755);
    mkdir(path(P, "bin"), 0755);
    mkdir(path(T1, "lib"), 0755);
    sh("cp %s/prog %s/bin/prog", O, T1);                        /* a binary on tier 1 */
    sh("cp %s/rp/libsnanswer.so %s/lib/libsnanswer.so", O, T1); /* a library on tier 1 */
    /* a script on tier 0 that reads a file beside it, on the persistent tier, through $0 */
    put_str(path(T0, "bin/script.sh"),
            "#!/bin/sh\nprintf '%s|%s|%s\\n' \"$0\" \"$1\" \"$(cat \"$(dirname \"$0\")/data\")\"\nexit 5\n", 0755);
    put_str(path(P, "bin/data"), "in-view", 0644);
    /* a script whose interpreter is the binary in the mount, with one argument holding a space */
    char line[4096];
    snprintf(line, sizeof line, "#!%s/bin/prog one two\n", M);
    put_str(path(P, "bin/viaprog"), line, 0755);
    /* a script whose interpreter is that script: the kernel splices both */
    snprintf(line, sizeof line, "#!%s/bin/viaprog\n", M);
    put_str(path(T1, "bin/nested"), line, 0755);
    /* symlinks on tier 0 to files on other tiers, resolved in the view */
    symlink("prog", path(T0, "bin/link-rel"));
    symlink(path(M, "bin/prog"), path(T0, "bin/link-abs"));
    symlink("script.sh", path(T0, "bin/link-script"));
    /* errno cases */
    put_str(path(T1, "bin/noexec.sh"), "#!/bin/sh\necho no\n", 0644);
    snprintf(line, sizeof line, "#!%s/bin/no-such-interpreter\n", M);
    put_str(path(T1, "bin/badinterp"), line, 0755);
    put_str(path(T1, "bin/plain"), "echo sh-ran \"$0\" \"$1\"\nexit 3\n", 0755); /* no "#!": ENOEXEC */
    mkdir(path(T1, "pathdir"), 0755);
    put_str(path(T1, "pathdir/onlydata"), "x", 0644);
}

/* ---- the behaviours ---- */

static void binaries_run_by_their_virtual_paths_with_every_variant(void)
{
    const char *prog = path(M, "bin/prog");
    char want[4096];
    for (int how = 0; how < N_HOW; how++) {
        struct result r = run((enum how)how, prog, "argv0", "a", "b", NULL);
        CHECK(r.status == 7 && strcmp(r.out, "argv0|a|b\n") == 0, "%s of the binary: status %d err %d out '%s'",
              how_name[how], r.status, r.err, r.out);
    }
    const char *script = path(M, "bin/script.sh");
    snprintf(want, sizeof want, "%s|a|in-view\n", script);
    for (int how = 0; how < N_HOW; how++) {
        struct result r = run((enum how)how, script, "argv0", "a", NULL, NULL);
        CHECK(r.status == 5 && strcmp(r.out, want) == 0, "%s of the script: status %d err %d out '%s', want '%s'",
              how_name[how], r.status, r.err, r.out, want);
    }
    /* an interpreter in the mount, with its single argument, and a script run by a script */
    snprintf(want, sizeof want, "%s|one two|%s|a\n", prog, path(M, "bin/viaprog"));
    struct result r = run(EXECVE, path(M, "bin/viaprog"), "argv0", "a", NULL, NULL);
    CHECK(r.status == 7 && strcmp(r.out, want) == 0, "interpreter in the mount: out '%s', want '%s'", r.out, want);
    snprintf(want, sizeof want, "%s|one two|%s|%s|a\n", prog, path(M, "bin/viaprog"), path(M, "bin/nested"));
    r = run(SPAWN, path(M, "bin/nested"), "argv0", "a", NULL, NULL);
    CHECK(r.status == 7 && strcmp(r.out, want) == 0, "nested interpreters: out '%s', want '%s'", r.out, want);
    /* symlinks stored on another tier than their targets */
    r = run(EXECV, path(M, "bin/link-rel"), "l", NULL, NULL, NULL);
    CHECK(r.status == 7 && strcmp(r.out, "l\n") == 0, "relative symlink to a binary on another tier: %d '%s' err %d",
          r.status, r.out, r.err);
    r = run(SPAWN, path(M, "bin/link-abs"), "l", "x", NULL, NULL);
    CHECK(r.status == 7 && strcmp(r.out, "l|x\n") == 0, "absolute symlink into the mount: %d '%s' err %d", r.status,
          r.out, r.err);
    /* the script gets the link's path, as from the kernel */
    snprintf(want, sizeof want, "%s|x|in-view\n", path(M, "bin/link-script"));
    r = run(EXECVE, path(M, "bin/link-script"), "l", "x", NULL, NULL);
    CHECK(r.status == 5 && strcmp(r.out, want) == 0, "symlink to a script: '%s', want '%s'", r.out, want);
    /* relative paths against a virtual cwd */
    CHECK(chdir(path(M, "bin")) == 0, "chdir into the mount");
    r = run(EXECV, "./prog", "rel", NULL, NULL, NULL);
    CHECK(r.status == 7 && strcmp(r.out, "rel\n") == 0, "./prog from a virtual cwd: %d '%s' err %d", r.status, r.out,
          r.err);
    r = run(SPAWN, "script.sh", "rel", "q", NULL, NULL);
    CHECK(r.status == 5 && strcmp(r.out, "script.sh|q|in-view\n") == 0, "spawn script.sh from a virtual cwd: '%s'",
          r.out);
    CHECK(chdir("/") == 0, "chdir /");
    /* outside the mount nothing changes */
    r = run(EXECVP, "true", "true", NULL, NULL, NULL);
    CHECK(r.status == 0, "execvp true outside the mount: %d err %d", r.status, r.err);
    r = run(EXECVE, path(O, "prog"), "o", NULL, NULL, NULL);
    CHECK(r.status == 7 && strcmp(r.out, "o\n") == 0, "a program outside the mount: '%s'", r.out);
}

static void path_search_goes_through_mount_directories(void)
{
    char pathvar[4096], want[4096];
    snprintf(pathvar, sizeof pathvar, "/nonexistent:%s:%s/bin:/usr/bin:/bin", path(M, "pathdir"), M);
    enum how searching[] = {EXECVP, EXECVPE, EXECLP, SPAWNP};
    snprintf(want, sizeof want, "%s|a|in-view\n", path(M, "bin/script.sh"));
    for (size_t i = 0; i < sizeof searching / sizeof *searching; i++) {
        enum how how = searching[i];
        struct result r = run(how, "prog", "prog", "a", NULL, pathvar);
        CHECK(r.status == 7 && strcmp(r.out, "prog|a\n") == 0, "%s prog through PATH: %d err %d '%s'", how_name[how],
              r.status, r.err, r.out);
        r = run(how, "script.sh", "script.sh", "a", NULL, pathvar);
        CHECK(r.status == 5 && strcmp(r.out, want) == 0, "%s script.sh through PATH: %d '%s' want '%s'", how_name[how],
              r.status, r.out, want);
        r = run(how, "no-such-command", "x", NULL, NULL, pathvar);
        CHECK(r.err == ENOENT, "%s of a missing command: ENOENT (got %d)", how_name[how], r.err);
        /* found only as a non-executable file: EACCES is remembered and reported at the end */
        r = run(how, "onlydata", "x", NULL, NULL, pathvar);
        CHECK(r.err == EACCES, "%s of a non-executable on PATH: EACCES (got %d)", how_name[how], r.err);
    }
    /* ENOEXEC: execvp runs the file with /bin/sh (with its virtual path), posix_spawnp does not */
    snprintf(want, sizeof want, "sh-ran %s/bin/plain a\n", M);
    struct result r = run(EXECVP, "plain", "plain", "a", NULL, pathvar);
    CHECK(r.status == 3 && strcmp(r.out, want) == 0, "execvp of a file without #!: /bin/sh runs it: %d '%s'", r.status,
          r.out);
    r = run(EXECV, path(M, "bin/plain"), "plain", NULL, NULL, NULL);
    CHECK(r.err == ENOEXEC, "execv of a file without #!: ENOEXEC (got %d)", r.err);
    r = run(SPAWNP, "plain", "plain", NULL, NULL, pathvar);
    CHECK(r.err == ENOEXEC, "posix_spawnp of a file without #!: ENOEXEC (got %d)", r.err);
    /* an empty PATH entry is the cwd, here a virtual one; the script gets the name as found */
    CHECK(chdir(path(M, "bin")) == 0, "chdir into the mount");
    r = run(EXECVP, "script.sh", "s", "e", NULL, "/nonexistent::/usr/bin");
    CHECK(r.status == 5 && strcmp(r.out, "script.sh|e|in-view\n") == 0, "execvp through an empty PATH entry: '%s'",
          r.out);
    r = run(SPAWNP, "prog", "p", NULL, NULL, "bin-not-here:.:/usr/bin");
    CHECK(r.status == 7 && strcmp(r.out, "p\n") == 0, "posix_spawnp through '.': %d err %d", r.status, r.err);
    CHECK(chdir("/") == 0, "chdir /");
    /* PATH unset: glibc's default /bin:/usr/bin, outside the mount, still works */
    char *saved = strdup(getenv("PATH"));
    unsetenv("PATH");
    r = run(EXECVP, "true", "true", NULL, NULL, NULL);
    setenv("PATH", saved, 1);
    free(saved);
    CHECK(r.status == 0, "execvp true with PATH unset: %d err %d", r.status, r.err);
}

static void errno_is_what_the_kernel_says_for_the_view(void)
{
    struct {
        const char *rel;
        int want;
    } cases[] = {
        {"bin/missing", ENOENT}, {"no-dir/prog", ENOENT},   {"bin/data", EACCES},      {"bin/prog/x", ENOTDIR},
        {"bin", EACCES},         {"bin/noexec.sh", EACCES}, {"bin/badinterp", ENOENT}, {"bin/prog/", ENOTDIR},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        for (int how = 0; how < N_HOW; how++) {
            struct result r = run((enum how)how, path(M, cases[i].rel), "x", NULL, NULL, NULL);
            CHECK(r.err == cases[i].want, "%s %s: errno %d, want %d", how_name[how], cases[i].rel, r.err,
                  cases[i].want);
        }
    }
}

/* The kernel reads a "#!" line in a particular way (256 bytes, one optional argument with its
 * inner spaces, a truncated name refused). Each line is run from outside the mount (the
 * kernel's own reading) and from the mount, and the interpreter must get the same argv. */
static void shebang_lines_are_read_as_the_kernel_reads_them(void)
{
    char a300[301];
    memset(a300, 'a', 300);
    a300[300] = 0;
    char lines[8][1024];
    size_t lens[8];
    int n = 0;
#define LINE(...) (lens[n] = (size_t)snprintf(lines[n], sizeof lines[n], __VA_ARGS__), n++)
    LINE("#!%s/prog\n", O);
    LINE("#!%s/prog   one  two \t \nbody\n", O);
    LINE("#! \t%s/prog\targ\n", O);
    LINE("#!%s/prog %s\n", O, a300); /* the argument is cut at the buffer's end */
    LINE("#!/%s\n", a300);           /* the name is cut: ENOEXEC */
    LINE("#!\n");                    /* no name: ENOEXEC */
    LINE("#!%s/prog a%cb\n", O, 0);  /* a NUL ends the line */
    LINE("#!%s/prog", O);            /* no newline at all */
#undef LINE
    mkdir(path(O, "s"), 0755);
    mkdir(path(T1, "s"), 0755);
    for (int i = 0; i < n; i++) {
        char rel[16];
        snprintf(rel, sizeof rel, "s/l%d", i);
        put(path(O, rel), lines[i], lens[i], 0755);
        put(path(T1, rel), lines[i], lens[i], 0755);
        struct result kernel = run(EXECVE, path(O, rel), "z", "tail", NULL, NULL);
        struct result ours = run(EXECVE, path(M, rel), "z", "tail", NULL, NULL);
        /* the script's own path differs (outside vs. mount): compare with it swapped */
        char want[4096];
        const char *o = path(O, rel), *m = path(M, rel);
        const char *at = strstr(kernel.out, o);
        if (at)
            snprintf(want, sizeof want, "%.*s%s%s", (int)(at - kernel.out), kernel.out, m, at + strlen(o));
        else
            snprintf(want, sizeof want, "%s", kernel.out);
        CHECK(ours.status == kernel.status && ours.err == kernel.err && strcmp(ours.out, want) == 0,
              "\"#!\" line %d: kernel: status %d err %d '%s'; from the mount: status %d err %d '%s'", i, kernel.status,
              kernel.err, kernel.out, ours.status, ours.err, ours.out);
    }
}

/* Scripts whose interpreter is a script: the kernel runs five levels and says ELOOP at six. */
static void nested_scripts_stop_where_the_kernel_stops(void)
{
    mkdir(path(O, "n"), 0755);
    mkdir(path(T0, "n"), 0755);
    put_str(path(O, "n/c0"), "#!/bin/sh\necho \"$@\"\n", 0755);
    put_str(path(T0, "n/c0"), "#!/bin/sh\necho \"$@\"\n", 0755);
    for (int i = 1; i <= 6; i++) {
        char rel[16], prev[16], line[4096];
        snprintf(rel, sizeof rel, "n/c%d", i);
        snprintf(prev, sizeof prev, "n/c%d", i - 1);
        snprintf(line, sizeof line, "#!%s\n", path(O, prev));
        put_str(path(O, rel), line, 0755);
        snprintf(line, sizeof line, "#!%s\n", path(M, prev));
        put_str(path(T0, rel), line, 0755);
    }
    for (int i = 4; i <= 6; i++) {
        char rel[16], want[4096] = "";
        snprintf(rel, sizeof rel, "n/c%d", i);
        struct result kernel = run(EXECVE, path(O, rel), "z", "tail", NULL, NULL);
        struct result ours = run(EXECVE, path(M, rel), "z", "tail", NULL, NULL);
        /* every script path differs by its root: swap them all */
        size_t ol = strlen(O);
        for (const char *k = kernel.out; *k;) {
            if (strncmp(k, O, ol) == 0) {
                strncat(want, M, sizeof want - strlen(want) - 1);
                k += ol;
            } else {
                strncat(want, k++, 1);
            }
        }
        CHECK(ours.status == kernel.status && ours.err == kernel.err && strcmp(ours.out, want) == 0,
              "%d nested scripts: kernel: status %d err %d '%s'; from the mount: status %d err %d '%s'", i,
              kernel.status, kernel.err, kernel.out, ours.status, ours.err, ours.out);
    }
}

static void libraries_load_by_their_virtual_paths(void)
{
    const char *lib = path(M, "lib/libsnanswer.so");
    void *h = dlopen(lib, RTLD_NOW);
    int (*f)(void) = h ? (int (*)(void))dlsym(h, "sn_answer") : NULL;
    CHECK(f && f() == 42, "dlopen of a library on tier 1 by its mount path: %s", h ? "no symbol" : dlerror());
    Dl_info info;
    CHECK(f && dladdr((void *)f, &info) && strncmp(info.dli_fname, T1, strlen(T1)) == 0,
          "ld.so mapped the tier's real file (%s)", f ? info.dli_fname : "-");
    void *hm = dlmopen(LM_ID_NEWLM, lib, RTLD_NOW);
    f = hm ? (int (*)(void))dlsym(hm, "sn_answer") : NULL;
    CHECK(f && f() == 42, "dlmopen of a mount path: %s", hm ? "no symbol" : dlerror());
    errno = 0;
    void *missing = dlopen(path(M, "lib/missing.so"), RTLD_NOW);
    const char *why = missing ? "" : dlerror();
    CHECK(!missing && strstr(why, path(M, "lib/missing.so")) && strstr(why, "No such file"),
          "dlopen of a missing mount path names the virtual path: '%s'", why);
    CHECK(chdir(M) == 0, "chdir into the mount");
    void *rel = dlopen("./lib/libsnanswer.so", RTLD_NOW);
    CHECK(rel != NULL, "dlopen ./lib/... from a virtual cwd: %s", rel ? "" : dlerror());
    CHECK(chdir("/") == 0, "chdir /");
    /* a name without a slash is still found through the calling program's RUNPATH */
    struct result r = run(EXECV, path(O, "byname"), "byname", NULL, NULL, NULL);
    CHECK(r.status == 0, "dlopen by name through the caller's RUNPATH: status %d '%s'", r.status, r.out);
    if (h)
        dlclose(h);
    if (rel)
        dlclose(rel);
}

int main(int argc, char **argv)
{
    if (argc != 5) {
        fprintf(stderr, "usage: %s MOUNT TIER0 TIER1 PERSISTENT\n", argv[0]);
        return 2;
    }
    M = argv[1], T0 = argv[2], T1 = argv[3], P = argv[4];
    setvbuf(stdout, NULL, _IONBF, 0); /* children fork from here: nothing buffered twice */
    build_helpers();
    seed();
    binaries_run_by_their_virtual_paths_with_every_variant();
    path_search_goes_through_mount_directories();
    errno_is_what_the_kernel_says_for_the_view();
    shebang_lines_are_read_as_the_kernel_reads_them();
    nested_scripts_stop_where_the_kernel_stops();
    libraries_load_by_their_virtual_paths();
    sh("rm -rf %s", O);
    printf("exec: %d passed, %d failed\n", passed, failed);
    return failed != 0;
}
