"""A set of files saved whole: temporaries, a journal, renames a reader can finish.

A set is files in one folder whose names its format lists (a report table and its
siblings). :func:`write_set` writes every member to a temporary file, then a journal
naming each temporary, the member it becomes, and the size and SHA-256 it was written
with; then renames them and removes the journal. A save killed between two renames
leaves the journal, and :func:`finish_interrupted_save` (called by the next save and
every reader of the set) completes it.

A journal is a file like any other a colleague may send, so it is trusted with nothing:
every name in it is a bare name resolved against the journal's own folder; a rename is
made only from a temporary of exactly the shape :func:`provenance._files.write_temporary`
gives, of a member of the set, to that member, and only when the temporary holds what
the journal recorded. Anything else is one :class:`~provenance.errors.FormatError`
naming the journal and the entry, and nothing is renamed or deleted. A copy of a
folder holding an interrupted save finishes its own renames, never the original's.
"""

from __future__ import annotations

import json
import os
from collections.abc import Collection, Iterable, Mapping
from pathlib import Path
from typing import Any

from attrs import frozen

from provenance._files import (
    Written,
    digest,
    read_text,
    temporary_pid,
    writable_target,
    write_temporary,
    write_text_atomically,
)
from provenance.errors import FileAccessError, FormatError

__all__ = ["finish_interrupted_save", "write_set"]

_KEY = "provenance-graph journal"


@frozen
class _Rename:
    """One entry of a journal: a temporary, the member it becomes, what it holds."""

    temporary: str
    member: str
    size: int
    sha256: str


def write_set(
    texts: Mapping[str, str | bytes | Iterable[str]], *, folder: Path, journal: str
) -> list[Path]:
    """Write the files of a set, named by `texts`' keys inside `folder`, as one save: all
    or nothing. Returns their paths, in the order given. A member's contents are text
    (written as UTF-8, whole or in pieces) or bytes (a binary table, written as they are).

    A failure while writing (a full disk) replaces nothing and leaves nothing behind. A
    member that is a symbolic link is refused (a set is plain files in one folder).

    Raises
    ------
    FileAccessError
        A file cannot be written; the message names it.
    FormatError
        The folder holds a journal of an interrupted save that cannot be trusted.
    """
    finish_interrupted_save(folder / journal, members=texts.keys())
    targets = [writable_target(folder / name, links=False) for name in texts]
    written: list[Written] = []
    try:
        for target, text in zip(targets, texts.values(), strict=True):
            written.append(write_temporary(target, text))
        renames = [
            _Rename(w.temporary.name, target.name, w.size, w.sha256)
            for w, target in zip(written, targets, strict=False)
        ]
        write_text_atomically(folder / journal, _journal_text(renames), links=False)
    except BaseException:
        for w in written:
            w.temporary.unlink(missing_ok=True)
        raise
    try:  # from here on, the journal makes the save whole
        _rename_all(folder, renames, folder / journal)
    except OSError as error:
        raise FileAccessError(
            f"cannot write {str(error.filename2)!r}: {error.strerror}; the next load or "
            f"save finishes this save from {journal}"
        ) from None
    (folder / journal).unlink(missing_ok=True)
    return targets


def finish_interrupted_save(journal: Path, *, members: Collection[str]) -> None:
    """Complete the renames of a set's interrupted save that `journal` lists, then
    remove it; nothing if there is no journal. `members` are the names of the set's
    files, the only names a rename may give.

    Every entry is checked before anything is renamed. A rename already done (by the
    save itself, or another reader) is recognised by the member holding what the journal
    recorded. If the folder cannot be written, the journal stays and the set is as the
    kill left it (its manifest tells).

    Raises
    ------
    FormatError
        The journal is not one this library wrote for this set, or an entry does not
        match the files: names the journal and the entry; nothing is renamed.
    FileAccessError
        The journal is not a regular file (a FIFO, a link to a device).
    """
    try:
        os.lstat(journal)
    except FileNotFoundError:
        return
    except OSError:
        pass  # read_text below says what is wrong
    renames = _entries(read_text(journal), journal, frozenset(members))
    try:
        _rename_all(journal.parent, renames, journal)
        journal.unlink(missing_ok=True)
    except OSError:
        pass  # a folder we may not write: left as it is


def _rename_all(folder: Path, renames: list[_Rename], journal: Path) -> None:
    """Rename each temporary over its member, once every entry is checked; an entry
    whose temporary is gone must have its member hold what it recorded (renamed already),
    or the journal is refused."""
    pending = [rename for rename in renames if not _done(folder, rename, journal)]
    for rename in pending:
        try:
            os.replace(folder / rename.temporary, folder / rename.member)
        except FileNotFoundError:  # a reader finished it in between: it must say so
            if not _done(folder, rename, journal):
                raise
        except OSError as error:  # named by its member, whatever raised it
            raise OSError(
                error.errno, error.strerror, rename.temporary, None, str(folder / rename.member)
            ) from None


def _done(folder: Path, rename: _Rename, journal: Path) -> bool:
    """Whether `rename` was made already (False: to be made). Refuses an entry whose
    temporary does not hold what the journal recorded, or, the temporary gone, whose
    member does not."""
    recorded = (rename.size, rename.sha256)
    try:
        os.lstat(folder / rename.temporary)
    except FileNotFoundError:
        if _holds(folder / rename.member, recorded):
            return True
        raise _refused(
            journal, rename, "its temporary is gone and the member is not what it says"
        ) from None
    try:
        held = digest(folder / rename.temporary, follow=False)
    except FileAccessError:
        raise _refused(journal, rename, "its temporary is not a regular file") from None
    if held != recorded:
        raise _refused(journal, rename, "its temporary does not hold what the save wrote")
    return False


def _holds(path: Path, recorded: tuple[int, str]) -> bool:
    """Whether `path` is a regular file (not a link) of the recorded size and hash."""
    try:
        return digest(path, follow=False) == recorded
    except FileAccessError:
        return False


def _entries(text: str, journal: Path, members: frozenset[str]) -> list[_Rename]:
    """The journal's renames, each checked to be of the set; a FormatError otherwise."""
    try:
        data: Any = json.loads(text)
        entries = data[_KEY]
        if not isinstance(entries, list):
            raise TypeError
    except (ValueError, TypeError, KeyError):
        raise FormatError(
            f"not a journal this library writes; nothing was renamed (delete {journal.name} "
            "to read the tables as they are)",
            file=str(journal),
        ) from None
    renames = []
    for i, entry in enumerate(entries):
        try:
            rename = _Rename(
                entry["temporary"], entry["member"], int(entry["bytes"]), entry["sha256"]
            )
        except (TypeError, KeyError, ValueError):
            raise FormatError(
                f"entry {i} ({entry!r}) is not a rename this library writes; nothing was renamed",
                file=str(journal),
            ) from None
        if not (
            isinstance(rename.member, str)
            and isinstance(rename.temporary, str)
            and isinstance(rename.sha256, str)
            and rename.member in members
            and temporary_pid(rename.temporary, rename.member) is not None
        ):
            raise _refused(
                journal, rename, "it is not a rename of a temporary to a member of this set"
            )
        renames.append(rename)
    return renames


def _refused(journal: Path, rename: _Rename, why: str) -> FormatError:
    return FormatError(
        f"entry {rename.temporary!r} -> {rename.member!r}: {why}; nothing was renamed "
        f"(delete {journal.name} to read the tables as they are)",
        file=str(journal),
    )


def _journal_text(renames: list[_Rename]) -> str:
    entries = [
        {"temporary": r.temporary, "member": r.member, "bytes": r.size, "sha256": r.sha256}
        for r in renames
    ]
    return json.dumps({_KEY: entries}, indent=1) + "\n"
