"""The standard streams, whatever state the command finds them in.

stdout may be closed (``provenance check s.yaml >&-``), a pipe whose reader has left
(``… | head -1``), a full disk, or a descriptor open only for reading; stderr may be any
of these too. The command says a lost output in one line on stderr and exits 2
(:func:`provenance.cli.main` catches the failed write, in one place, and asks
:func:`unwritable` why); a pipe whose reader left had all the reader wanted, and ends
quietly with status 0, as Unix tools do; what cannot be said on stderr is left unsaid,
never a traceback.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import sys
from collections.abc import Iterator
from typing import TextIO

__all__ = ["say", "silence", "unwritable", "usable_streams"]


def say(line: str) -> None:
    """Print `line` on stderr as well as it can be: a stderr that is closed or gone is
    not an error of its own (the exit status still tells)."""
    stream = sys.stderr
    if stream is None:  # closed when Python started (print would take stdout instead)
        return
    try:
        print(line, file=stream, flush=True)
    except (OSError, ValueError):
        silence(stream)


def silence(stream: TextIO | None) -> None:
    """Point `stream`'s file at the null device, so that what its buffer still holds goes
    nowhere at Python's flush at exit, rather than failing again there (Python's recipe
    for a closed pipe: https://docs.python.org/3/library/signal.html#note-on-sigpipe)."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
    except OSError:
        return
    try:
        if stream is not None:
            os.dup2(null, stream.fileno())
    except (OSError, ValueError):  # not a file of its own (a test's capture), or closed
        pass
    finally:
        os.close(null)


def unwritable(error: OSError | ValueError) -> str | None:
    """Why stdout could not be written, if `error` says it could not: for the line
    ``provenance: error: cannot write the output: …``; None for a ValueError that is not
    a closed stdout's (a fault to be seen whole)."""
    if isinstance(error, OSError):
        if error.errno == errno.EBADF:  # closed since, or open only for reading
            return "standard output is not open for writing"
        return error.strerror or str(error)
    if "closed file" in str(error) and getattr(sys.stdout, "closed", False) is True:
        return "standard output is closed"
    return None


@contextlib.contextmanager
def usable_streams() -> Iterator[None]:
    """Stand in, while the command runs, for a standard stream that was closed when
    Python started (which leaves it None): stdout by one that fails as a closed file
    does, so that the lost output is said, not silently dropped by ``print``; stderr by
    one that keeps what is said to it unread."""
    stdout, stderr = sys.stdout, sys.stderr
    if stdout is None:
        sys.stdout = _closed()
    if stderr is None:
        sys.stderr = io.StringIO()
    try:
        yield
    finally:
        sys.stdout, sys.stderr = stdout, stderr


def _closed() -> TextIO:
    stream = io.StringIO()
    stream.close()
    return stream
