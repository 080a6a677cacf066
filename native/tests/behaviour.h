/* Helpers shared by the behaviour programs (tests/<area>_behaviour.c), which run in a real
 * process under the shim with real tiers (argv: mount tier0 tier1 persistent). */
#ifndef SEANET_TESTS_BEHAVIOUR_H
#define SEANET_TESTS_BEHAVIOUR_H

#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"

/* root/rel in one of 16 rotating buffers (per thread): several may be passed to one call. */
static inline char *path(const char *root, const char *rel)
{
    static __thread char buf[16][4096];
    static __thread int i;
    char *b = buf[i++ & 15];
    size_t a = strlen(root), r = strlen(rel);
    if (a + 1 + r >= sizeof buf[0])
        a = r = 0; /* too long for a test path: "/" */
    memcpy(b, root, a);
    b[a] = '/';
    memcpy(b + a + 1, rel, r + 1);
    return b;
}

/* Does p exist (a dangling symlink too)? Goes through the shim only for mount paths. */
static inline bool exists(const char *p)
{
    struct stat st;
    return lstat(p, &st) == 0;
}

static inline void write_file(const char *p, const char *s)
{
    int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0) {
        (void)!write(fd, s, strlen(s));
        close(fd);
    }
}

/* Resident memory of this process, in KiB. */
static inline long rss_kib(void)
{
    FILE *f = fopen("/proc/self/statm", "r");
    long pages = 0, resident = 0;
    if (f) {
        if (fscanf(f, "%ld %ld", &pages, &resident) != 2)
            resident = 0;
        fclose(f);
    }
    return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

#endif
