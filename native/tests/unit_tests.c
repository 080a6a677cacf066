/* Unit tests of path classification, built with ASan/UBSan. The code under test is
 * compiled in directly; the few shim symbols it needs are provided here. */
#include "../src/path/classify.c"

#include <stdlib.h>

struct sn_config sn_cfg;
char *(*real_getcwd)(char *, size_t) = getcwd;
static struct sn_fdrec *fake_fd_rec;
struct sn_fdrec *sn_fd_get(int fd)
{
    return fd == 42 ? fake_fd_rec : NULL;
}
static char noted_above[PATH_MAX];
void sn_fd_set(int fd, int tier, unsigned flags, const char *vpath, size_t len)
{
    (void)fd, (void)tier, (void)flags, (void)len;
    snprintf(noted_above, sizeof noted_above, "%s", vpath);
}

/* The view, as far as these tests need one: two directories and a file. */
int sn_find(const struct sn_vpath *v, struct stat *st, int *err)
{
    if (strcmp(v->path, "/r/mnt/sub") == 0 || strcmp(v->path, "/r/mnt/d") == 0) {
        st->st_mode = S_IFDIR | 0755;
        return 0;
    }
    if (strcmp(v->path, "/r/mnt/file") == 0) {
        st->st_mode = S_IFREG | 0644;
        return 0;
    }
    *err = ENOENT;
    return -1;
}

#include "check.h"

static void normalizes(const char *in, const char *want)
{
    char out[PATH_MAX];
    long n = sn_normalize(in, out, sizeof out);
    CHECK(n >= 0 && strcmp(out, want) == 0 && (size_t)n == strlen(want), "normalize(%s) = %s, want %s", in,
          n >= 0 ? out : "(error)", want);
}

static void set_mount(const char *m, const char *t0, const char *t1)
{
    memset(&sn_cfg, 0, sizeof sn_cfg);
    strcpy(sn_cfg.mount, m);
    sn_cfg.mount_len = strlen(m);
    strcpy(sn_cfg.tier[0], t0);
    sn_cfg.tier_len[0] = strlen(t0);
    strcpy(sn_cfg.tier[1], t1);
    sn_cfg.tier_len[1] = strlen(t1);
    sn_cfg.n_tiers = 2;
    sn_cfg.active = true;
}

static void classifies(int dirfd, const char *path, enum sn_class want, const char *want_path)
{
    struct sn_vpath v;
    const char *p = path;
    enum sn_class c = sn_classify(dirfd, &p, &v);
    CHECK(c == want, "classify(%s) = %d, want %d", path, c, want);
    if (c == SN_MOUNT && want_path)
        CHECK(strcmp(v.path, want_path) == 0, "classify(%s) path %s, want %s", path, v.path, want_path);
    if (c == SN_PASS && want_path)
        CHECK(strcmp(p, want_path) == 0, "classify(%s) passes %s, want %s", path, p, want_path);
}

int main(void)
{
    /* lexical normalisation */
    normalizes("/", "/");
    normalizes("//", "/");
    normalizes("/a/b/c", "/a/b/c");
    normalizes("/a//b///c/", "/a/b/c");
    normalizes("/a/./b/.", "/a/b");
    normalizes("/a/b/../c", "/a/c");
    normalizes("/a/b/../../..", "/");
    normalizes("/../a", "/a");
    normalizes("/a/..b/.c/...", "/a/..b/.c/...");
    normalizes("/mnt/../mnt/f", "/mnt/f");
    char small[4];
    CHECK(sn_normalize("/abcdef", small, sizeof small) < 0, "too long a path is an error");

    set_mount("/r/mnt", "/dev/shm/t0", "/r/persist");
    /* component-wise prefix, never a substring (Sea defect 5) */
    CHECK(sn_under_mount("/r/mnt", 6), "the mount itself is under the mount");
    CHECK(sn_under_mount("/r/mnt/a", 8), "a child is under the mount");
    CHECK(!sn_under_mount("/r/mnt2", 7), "a sibling sharing a prefix is not under the mount");
    CHECK(!sn_under_mount("/x/r/mnt/f", 10), "a path containing the mount string is not under it");

    sn_cwd_set("/work", -1);
    classifies(AT_FDCWD, "/r/mnt/a", SN_MOUNT, "/r/mnt/a");
    classifies(AT_FDCWD, "/r/mnt//a/./b/", SN_MOUNT, "/r/mnt/a/b");
    classifies(AT_FDCWD, "/r/mnt/../mnt/f", SN_MOUNT, "/r/mnt/f"); /* Sea defect 6 */
    classifies(AT_FDCWD, "/r/x/../mnt/f", SN_MOUNT, "/r/mnt/f");
    classifies(AT_FDCWD, "/r/mnt2/f", SN_PASS, "/r/mnt2/f");
    classifies(AT_FDCWD, "/x/r/mnt/f", SN_PASS, "/x/r/mnt/f");
    classifies(AT_FDCWD, "/r/mnt/../other", SN_PASS, "/r/mnt/../other");
    /* the inlined fast path must not let a redundant spelling of the mount escape */
    classifies(AT_FDCWD, "//r//mnt/a", SN_MOUNT, "/r/mnt/a");
    classifies(AT_FDCWD, "/r/./mnt/./a", SN_MOUNT, "/r/mnt/a");
    classifies(AT_FDCWD, "/./r/mnt", SN_MOUNT, "/r/mnt");
    classifies(AT_FDCWD, "/usr/../r/mnt/f", SN_MOUNT, "/r/mnt/f");
    classifies(AT_FDCWD, "/r/.mnt/f", SN_PASS, "/r/.mnt/f");
    classifies(AT_FDCWD, "/r/mn", SN_PASS, "/r/mn");
    classifies(AT_FDCWD, "/r", SN_PASS, "/r");
    classifies(AT_FDCWD, "/r/mnt.d/f", SN_PASS, "/r/mnt.d/f");
    CHECK(sn_fast_pass(AT_FDCWD, "/usr/lib/x.so"), "an unrelated absolute path takes the fast path");
    CHECK(!sn_fast_pass(AT_FDCWD, "/r//mnt"), "a doubled slash inside the mount prefix is not fast-passed");
    classifies(AT_FDCWD, "relative/file", SN_PASS, "relative/file");
    classifies(AT_FDCWD, "", SN_PASS, "");

    /* a cwd above the mount: relative paths may enter it */
    sn_cwd_set("/r", -1);
    CHECK(!sn_cwd_in_mount(), "/r is not in the mount");
    classifies(AT_FDCWD, "mnt/a", SN_MOUNT, "/r/mnt/a");
    classifies(AT_FDCWD, "other/a", SN_PASS, "other/a");

    /* a cwd inside the mount: relative paths are virtual, leaving ones go absolute */
    sn_cwd_set("/r/mnt/sub", 0);
    CHECK(sn_cwd_in_mount(), "/r/mnt/sub is in the mount");
    /* the kernel's cwd is tier 0's copy: names below it are handed to the kernel relative */
    {
        struct sn_vpath v = {.path = "/r/mnt/sub/d/f", .len = 14};
        CHECK(sn_cwd_rel_offset(&v, 0) == 11, "below the cwd on the cwd's tier: offset %zu, want 11",
              sn_cwd_rel_offset(&v, 0));
        CHECK(sn_cwd_rel_offset(&v, 1) == 0, "another tier's copy is named absolute");
        struct sn_vpath self = {.path = "/r/mnt/sub", .len = 10};
        CHECK(sn_cwd_rel_offset(&self, 0) == 0, "the cwd itself stays absolute (rmdir(\"./\") is EINVAL)");
        struct sn_vpath sib = {.path = "/r/mnt/subx/f", .len = 13};
        CHECK(sn_cwd_rel_offset(&sib, 0) == 0, "a sibling sharing the cwd's prefix is not below it");
        struct sn_vpath up = {.path = "/r/mnt/g", .len = 8};
        CHECK(sn_cwd_rel_offset(&up, 0) == 0, "a name above the cwd is absolute");
        sn_cwd_set("/r/mnt/sub", -1);
        CHECK(sn_cwd_rel_offset(&v, 0) == 0, "a kernel cwd on no known tier: always absolute");
        sn_cwd_set("/r/mnt/sub", 0);
    }
    classifies(AT_FDCWD, "f", SN_MOUNT, "/r/mnt/sub/f");
    classifies(AT_FDCWD, "../g", SN_MOUNT, "/r/mnt/g");
    classifies(AT_FDCWD, "../../x", SN_PASS, "/r/x");
    classifies(AT_FDCWD, ".", SN_MOUNT, "/r/mnt/sub");
    /* the last component is not lexical: "x/." keeps "/." for the kernel, "x/.." needs x */
    {
        struct sn_vpath v;
        const char *p = ".";
        CHECK(sn_classify(AT_FDCWD, &p, &v) == SN_MOUNT && strcmp(v.suffix, "/.") == 0,
              "\".\" keeps its \"/.\" so rmdir(\".\") is EINVAL, not a removal (suffix %s)", v.suffix);
        p = "/r/mnt/file/";
        CHECK(sn_classify(AT_FDCWD, &p, &v) == SN_MOUNT && strcmp(v.suffix, "/") == 0, "a trailing slash is kept");
        p = "/r/mnt/missing/..";
        errno = 0;
        CHECK(sn_classify(AT_FDCWD, &p, &v) == SN_ERROR && errno == ENOENT, "missing/.. is ENOENT (errno %d)", errno);
        p = "/r/mnt/file/..";
        errno = 0;
        CHECK(sn_classify(AT_FDCWD, &p, &v) == SN_ERROR && errno == ENOTDIR, "file/.. is ENOTDIR (errno %d)", errno);
        p = "/r/mnt/d/..";
        CHECK(sn_classify(AT_FDCWD, &p, &v) == SN_MOUNT && strcmp(v.path, "/r/mnt") == 0 && v.suffix[0] == 0,
              "d/.. is the mount (%s)", v.path);
    }
    classifies(AT_FDCWD, "..", SN_MOUNT, "/r/mnt");
    char cwd[PATH_MAX];
    CHECK(sn_cwd_get(cwd, sizeof cwd) == strlen("/r/mnt/sub") && strcmp(cwd, "/r/mnt/sub") == 0,
          "getcwd sees the virtual cwd");
    CHECK(sn_cwd_get(cwd, 5) == 0, "a too-small buffer gets nothing");

    /* dirfd-relative */
    fake_fd_rec = malloc(sizeof *fake_fd_rec + 16);
    strcpy(fake_fd_rec->vpath, "/r/mnt/d");
    fake_fd_rec->len = strlen("/r/mnt/d");
    classifies(42, "e", SN_MOUNT, "/r/mnt/d/e");
    classifies(42, "../../y", SN_PASS, "/r/y");
    classifies(42, "/abs", SN_PASS, "/abs");
    classifies(7, "e", SN_PASS, "e"); /* a dirfd we did not open: the kernel resolves it */
    free(fake_fd_rec);

    /* parents */
    struct sn_vpath v = {.path = "/r/mnt/a/b", .len = 10}, p;
    sn_parent(&v, &p);
    CHECK(strcmp(p.path, "/r/mnt/a") == 0, "parent of /r/mnt/a/b is %s", p.path);
    sn_parent(&p, &v);
    CHECK(strcmp(v.path, "/r/mnt") == 0, "parent of /r/mnt/a is %s", v.path);
    sn_parent(&v, &p);
    CHECK(strcmp(p.path, "/r/mnt") == 0, "parent of the mount stays the mount, got %s", p.path);

    /* tier paths map back */
    char out[PATH_MAX];
    CHECK(sn_real_to_virtual_tier("/dev/shm/t0/a/b", out, sizeof out) == 0 && strcmp(out, "/r/mnt/a/b") == 0,
          "tier 0 path maps to the mount");
    CHECK(sn_real_to_virtual_tier("/r/persist", out, sizeof out) == 1 && strcmp(out, "/r/mnt") == 0,
          "persistent root maps to the mount");
    CHECK(sn_real_to_virtual_tier("/dev/shm/t00/a", out, sizeof out) < 0,
          "a sibling of a tier root is not a tier path");

    /* directories above the mount are noted, others not */
    sn_note_above_slow(3, "/r//");
    CHECK(strcmp(noted_above, "/r") == 0, "/r// is above /r/mnt (noted %s)", noted_above);
    noted_above[0] = 0;
    sn_note_above_slow(3, "/rx");
    sn_note_above_slow(3, "/r/mnt");
    sn_note_above_slow(3, "/r/x/..");
    CHECK(noted_above[0] == 0, "/rx, the mount itself and a path with .. are not noted (%s)", noted_above);

    /* off: nothing is ours */
    sn_cfg.active = false;
    classifies(AT_FDCWD, "/r/mnt/a", SN_PASS, "/r/mnt/a");

    printf("unit: %d passed, %d failed\n", passed, failed);
    return failed != 0;
}
