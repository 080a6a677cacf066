/* The tree walkers glibc builds on its internal calls (scandir, ftw/nftw, glob, fts) see the
 * merged view of the mount. Each walk runs twice: on the mount, whose tree is seeded straight
 * into the three tiers, and on a plain directory holding the same merged tree (the oracle,
 * walked by glibc itself); the transcripts must agree. argv: mount tier0 tier1 persistent. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fts.h>
#include <ftw.h>
#include <glob.h>
#include <linux/capability.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "behaviour.h"

static const char *M, *T0, *T1, *P;
static char O[2048];   /* the oracle: a plain directory beside the mount */
static char TOP[1024]; /* the directory holding both (the mount's parent) */
static bool dnr_testable;

/* ---- the tree: where each entry lives; the oracle gets the view (topmost copy wins) ---- */
struct seed {
    const char *tier; /* "0", "1", "P" */
    char type;        /* d: directory, f: file, l: symlink */
    const char *rel, *data;
};
static const struct seed tree[] = {
    {"0", 'd', "tree", NULL},
    {"1", 'd', "tree", NULL},
    {"P", 'd', "tree", NULL},
    {"0", 'f', "tree/a.txt", "alpha"},
    {"1", 'f', "tree/b.txt", "bravo!"},
    {"P", 'f', "tree/c.txt", "charlie"},
    {"0", 'f', "tree/dup.txt", "top copy"},
    {"P", 'f', "tree/dup.txt", "old"},
    {"0", 'l', "tree/link_a", "a.txt"},
    {"1", 'l', "tree/dangling", "no-such-target"},
    {"0", 'f', "tree/.seanet~tmp", "hidden"},
    {"0", 'd', "tree/sub", NULL},
    {"1", 'd', "tree/sub", NULL},
    {"P", 'd', "tree/sub", NULL},
    {"0", 'f', "tree/sub/s0.txt", "s0"},
    {"1", 'f', "tree/sub/s1.txt", "s1."},
    {"P", 'f', "tree/sub/s2.txt", "s2.."},
    {"P", 'f', "tree/sub/.seanet~tomb", ""},
    {"1", 'd', "tree/deep", NULL},
    {"1", 'd', "tree/deep/d1", NULL},
    {"P", 'd', "tree/deep", NULL},
    {"P", 'd', "tree/deep/d1", NULL},
    {"P", 'd', "tree/deep/d1/d2", NULL},
    {"1", 'f', "tree/deep/d1/f1.txt", "f1"},
    {"P", 'f', "tree/deep/d1/d2/f2.txt", "f2f2"},
    {"P", 'd', "tree/empty", NULL},
    {"P", 'd', "tree/locked", NULL},
    {"P", 'f', "tree/locked/inner.txt", "inner"},
};

static void put(const char *root, const struct seed *s)
{
    const char *p = path(root, s->rel);
    if (s->type == 'd') {
        mkdir(p, 0755);
    } else if (s->type == 'l') {
        (void)!symlink(s->data, p);
    } else {
        struct stat st;
        if (lstat(p, &st) == 0)
            return; /* the oracle keeps the topmost copy, seeded first */
        int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd >= 0) {
            (void)!write(fd, s->data, strlen(s->data));
            close(fd);
        }
    }
}

static void seed_trees(void)
{
    for (size_t i = 0; i < sizeof tree / sizeof tree[0]; i++) {
        const struct seed *s = &tree[i];
        put(s->tier[0] == '0' ? T0 : s->tier[0] == '1' ? T1 : P, s);
        if (!strstr(s->rel, ".seanet~"))
            put(O, s);
    }
    /* a deep tree (deeper than any descriptor budget), on tier 1, and in the oracle */
    char rel[4096] = "tree/deep/chain";
    for (int i = 0; i <= 150; i++) { /* chain and 150 levels below it */
        mkdir(path(T1, rel), 0755);
        mkdir(path(O, rel), 0755);
        strcat(rel, "/d");
    }
    strcpy(strrchr(rel, '/'), "/bottom.txt"); /* in the deepest directory */
    close(open(path(T1, rel), O_WRONLY | O_CREAT, 0644));
    close(open(path(O, rel), O_WRONLY | O_CREAT, 0644));
    chmod(path(P, "tree/locked"), 0);
    chmod(path(O, "tree/locked"), 0);
}

/* Root reads any directory; drop the capabilities that let it, so an unreadable directory
 * is unreadable here too (FTW_DNR, FTS_DNR). If that is refused, those checks are skipped. */
static void drop_dac_capabilities(void)
{
    if (geteuid() != 0) {
        dnr_testable = true;
        return;
    }
    struct __user_cap_header_struct h = {_LINUX_CAPABILITY_VERSION_3, 0};
    struct __user_cap_data_struct d[2];
    if (syscall(SYS_capget, &h, d) != 0)
        return;
    d[0].effective &= ~((1u << CAP_DAC_OVERRIDE) | (1u << CAP_DAC_READ_SEARCH));
    dnr_testable = syscall(SYS_capset, &h, d) == 0;
    if (!dnr_testable)
        printf("info: cannot drop CAP_DAC_*; unreadable-directory checks skipped\n");
}

/* ---- transcripts ---- */
struct tx {
    char **v;
    size_t n, cap;
};

static void tx_add(struct tx *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void tx_add(struct tx *t, const char *fmt, ...)
{
    if (t->n == t->cap) {
        t->cap = t->cap ? 2 * t->cap : 64;
        t->v = realloc(t->v, t->cap * sizeof *t->v);
    }
    va_list ap;
    va_start(ap, fmt);
    if (vasprintf(&t->v[t->n], fmt, ap) >= 0)
        t->n++;
    va_end(ap);
}

static void tx_free(struct tx *t)
{
    for (size_t i = 0; i < t->n; i++)
        free(t->v[i]);
    free(t->v);
    memset(t, 0, sizeof *t);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void tx_sort(struct tx *t)
{
    qsort(t->v, t->n, sizeof *t->v, cmp_str);
}

static bool tx_has(const struct tx *t, const char *line)
{
    for (size_t i = 0; i < t->n; i++)
        if (strcmp(t->v[i], line) == 0)
            return true;
    return false;
}

static bool tx_mentions(const struct tx *t, const char *s)
{
    for (size_t i = 0; i < t->n; i++)
        if (strstr(t->v[i], s))
            return true;
    return false;
}

/* Equal, or says where they first differ. */
static bool tx_same(const char *what, const struct tx *a, const struct tx *b)
{
    size_t n = a->n < b->n ? a->n : b->n;
    for (size_t i = 0; i < n; i++)
        if (strcmp(a->v[i], b->v[i]) != 0) {
            printf("  %s: line %zu: mount \"%s\", oracle \"%s\"\n", what, i, a->v[i], b->v[i]);
            return false;
        }
    if (a->n != b->n) {
        printf("  %s: mount %zu lines, oracle %zu\n", what, a->n, b->n);
        return false;
    }
    return true;
}

/* ---- nftw ---- */
static struct tx cur_tx;
static const char *cur_root;  /* as given to the walk */
static size_t cur_parent_len; /* length of the root's parent, for cwd transcripts */
static bool record_cwd;
static int bad_base, bad_level;
static const char *skip_name, *stop_name;

static const char *rel_to(const char *p, const char *root)
{
    size_t l = strlen(root);
    return strncmp(p, root, l) == 0 ? (p[l] == '/' ? p + l + 1 : p + l) : p;
}

static int level_of(const char *rel)
{
    int l = *rel ? 1 : 0;
    for (const char *s = rel; *s; s++)
        l += *s == '/';
    return l;
}

static int on_nftw(const char *p, const struct stat *st, int flag, struct FTW *f)
{
    const char *rel = rel_to(p, cur_root);
    const char *slash = strrchr(p, '/');
    if (f->base != (slash ? (int)(slash - p) + 1 : 0))
        bad_base++;
    if (f->level != level_of(rel))
        bad_level++;
    char cwd[4096] = "";
    if (record_cwd && getcwd(cwd, sizeof cwd))
        memmove(cwd, cwd + cur_parent_len, strlen(cwd + cur_parent_len) + 1);
    long size = flag == FTW_F || flag == FTW_SL || flag == FTW_SLN ? (long)st->st_size : -1;
    tx_add(&cur_tx, "%d %d %s %ld %s", flag, f->level, *rel ? rel : ".", size, cwd);
    if (skip_name && strcmp(p + f->base, skip_name) == 0)
        return FTW_SKIP_SUBTREE;
    if (stop_name && strcmp(p + f->base, stop_name) == 0)
        return FTW_STOP;
    return 0;
}

static int seen64;
static int on_nftw64(const char *p, const struct stat64 *st, int flag, struct FTW *f)
{
    (void)p, (void)f;
    seen64 += flag == FTW_F && st->st_size > 0;
    return 0;
}

static int on_ftw64(const char *p, const struct stat64 *st, int flag)
{
    (void)p;
    seen64 += flag == FTW_F && st->st_size > 0;
    return 0;
}

static int on_ftw(const char *p, const struct stat *st, int flag)
{
    long size = flag == FTW_F ? (long)st->st_size : -1;
    tx_add(&cur_tx, "%d %s %ld", flag, rel_to(p, cur_root), size);
    return 0;
}

/* Walks root with nftw; sorted unless asked for order. */
static int walk_nftw(const char *root, int flags, int nopenfd, struct tx *out, int *err)
{
    memset(&cur_tx, 0, sizeof cur_tx);
    cur_root = root;
    const char *slash = strrchr(root, '/');
    if (root[0] == '/') {
        cur_parent_len = (size_t)(slash - root);
    } else { /* relative: the cwd's virtual path, then the root's own directories */
        char cwd[4096] = "";
        (void)!getcwd(cwd, sizeof cwd);
        cur_parent_len = strlen(cwd) + (slash ? (size_t)(slash - root) + 1 : 0);
    }
    record_cwd = flags & FTW_CHDIR;
    errno = 0;
    int r = nftw(root, on_nftw, nopenfd, flags);
    *err = errno;
    *out = cur_tx;
    return r;
}

/* Pre-order: every entry comes after its directory's FTW_D; post-order (FTW_DEPTH): before
 * its FTW_DP. */
static bool order_is(const struct tx *t, bool post)
{
    int dflag = post ? FTW_DP : FTW_D;
    for (size_t i = 0; i < t->n; i++) {
        char rel[4096];
        if (sscanf(t->v[i], "%*d %*d %4095s", rel) != 1 || strcmp(rel, ".") == 0)
            continue;
        char *slash = strrchr(rel, '/');
        if (slash)
            *slash = 0;
        else
            strcpy(rel, ".");
        bool ok = false;
        for (size_t j = 0; j < t->n; j++) {
            int flag;
            char prel[4096];
            if (sscanf(t->v[j], "%d %*d %4095s", &flag, prel) == 2 && flag == dflag && strcmp(prel, rel) == 0) {
                ok = post ? j > i : j < i;
                break;
            }
        }
        if (!ok)
            return false;
    }
    return true;
}

static void nftw_sees_the_merged_tree(void)
{
    const int variants[] = {FTW_PHYS, FTW_PHYS | FTW_DEPTH, 0, FTW_DEPTH, FTW_PHYS | FTW_MOUNT, FTW_MOUNT};
    for (size_t k = 0; k < sizeof variants / sizeof variants[0]; k++) {
        int flags = variants[k], em, eo;
        struct tx m, o;
        bad_base = bad_level = 0;
        int rm = walk_nftw(path(M, "tree"), flags, 8, &m, &em);
        int ro = walk_nftw(path(O, "tree"), flags, 8, &o, &eo);
        CHECK(rm == 0 && ro == 0, "nftw flags %#x: returns %d (oracle %d)", flags, rm, ro);
        CHECK(order_is(&m, flags & FTW_DEPTH), "nftw flags %#x: %s-order on the mount", flags,
              flags & FTW_DEPTH ? "post" : "pre");
        CHECK(bad_base == 0 && bad_level == 0, "nftw flags %#x: struct FTW base/level wrong %d/%d times", flags,
              bad_base, bad_level);
        CHECK(!tx_mentions(&m, ".seanet~"), "nftw flags %#x: hidden names stay hidden", flags);
        tx_sort(&m);
        tx_sort(&o);
        CHECK(tx_same("nftw", &m, &o), "nftw flags %#x: the mount's walk is the oracle's (%zu entries)", flags, m.n);
        char line[256];
        snprintf(line, sizeof line, "%d 1 dangling %ld ", (flags & FTW_PHYS) ? FTW_SL : FTW_SLN,
                 (long)strlen("no-such-target"));
        CHECK(tx_has(&m, line), "nftw flags %#x: the dangling link is \"%s\"", flags, line);
        snprintf(line, sizeof line, "%d 1 link_a %ld ", (flags & FTW_PHYS) ? FTW_SL : FTW_F,
                 (flags & FTW_PHYS) ? 5L : 5L);
        CHECK(tx_has(&m, line), "nftw flags %#x: the link to a file is \"%s\"", flags, line);
        CHECK(tx_has(&m, "0 2 sub/s1.txt 3 ") && tx_has(&m, "0 2 sub/s2.txt 4 ") && tx_has(&m, "0 1 dup.txt 8 "),
              "nftw flags %#x: files of every tier, the topmost copy of a shadowed one", flags);
        if (dnr_testable)
            CHECK(tx_has(&m, "2 1 locked -1 "), "nftw flags %#x: an unreadable directory is FTW_DNR", flags);
        tx_free(&m);
        tx_free(&o);
    }
}

static void nftw_chdir_follows_the_walk(void)
{
    for (int nopenfd = 1; nopenfd <= 8; nopenfd += 7) {
        struct tx m, o;
        int em, eo;
        char before[4096], after[4096];
        (void)!getcwd(before, sizeof before);
        int rm = walk_nftw(path(M, "tree"), FTW_PHYS | FTW_CHDIR, nopenfd, &m, &em);
        (void)!getcwd(after, sizeof after);
        int ro = walk_nftw(path(O, "tree"), FTW_PHYS | FTW_CHDIR, nopenfd, &o, &eo);
        CHECK(rm == 0 && ro == 0, "nftw FTW_CHDIR nopenfd %d: returns %d (oracle %d)", nopenfd, rm, ro);
        CHECK(strcmp(before, after) == 0, "nftw FTW_CHDIR: the cwd comes back (%s, then %s)", before, after);
        CHECK(tx_has(&m, "0 2 sub/s1.txt 3 /tree/sub"), "nftw FTW_CHDIR: in the entry's directory at its callback");
        tx_sort(&m);
        tx_sort(&o);
        CHECK(tx_same("nftw chdir", &m, &o), "nftw FTW_CHDIR nopenfd %d: cwd at every callback as the oracle's",
              nopenfd);
        tx_free(&m);
        tx_free(&o);
    }
    /* FTW_DEPTH and a relative root from a cwd inside the mount */
    char before[4096];
    (void)!getcwd(before, sizeof before);
    struct tx m, o;
    int em, eo;
    CHECK(chdir(M) == 0, "chdir into the mount");
    int rm = walk_nftw("tree", FTW_PHYS | FTW_CHDIR | FTW_DEPTH, 2, &m, &em);
    CHECK(chdir(O) == 0, "chdir into the oracle");
    int ro = walk_nftw("tree", FTW_PHYS | FTW_CHDIR | FTW_DEPTH, 2, &o, &eo);
    (void)!chdir(before);
    CHECK(rm == 0 && ro == 0 && m.n > 10, "nftw of a relative root from a cwd in the mount: %d, %zu entries", rm, m.n);
    tx_sort(&m);
    tx_sort(&o);
    CHECK(tx_same("nftw relative", &m, &o), "nftw FTW_CHDIR|FTW_DEPTH of \"tree\" from the mount is the oracle's");
    tx_free(&m);
    tx_free(&o);

    /* a relative root leading out of the mount: the kernel's cwd is a tier's copy, so only the
     * virtual cwd finds it */
    (void)!chdir(path(M, "tree"));
    rm = walk_nftw("../../oracle/tree/sub", FTW_PHYS, 4, &m, &em);
    (void)!chdir(before);
    CHECK(rm == 0 && m.n == 4 && tx_has(&m, "0 1 s1.txt 3 "),
          "nftw(\"../../oracle/tree/sub\") from a cwd in the mount walks the plain directory (%d, %zu)", rm, m.n);
    tx_free(&m);
}

static void nftw_actions_and_errors(void)
{
    struct tx m, o;
    int em, eo;
    skip_name = "sub";
    int rm = walk_nftw(path(M, "tree"), FTW_PHYS | FTW_ACTIONRETVAL, 4, &m, &em);
    int ro = walk_nftw(path(O, "tree"), FTW_PHYS | FTW_ACTIONRETVAL, 4, &o, &eo);
    skip_name = NULL;
    CHECK(rm == 0 && ro == 0, "FTW_SKIP_SUBTREE: returns 0 (%d)", rm);
    CHECK(!tx_mentions(&m, "sub/") && tx_mentions(&m, " sub "), "FTW_SKIP_SUBTREE: sub reported, nothing below it");
    tx_sort(&m);
    tx_sort(&o);
    CHECK(tx_same("skip", &m, &o), "FTW_SKIP_SUBTREE as the oracle");
    tx_free(&m);
    tx_free(&o);

    stop_name = "s1.txt";
    rm = walk_nftw(path(M, "tree"), FTW_PHYS | FTW_ACTIONRETVAL, 4, &m, &em);
    stop_name = NULL;
    CHECK(rm == FTW_STOP && m.n > 0 && strstr(m.v[m.n - 1], "s1.txt"), "FTW_STOP ends the walk at once (returns %d)",
          rm);
    tx_free(&m);

    char cwd[4096];
    (void)!getcwd(cwd, sizeof cwd);
    stop_name = "f1.txt";
    rm = walk_nftw(path(M, "tree"), FTW_PHYS | FTW_CHDIR, 4, &m, &em);
    stop_name = NULL;
    char now[4096];
    (void)!getcwd(now, sizeof now);
    CHECK(rm == FTW_STOP && strcmp(cwd, now) == 0, "a callback's non-zero value stops FTW_CHDIR and the cwd returns");
    tx_free(&m);

    rm = walk_nftw(path(M, "tree/missing"), FTW_PHYS, 4, &m, &em);
    CHECK(rm == -1 && em == ENOENT && m.n == 0, "nftw of a missing root: -1 ENOENT (%d, %d)", rm, em);
    tx_free(&m);
    rm = walk_nftw(path(M, "tree/a.txt"), 0, 4, &m, &em);
    CHECK(rm == 0 && m.n == 1 && strcmp(m.v[0], "0 0 . 5 ") == 0, "nftw of a file: one FTW_F (%s)", m.n ? m.v[0] : "");
    tx_free(&m);
    rm = walk_nftw(path(M, "tree/dangling"), 0, 4, &m, &em);
    CHECK(rm == 0 && m.n == 1 && m.v[0][0] == '0' + FTW_SLN, "nftw of a dangling link: FTW_SLN");
    tx_free(&m);
    memset(&cur_tx, 0, sizeof cur_tx); /* (its lines went to m, freed above) */
    errno = 0;
    CHECK(nftw(path(M, "tree"), on_nftw, 4, 0x4000) == -1 && errno == EINVAL, "nftw with an unknown flag: EINVAL");
    tx_free(&cur_tx);

    /* ftw: the older callback's coarser flags */
    memset(&cur_tx, 0, sizeof cur_tx);
    cur_root = path(M, "tree");
    rm = ftw(cur_root, on_ftw, 4);
    m = cur_tx;
    memset(&cur_tx, 0, sizeof cur_tx);
    cur_root = path(O, "tree");
    ro = ftw(cur_root, on_ftw, 4);
    o = cur_tx;
    tx_sort(&m);
    tx_sort(&o);
    CHECK(rm == 0 && ro == 0 && tx_same("ftw", &m, &o), "ftw on the mount is the oracle's (%zu entries)", m.n);
    CHECK(tx_has(&m, "3 dangling -1") && tx_has(&m, "0 link_a 5"), "ftw: a dangling link is FTW_NS, a link FTW_F");
    tx_free(&m);
    tx_free(&o);

    seen64 = 0;
    CHECK(nftw64(path(M, "tree/sub"), on_nftw64, 4, FTW_PHYS) == 0 && seen64 == 3, "nftw64: %d files", seen64);
    seen64 = 0;
    CHECK(ftw64(path(M, "tree/sub"), on_ftw64, 4) == 0 && seen64 == 3, "ftw64: %d files", seen64);
}

/* A walk of the directory holding the mount enters it (that directory is not in the mount,
 * but glibc's own walk would see only the real, empty mount directory). */
static void nftw_from_above_enters_the_mount(void)
{
    struct tx all;
    int e;
    int r = walk_nftw(TOP, FTW_PHYS, 8, &all, &e);
    struct tx m = {0}, o = {0};
    const char *mname = strrchr(M, '/') + 1, *oname = strrchr(O, '/') + 1;
    for (size_t i = 0; i < all.n; i++) {
        int flag, level;
        char rel[4096];
        long size;
        if (sscanf(all.v[i], "%d %d %4095s %ld", &flag, &level, rel, &size) != 4)
            continue;
        size_t ml = strlen(mname), ol = strlen(oname);
        if (strncmp(rel, mname, ml) == 0 && rel[ml] == '/')
            tx_add(&m, "%d %d %s %ld", flag, level, rel + ml + 1, size);
        else if (strncmp(rel, oname, ol) == 0 && rel[ol] == '/')
            tx_add(&o, "%d %d %s %ld", flag, level, rel + ol + 1, size);
    }
    tx_sort(&m);
    tx_sort(&o);
    CHECK(r == 0 && m.n > 10, "nftw from above the mount returns 0 and enters it (%zu entries inside)", m.n);
    CHECK(tx_same("above", &m, &o), "nftw from above: the mount's part is the oracle's part");
    tx_free(&all);
    tx_free(&m);
    tx_free(&o);
}

static void deep_trees_work(void)
{
    struct tx m, o;
    int em, eo;
    int rm = walk_nftw(path(M, "tree/deep/chain"), FTW_PHYS | FTW_CHDIR, 3, &m, &em);
    int ro = walk_nftw(path(O, "tree/deep/chain"), FTW_PHYS | FTW_CHDIR, 3, &o, &eo);
    CHECK(rm == 0 && ro == 0 && m.n == 152, "nftw of a 150-deep chain with 3 descriptors: %d, %zu entries", rm, m.n);
    tx_sort(&m);
    tx_sort(&o);
    CHECK(tx_same("deep", &m, &o), "deep chain as the oracle");
    tx_free(&m);
    tx_free(&o);
}

/* ---- scandir ---- */
static int txt_only(const struct dirent *e)
{
    errno = EIO; /* a filter may leave errno set: it must not count as a failure */
    return strstr(e->d_name, ".txt") != NULL;
}

static void names_of(struct dirent **list, int n, struct tx *t)
{
    memset(t, 0, sizeof *t);
    if (n < 0)
        return; /* nothing was returned */
    for (int i = 0; i < n; i++) {
        tx_add(t, "%s %d", list[i]->d_name, list[i]->d_type);
        free(list[i]);
    }
    free(list);
}

static void scandir_lists_the_merged_directory(void)
{
    struct dirent **lm, **lo;
    struct tx m, o;
    errno = 1234;
    int nm = scandir(path(M, "tree"), &lm, NULL, alphasort);
    int e = errno;
    int no = scandir(path(O, "tree"), &lo, NULL, alphasort);
    CHECK(nm == no && nm > 5, "scandir of the mount: %d names (oracle %d)", nm, no);
    CHECK(e == 1234, "scandir keeps errno on success (%d)", e);
    names_of(lm, nm, &m);
    names_of(lo, no, &o);
    CHECK(tx_same("scandir", &m, &o) && !tx_mentions(&m, ".seanet~"), "scandir: the oracle's sorted names and types");
    tx_free(&m);
    tx_free(&o);

    nm = scandir(path(M, "tree/sub"), &lm, txt_only, alphasort);
    names_of(lm, nm, &m);
    CHECK(nm == 3 && strcmp(m.v[0], "s0.txt 8") == 0 && strcmp(m.v[2], "s2.txt 8") == 0,
          "scandir with a filter: s0 s1 s2 from three tiers (%d)", nm);
    tx_free(&m);

    struct dirent64 **l64;
    nm = scandir64(path(M, "tree/sub"), &l64, NULL, NULL);
    CHECK(nm == 5, "scandir64 unsorted: . .. s0 s1 s2 (%d names)", nm);
    names_of((struct dirent **)l64, nm, &m);
    tx_free(&m);

    errno = 0;
    nm = scandir(path(M, "tree/missing"), &lm, NULL, NULL);
    CHECK(nm == -1 && errno == ENOENT, "scandir of a missing directory: -1 ENOENT (%d)", errno);
    nm = scandir(path(M, "tree/a.txt"), &lm, NULL, NULL);
    CHECK(nm == -1 && errno == ENOTDIR, "scandir of a file: -1 ENOTDIR (%d)", errno);
    if (dnr_testable) {
        nm = scandir(path(M, "tree/locked"), &lm, NULL, NULL);
        CHECK(nm == -1 && errno == EACCES, "scandir of an unreadable directory: -1 EACCES (%d)", errno);
    }

    /* scandirat: relative to a directory fd in the mount, to the mount itself, and to the cwd */
    int fd = open(path(M, "tree"), O_RDONLY | O_DIRECTORY);
    nm = scandirat(fd, "sub", &lm, txt_only, alphasort);
    names_of(lm, nm, &m);
    CHECK(nm == 3 && tx_has(&m, "s1.txt 8"), "scandirat(fd in the mount, \"sub\"): %d names", nm);
    tx_free(&m);
    nm = scandirat(fd, ".", &lm, NULL, alphasort);
    no = scandir(path(O, "tree"), &lo, NULL, alphasort);
    names_of(lm, nm, &m);
    names_of(lo, no, &o);
    CHECK(nm == no && tx_same("scandirat", &m, &o), "scandirat(fd, \".\") is the oracle's listing");
    tx_free(&m);
    tx_free(&o);
    close(fd);
    fd = open(M, O_RDONLY | O_DIRECTORY);
    struct dirent64 **l64b;
    nm = scandirat64(fd, "tree/deep", &l64b, NULL, NULL);
    names_of((struct dirent **)l64b, nm, &m);
    CHECK(nm == 4 && tx_mentions(&m, "d1") && tx_mentions(&m, "chain"), "scandirat64(mount fd, \"tree/deep\"): %d", nm);
    tx_free(&m);
    close(fd);
    char before[4096];
    (void)!getcwd(before, sizeof before);
    (void)!chdir(path(M, "tree"));
    nm = scandirat(AT_FDCWD, "sub", &lm, txt_only, NULL);
    (void)!chdir(before);
    names_of(lm, nm, &m);
    CHECK(nm == 3, "scandirat(AT_FDCWD) from a cwd in the mount: %d", nm);
    tx_free(&m);
}

/* ---- glob ---- */
static int dummy_closedir_marker;

static void glob_results(const char *pattern, int flags, const char *root, struct tx *t, int *ret)
{
    glob_t g;
    memset(&g, 0, sizeof g);
    g.gl_opendir = (void *(*)(const char *))(void *)&dummy_closedir_marker; /* must survive */
    *ret = glob(pattern, flags, NULL, &g);
    memset(t, 0, sizeof *t);
    for (size_t i = 0; i < g.gl_pathc; i++)
        tx_add(t, "%s", rel_to(g.gl_pathv[i], root));
    CHECK(!(g.gl_flags & GLOB_ALTDIRFUNC) && g.gl_opendir == (void *(*)(const char *))(void *)&dummy_closedir_marker,
          "glob(%s) leaves the caller's glob_t as glibc would (flags %#x)", pattern, g.gl_flags);
    globfree(&g);
}

static void glob_matches_in_the_mount(void)
{
    static const struct {
        const char *pat;
        int flags;
    } cases[] = {
        {"tree/*.txt", 0},
        {"tree/*/s?.txt", 0},
        {"tree/*", GLOB_MARK},
        {"tree/*/", GLOB_ONLYDIR},
        {"tree/{a,c}.txt", GLOB_BRACE},
        {"tree/sub/s1.txt", 0},
        {"tree/.*", 0},
        {"tree/deep/*/*/*", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct tx m, o;
        int rm, ro;
        char pm[8192], po[8192];
        snprintf(pm, sizeof pm, "%s/%s", M, cases[i].pat);
        snprintf(po, sizeof po, "%s/%s", O, cases[i].pat);
        glob_results(pm, cases[i].flags, M, &m, &rm);
        glob_results(po, cases[i].flags, O, &o, &ro);
        CHECK(rm == 0 && ro == 0 && m.n > 0, "glob(%s): %d, %zu matches", cases[i].pat, rm, m.n);
        CHECK(tx_same("glob", &m, &o) && !tx_mentions(&m, ".seanet~"), "glob(%s) matches as the oracle", cases[i].pat);
        tx_free(&m);
        tx_free(&o);
    }
    struct tx m;
    int r;
    glob_results(path(M, "tree/*.nothing"), 0, M, &m, &r);
    CHECK(r == GLOB_NOMATCH, "glob without a match: GLOB_NOMATCH (%d)", r);
    tx_free(&m);

    /* relative to a cwd inside the mount */
    char before[4096];
    (void)!getcwd(before, sizeof before);
    (void)!chdir(path(M, "tree"));
    glob_results("sub/*.txt", 0, "", &m, &r);
    (void)!chdir(before);
    CHECK(r == 0 && m.n == 3 && strcmp(m.v[0], "sub/s0.txt") == 0, "glob(\"sub/*.txt\") from a cwd in the mount: %zu",
          m.n);
    tx_free(&m);

    (void)!chdir(path(M, "tree"));
    glob_results("../../oracle/tree/sub/*", 0, "../../oracle/tree", &m, &r);
    (void)!chdir(before);
    CHECK(r == 0 && m.n == 3 && strcmp(m.v[2], "sub/s2.txt") == 0,
          "glob leading out of the mount from a cwd in it: %d, %zu matches", r, m.n);
    tx_free(&m);

    glob64_t g;
    memset(&g, 0, sizeof g);
    r = glob64(path(M, "tree/sub/*"), 0, NULL, &g);
    CHECK(r == 0 && g.gl_pathc == 3, "glob64 in the mount: %zu", g.gl_pathc);
    globfree64(&g);
}

/* ---- fts ---- */
static int by_name(const FTSENT **a, const FTSENT **b)
{
    return strcmp((*a)->fts_name, (*b)->fts_name);
}

static int by_name64(const FTSENT64 **a, const FTSENT64 **b)
{
    return strcmp((*a)->fts_name, (*b)->fts_name);
}

/* The walk as lines: info, level, path below the root, name, and for a file its content read
 * through fts_accpath (which, without FTS_NOCHDIR, is relative to the directory fts entered). */
static void walk_fts(const char *root, int options, const char *skip, struct tx *t, int *fails)
{
    memset(t, 0, sizeof *t);
    char *argv[] = {(char *)root, NULL};
    FTS *fts = fts_open(argv, options, by_name);
    if (!fts) {
        (*fails)++;
        return;
    }
    FTSENT *e;
    errno = 0;
    while ((e = fts_read(fts)) != NULL) {
        char data[64] = "";
        if (e->fts_info == FTS_F || (e->fts_info == FTS_NSOK && e->fts_level > 0)) {
            int fd = open(e->fts_accpath, O_RDONLY);
            ssize_t n = fd >= 0 ? read(fd, data, sizeof data - 1) : -1;
            data[n > 0 ? n : 0] = 0;
            if (fd >= 0)
                close(fd);
            else
                strcpy(data, "(accpath unreadable)");
        }
        if ((options & (FTS_NOCHDIR | FTS_LOGICAL)) ? e->fts_accpath != e->fts_path
                                                    : e->fts_level > 0 && e->fts_accpath != e->fts_name)
            (*fails)++;
        if (e->fts_level > 0 && e->fts_parent->fts_level != e->fts_level - 1)
            (*fails)++;
        long size = e->fts_info == FTS_F && e->fts_statp ? (long)e->fts_statp->st_size : -1;
        tx_add(t, "%d %d %s %s %ld %d [%s]", e->fts_info, e->fts_level, rel_to(e->fts_path, root), e->fts_name, size,
               e->fts_errno, data);
        if (skip && e->fts_info == FTS_D && strcmp(e->fts_name, skip) == 0)
            fts_set(fts, e, FTS_SKIP);
        errno = 0;
    }
    if (errno != 0)
        (*fails)++;
    if (fts_close(fts) != 0)
        (*fails)++;
}

static void fts_sees_the_merged_tree(void)
{
    const int variants[] = {FTS_PHYSICAL,
                            FTS_PHYSICAL | FTS_NOCHDIR,
                            FTS_LOGICAL,
                            FTS_PHYSICAL | FTS_SEEDOT,
                            FTS_PHYSICAL | FTS_NOSTAT,
                            FTS_PHYSICAL | FTS_NOSTAT | FTS_NOCHDIR,
                            FTS_PHYSICAL | FTS_XDEV,
                            FTS_LOGICAL | FTS_XDEV | FTS_SEEDOT};
    for (size_t k = 0; k < sizeof variants / sizeof variants[0]; k++) {
        int opts = variants[k], fm = 0, fo = 0;
        struct tx m, o;
        char before[4096], after[4096];
        (void)!getcwd(before, sizeof before);
        walk_fts(path(M, "tree"), opts, NULL, &m, &fm);
        (void)!getcwd(after, sizeof after);
        walk_fts(path(O, "tree"), opts, NULL, &o, &fo);
        CHECK(fm == 0 && fo == 0 && m.n > 10, "fts options %#x: walk without errors (%d, %d, %zu entries)", opts, fm,
              fo, m.n);
        CHECK(strcmp(before, after) == 0, "fts options %#x: the cwd comes back", opts);
        CHECK(!tx_mentions(&m, ".seanet~"), "fts options %#x: hidden names stay hidden", opts);
        CHECK(tx_same("fts", &m, &o), "fts options %#x: the mount's walk is the oracle's, in order", opts);
        if (dnr_testable)
            CHECK(tx_has(&m, "4 1 locked locked -1 13 []"), "fts options %#x: an unreadable directory is FTS_DNR",
                  opts);
        tx_free(&m);
        tx_free(&o);
    }
    struct tx m;
    int f = 0;
    walk_fts(path(M, "tree"), FTS_PHYSICAL, NULL, &m, &f);
    CHECK(tx_has(&m, "12 1 dangling dangling -1 0 []"), "fts physical: a dangling link is FTS_SL");
    CHECK(tx_has(&m, "8 2 sub/s1.txt s1.txt 3 0 [s1.]") && tx_has(&m, "6 0  tree -1 0 []"),
          "fts: a lower tier's file read through fts_accpath; the root's post-order visit");
    tx_free(&m);
    walk_fts(path(M, "tree"), FTS_LOGICAL, NULL, &m, &f);
    CHECK(tx_has(&m, "13 1 dangling dangling -1 0 []") && tx_has(&m, "8 1 link_a link_a 5 0 [alpha]"),
          "fts logical: a dangling link is FTS_SLNONE, a link to a file FTS_F");
    tx_free(&m);

    struct tx o;
    int g = 0;
    walk_fts(path(M, "tree"), FTS_PHYSICAL, "sub", &m, &f);
    walk_fts(path(O, "tree"), FTS_PHYSICAL, "sub", &o, &g);
    CHECK(!tx_mentions(&m, "sub/") && tx_same("fts skip", &m, &o), "fts_set FTS_SKIP: nothing below sub");
    tx_free(&m);
    tx_free(&o);

    walk_fts(path(M, "tree/deep/chain"), FTS_PHYSICAL, NULL, &m, &f);
    CHECK(f == 0 && m.n == 151 * 2 + 1, "fts of a 150-deep chain: %zu visits", m.n);
    tx_free(&m);

    /* fts_children: the roots before the first read, a directory's entries after it */
    char *argv[] = {path(M, "tree/sub"), path(M, "tree/deep"), NULL};
    FTS *fts = fts_open(argv, FTS_PHYSICAL, by_name);
    FTSENT *c = fts ? fts_children(fts, 0) : NULL;
    CHECK(c && strcmp(c->fts_name, path(M, "tree/deep")) == 0 && c->fts_link, "fts_children before fts_read: roots");
    FTSENT *e = fts ? fts_read(fts) : NULL; /* tree/deep, sorted first */
    c = fts ? fts_children(fts, 0) : NULL;
    int n = 0;
    for (FTSENT *x = c; x; x = x->fts_link)
        n++;
    CHECK(e && e->fts_info == FTS_D && c && n == 2 && strcmp(c->fts_name, "chain") == 0,
          "fts_children of a merged directory: %d entries", n);
    c = fts ? fts_children(fts, FTS_NAMEONLY) : NULL;
    CHECK(c && c->fts_link && strcmp(c->fts_link->fts_name, "d1") == 0, "fts_children FTS_NAMEONLY");
    e = fts ? fts_read(fts) : NULL;
    CHECK(e && strcmp(e->fts_name, "chain") == 0 && e->fts_info == FTS_D, "fts_read after fts_children rebuilds");
    if (fts)
        fts_close(fts);

    /* the LFS names */
    char *argv64[] = {path(M, "tree/sub"), NULL};
    FTS64 *f64 = fts64_open(argv64, FTS_PHYSICAL | FTS_NOCHDIR, by_name64);
    int files = 0;
    FTSENT64 *e64;
    while (f64 && (e64 = fts64_read(f64)) != NULL)
        files += e64->fts_info == FTS_F && e64->fts_statp->st_size > 0;
    CHECK(f64 && files == 3 && fts64_close(f64) == 0, "fts64 walks the merged directory (%d files)", files);

    errno = 0;
    char *bad[] = {path(M, "tree"), NULL};
    CHECK(fts_open(bad, 0x10000, NULL) == NULL && errno == EINVAL, "fts_open with an unknown option: EINVAL");
    char *none[] = {path(M, "tree/missing"), NULL};
    fts = fts_open(none, FTS_PHYSICAL, NULL);
    e = fts ? fts_read(fts) : NULL;
    CHECK(e && e->fts_info == FTS_NS && e->fts_errno == ENOENT, "fts of a missing root: FTS_NS ENOENT");
    if (fts)
        fts_close(fts);
}

static int count_only(const char *p, const struct stat *st, int flag, struct FTW *f)
{
    (void)p, (void)st, (void)flag, (void)f;
    return 0;
}

static void one_round(void)
{
    nftw(path(M, "tree/sub"), count_only, 2, FTW_PHYS | FTW_CHDIR);
    nftw(path(M, "tree/deep"), count_only, 4, 0);
    struct dirent **l;
    int n = scandir(path(M, "tree"), &l, NULL, alphasort);
    while (n > 0)
        free(l[--n]);
    if (n == 0)
        free(l);
    glob_t g;
    if (glob(path(M, "tree/*/*"), 0, NULL, &g) == 0)
        globfree(&g);
    char *argv[] = {path(M, "tree"), NULL};
    FTS *fts = fts_open(argv, FTS_PHYSICAL, NULL);
    for (int i = 0; fts && i < 5 && fts_read(fts); i++)
        ; /* closed in the middle: whatever is left must be freed */
    if (fts)
        fts_close(fts);
}

static void walks_do_not_leak(void)
{
    for (int i = 0; i < 50; i++)
        one_round();
    long before = rss_kib();
    for (int i = 0; i < 1500; i++)
        one_round();
    long after = rss_kib();
    printf("info: RSS %ld KiB before, %ld KiB after 1500 rounds of walks\n", before, after);
    CHECK(after - before < 512, "RSS grew %ld KiB over 1500 rounds of walks", after - before);
}

int main(int argc, char **argv)
{
    if (argc != 5) {
        fprintf(stderr, "usage: %s MOUNT TIER0 TIER1 PERSISTENT\n", argv[0]);
        return 2;
    }
    M = argv[1], T0 = argv[2], T1 = argv[3], P = argv[4];
    snprintf(TOP, sizeof TOP, "%s", M);
    *strrchr(TOP, '/') = 0;
    snprintf(O, sizeof O, "%s/oracle", TOP);
    mkdir(O, 0755);
    seed_trees();
    drop_dac_capabilities();
    nftw_sees_the_merged_tree();
    nftw_chdir_follows_the_walk();
    nftw_actions_and_errors();
    nftw_from_above_enters_the_mount();
    deep_trees_work();
    scandir_lists_the_merged_directory();
    glob_matches_in_the_mount();
    fts_sees_the_merged_tree();
    walks_do_not_leak();
    printf("walk: %d passed, %d failed\n", passed, failed);
    return failed != 0;
}
