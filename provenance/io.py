"""Files: read and write a provenance graph in the format its file name says.

=====================  ==============================================  ===================
extension              format                                          module
=====================  ==============================================  ===================
``.yaml``, ``.yml``    story, for hand-writing                         :mod:`.story`
``.json``              story, for machines                             :mod:`.story`
``.prov.json``         W3C PROV-JSON                                   :mod:`.w3c`
``.graphml``           GraphML, attributes flattened to scalars        :mod:`.netformats`
``.nodelink.json``     networkx node-link JSON                         :mod:`.netformats`
``.csv``, ``.jsonl``   report tables, with sibling tables              :mod:`.tables`
=====================  ==============================================  ===================

Writing is atomic (a temporary file renamed into place); a failed read returns nothing
and changes nothing.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from provenance._files import read_text, write_text_atomically
from provenance.errors import FormatError
from provenance.graph import ProvenanceGraph
from provenance.netformats import graphml_text, node_link, read_graphml_text, read_node_link
from provenance.story import dumps_json, dumps_yaml, loads_json, loads_yaml, parse_json
from provenance.tables import read_reports, write_reports
from provenance.w3c import from_prov, to_prov

__all__ = ["FORMATS", "load", "save"]

FORMATS = (".prov.json", ".nodelink.json", ".yaml", ".yml", ".json", ".graphml", ".csv", ".jsonl")
"""File name endings :func:`load` and :func:`save` know, most specific first."""


def format_of(path: str | os.PathLike[str]) -> str:
    """The format ending of `path` (one of :data:`FORMATS`).

    Raises
    ------
    FormatError
        The name ends in none of them.
    """
    name = Path(path).name.lower()
    for suffix in FORMATS:
        if name.endswith(suffix):
            return suffix
    raise FormatError(
        f"cannot tell the format of {str(path)!r} from its name; use one of {', '.join(FORMATS)}"
    )


def load(path: str | os.PathLike[str]) -> ProvenanceGraph:
    """Read a graph from `path`, in the format its name says.

    Raises
    ------
    FileAccessError
        The file cannot be read.
    FormatError
        Its contents are wrong; the message names the file, the place and the line.

    Examples
    --------
    >>> import provenance as pv
    >>> g = pv.load("examples/pow_article.yaml")
    >>> g.corroboration("troops").independent
    3
    """
    suffix, name = format_of(path), str(path)
    if suffix in (".csv", ".jsonl"):
        return read_reports(path)
    text = read_text(path)
    if suffix in (".yaml", ".yml"):
        return loads_yaml(text, file=name)
    if suffix == ".json":
        return loads_json(text, file=name)
    if suffix == ".graphml":
        return read_graphml_text(text, file=name)
    data = parse_json(text, file=name)
    return from_prov(data, file=name) if suffix == ".prov.json" else read_node_link(data, file=name)


def save(graph: ProvenanceGraph, path: str | os.PathLike[str]) -> Path:
    """Write `graph` to `path` atomically, in the format its name says; returns the path.

    For ``.csv`` and ``.jsonl`` the sources, claims and contradictions go to sibling
    tables (``NAME.sources.csv`` …), so that loading gives the same graph back.

    Raises
    ------
    FileAccessError
        The file cannot be written; nothing is left behind.
    """
    suffix = format_of(path)
    if suffix in (".csv", ".jsonl"):
        return write_reports(graph, path)
    if suffix in (".yaml", ".yml"):
        text = dumps_yaml(graph)
    elif suffix == ".json":
        text = dumps_json(graph)
    elif suffix == ".graphml":
        text = graphml_text(graph)
    else:
        data = to_prov(graph) if suffix == ".prov.json" else node_link(graph)
        text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    return write_text_atomically(path, text)
