"""Reading files whole and bounded, writing them atomically.

A read takes regular files only, up to :data:`MAX_FILE_BYTES`, and is checked to be one
before anything blocks on it (a FIFO or a link to a device is refused at once); a
streamed read takes lines of at most :data:`MAX_LINE_CHARS`. A write goes to a
temporary file beside its target, named ``.NAME.PID.TOKEN.tmp``, and is renamed over
it, so a crash mid-write never leaves a half-written file. Only temporaries of exactly
that shape, for that target, of a process that is gone, are ever removed.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import secrets
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO, TextIO

from attrs import frozen

from provenance.errors import FileAccessError, FormatError, ValidationError

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_LINE_CHARS",
    "Written",
    "cannot_read",
    "checked_path",
    "digest",
    "lines_within",
    "open_regular",
    "read_text",
    "temporary_pid",
    "writable_target",
    "write_temporary",
    "write_text_atomically",
]

MAX_FILE_BYTES = 2**30
"""The largest file read whole (1 GiB); report tables, read as a stream, may be larger."""

MAX_LINE_CHARS = 2**26
"""The longest line a table read as a stream may have (64 Mi characters): a file with
no line end is refused when it passes this, not read whole into memory."""


def checked_path(path: object) -> Path:
    """`path` as a :class:`~pathlib.Path`, or a :class:`ValidationError` saying why not.

    >>> checked_path(5)
    Traceback (most recent call last):
    ...
    provenance.errors.ValidationError: a file path must be a string or path-like, got 5
    """
    try:
        text = os.fspath(path)  # type: ignore[call-overload]
    except TypeError:
        raise ValidationError(f"a file path must be a string or path-like, got {path!r}") from None
    if isinstance(text, bytes) or "\x00" in text:
        raise ValidationError(f"a file path must be text without NUL characters, got {path!r}")
    return Path(text)


def open_regular(path: str | os.PathLike[str], *, follow: bool = True) -> BinaryIO:
    """`path` opened for reading in binary, if it is a regular file.

    The file is opened without blocking and checked before a byte is read, so a FIFO
    (which would wait for a writer forever) or a link to a device (endless bytes) is a
    :class:`FileAccessError`, not a hang. With ``follow=False`` a symbolic link is
    refused too.

    Raises
    ------
    FileAccessError
        Names the file and why: missing, not permitted, not a regular file.
    """
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    if not follow:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(checked_path(path), flags)
    except OSError as error:
        raise cannot_read(path, error) from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise FileAccessError(f"cannot read {str(path)!r}: not a regular file")
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_text(path: str | os.PathLike[str]) -> str:
    """The UTF-8 text of a regular file; a :class:`FileAccessError` naming it if it
    cannot be read (not a regular file, larger than :data:`MAX_FILE_BYTES`, not UTF-8)."""
    with open_regular(path) as file:
        try:
            size = os.fstat(file.fileno()).st_size
            # A buffer of the file's size, not of the limit (Python allocates what is
            # asked for); read on only if the file grew since it was measured.
            data = file.read(size + 1) if size <= MAX_FILE_BYTES else b""
            if len(data) > size:
                data += file.read(MAX_FILE_BYTES + 1 - len(data))
            size = max(size, len(data))
            if size > MAX_FILE_BYTES:
                raise FileAccessError(
                    f"cannot read {str(path)!r}: {size:,} bytes, over the limit of "
                    f"{MAX_FILE_BYTES:,} (provenance._files.MAX_FILE_BYTES)"
                )
            return data.decode("utf-8")
        except (UnicodeDecodeError, OSError) as error:
            if isinstance(error, FileAccessError):
                raise
            raise cannot_read(path, error) from None


def lines_within(file: TextIO, path: str | os.PathLike[str]) -> Iterator[str]:
    """The lines of `file`, each with its end; a :class:`FormatError` naming `path`
    and the line when one runs past :data:`MAX_LINE_CHARS` (no line end in sight).

    >>> import io
    >>> list(lines_within(io.StringIO("a,b\\r\\n1,2"), "t.csv"))
    ['a,b\\r\\n', '1,2']
    """
    for number, line in enumerate(iter(lambda: file.readline(MAX_LINE_CHARS + 1), ""), 1):
        if len(line) > MAX_LINE_CHARS:
            raise FormatError(
                f"a line longer than {MAX_LINE_CHARS:,} characters "
                "(provenance._files.MAX_LINE_CHARS): not a table, or one cut wrong",
                file=str(path),
                line=number,
            )
        yield line


def digest(path: Path, *, follow: bool = True) -> tuple[int, str]:
    """The size and SHA-256 of a regular file, read in blocks."""
    sha = hashlib.sha256()
    size = 0
    with open_regular(path, follow=follow) as file:
        try:
            while block := file.read(1 << 20):
                sha.update(block)
                size += len(block)
        except OSError as error:
            raise cannot_read(path, error) from None
    return size, sha.hexdigest()


def cannot_read(
    path: str | os.PathLike[str], error: UnicodeDecodeError | OSError
) -> FileAccessError:
    """The error to raise when reading `path` failed with `error`, whole or streamed."""
    if isinstance(error, FileAccessError):
        return error
    if isinstance(error, UnicodeDecodeError):
        return FileAccessError(f"cannot read {str(path)!r}: not UTF-8 text ({error.reason})")
    return FileAccessError(f"cannot read {str(path)!r}: {error.strerror}")


def write_text_atomically(
    path: str | os.PathLike[str], text: str | Iterable[str], *, links: bool = True
) -> Path:
    """Write `text` as UTF-8 to a temporary file beside `path`, then rename it over `path`.

    `text` may come in pieces (any iterable of strings), written as they come: a large
    file is never held whole.

    Saving through a symbolic link writes the file it points to; an existing file keeps
    its mode, a new one gets the mode the umask gives (with ``links=False`` a link is
    refused); a file you may not write is not written. Temporaries a killed save of this
    file left behind (of a process that is gone) are removed; nothing else is.

    Raises
    ------
    FileAccessError
        The file cannot be written; the message names it. Nothing is left behind.
    """
    target = writable_target(path, links=links)
    temporary = write_temporary(target, text).temporary
    try:
        os.replace(temporary, target)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise FileAccessError(f"cannot write {str(target)!r}: {error.strerror}") from None
    return target


def writable_target(path: str | os.PathLike[str], *, links: bool = True) -> Path:
    """The file a save of `path` writes: through a link (refused with ``links=False``);
    refused if read-only. Stale temporaries of it are removed first."""
    target = checked_path(path)
    if target.is_symlink():
        if not links:
            raise FileAccessError(
                f"cannot write {str(target)!r}: it is a symbolic link, and the files of a "
                "set are saved as plain files in one folder"
            )
        target = target.resolve()
    if target.exists() and (
        not target.stat().st_mode & 0o222 or not os.access(target, os.W_OK)
    ):  # no write bit at all is read-only even for root, who may write anything
        raise FileAccessError(f"cannot write {str(target)!r}: it is read-only")
    _remove_stale(target)
    return target


@frozen
class Written:
    """A synced temporary file and what it holds."""

    temporary: Path
    size: int
    sha256: str


def write_temporary(target: Path, text: str | bytes | Iterable[str]) -> Written:
    """A synced temporary file beside `target` holding `text` (or its pieces; or bytes,
    as they are), with the mode `target` has or a new file would get, and its size and
    SHA-256."""
    temporary = target.with_name(
        f".{target.name}.{os.getpid()}.{secrets.token_hex(_TOKEN_BYTES)}.tmp"
    )
    mode = target.stat().st_mode & 0o777 if target.exists() else _new_mode()
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(temporary, flags | getattr(os, "O_NOFOLLOW", 0), 0o600)
    except OSError as error:
        raise FileAccessError(f"cannot write {str(target)!r}: {error.strerror}") from None
    sha, size = hashlib.sha256(), 0
    try:
        os.chmod(fd, mode)  # the mode a plain open() would give, or the target's own
        with os.fdopen(fd, "wb") as file:
            for piece in [text] if isinstance(text, str | bytes) else text:
                data = piece if isinstance(piece, bytes) else piece.encode("utf-8")
                file.write(data)
                sha.update(data)
                size += len(data)
            file.flush()
            os.fsync(file.fileno())
    except BaseException as error:
        temporary.unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise FileAccessError(f"cannot write {str(target)!r}: {error.strerror}") from None
        raise
    return Written(temporary, size, sha.hexdigest())


_TOKEN_BYTES = 8
_TEMPORARY = re.compile(
    rf"\.(?P<name>.+)\.(?P<pid>[1-9][0-9]{{0,9}})\.[0-9a-f]{{{_TOKEN_BYTES * 2}}}\.tmp"
)


def temporary_pid(name: str, target: str) -> int | None:
    """The id of the process that wrote `name`, if `name` is a temporary of exactly the
    shape :func:`write_temporary` gives for the file named `target`; else None.

    >>> temporary_pid(".story.csv.4242.0123456789abcdef.tmp", "story.csv")
    4242
    >>> [temporary_pid(n, "story.csv") for n in (".story.csv.2023.tmp",
    ...     ".story.csv.manifest.42.0123456789abcdef.tmp")]
    [None, None]
    """
    shape = _TEMPORARY.fullmatch(name)
    return int(shape["pid"]) if shape and shape["name"] == target else None


def _new_mode() -> int:
    """The mode ``open()`` gives a new file: 0o666 less the umask."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def _remove_stale(target: Path) -> None:
    """Remove the temporaries that saves of `target` left when they were killed: those
    of exactly the shape :func:`write_temporary` gives, whose process is gone. A save
    still running (this process's own, or another's) keeps its temporaries."""
    try:
        names = [entry.name for entry in os.scandir(target.parent)]
    except OSError:
        return
    for name in names:
        pid = temporary_pid(name, target.name)
        if pid is not None and not _alive(pid):
            with contextlib.suppress(OSError):  # removed by another save already
                (target.parent / name).unlink()


def _alive(pid: int) -> bool:
    """Whether the process `pid` still runs (another user's: yes)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process, or an id out of range: leave it be
        return True
    return True
