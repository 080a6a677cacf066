#!/usr/bin/env python3
"""A reference model of sea_launch, for testing the integration suite itself.

It gives a program the same view SeaNet promises, by brute force and with no shim: before
the command it merges the tier directories into the (real) mount directory, afterwards it
puts every file back on the tier the placement rules choose and empties the mount again.
Running the suite with SEANET_IT_LAUNCH pointing here exercises the real-mode checks
(tier placement, what the tiers store) before the shim and daemon exist; setting
SEANET_MODEL_BUG to one of BUGS makes the model wrong in one way, and the cases that are
meant to catch that bug must then fail (selftest/run_mutants.sh).

The "daemon" is a stand-in process (a copy of sleep named seanetd beside the launcher, made
by run_mutants.sh) that the killed-daemon case can find and kill. Not modelled: concurrent
jobs sharing a mount.
"""
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

BUGS = {
    "new_files_on_t1": "new files skip tier 0",
    "rename_moves_to_t0": "a renamed file moves to tier 0",
    "unlink_top_copy_only": "removing a file leaves its copies on lower tiers",
    "persist_invisible": "the persistent tier is not merged into the view",
    "ignore_capacity": "cache_N_capacity is ignored",
    "exit_code_lost": "sea_launch exits 0 whatever the command did",
    "stdout_banner": "sea_launch prints a banner on stdout",
    "leak_into_mount": "a file is left in the real mount directory",
    "lose_newest_file": "the last file written is lost",
    "copy_to_persist_too": "new files are also written to the persistent tier",
    "daemon_outlives_launcher": "seanetd keeps running after sea_launch returns",
    "writes_lost_after_daemon_death": "files created after seanetd died are lost",
}
BUG = os.environ.get("SEANET_MODEL_BUG", "")


def parse_size(text):
    text = text.strip()
    mult = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40}
    if text and text[-1].upper() in mult:
        return int(float(text[:-1]) * mult[text[-1].upper()])
    return int(text)


def read_ini(path):
    conf = {}
    with open(path) as f:
        for line in f:
            line = line.split(";")[0].strip()
            if "=" in line:
                k, v = line.split("=", 1)
                conf[k.strip()] = v.strip()
    n = int(conf["n_levels"])
    tiers = [conf[f"cache_{i}"] for i in range(n)]
    caps = [parse_size(conf[f"cache_{i}_capacity"]) if f"cache_{i}_capacity" in conf else None for i in range(n)]
    return conf["mount_dir"], tiers, caps, parse_size(conf.get("max_fs", str(256 << 20)))


def files_under(root):
    for d, dirs, files in os.walk(root):
        for name in files:
            p = os.path.join(d, name)
            yield os.path.relpath(p, root), p


def dirs_under(root):
    for d, dirs, _ in os.walk(root):
        for name in dirs:
            yield os.path.relpath(os.path.join(d, name), root)


def populate(mount, tiers, hold):
    """Merge the tiers into the mount (tier 0 wins); remember which tier each file came from.
    A hard link in `hold` keeps each inode alive, so a new file cannot reuse the number."""
    origin = {}      # inode in the mount -> tier index of the visible copy
    copies = {}      # rel -> tier indexes holding a copy
    for i, tier in enumerate(tiers):
        if BUG == "persist_invisible" and i == len(tiers) - 1:
            continue
        for rel in dirs_under(tier):
            os.makedirs(os.path.join(mount, rel), exist_ok=True)
        for rel, p in files_under(tier):
            copies.setdefault(rel, []).append(i)
            dst = os.path.join(mount, rel)
            if not os.path.lexists(dst):
                shutil.copy2(p, dst)
                ino = os.lstat(dst).st_ino
                os.link(dst, os.path.join(hold, str(ino)))
                origin[ino] = i
    return origin, copies


def put_back(mount, tiers, caps, max_fs, origin, copies, daemon_died_ns):
    ncache = len(tiers) - 1
    used = [0] * len(tiers)
    final = {}       # rel -> tier index
    new = []
    for rel, p in files_under(mount):
        st = os.lstat(p)
        tier = origin.get(st.st_ino)
        if tier is None:
            new.append((st.st_mtime_ns, rel, st.st_size))
        else:
            if BUG == "rename_moves_to_t0" and rel not in copies:
                tier = 0
            final[rel] = tier
            used[tier] += st.st_size
    new.sort()
    if BUG == "lose_newest_file" and new:
        new.pop()
    if BUG == "writes_lost_after_daemon_death" and daemon_died_ns is not None:
        new = [n for n in new if n[0] < daemon_died_ns]
    for _, rel, size in new:
        tier = ncache      # persistent when no cache tier has room
        for i in range(ncache):
            if BUG == "new_files_on_t1" and i == 0:
                continue
            cap = caps[i] if caps[i] is not None and BUG != "ignore_capacity" else shutil.disk_usage(tiers[i]).free + used[i]
            if cap - used[i] >= max_fs:
                tier = i
                break
        final[rel] = tier
        used[tier] += size
    # remove what is gone or has moved, then write every file to its tier
    for rel, held in copies.items():
        for i in held:
            if final.get(rel) != i:
                if BUG == "unlink_top_copy_only" and rel not in final and i != held[0]:
                    continue
                os.unlink(os.path.join(tiers[i], rel))
    for rel, i in final.items():
        dst = os.path.join(tiers[i], rel)
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        shutil.copy2(os.path.join(mount, rel), dst)
        if BUG == "copy_to_persist_too" and i != ncache and rel not in copies:
            dst = os.path.join(tiers[ncache], rel)
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            shutil.copy2(os.path.join(mount, rel), dst)
    # directories: removed ones go from every tier, new ones are made on tier 0
    live = set(dirs_under(mount))
    for i, tier in enumerate(tiers):
        for rel in sorted(dirs_under(tier), key=len, reverse=True):
            if rel not in live:
                shutil.rmtree(os.path.join(tier, rel), ignore_errors=True)
    for rel in live:
        if not any(os.path.isdir(os.path.join(t, rel)) for t in tiers):
            os.makedirs(os.path.join(tiers[0], rel), exist_ok=True)
    for name in os.listdir(mount):
        p = os.path.join(mount, name)
        shutil.rmtree(p) if os.path.isdir(p) and not os.path.islink(p) else os.unlink(p)
    if BUG == "leak_into_mount":
        open(os.path.join(mount, ".leaked"), "w").close()


def main():
    argv = sys.argv[1:]
    ini = None
    if os.path.basename(sys.argv[0]).startswith("sea_launch.sh"):
        ini = os.path.join(os.environ["SEA_HOME"], "sea.ini")
        mount, tiers, caps, max_fs = read_ini(ini)
        cmd = ["bash"] + argv
    else:
        mount = persistent = None
        while argv and argv[0] != "--":
            opt = argv.pop(0)
            if opt == "-c":
                ini = argv.pop(0)
            elif opt == "--mount":
                mount = argv.pop(0)
            elif opt == "--persistent":
                persistent = argv.pop(0)
        cmd = argv[1:]
        if ini is None and "SEA_HOME" in os.environ:
            ini = os.path.join(os.environ["SEA_HOME"], "sea.ini")
        if ini is not None:
            mount, tiers, caps, max_fs = read_ini(ini)
        else:
            cache = tempfile.mkdtemp(prefix=f"seanet-{os.getuid()}-", dir="/dev/shm")
            tiers, caps, max_fs = [cache, persistent], [None, None], 256 << 20
    os.makedirs(mount, exist_ok=True)
    hold = tempfile.mkdtemp(prefix=".model-hold-", dir=os.path.dirname(os.path.abspath(mount)))
    origin, copies = populate(mount, tiers, hold)
    daemon, died = None, []
    fake = os.path.join(os.path.dirname(os.path.abspath(sys.argv[0])), "seanetd")
    if os.path.exists(fake):
        daemon = subprocess.Popen([fake, "infinity"], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL, start_new_session=BUG == "daemon_outlives_launcher")
        threading.Thread(target=lambda: (daemon.wait(), died.append(time.time_ns())), daemon=True).start()
    if BUG == "stdout_banner":
        print("seanet: job started", flush=True)
    try:
        rc = subprocess.call(cmd)
    except FileNotFoundError:
        rc = 127
    if rc < 0:
        rc = 128 - rc
    if daemon is not None and BUG != "daemon_outlives_launcher" and daemon.poll() is None:
        daemon.kill()
        daemon.wait()
        time.sleep(0.01)
        died.clear()     # stopped by us, after the command: not a death during the run
    put_back(mount, tiers, caps, max_fs, origin, copies, died[0] if died else None)
    shutil.rmtree(hold)
    if ini is None:
        try:
            os.rmdir(tiers[0])      # the embedded default's cache, when nothing is left in it
        except OSError:
            pass
    return 0 if BUG == "exit_code_lost" else rc


if __name__ == "__main__":
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    sys.exit(main())
