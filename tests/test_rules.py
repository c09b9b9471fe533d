"""Each scoring rule has one home, and both engines call it.

:data:`RULES` lists the rules: where each is written, and the modules of each engine
that call it. Three kinds of check hold them there:

- **the source**: outside its home, no module of the package raises a flag (names a
  :class:`~provenance.model.Flag` member, or a flag's name as a string, anywhere but in a
  test of membership, a read of an array, or a module's table of labels), writes a
  credibility grade (a :class:`~provenance.model.Credibility` member, a grade as a
  number, ``np.select``), orders rivals, or defines a function of a rule's name that
  does not hand over to the rule;
- **knock-outs**: each rule, replaced by another answer, changes what *both* engines
  give, and they still agree, bit for bit — so neither keeps a copy of its own;
- **one rule, two shapes**: each rule gives the same answer on scalars and on arrays,
  and the shortcuts written beside a rule give the rule's answer.
"""

from __future__ import annotations

import ast
import datetime as dt
import itertools
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from attrs import frozen
from hypothesis import given
from hypothesis import strategies as st

import provenance as pv
from provenance.engine import columns_of, score_columns
from provenance.model import Credibility, Flag, SuspectedCopy
from provenance.records import claim_ids
from provenance.scoring import rules
from provenance.scoring.score import Scorer

PACKAGE = Path(__file__).resolve().parent.parent / "provenance"


@frozen
class Rule:
    """A rule: the module it is written in, its names there, and the modules of each
    engine that call it (paths under ``provenance/``)."""

    home: str
    names: tuple[str, ...]
    per_claim: tuple[str, ...]
    columnar: tuple[str, ...]


_PER_CLAIM = ("scoring/score.py",)
_COLUMNAR = ("engine/score.py",)
RULES: dict[str, Rule] = {
    "when each flag is raised": Rule(
        "scoring/rules.py", ("flags", "hedged"), _PER_CLAIM, _COLUMNAR
    ),
    # The per-claim engine meets a claim's rivals all at once: flags raises these too.
    "flags raised again among rivals met elsewhere": Rule(
        "scoring/rules.py", ("rival_flags",), (), _COLUMNAR
    ),
    "credibility": Rule("scoring/rules.py", ("credibility",), _PER_CLAIM, _COLUMNAR),
    "unsourced, and stating a claim plainly so": Rule(
        "scoring/rules.py", ("without_source",), ("scoring/score.py", "scoring/flow.py"), _COLUMNAR
    ),
    "a citation's warnings": Rule(
        "scoring/rules.py", ("hedge_dropped", "cites_retracted"), _PER_CLAIM, _COLUMNAR
    ),
    "time inversion": Rule(
        "scoring/rules.py",
        ("dated_before", "published_codes"),
        ("scoring/rules.py",),  # published_before, the per-claim engine's entry
        ("engine/score.py", "engine/coded.py"),
    ),
    # The per-claim engine's entry to the rule above (held to it below).
    "time inversion, one citation": Rule("scoring/rules.py", ("published_before",), _PER_CLAIM, ()),
    "the chance of a line": Rule(
        "scoring/rules.py",
        ("weakens_line", "wording", "line_chance"),
        ("scoring/support.py",),
        ("engine/score.py", "engine/witness.py"),
    ),
    "support": Rule(
        "scoring/rules.py",
        ("doubt_with", "own_support", "against"),
        ("scoring/score.py",),
        ("engine/score.py",),
    ),
    "the possible read-off": Rule(
        "scoring/rules.py", ("names_nobody", "reads_off"), ("scoring/flow.py",), _COLUMNAR
    ),
    "the possible and likely counts": Rule(
        "scoring/rules.py", ("possible_count", "likely_count"), _PER_CLAIM, _COLUMNAR
    ),
    "rivals by id": Rule("records.py", ("rival_order",), ("records.py",), ("columns/coding.py",)),
    "the result row": Rule(
        "scoring/result.py",
        ("ROW", "row"),  # and `rounded`, which row() and to_dict() round by
        ("scoring/result.py",),
        ("columns/__init__.py", "cli/check.py"),
    ),
}


def _tree(path: str) -> ast.Module:
    return ast.parse((PACKAGE / path).read_text(encoding="utf-8"))


def _referenced(tree: ast.AST) -> set[str]:
    """Every name a module uses: bare, as an attribute, or imported."""
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            found.add(node.id)
        elif isinstance(node, ast.Attribute):
            found.add(node.attr)
        elif isinstance(node, ast.ImportFrom):
            found.update(alias.name for alias in node.names)
    return found


def _defined(tree: ast.Module) -> set[str]:
    found: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.ClassDef):
            found.add(node.name)
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            found.update(t.id for t in targets if isinstance(t, ast.Name))
    return found


@pytest.mark.parametrize("concern", RULES)
def test_each_rule_has_its_home_and_both_engines_call_it(concern: str) -> None:
    rule = RULES[concern]
    assert set(rule.names) <= _defined(_tree(rule.home)), concern
    for engine in (rule.per_claim, rule.columnar):
        if not engine:
            continue
        used = set().union(*(_referenced(_tree(path)) for path in engine))
        assert set(rule.names) <= used, (concern, engine)


def _modules() -> Iterator[tuple[str, ast.Module]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        yield str(path.relative_to(PACKAGE)), ast.parse(path.read_text(encoding="utf-8"))


def test_no_function_outside_its_home_takes_a_rules_name_but_to_hand_over() -> None:
    """A function named like a rule outside the rule's home is a copy unless it calls
    the rule (as ``support.credibility`` and ``support.line_chance`` do)."""
    homes = {name: rule.home for rule in RULES.values() for name in rule.names}
    copies = []
    for path, tree in _modules():
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.FunctionDef)
                and homes.get(node.name, path) != path
                and node.name not in _referenced(ast.Module(body=node.body, type_ignores=[]))
            ):
                copies.append(f"{path}:{node.lineno} {node.name}")
    assert copies == []


# The source: who raises a flag, who writes a grade --------------------------------------

_ENUMS = {"Flag": {f.name for f in Flag}, "Credibility": {c.name for c in Credibility}}
_FLAG_NAMES = {f.name for f in Flag}


def writes_a_rule(source: str) -> list[str]:
    """Where `source` raises a flag or writes a credibility grade, as ``line: what``.

    A reference to a member of :class:`Flag` or :class:`Credibility` (or a flag's name
    as a string, ``Flag["ECHO"]``, ``Flag("echo")``) *reads* when it is compared
    (``Flag.ECHO in flags``), when it picks what to read (``flags[:, col[Flag.HEDGED]]``,
    not as an assignment's target), or when it is a module's own table of constants
    (labels, sets of flags: no function in it); anywhere else — an argument, an
    assignment's index, an element appended, a value returned — it raises. Grades as
    numbers (three or more of 1–6 in a literal) and ``np.select`` are written only in
    the rules' home.
    """
    tree = ast.parse(source)
    parent: dict[int, ast.AST] = {}
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            parent[id(child)] = node
    targets: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
            for target in node.targets if isinstance(node, ast.Assign) else [node.target]:
                targets.update(id(n) for n in ast.walk(target))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }

    def reads(node: ast.AST) -> bool:
        if id(node) in targets:
            return False
        up = parent.get(id(node))
        if isinstance(up, ast.Compare):
            return True
        if isinstance(up, ast.Subscript) and up.slice is node:
            return True
        while up is not None and not isinstance(up, ast.stmt):
            up = parent.get(id(up))
        if isinstance(up, ast.Assign | ast.AnnAssign) and parent.get(id(up)) is tree:
            return all(_constant(n) for n in ast.walk(up.value))  # type: ignore[arg-type]
        return False

    found = []
    for node in ast.walk(tree):
        what = _named_member(node, docstrings)
        if what is not None and not reads(node):
            found.append(f"{node.lineno}: {what}")  # type: ignore[attr-defined]
        if isinstance(node, ast.List | ast.Tuple | ast.Set) and _grades(node):
            found.append(f"{node.lineno}: grades as numbers")
        if (
            isinstance(node, ast.Attribute)
            and node.attr == "select"
            and isinstance(node.value, ast.Name)
            and node.value.id in {"np", "numpy"}
        ):
            found.append(f"{node.lineno}: np.select")
    return sorted(found, key=lambda where: int(where.split(":")[0]))


def _constant(node: ast.AST) -> bool:
    """Whether `node` may be part of a table of constants: no function, no call but to
    make a collection."""
    if isinstance(node, ast.Lambda):
        return False
    if isinstance(node, ast.Call):
        return isinstance(node.func, ast.Name) and node.func.id in _COLLECTIONS
    return True


_COLLECTIONS = {"frozenset", "set", "tuple", "list", "dict"}


def _named_member(node: ast.AST, docstrings: set[int]) -> str | None:
    """The enum member `node` names, if it names one."""
    if (
        isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.attr in _ENUMS.get(node.value.id, ())
    ):
        return f"{node.value.id}.{node.attr}"
    if isinstance(node, ast.Constant) and node.value in _FLAG_NAMES and id(node) not in docstrings:
        return repr(node.value)
    if (
        isinstance(node, ast.Subscript)
        and isinstance(node.value, ast.Name)
        and node.value.id in _ENUMS
        and isinstance(node.slice, ast.Constant)
    ):
        return f"{node.value.id}[{node.slice.value!r}]"
    if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
        func = node.func
        name = func.value if isinstance(func, ast.Attribute) else func
        if isinstance(name, ast.Name) and name.id in _ENUMS:
            return f"{name.id}(…{node.args[0].value!r})"
    return None


def _grades(node: ast.List | ast.Tuple | ast.Set) -> bool:
    values = [e.value for e in node.elts if isinstance(e, ast.Constant)]
    return (
        len(values) == len(node.elts) >= 3
        and all(type(v) is int and 1 <= v <= 6 for v in values)
        and len(set(values)) == len(values)
    )


def test_flags_and_grades_are_written_in_the_rules_home_only() -> None:
    found = [
        f"{path}:{where}"
        for path, _ in _modules()
        if path != "scoring/rules.py"
        for where in writes_a_rule((PACKAGE / path).read_text(encoding="utf-8"))
    ]
    assert found == []


def test_the_source_check_catches_what_it_is_for() -> None:
    raising = """
def _flags(flags, independent, n_observed, claims):
    flags[:, _FLAG[Flag.ECHO]] = (n_observed >= 3) & (independent <= 1)
    _raise(flags, Flag.HEDGE_DROPPED, claims)
    raised = []
    if independent == 1:
        raised.append("SINGLE_SOURCE")
    return raised, Flag["NO_ORIGIN"], Flag("echo"), [f for f in raised if f is not Flag.ECHO]

def grade(conditions):
    if not conditions:
        return Credibility.CONFIRMED
    return np.select(conditions, [6, 5, 4, 3, 2])
"""
    found = writes_a_rule(raising)
    assert [line.split(":")[0] for line in found] == ["3", "4", "7", "8", "8", "12", "13", "13"]
    reading = """
LABELS = {Flag.SINGLE_SOURCE: "SINGLE SOURCE", Flag.ECHO: "ECHO"}
ALARMS = frozenset({Flag.CONTRADICTED, Flag.CIRCULAR})
\"\"\"SINGLE_SOURCE in a docstring.\"\"\"

def explain(c, flags, column):
    if Flag.ECHO in set(c.flags):
        return flags[:, column[Flag.HEDGED]]
    return c.credibility is Credibility.CONFIRMED
"""
    assert writes_a_rule(reading) == []


def test_rivals_are_put_in_order_in_one_place() -> None:
    """``dict.fromkeys(sorted(…))`` — rivals by id — only in records.rival_order."""
    found = []
    for path, tree in _modules():
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "fromkeys"
                and node.args
                and isinstance(node.args[0], ast.Call)
                and isinstance(node.args[0].func, ast.Name)
                and node.args[0].func.id == "sorted"
            ):
                found.append(f"{path}:{node.lineno}")
    assert len(found) == 1 and found[0].startswith("records.py"), found


# Knock-outs: each rule, replaced, changes both engines alike ---------------------------


def story() -> pv.ProvenanceGraph:
    """A claim for every flag, and the shapes of line each engine works out its own way."""
    g = pv.ProvenanceGraph()
    for s in "abcdefghijklmnopqrstuvwxyz":
        g.add_source(s, reliability="ABCDEF"[ord(s) % 6], group="g1" if s in "uv" else None)
    for c in (
        *("single", "loop", "echo", "hedged", "dropped", "late", "plain", "retracted"),
        *("chain", "two", "copied", "attributed", "grouped", "up", "down"),
    ):
        g.add_claim(c)
    for c in ("yes", "no"):
        g.add_claim(c, question="q")
    g.add_report("a", "single", firsthand=True)
    g.add_report("b", "loop", via=["c"])
    g.add_report("c", "loop", via=["b"])
    for s in "def":
        g.add_report(s, "echo", via=["w"])
    g.add_report("a", "hedged", firsthand=True, hedge="appeared to")
    g.add_report("d", "dropped", firsthand=True, hedge="possibly")
    g.add_report("e", "dropped", via=["d"])
    g.add_report("f", "late", firsthand=True, published="2024-01-02")
    g.add_report("g", "late", via=["f"], published="2024-01-01")
    g.add_report("h", "plain")
    g.add_report("i", "plain", hedge="reportedly")
    g.add_report("j", "plain", firsthand=True, hedge="reportedly")
    g.add_report("j", "retracted", firsthand=True, retracted="2024-01-05")
    g.add_report("k", "retracted", via=["j"])
    g.add_chain("chain", ["l", "m", "n", "o"], hedge="reportedly")
    g.add_report("p", "two", firsthand=True)
    g.add_report("q", "two", firsthand=True, hedge="reportedly")
    g.add_report("r", "two", via=["x", "y"])
    g.add_report("p", "copied", firsthand=True)
    g.add_report("s", "copied")
    g.add_report("t", "copied", via=["s"])
    g.add_suspected(SuspectedCopy("s", "p", ["copied"], 0.9))
    g.add_report("s", "attributed", observed=False)
    g.add_report("t", "attributed", via=["s"])
    g.add_report("u", "grouped", firsthand=True, observed=False)
    g.add_report("v", "grouped", via=["u"], observed=False)
    g.add_report("w", "grouped", via=["v"])
    g.add_report("x", "grouped")
    g.add_report("u", "yes", firsthand=True)
    g.add_report("z", "no", firsthand=True)
    g.add_report("a", "up", firsthand=True)
    g.add_report("b", "up", firsthand=True)
    g.add_report("c", "down")
    g.add_contradiction("up", "down")
    return g


def timed() -> pv.ProvenanceGraph:
    """Citations between datetimes of every kind (each goes through dated_before)."""
    g = pv.ProvenanceGraph()
    utc, east = dt.timezone.utc, dt.timezone(dt.timedelta(hours=5))
    kinds = [
        dt.datetime(2024, 1, 1, 10),
        dt.datetime(2024, 1, 1, 9),
        dt.datetime(2024, 1, 1, 9, tzinfo=utc),
        dt.datetime(2024, 1, 1, 13, tzinfo=east),
        dt.datetime(2024, 1, 2, 1, tzinfo=east),
    ]
    for i, (cited, citing) in enumerate(itertools.permutations(kinds, 2)):
        g.add_source(f"o{i}")
        g.add_source(f"r{i}")
        g.add_claim(f"c{i}")
        g.add_report(f"o{i}", f"c{i}", firsthand=True, published=cited)
        g.add_report(f"r{i}", f"c{i}", via=[f"o{i}"], published=citing)
    return g


Row = tuple[int, int, int, float, float, int, tuple[Flag, ...]]


def both_engines(g: pv.ProvenanceGraph) -> tuple[dict[str, Row], dict[str, Row]]:
    """Every claim's numbers, grade and flags: (per claim, columnar)."""
    scorer = Scorer(g)
    per_claim = {}
    for claim in claim_ids(g):
        c = scorer.corroboration(claim)
        per_claim[claim] = (
            c.independent,
            c.independent_max,
            c.independent_likely,
            c.support,
            c.own_support,
            int(c.credibility),
            c.flags,
        )
    s = score_columns(columns_of(g))
    columnar = {
        claim: (
            int(s.independent[i]),
            int(s.independent_max[i]),
            int(s.independent_likely[i]),
            float(s.support[i]),
            float(s.own_support[i]),
            int(s.credibility[i]),
            s.flags_of(i),
        )
        for i, claim in enumerate(s.claim_ids)
    }
    return per_claim, columnar


def test_the_story_raises_every_flag_and_the_engines_agree_on_it() -> None:
    per_claim, columnar = both_engines(story())
    assert per_claim == columnar
    assert {f for row in per_claim.values() for f in row[6]} == set(Flag)
    per_claim, columnar = both_engines(timed())
    assert per_claim == columnar
    assert any(Flag.TIME_INVERSION in row[6] for row in per_claim.values())


def _as(value: bool) -> Callable[[Any], Any]:
    """A truth forced to `value`, in the shape it had."""
    return (lambda x: x | True) if value else (lambda x: x & False)


@pytest.mark.parametrize("value", [False, True])
@pytest.mark.parametrize("flag", list(Flag))
def test_each_flag_is_raised_by_the_rules_alone(
    flag: Flag, value: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Forced on or off in rules.flags (and rival_flags), a flag is on or off on every
    claim by both engines: neither raises it any other way."""
    force = _as(value)

    def patch(rule: Callable[..., dict[Flag, Any]]) -> Callable[..., dict[Flag, Any]]:
        def patched(*args: Any, **kwargs: Any) -> dict[Flag, Any]:
            raised = rule(*args, **kwargs)
            if flag in raised:
                raised[flag] = force(raised[flag])
            return raised

        return patched

    monkeypatch.setattr(rules, "flags", patch(rules.flags))
    monkeypatch.setattr(rules, "rival_flags", patch(rules.rival_flags))
    for engine in both_engines(story()):
        assert {flag in row[6] for row in engine.values()} == {value}, engine


def test_credibility_is_graded_by_the_rule_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    def improbable(*args: Any, **kwargs: Any) -> Any:
        grade = credibility(*args, **kwargs)
        if isinstance(grade, np.ndarray):
            return np.full_like(grade, Credibility.IMPROBABLE)
        return Credibility.IMPROBABLE

    credibility = rules.credibility
    monkeypatch.setattr(rules, "credibility", improbable)
    for engine in both_engines(story()):
        assert {row[5] for row in engine.values()} == {Credibility.IMPROBABLE}


def _numbers(x: Any) -> Any:
    return x * 0.5


def _counts(x: Any) -> Any:
    return x + 1


def _pair(force: Callable[[Any], Any]) -> Callable[[Any], Any]:
    return lambda pair: tuple(force(x) for x in pair)


# (rule, what it is replaced by, whether the story's results change)
KNOCKOUTS: list[tuple[str, Callable[[Any], Any], bool]] = [
    ("hedged", _as(False), True),
    ("hedged", _as(True), True),
    ("without_source", _pair(_as(False)), True),
    ("without_source", _pair(_as(True)), True),
    ("hedge_dropped", _as(False), True),
    ("hedge_dropped", _as(True), True),
    ("cites_retracted", _as(False), True),
    ("cites_retracted", _as(True), True),
    ("weakens_line", _as(True), True),
    ("wording", _numbers, True),
    ("line_chance", _numbers, True),
    ("doubt_with", _numbers, True),
    ("own_support", _numbers, True),
    ("against", _numbers, True),
    ("names_nobody", _as(False), True),
    ("reads_off", _as(False), False),  # the read-off is the flow, read off
    ("possible_count", _counts, True),
    ("likely_count", _counts, True),
]


@pytest.mark.parametrize(("name", "force", "changes"), KNOCKOUTS)
def test_each_rule_is_the_one_both_engines_call(
    name: str, force: Callable[[Any], Any], changes: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Replaced, a rule changes both engines alike: they still agree, bit for bit."""
    before = both_engines(story())[0]
    rule = getattr(rules, name)
    monkeypatch.setattr(rules, name, lambda *args, **kwargs: force(rule(*args, **kwargs)))
    per_claim, columnar = both_engines(story())
    assert per_claim == columnar
    assert (per_claim != before) is changes


@pytest.mark.parametrize("value", [False, True])
def test_time_inversion_is_the_rule_both_engines_call(
    value: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    rule = rules.dated_before
    monkeypatch.setattr(rules, "dated_before", lambda *a: _as(value)(rule(*a)))
    per_claim, columnar = both_engines(timed())
    assert per_claim == columnar
    assert {Flag.TIME_INVERSION in row[6] for row in per_claim.values()} == {value}


# One rule, two shapes ------------------------------------------------------------------

_BOOLEAN = {
    "names_nobody": 3,
    "without_source": 5,
    "hedge_dropped": 3,
    "cites_retracted": 2,
    "weakens_line": 2,
    "reads_off": 2,
}


@pytest.mark.parametrize("name", _BOOLEAN)
def test_each_truth_is_the_same_on_scalars_and_arrays(name: str) -> None:
    rule = getattr(rules, name)
    table = list(itertools.product([False, True], repeat=_BOOLEAN[name]))
    scalars = [rule(*row) for row in table]
    arrays = rule(*(np.array(column) for column in zip(*table, strict=True)))
    if name == "without_source":
        scalars, arrays = [list(s) for s in zip(*scalars, strict=True)], list(arrays)
        assert [list(a) for a in arrays] == scalars
    else:
        assert list(arrays) == scalars
    assert all(type(s) is bool for s in np.ravel(np.array(scalars, dtype=object)))


def test_unsourced_is_observed_and_naming_nobody() -> None:
    for observed, live, firsthand, nobody, plain in itertools.product([False, True], repeat=5):
        unsourced, plainly = rules.without_source(observed, live, firsthand, nobody, plain)
        assert unsourced == (observed and rules.names_nobody(live, firsthand, nobody))
        assert plainly == (unsourced and plain)


_TIMES = st.one_of(
    st.none(),
    st.dates(),
    st.datetimes(),
    st.datetimes(
        timezones=st.sampled_from(
            [
                dt.timezone.utc,
                dt.timezone(dt.timedelta(hours=5)),
                dt.timezone(-dt.timedelta(hours=8)),
            ]
        )
    ),
)


@given(st.lists(st.tuples(_TIMES, _TIMES), min_size=1, max_size=20))
def test_time_inversion_is_one_rule_on_scalars_arrays_and_shortcuts(
    pairs: list[tuple[Any, Any]],
) -> None:
    """published_before (with its shortcuts) is dated_before of the codes, on scalars
    and on arrays, for every kind of pair."""
    codes = [(rules.published_codes(a), rules.published_codes(b)) for a, b in pairs]
    scalars = [rules.dated_before(a, b) for a, b in codes]
    assert [rules.published_before(a, b) for a, b in pairs] == scalars
    a = np.array([a for a, _ in codes], dtype=np.int64)  # (kind, day, instant) a row
    b = np.array([b for _, b in codes], dtype=np.int64)
    inverted = rules.dated_before((a[:, 0], a[:, 1], a[:, 2]), (b[:, 0], b[:, 1], b[:, 2]))
    assert inverted.tolist() == scalars


_CHANCES = st.floats(0, 1)


@given(
    st.lists(
        st.tuples(st.integers(0, 4), _CHANCES, _CHANCES, _CHANCES, st.booleans(), st.booleans()),
        min_size=1,
        max_size=30,
    )
)
def test_credibility_is_one_rule_on_scalars_and_arrays(
    claims: list[tuple[int, float, float, float, bool, bool]],
) -> None:
    model = pv.SupportModel()
    scalars = [
        rules.credibility(
            i, support, own=own, strongest=rival, hedged=hedged, declared=declared, model=model
        )
        for i, support, own, rival, hedged, declared in claims
    ]
    assert all(type(grade) is Credibility for grade in scalars)
    columns = [np.array(column) for column in zip(*claims, strict=True)]
    arrays = rules.credibility(
        columns[0],
        columns[1],
        own=columns[2],
        strongest=columns[3],
        hedged=columns[4],
        declared=columns[5],
        model=model,
    )
    assert arrays.tolist() == [int(grade) for grade in scalars]


def test_flags_are_the_same_on_scalars_and_arrays() -> None:
    truths = [False, True]
    summaries = list(itertools.product([0, 1, 2], [0, 2, 3], truths, truths, [0, 1], truths))
    names = ("independent", "observed", "hedged", "cycle", "rivals", "unsourced")
    quiet = {"hedge_dropped": False, "time_inverted": False, "cites_retracted": False}
    scalars = [
        rules.flags(**dict(zip(names, s, strict=True)), **quiet)  # type: ignore[arg-type]
        for s in summaries
    ]
    assert all(list(raised) == list(Flag) for raised in scalars)
    columns = {n: np.array(c) for n, c in zip(names, zip(*summaries, strict=True), strict=True)}
    arrays = rules.flags(**columns, **{k: np.zeros(len(summaries), bool) for k in quiet})
    for flag in Flag:
        assert np.broadcast_to(arrays[flag], len(summaries)).tolist() == [s[flag] for s in scalars]
