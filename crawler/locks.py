"""Lock files: one writer per output, for the crawl (``crawler.collected``) and for
``vnminer extract`` / ``export`` (``pipelines.files``), which take the same ``OUTPUT.lock``.

An exclusive ``flock``, taken without waiting; the kernel drops it when its holder dies,
even by SIGKILL, so a lock never outlives its run. The holder removes the file when it
lets go, while still holding the lock; whoever opened the file just before then locks a
file nobody else will see, so :func:`lock_file` checks that the file it locked is still
the one at the path, and tries again when it is not.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

__all__ = ["lock_file", "lock_holder", "unlock_file"]


def lock_file(path: Path) -> int:
    """An open descriptor holding the lock on ``path`` (created if needed; its parent
    must exist), with this process's pid written in it. ``BlockingIOError`` when another
    holds it (:func:`lock_holder` tells who)."""
    import fcntl

    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            raise
        try:
            same = os.fstat(fd).st_ino == os.stat(path).st_ino
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)
    os.ftruncate(fd, 0)
    os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
    return fd


def lock_holder(path: Path) -> str:
    """Who holds the lock on ``path``: ``pid N``, or ``another process``."""
    try:
        holder = path.read_bytes()[:32].decode("ascii", "replace").strip()
    except OSError:
        holder = ""
    return f"pid {holder}" if holder.isdigit() else "another process"


def unlock_file(path: Path, fd: int) -> None:
    """Let go of the lock :func:`lock_file` took, removing the file first."""
    with contextlib.suppress(OSError):
        path.unlink()
    os.close(fd)
