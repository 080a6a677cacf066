/* One workload, timed in-process so process start-up is not measured:
 *   microbench open   DIR N   open+close of DIR/f, N times
 *   microbench stat   DIR N   stat of DIR/f, N times
 *   microbench create DIR N   mkdir DIR/run-PID, then create N files of 4 KiB in it, write, close
 *   microbench create-flat DIR N   the same directly in DIR (for a mount root: on every tier)
 * Prints the elapsed nanoseconds per operation. Used by bench/e2e/bench_foundation.sh with
 * and without LD_PRELOAD, alternating. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

int main(int argc, char **argv)
{
    if (argc != 4)
        return 2;
    const char *what = argv[1], *dir = argv[2];
    long n = atol(argv[3]);
    char p[4096];
    snprintf(p, sizeof p, "%s/f", dir);
    double t0 = 0, t1 = 0;
    if (strcmp(what, "open") == 0 || strcmp(what, "stat") == 0) {
        int fd = open(p, O_WRONLY | O_CREAT, 0644);
        close(fd);
        struct stat st;

        int is_open = strcmp(what, "open") == 0;
        t0 = now();
        for (long i = 0; i < n; i++) {
            if (is_open)
                close(open(p, O_RDONLY));
            else
                stat(p, &st);
        }
        t1 = now();
    } else if (strcmp(what, "create") == 0 || strcmp(what, "create-flat") == 0) {
        static char block[4096];
        char sub[4096];
        memset(block, 'x', sizeof block);
        if (strcmp(what, "create") == 0) {
            snprintf(sub, sizeof sub, "%s/run-%d", dir, (int)getpid());
            if (mkdir(sub, 0755) != 0) {
                perror(sub);
                return 1;
            }
        } else {
            snprintf(sub, sizeof sub, "%s", dir);
        }
        t0 = now();
        for (long i = 0; i < n; i++) {
            snprintf(p, sizeof p, "%s/c%ld", sub, i);
            int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644);
            if (fd < 0 || write(fd, block, sizeof block) != (ssize_t)sizeof block) {
                perror(p);
                return 1;
            }
            close(fd);
        }
        t1 = now();
    } else {
        return 2;
    }
    printf("%.1f\n", (t1 - t0) / (double)n);
    return 0;
}
