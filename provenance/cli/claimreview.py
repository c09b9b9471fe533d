"""``provenance claimreview STORY CLAIM --org NAME --url URL``: one claim's finding as
schema.org ClaimReview JSON-LD (see :mod:`provenance.formats.claimreview`), printed with
``<``, ``>`` and ``&`` escaped, or written atomically with ``-o``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from provenance._files import write_text_atomically
from provenance._text import printable
from provenance.cli.common import OK, read_story
from provenance.cli.options import Once
from provenance.formats import SUFFIXES
from provenance.formats.claimreview import claimreview_text, parse_rating, to_claimreview

__all__ = ["claimreview_arguments"]


def claimreview_arguments(review: argparse.ArgumentParser) -> None:
    """The command's own arguments (the story options come from its parents)."""
    review.add_argument("story", help=f"story file ({', '.join(SUFFIXES)})")
    review.add_argument("claim", help="claim id")
    review.add_argument("--org", action=Once, required=True, help="the reviewing organisation")
    review.add_argument("--url", action=Once, required=True, help="the review's address")
    review.add_argument("--org-url", action=Once, help="the organisation's address")
    review.add_argument(
        "--rating",
        action=Once,
        metavar="VALUE",
        help="the verdict, only if you give one: words ('False'), or VALUE/WORST..BEST "
        "with words after it if wanted ('1/1..5 False')",
    )
    review.add_argument("--date", action=Once, metavar="YYYY-MM-DD", help="the review's date")
    review.add_argument(
        "-o", "--output", action=Once, help="file to write (default: print the JSON-LD)"
    )
    review.set_defaults(command=_claimreview)


def _claimreview(args: argparse.Namespace) -> int:
    rating = None if args.rating is None else parse_rating(args.rating)  # before the reading
    graph = read_story(args, args.story)
    args.phase(f"reviewing {args.claim}")
    review = to_claimreview(
        graph,
        args.claim,
        url=args.url,
        author=args.org,
        author_url=args.org_url,
        date_published=args.date,
        rating=rating,
    )
    text = claimreview_text(review)
    if args.output is None:
        sys.stdout.write(text)
        return OK
    write_text_atomically(Path(args.output), text)
    print(f"wrote {printable(args.output)}")
    return OK
