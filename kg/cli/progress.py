"""A progress bar on standard error for loads that take a while, and none when it is not a terminal."""

from __future__ import annotations

import contextlib
import sys
import threading
from typing import Callable, Iterator

#: seconds before a bar appears: a quick load shows none
DELAY = 2.0


@contextlib.contextmanager
def load_progress(description: str = "loading") -> Iterator[Callable[[int, int], None] | None]:
    """A callback ``(done, total)`` that drives a rich progress bar on standard error.

    Yields None when standard error is not a terminal (a pipe, a file, a test
    runner), so nothing is drawn there. The bar shows only once the load has
    run for :data:`DELAY` seconds and is removed when it ends.
    """
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

    progress = Progress(
        TextColumn("{task.description}"), BarColumn(), DownloadColumn(), TimeRemainingColumn(),
        console=Console(file=sys.stderr), transient=True,
    )
    task = progress.add_task(description, total=None)
    timer = threading.Timer(DELAY, progress.start)
    timer.daemon = True
    timer.start()

    def update(done: int, total: int) -> None:
        progress.update(task, completed=done, total=total)

    try:
        yield update
    finally:
        timer.cancel()
        progress.stop()
