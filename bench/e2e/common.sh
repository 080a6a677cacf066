# Shared by the end-to-end benchmarks (sourced): the three-level layout and the 2,500-entry tree
# the foundation's workloads run on.

# three_level_ini WORK SHM: WORK/sea.ini with the mount WORK/mnt, tier 0 SHM/t0 (tmpfs), tier 1
# WORK/t1 and the persistent tier WORK/persist (disk); makes the tier directories.
three_level_ini() {
    mkdir -p "$1/t1" "$1/persist" "$2/t0"
    cat >"$1/sea.ini" <<INI
[Sea]
mount_dir = $1/mnt ;
n_levels = 3 ;
cache_0 = $2/t0 ;
cache_1 = $1/t1 ;
cache_2 = $1/persist ;
max_fs = 1M ;
log_level = 1 ;
log_file = $1/sea.log ;
INI
}

# foundation_tarball DIR TAR: 50 directories of 49 files of 1-8 KiB under DIR, packed into TAR.
foundation_tarball() {
    local d f
    for d in $(seq 1 50); do
        mkdir -p "$1/d$d"
        for f in $(seq 1 49); do head -c $(((f % 8 + 1) * 1024)) /dev/urandom >"$1/d$d/f$f"; done
    done
    tar -cf "$2" -C "$1" .
}
