"""One build's outputs as a set: staged, swapped in together with the stamp last, one build at a time.

``kg build`` writes several files (the graph, its stamp, the page, the report
and its charts). Written one by one into the output folder, a crash, Ctrl-C or
a kill between two of them would leave a new graph beside an old report, and a
matching stamp would make later commands trust it. So a build writes every
file into a staging folder inside the output folder, and only once all are
written: removes the old stamp (so nothing trusts the folder while it
changes), renames each staged file into place, and writes the stamp last.
A folder without a stamp is never trusted, so readers see the old set, or the
new set, or (between the first rename and the stamp) no trusted set: never a
mix they would believe.

A build holds an exclusive lock on ``OUT/.kg-build.lock`` for its whole run,
so a second build into the same folder is refused at once. Staging folders
are named ``.kg-staging-*`` and carry a mark; one left behind by a killed
build is removed by the next build that holds the lock, and nothing else.
"""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import os
import shutil
import signal
import tempfile
from pathlib import Path

from .problems import InputError, Problem, display_path

LOCK_NAME = ".kg-build.lock"
STAGING_PREFIX = ".kg-staging-"
_MARK_NAME = ".made-by-kg"


class BuildBusy(InputError):
    """Another build holds the output folder's lock."""

    def __init__(self, out_dir: Path):
        self.out_dir = out_dir
        super().__init__([Problem(display_path(out_dir), 0,
                                  "another kg build is writing into this folder; wait for it to finish "
                                  "or choose another {arg:out_dir}", True, param="out_dir")])


class OutputSet:
    """Stage files for ``out_dir`` and replace them all at once, the stamp last.

    Use as a context manager: files written under :attr:`staging` (directly
    or through :meth:`write`) replace those in ``out_dir`` only on
    :meth:`commit`; leaving the block without committing (an error,
    Ctrl-C) removes the staging folder and leaves ``out_dir`` as it was.

    Examples
    --------
    >>> import tempfile
    >>> out = Path(tempfile.mkdtemp()) / "build"
    >>> with OutputSet(out) as outputs:
    ...     _ = outputs.write("graph.ttl", b"new graph")
    ...     outputs.commit("stamp.txt", b"fingerprint")
    >>> sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
    ['graph.ttl', 'stamp.txt']
    """

    def __init__(self, out_dir: Path):
        self.out_dir = Path(out_dir)
        self.staging: Path | None = None
        self._lock = None

    def __enter__(self) -> "OutputSet":
        self.out_dir.mkdir(parents=True, exist_ok=True)
        self._lock = open(self.out_dir / LOCK_NAME, "a")  # noqa: SIM115 - held for the whole build
        try:
            fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self._lock.close()
            raise BuildBusy(self.out_dir) from None
        with _signals_held():
            self._remove_stale_staging()
            self.staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=self.out_dir))
            (self.staging / _MARK_NAME).touch()
            # Also at exit: Ctrl-C or SIGTERM can land between here and the start of the with block.
            atexit.register(self._remove_staging)
        return self

    def write(self, name: str, data: bytes) -> Path:
        """Stage ``data`` as ``name``; returns the path it will have in the output folder."""
        (self.staging / name).write_bytes(data)
        return self.out_dir / name

    def commit(self, stamp_name: str, stamp: bytes) -> None:
        """Move every staged file into the output folder, then write the stamp."""
        (self.out_dir / stamp_name).unlink(missing_ok=True)
        for path in sorted(self.staging.iterdir()):
            if path.name != _MARK_NAME:
                os.replace(path, self.out_dir / path.name)
        staged_stamp = self.staging / stamp_name
        staged_stamp.write_bytes(stamp)
        os.replace(staged_stamp, self.out_dir / stamp_name)

    def __exit__(self, *exc) -> None:
        with _signals_held():
            try:
                self._remove_staging()
                atexit.unregister(self._remove_staging)
            finally:
                self._lock.close()  # closing releases the lock

    def _remove_staging(self) -> None:
        if self.staging is not None:
            shutil.rmtree(self.staging, ignore_errors=True)

    def _remove_stale_staging(self) -> None:
        # We hold the lock, so no other build is staging here: any marked staging folder is a leftover.
        for path in self.out_dir.glob(STAGING_PREFIX + "*"):
            if path.is_dir() and not path.is_symlink() and (path / _MARK_NAME).is_file():
                shutil.rmtree(path, ignore_errors=True)


@contextlib.contextmanager
def _signals_held():
    """Hold Ctrl-C and SIGTERM back while staging starts or ends, so neither is left half done."""
    held = {signal.SIGINT, signal.SIGTERM}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
