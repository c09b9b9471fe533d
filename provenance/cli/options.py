"""How the command's options take repetition, one rule for all (argparse would keep the
last value given and drop the others without a word):

- an option that takes a list accumulates: ``--fail-on single_source --fail-on echo`` is
  ``--fail-on single_source,echo``; ``--claim`` and ``--placeholder`` likewise;
- an option that takes one value refuses a second, in one line (``--engine``,
  ``--duplicates``, ``--min-probability``, ``--title``, ``-o``);
- a switch may be given again, to no further effect (``--json``, ``--suspect``); of
  ``--progress`` and ``--no-progress``, the last one counts.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import Any

from provenance.errors import ValidationError
from provenance.model import Flag

__all__ = ["FailOn", "Once"]

_Values = str | Sequence[Any] | None  # what argparse gives an action


class _Taking(argparse.Action):
    """An option's action that needs only the namespace and the values given."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: _Values,
        option_string: str | None = None,
    ) -> None:
        self.take(namespace, values)

    def take(self, namespace: argparse.Namespace, values: _Values) -> None:
        raise NotImplementedError


class Once(_Taking):
    """Store the option's one value; the option given a second time is a usage error."""

    def take(self, namespace: argparse.Namespace, values: _Values) -> None:
        given: set[str] = vars(namespace).setdefault("_given_once", set())
        if self.dest in given:
            raise argparse.ArgumentError(self, "given twice; it takes one value")
        given.add(self.dest)
        setattr(namespace, self.dest, values)


class FailOn(_Taking):
    """``--fail-on FLAGS``: comma-separated flags, added to those of every ``--fail-on``
    before it (each flag once, in the order first named); empty is a usage error, as it
    would gate nothing."""

    def take(self, namespace: argparse.Namespace, values: _Values) -> None:
        so_far: tuple[Flag, ...] = getattr(namespace, self.dest)
        setattr(namespace, self.dest, tuple(dict.fromkeys((*so_far, *self._flags(values)))))

    def _flags(self, values: _Values) -> tuple[Flag, ...]:
        names = [name.strip() for name in str(values).split(",") if name.strip()]
        if not names:
            known = ", ".join(f.value for f in Flag)
            raise argparse.ArgumentError(self, f"empty: name one flag or more ({known})")
        try:
            return tuple(Flag.parse(name) for name in names)
        except ValidationError as error:
            raise argparse.ArgumentError(self, str(error)) from None
