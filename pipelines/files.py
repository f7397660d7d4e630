"""Replacing an output safely: checked targets, one writer at a time, all or nothing.

Every file or directory that ``vnminer extract`` and ``vnminer export`` write goes
through this module:

* **Checked first.** :func:`check_target` refuses, in one line, a target that is a
  directory (where a file is meant), a device, a FIFO or a socket, or whose parent is
  not a directory; :func:`check_not_input` refuses a target that is also an input
  (or a JSONL output inside an input directory: the next run would read it back).
* **One writer at a time.** :class:`TargetLock` holds an ``flock`` on ``TARGET.lock``
  (the same lock file a crawl of that output holds, see ``crawler.collected``); a
  second run refuses at once, naming the holder's pid. The kernel drops an ``flock``
  when its holder dies, even by SIGKILL, so a lock never outlives its run.
* **All or nothing.** :class:`AtomicFile` writes to a unique temporary file beside the
  target (``.NAME.XXXXXXXX.tmp``: hidden, so directory readers skip it), and on
  :meth:`~AtomicFile.commit` flushes it to disk, gives it the target's permissions and
  renames it over the target (``os.replace``: atomic on POSIX), then syncs the
  directory. Anything else (an exception, Ctrl-C, a run with nothing to write) removes
  the temporary file and leaves the target as it was. A run killed by SIGKILL leaves
  its temporary file behind; the next run on that target removes it once it holds the
  lock (:func:`remove_stale_temps`).
* **Through links.** A target that is a symbolic link is resolved: the file it points
  to is replaced and the link is kept.
* **One-line failures.** A write that fails (disk full, file too large, permission
  denied) raises :class:`OutputError` naming the target and the reason; the temporary
  file is removed.

These are the guarantees listed in ``docs/reliability.md`` (issue 13, guarantee 1).
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType
from typing import IO

from crawler.locks import lock_file, lock_holder, unlock_file

__all__ = [
    "AtomicFile",
    "OutputBusy",
    "OutputError",
    "OutputRefused",
    "TargetLock",
    "check_not_input",
    "check_target",
    "new_temp_dir",
    "remove_stale_temps",
    "replace_dir",
    "resolve_target",
    "target_problem",
    "temp_prefix",
]

#: Suffixes of files ``vnminer extract`` reads from an input directory.
_INPUT_SUFFIXES = (".txt", ".jsonl", ".ndjson")
#: The file of titles, dates… beside ``.txt`` inputs (``pipelines.inputs.METADATA_FILE``).
_METADATA = "metadata.json"


class OutputError(Exception):
    """An output could not be written; ``str()`` is the one line to show the user:
    ``PATH: reason``. ``exit_code`` is what the command returns."""

    exit_code = 1

    def __init__(self, path: str | Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


class OutputRefused(OutputError):
    """The target cannot be an output at all (a directory, a device, an input…)."""

    exit_code = 2


class OutputBusy(OutputError):
    """Another process is writing the target."""


def resolve_target(path: str | Path) -> Path:
    """``path`` with symbolic links resolved (a dangling link names the file it would
    create): the file that is really replaced, so the link stays a link."""
    return Path(os.path.realpath(os.fspath(path)))


def _kind(mode: int) -> str | None:
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "directory"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    if stat.S_ISFIFO(mode):
        return "FIFO"
    if stat.S_ISSOCK(mode):
        return "socket"
    return "special file"


def check_target(path: str | Path, *, directory: bool = False) -> str | None:
    """Why ``path`` cannot be replaced by a new file (or, with ``directory``, a new
    directory), as ``PATH: reason``, or None. Links are followed: the file they point to
    is what counts."""
    reason = target_problem(path, directory=directory)
    return f"{path}: {reason}" if reason else None


def target_problem(path: str | Path, *, directory: bool = False) -> str | None:
    """The reason of :func:`check_target`, without the path."""
    real = resolve_target(path)
    try:
        mode = real.stat().st_mode
    except (FileNotFoundError, NotADirectoryError):  # an ancestor is missing or a file
        mode = None
    except OSError as exc:
        return f"cannot be used as output ({exc.strerror or exc})"
    if mode is not None:
        kind = _kind(mode)
        if directory and kind != "directory":
            return f"is a {kind or 'file'}, not a directory"
        if not directory and kind is not None:
            hint = " (give a file name in it)" if kind == "directory" else ""
            return f"is a {kind}, not a regular file{hint}"
    # The nearest existing ancestor must be a directory we can create things in.
    parent = real.parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if not parent.is_dir():
        return f"{parent} is not a directory"
    return None


def _same(a: Path, b: Path) -> bool:
    try:
        return a == b or (a.exists() and b.exists() and os.path.samefile(a, b))
    except OSError:
        return False


def check_not_input(
    inputs: Iterable[str | Path], targets: Iterable[tuple[str, str | Path | None]]
) -> str | None:
    """Why one of ``targets`` (``(option, path)`` pairs; None paths skipped) would
    overwrite an input or another target, or None.

    A target that is an input file is refused, and so is a ``.jsonl`` or ``.txt`` target
    inside an input directory: the next run over that directory would read it as input.
    """
    named = [(opt, str(p), resolve_target(p)) for opt, p in targets if p is not None]
    for i, (opt, shown, real) in enumerate(named):
        for other_opt, _, other in named[:i]:
            if _same(real, other):
                return f"{shown}: {opt} and {other_opt} name the same file"
    for item in inputs:
        source = resolve_target(item)
        for opt, shown, real in named:
            if _same(real, source):
                return f"{shown}: {opt} is also an input; it would be overwritten"
            if (
                source.is_dir()
                and (real.suffix.lower() in _INPUT_SUFFIXES or real.name == _METADATA)
                and real.is_relative_to(source)
            ):
                return (
                    f"{shown}: {opt} is inside input directory {item}; "
                    "the next run would read it as input"
                )
            if source.is_file() and _same(real, source.parent / _METADATA):
                return f"{shown}: {opt} is the metadata of input {item}; it would be overwritten"
    return None


def temp_prefix(target: Path) -> str:
    """The prefix of temporary files and directories beside ``target``."""
    return f".{target.name}."


def remove_stale_temps(target: Path) -> None:
    """Remove what runs killed while writing ``target`` left beside it (call with the
    target's lock held: then no other writer's temporary files can be there)."""
    # Exactly the names mkstemp/mkdtemp and replace_dir give (prefix, 8 characters or
    # "old-PID", ".tmp"): a user's own ".NAME.notes.tmp.txt" is not ours to remove.
    ours = re.compile(re.escape(temp_prefix(target)) + r"(?:[a-z0-9_]{8}|old-[0-9]+)\.tmp")
    with contextlib.suppress(OSError):
        for child in target.parent.iterdir():
            if ours.fullmatch(child.name):
                _remove(child)


def _remove(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()


def _mode_for(target: Path, *, directory: bool = False) -> int:
    """The permissions a new ``target`` gets: those of the file it replaces, else the
    defaults for the umask (``mkstemp`` makes its files private, 0600)."""
    with contextlib.suppress(OSError):
        return stat.S_IMODE(target.stat().st_mode)
    umask = os.umask(0)
    os.umask(umask)
    return (0o777 if directory else 0o666) & ~umask


def _fsync_dir(directory: Path) -> None:
    # The rename is durable only once the directory entry is on disk.
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _reason(exc: OSError) -> str:
    if exc.errno == errno.EFBIG:
        return "file too large (disk quota or file size limit reached)"
    return exc.strerror or str(exc)


class TargetLock:
    """An exclusive ``flock`` on ``TARGET.lock`` beside the (resolved) target, taken
    without waiting: :class:`OutputBusy` names the pid that holds it. The lock file is
    removed on release."""

    def __init__(self, target: str | Path, shown: str | Path | None = None) -> None:
        self.target = resolve_target(target)
        self.shown = str(shown if shown is not None else target)
        self.path = self.target.with_name(self.target.name + ".lock")
        self._fd: int | None = None

    def acquire(self) -> None:
        try:
            import fcntl  # noqa: F401
        except ImportError:  # pragma: no cover - not POSIX: no lock
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._fd = lock_file(self.path)
        except BlockingIOError:
            raise OutputBusy(
                self.shown,
                f"another run ({lock_holder(self.path)}) is writing it; wait for it to finish "
                "or choose another output",
            ) from None

    def release(self) -> None:
        if self._fd is not None:
            unlock_file(self.path, self._fd)
            self._fd = None

    def __enter__(self) -> TargetLock:
        self.acquire()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.release()


class AtomicFile:
    """A new version of ``target``, written to a temporary file beside it and renamed
    into place by :meth:`commit`; removed by :meth:`abort` (or when the context exits
    without a commit). Holds the target's lock from :meth:`open` to the end.

    ``mode`` is ``"w"`` (text, UTF-8, ``\\n`` line ends) or ``"wb"``. Errors while
    writing, flushing or renaming raise :class:`OutputError` naming ``target``.
    """

    def __init__(self, target: str | Path, mode: str = "w") -> None:
        if mode not in ("w", "wb"):
            raise ValueError("mode must be 'w' or 'wb'")
        self.shown = str(target)
        self.target = resolve_target(target)
        self.mode = mode
        self.lock = TargetLock(target)
        self.temp: Path | None = None
        self.fp: IO | None = None

    def open(self) -> IO:
        """Check the target, take its lock and create the temporary file."""
        if reason := target_problem(self.shown):
            raise OutputRefused(self.shown, reason)
        try:
            self.target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(self.shown, f"cannot create its directory ({_reason(exc)})") from None
        self.lock.acquire()
        try:
            remove_stale_temps(self.target)
            fd, name = tempfile.mkstemp(
                dir=self.target.parent, prefix=temp_prefix(self.target), suffix=".tmp"
            )
            self.temp = Path(name)
            if self.mode == "w":
                self.fp = open(fd, "w", encoding="utf-8", newline="\n")  # noqa: SIM115
            else:
                self.fp = open(fd, "wb")  # noqa: SIM115
        except OSError as exc:
            self.lock.release()
            raise OutputError(self.shown, f"cannot write here ({_reason(exc)})") from None
        return self.fp

    def write(self, data: str | bytes) -> None:
        """Write ``data`` to the temporary file."""
        assert self.fp is not None, "open() first"
        try:
            self.fp.write(data)
        except OSError as exc:
            self.abort()
            raise OutputError(self.shown, _reason(exc)) from None

    def commit(self) -> None:
        """Flush the temporary file to disk and rename it over the target."""
        assert self.fp is not None and self.temp is not None, "open() first"
        try:
            self.fp.flush()
            os.fsync(self.fp.fileno())
            self.fp.close()
            os.chmod(self.temp, _mode_for(self.target))
            os.replace(self.temp, self.target)
        except OSError as exc:
            self.abort()
            raise OutputError(self.shown, _reason(exc)) from None
        self.temp = None
        _fsync_dir(self.target.parent)
        self.lock.release()

    def abort(self) -> None:
        """Remove the temporary file; the target stays as it was."""
        if self.fp is not None:
            with contextlib.suppress(OSError):
                self.fp.close()
        if self.temp is not None:
            with contextlib.suppress(OSError):
                self.temp.unlink()
            self.temp = None
        self.lock.release()

    def __enter__(self) -> AtomicFile:
        self.open()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.abort()  # after commit() this only releases what is left


def new_temp_dir(target: Path) -> Path:
    """A new, empty temporary directory beside ``target`` (same file system, so it can
    be renamed into place), with the permissions a new directory would get."""
    target.parent.mkdir(parents=True, exist_ok=True)
    path = Path(tempfile.mkdtemp(dir=target.parent, prefix=temp_prefix(target), suffix=".tmp"))
    os.chmod(path, _mode_for(target, directory=True))
    return path


def replace_dir(new: Path, target: Path) -> None:
    """Put directory ``new`` in place of ``target`` (absent, or a directory removed
    afterwards). Between the two renames ``target`` is briefly absent, never mixed."""
    if target.exists():
        old = target.with_name(f"{temp_prefix(target)}old-{os.getpid()}.tmp")
        _remove(old)
        os.replace(target, old)
        os.replace(new, target)
        _remove(old)
    else:
        os.replace(new, target)
    _fsync_dir(target.parent)
