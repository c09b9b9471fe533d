"""Reading files whole and bounded, writing them atomically.

A read takes regular files only, up to :data:`MAX_FILE_BYTES`; a write goes to a
temporary file beside its target and is renamed over it, so a crash mid-write never
leaves a half-written file.
"""

from __future__ import annotations

import json
import os
import stat
import tempfile
import time
from collections.abc import Iterable, Mapping
from pathlib import Path

from provenance.errors import FileAccessError, ValidationError

__all__ = [
    "MAX_FILE_BYTES",
    "cannot_read",
    "checked_path",
    "finish_interrupted_save",
    "read_text",
    "write_text_atomically",
    "write_texts_atomically",
]

MAX_FILE_BYTES = 2**30
"""The largest file read whole (1 GiB); report tables, read as a stream, may be larger."""


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


def read_text(path: str | os.PathLike[str]) -> str:
    """The UTF-8 text of a regular file; a :class:`FileAccessError` naming it if it
    cannot be read (not a regular file, larger than :data:`MAX_FILE_BYTES`, not UTF-8)."""
    target = checked_path(path)
    try:
        with open(target, "rb") as file:
            info = os.fstat(file.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise FileAccessError(f"cannot read {str(path)!r}: not a regular file")
            # A buffer of the file's size, not of the limit (Python allocates what is
            # asked for); read on only if the file grew since it was measured.
            data = file.read(info.st_size + 1) if info.st_size <= MAX_FILE_BYTES else b""
            if len(data) > info.st_size:
                data += file.read(MAX_FILE_BYTES + 1 - len(data))
            size = max(info.st_size, len(data))
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


def cannot_read(
    path: str | os.PathLike[str], error: UnicodeDecodeError | OSError
) -> FileAccessError:
    """The error to raise when reading `path` failed with `error`, whole or streamed."""
    if isinstance(error, UnicodeDecodeError):
        return FileAccessError(f"cannot read {str(path)!r}: not UTF-8 text ({error.reason})")
    return FileAccessError(f"cannot read {str(path)!r}: {error.strerror}")


def write_text_atomically(path: str | os.PathLike[str], text: str | Iterable[str]) -> Path:
    """Write `text` as UTF-8 to a temporary file beside `path`, then rename it over `path`.

    `text` may come in pieces (any iterable of strings), written as they come: a large
    file is never held whole.

    Saving through a symbolic link writes the file it points to; an existing file keeps
    its mode, a new one gets the mode the umask gives; a file you may not write is not
    written. Temporaries a killed save left behind (of a process that is gone, or over ten
    minutes old) are removed.

    Raises
    ------
    FileAccessError
        The file cannot be written; the message names it. Nothing is left behind.
    """
    target = _target(path)
    temporary = _write_temporary(target, text)
    try:
        os.replace(temporary, target)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise FileAccessError(f"cannot write {str(target)!r}: {error.strerror}") from None
    return target


def write_texts_atomically(
    texts: Mapping[Path, str] | Mapping[str, str], *, journal: Path
) -> list[Path]:
    """Write several files as one save, all or nothing: every text to a temporary file
    first (written and synced), then a `journal` naming them, then each renamed over its
    target, in the order given; then the journal goes.

    A failure while writing (a full disk) replaces nothing and leaves nothing behind. A
    kill between two renames leaves the journal: :func:`finish_interrupted_save` (which
    the next save and every reader of the set call first) completes the renames, so the
    set is the new one whole. Returns the targets.

    Raises
    ------
    FileAccessError
        A file cannot be written; the message names it.
    """
    finish_interrupted_save(journal)
    targets = [_target(path) for path in texts]
    written: list[tuple[str, Path]] = []
    try:
        for target, text in zip(targets, texts.values(), strict=True):
            written.append((_write_temporary(target, text), target))
        renames = [[Path(temporary).name, str(target)] for temporary, target in written]
        write_text_atomically(journal, json.dumps(renames))
    except BaseException as error:
        for temporary, _ in written:
            Path(temporary).unlink(missing_ok=True)
        if isinstance(error, OSError) and not isinstance(error, FileAccessError):
            where = str(written[-1][1]) if written else str(targets[0])
            raise FileAccessError(f"cannot write {where!r}: {error.strerror}") from None
        raise
    try:  # from here on, the journal makes the save whole
        _rename_all((Path(temporary), target) for temporary, target in written)
    except OSError as error:
        raise FileAccessError(
            f"cannot write {str(error.filename2)!r}: {error.strerror}; the next load or "
            f"save finishes this save from {journal.name}"
        ) from None
    journal.unlink(missing_ok=True)
    return targets


def finish_interrupted_save(journal: Path) -> None:
    """Complete the renames a :func:`write_texts_atomically` save of a set wrote in
    `journal` and remove it; nothing if there is none. A rename already done (by the save
    itself, or a reader) is skipped. If the folder cannot be written, the journal stays
    and the set is as the kill left it (a manifest tells).
    """
    try:
        renames = json.loads(journal.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return  # no journal, or not one a save finished writing
    try:
        _rename_all((journal.parent / str(name), Path(target)) for name, target in renames)
        journal.unlink(missing_ok=True)
    except (OSError, TypeError, ValueError):
        pass  # a folder we may not write, or a journal we did not write: left as it is


def _rename_all(renames: Iterable[tuple[Path, Path]]) -> None:
    """Rename each temporary over its target; one renamed already (by the save, or by a
    reader finishing its journal) is skipped."""
    for temporary, target in renames:
        try:
            os.replace(temporary, target)
        except FileNotFoundError:
            pass
        except OSError as error:  # named by its target, whatever raised it
            raise OSError(error.errno, error.strerror, str(temporary), None, str(target)) from None


def _target(path: str | os.PathLike[str]) -> Path:
    """The file a save of `path` writes: through a link; refused if read-only."""
    target = checked_path(path)
    if target.is_symlink():
        target = target.resolve()
    if target.exists() and (
        not target.stat().st_mode & 0o222 or not os.access(target, os.W_OK)
    ):  # no write bit at all is read-only even for root, who may write anything
        raise FileAccessError(f"cannot write {str(target)!r}: it is read-only")
    _remove_stale(target)
    return target


def _write_temporary(target: Path, text: str | Iterable[str]) -> str:
    """A synced temporary file beside `target` holding `text` (or its pieces), with the
    mode `target` has or a new file would get."""
    try:
        fd, temporary = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp"
        )
    except OSError as error:
        raise FileAccessError(f"cannot write {str(target)!r}: {error.strerror}") from None
    try:
        # mkstemp makes the file private; give it the mode a plain open() would have.
        os.chmod(temporary, target.stat().st_mode & 0o777 if target.exists() else _new_mode())
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as file:
            file.writelines([text] if isinstance(text, str) else text)
            file.flush()
            os.fsync(file.fileno())
    except BaseException as error:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise FileAccessError(f"cannot write {str(target)!r}: {error.strerror}") from None
        raise
    return temporary


def _new_mode() -> int:
    """The mode ``open()`` gives a new file: 0o666 less the umask."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def _remove_stale(target: Path) -> None:
    """Remove the temporaries that saves of `target` left when they were killed: those of
    a process that is gone, and any over ten minutes old."""
    try:
        candidates = list(target.parent.glob(f".{_glob_escape(target.name)}.*.tmp"))
    except OSError:
        return
    prefix = f".{target.name}."
    for candidate in candidates:
        pid = candidate.name[len(prefix) :].split(".", 1)[0]
        try:
            if not _alive(pid) or time.time() - candidate.stat().st_mtime > 600:
                candidate.unlink()
        except OSError:
            pass


def _alive(pid: str) -> bool:
    """Whether the process whose id names a temporary still runs (unknown: yes)."""
    if not pid.isdigit():
        return True
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process: it runs
        return True
    return True


def _glob_escape(name: str) -> str:
    """`name` with the characters glob reads as patterns taken literally."""
    return "".join(f"[{c}]" if c in "*?[" else c for c in name)
