#!/usr/bin/env python3
"""Bench peer (d): an Ansible-style backup (backup_local is shutil.copy2), plus the SHA-256
of the copy and fsyncs of the copy and its directory, as a careful Python tool would do.

Usage: ansible_peer.py SOURCE DESTINATION; prints the hex SHA-256.
"""
import hashlib
import os
import shutil
import sys


def main(source, destination):
    shutil.copy2(source, destination)
    digest = hashlib.sha256()
    with open(destination, "rb") as f:
        while True:
            chunk = f.read(1 << 20)
            if not chunk:
                break
            digest.update(chunk)
        os.fsync(f.fileno())
    fd = os.open(os.path.dirname(os.path.abspath(destination)), os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    print(digest.hexdigest())


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
