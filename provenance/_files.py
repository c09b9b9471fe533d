"""Writing files atomically: a crash mid-write never leaves a half-written file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from provenance.errors import FileAccessError

__all__ = ["cannot_read", "read_text", "write_text_atomically"]


def read_text(path: str | os.PathLike[str]) -> str:
    """The UTF-8 text of `path`; a :class:`FileAccessError` naming it if it cannot be read."""
    try:
        return Path(path).read_text(encoding="utf-8")
    except (UnicodeDecodeError, OSError) as error:
        raise cannot_read(path, error) from None


def cannot_read(
    path: str | os.PathLike[str], error: UnicodeDecodeError | OSError
) -> FileAccessError:
    """The error to raise when reading `path` failed with `error`, whole or streamed."""
    if isinstance(error, UnicodeDecodeError):
        return FileAccessError(f"cannot read {str(path)!r}: not UTF-8 text ({error.reason})")
    return FileAccessError(f"cannot read {str(path)!r}: {error.strerror}")


def write_text_atomically(path: str | os.PathLike[str], text: str) -> Path:
    """Write `text` as UTF-8 to a temporary file beside `path`, then rename it over `path`.

    Raises
    ------
    FileAccessError
        The file cannot be written; the message names it. Nothing is left behind.
    """
    target = Path(path)
    try:
        fd, temporary = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
        )
    except OSError as error:
        raise FileAccessError(f"cannot write {str(target)!r}: {error.strerror}") from None
    try:
        # mkstemp makes the file private; give it the mode a plain open() would have.
        os.chmod(temporary, target.stat().st_mode & 0o777 if target.exists() else 0o644)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, target)
    except BaseException as error:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise FileAccessError(f"cannot write {str(target)!r}: {error.strerror}") from None
        raise
    return target
