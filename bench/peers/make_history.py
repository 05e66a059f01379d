#!/usr/bin/env python3
"""Fills a directory for the many-snapshots scenario: N snapshots of TARGET, cloned from one
real snapshot (payload and sidecar) under consecutive stamps, and N unrelated files.

Usage: make_history.py DIRECTORY TARGET_NAME COUNT
The directory must already hold TARGET_NAME and exactly one snapshot of it (tag 'backup').
"""
import os
import re
import shutil
import sys


def main(directory, target, count):
    pattern = re.compile(r"^\.%s\.backup\.(\d+)\.bak$" % re.escape(target))
    stamps = [int(m.group(1)) for m in map(pattern.match, os.listdir(directory)) if m]
    if len(stamps) != 1:
        sys.exit("expected exactly one snapshot of %s, found %d" % (target, len(stamps)))
    base = stamps[0]
    payload = os.path.join(directory, ".%s.backup.%d.bak" % (target, base))
    sidecar = payload + ".meta.json"
    for i in range(1, count):
        stamp = base - i
        name = os.path.join(directory, ".%s.backup.%d.bak" % (target, stamp))
        shutil.copy2(payload, name)
        shutil.copy2(sidecar, name + ".meta.json")
    for i in range(count):
        with open(os.path.join(directory, "unrelated-%05d.txt" % i), "w") as f:
            f.write("x")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
