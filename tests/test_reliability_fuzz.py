"""Hostile arrangements files: a clean load or a clean list of problems, never a traceback.

Hypothesis mutates the shared example (drops keys, changes types, misspells
names and keys, adds random unicode, huge strings and nested garbage), writes
the result as a real TOML file and loads it. A failed load must leave every
table exactly as it was.
"""

from __future__ import annotations

import copy
import math
import subprocess
import sys
import tomllib
from datetime import date, datetime, time, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text
from sqlalchemy.engine import Engine

from sqlmodel import Session

from exporters.files import ExportError
from exporters.action_log import build_action_log_csv, build_action_log_docx
from exporters.agenda import build_agenda
from exporters.ics import build_feed, build_invite
from exporters.minutes import build_minutes
from models.arrangements import ArrangementsError, Known, Problem, check_arrangements, load_arrangements
from models.db import session_scope
from models.meeting_views import meeting_view
from models.queries import action_log, meeting_ids
from models.scheduling import schedule
from models.tables import ALL_TABLES
from tests.conftest import EXAMPLE

ROOT = Path(__file__).parents[1]
BASE: dict[str, Any] = tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))
SHARED_DB = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large]


# ----------------------------------------------------------------- writing TOML


def _string(value: str) -> str:
    out = []
    for ch in value:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return "inf" if value == math.inf else "-inf" if value == -math.inf else repr(value)
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_string(k)} = {toml_value(v)}" for k, v in value.items()) + "}"
    raise TypeError(type(value))


def toml_document(doc: dict[str, Any]) -> str:
    """A TOML file for ``doc`` (inline tables throughout), checked to read back identically."""
    result = "\n".join(f"{_string(k)} = {toml_value(v)}" for k, v in doc.items()) + "\n"
    assert tomllib.loads(result) == doc, "the test's TOML writer lost something"
    return result


# ----------------------------------------------------------------- hostile values

texts = st.one_of(
    st.text(max_size=30),
    st.text(st.characters(codec="utf-8", categories=("Cc", "Cf", "Zs", "Zl", "Zp", "Mn", "So")), max_size=20),
    st.sampled_from(["", " ", "\u202eevil\u202c", "Zoë 👩‍👧", '"; DROP TABLE person; --', "\x00", "a\nb", "Febuary",
                     "Tuesdy", "every-0-weeks", "every--3-weeks", "2026-02-30", "25:99", "-1"]),
    st.builds(lambda ch, n: ch * n, st.sampled_from(["x", "é", "😀", "\u202e"]), st.integers(10_000, 100_000)),
)
HOSTILE_TEXT = ["\x00", "\n\nsecond paragraph", "\r\n", "\x07\x1b[31m", "\u202eevil", "\ufeff", "👩‍👧 ✓",
                '"quoted" <b>&amp;</b>', "x" * 100_000, "\u2028", "\t"]
scalars = st.one_of(
    texts,
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=False),
    st.booleans(),
    st.dates(),
    st.times(),
    st.datetimes(timezones=st.sampled_from([None, timezone.utc])),
)
garbage = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(texts, inner, max_size=4)), max_leaves=12)


def _paths(node: Any, prefix: tuple = ()) -> list[tuple]:
    found = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, prefix + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, prefix + (index,))
    return found


def _at(doc: Any, path: tuple) -> Any:
    for step in path:
        doc = doc[step]
    return doc


def _misspell(word: str, data: st.DataObject) -> str:
    if not word:
        return "x"
    i = data.draw(st.integers(0, len(word) - 1))
    how = data.draw(st.sampled_from(["drop", "swap", "double", "case"]))
    if how == "drop":
        return word[:i] + word[i + 1:] or "x"
    if how == "swap" and i + 1 < len(word):
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if how == "case":
        return word[:i] + word[i].swapcase() + word[i + 1:]
    return word[:i] + word[i] + word[i:]


@st.composite
def mutated_documents(draw: st.DrawFn) -> dict[str, Any]:
    """The shared example with one to four hostile changes anywhere in it."""
    data = draw(st.data())
    doc = copy.deepcopy(BASE)
    for _ in range(draw(st.integers(1, 4))):
        paths = _paths(doc)
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent, last = _at(doc, path[:-1]), path[-1]
        how = draw(st.sampled_from(["drop", "replace", "misspell", "duplicate", "garbage-key", "inject", "inject"]))
        if how == "drop":
            del parent[last]
        elif how == "replace":
            parent[last] = draw(garbage)
        elif how == "misspell":
            if isinstance(parent, dict):
                parent[_misspell(last, data)] = parent.pop(last)
            elif isinstance(parent[last], str):
                parent[last] = _misspell(parent[last], data)
        elif how == "inject" and isinstance(parent[last], str):
            parent[last] += draw(st.sampled_from(HOSTILE_TEXT))
        elif how == "duplicate" and isinstance(parent, list):
            parent.insert(last, copy.deepcopy(parent[last]))
        elif isinstance(parent[last], dict):
            parent[last][draw(texts)] = draw(garbage)
    return doc


random_documents = st.dictionaries(st.one_of(texts, st.sampled_from(list(BASE))), garbage, max_size=6)


# ----------------------------------------------------------------- checks


def snapshot(engine: Engine) -> dict[str, list[tuple]]:
    with engine.connect() as conn:
        return {t.__tablename__: [tuple(r) for r in conn.execute(text(f'SELECT * FROM "{t.__tablename__}" ORDER BY id'))]
                for t in ALL_TABLES}


def assert_clean_problems(problems: list[Problem]) -> None:
    assert problems
    for problem in problems:
        assert isinstance(problem, Problem)
        assert problem.message.strip()
        line = str(problem)  # printed as one line of a terminal: nothing from the file may break or reorder it
        assert not any(ch in line for ch in "\n\r\x00\x1b\u2028\u2029\u202e"), line[:200]


CHECKING = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
LOADING = dict(deadline=None, suppress_health_check=SHARED_DB)
documents = st.one_of(mutated_documents(), random_documents)


def checking_never_raises(doc):
    known = Known(organisations={"Northmoor Police"}, people={"Alan Brooks"}, bodies={"Executive Group"},
                  person_organisation={"Alan Brooks": None})
    plan, problems = check_arrangements(doc, known)
    if problems:
        assert_clean_problems(problems)


def loading_is_clean_or_changes_nothing(doc, engine, tmp_path):
    path = tmp_path / "hostile.toml"
    path.write_text(toml_document(doc), encoding="utf-8")
    before = snapshot(engine)
    try:
        load_arrangements(engine, path)
    except ArrangementsError as exc:
        assert_clean_problems(exc.problems)
        assert snapshot(engine) == before
    else:
        again = snapshot(engine)
        assert load_arrangements(engine, path).changed is False  # loading it again changes nothing
        assert snapshot(engine) == again
        export_everything(engine)


# The quick profile runs by default; the long one with `pytest -m fuzz_long`.

@settings(max_examples=60, **CHECKING)
@given(documents)
def test_checking_never_raises(doc):
    checking_never_raises(doc)


@pytest.mark.fuzz_long
@settings(max_examples=1000, **CHECKING)
@given(documents)
def test_checking_never_raises_long(doc):
    checking_never_raises(doc)


@pytest.mark.slow
@settings(max_examples=6, **LOADING)
@given(doc=documents)
def test_loading_is_clean_or_changes_nothing(doc, engine, tmp_path):
    loading_is_clean_or_changes_nothing(doc, engine, tmp_path)


@pytest.mark.fuzz_long
@settings(max_examples=150, **LOADING)
@given(doc=documents)
def test_loading_is_clean_or_changes_nothing_long(doc, engine, tmp_path):
    loading_is_clean_or_changes_nothing(doc, engine, tmp_path)


# ----------------------------------------------------------------- partial files and records given twice

KEYS = {"partnership": {"name"}, "organisations": {"name"}, "people": {"name"},
        "appointments": {"person", "role", "organisation", "from"}, "bodies": {"name"},
        "forward_plan": {"body", "title"}, "meetings": {"body", "date"}}
NAMED = ("organisations", "people", "bodies")


@st.composite
def partial_documents(draw: st.DrawFn) -> dict[str, Any]:
    """A subset of the shared example: some records, each with some of its settings left out."""
    doc: dict[str, Any] = {}
    for section, keys in KEYS.items():
        records = BASE[section] if isinstance(BASE[section], list) else [BASE[section]]
        kept = [copy.deepcopy(r) for r in records if draw(st.booleans())]
        for record in kept:
            for key in [k for k in record if k not in keys]:
                if key in ("attendance", "items"):
                    if draw(st.booleans()):
                        del record[key]
                elif draw(st.booleans()):
                    del record[key]
        if kept:
            doc[section] = kept if isinstance(BASE[section], list) else kept[0]
    return doc


@st.composite
def twice_documents(draw: st.DrawFn) -> dict[str, Any]:
    """The shared example with one named record given again, its name in another case or spacing."""
    doc = copy.deepcopy(BASE)
    section = draw(st.sampled_from(NAMED))
    record = copy.deepcopy(draw(st.sampled_from(doc[section])))
    record["name"] = draw(st.sampled_from([record["name"], record["name"].upper(), record["name"].lower(),
                                           f" {record['name']}  "]))
    doc[section].insert(draw(st.integers(0, len(doc[section]))), record)
    return doc


@settings(max_examples=8, **LOADING)
@given(doc=partial_documents())
def test_a_partial_file_changes_nothing_it_leaves_out(doc, loaded, tmp_path):
    """Every value in a subset of the loaded file is already stored, so nothing may change."""
    path = tmp_path / "partial.toml"
    path.write_text(toml_document(doc), encoding="utf-8")
    before = snapshot(loaded)
    assert load_arrangements(loaded, path).changed is False
    assert snapshot(loaded) == before


@settings(max_examples=6, **LOADING)
@given(doc=twice_documents())
def test_a_record_given_twice_is_refused_not_merged(doc, engine, tmp_path):
    path = tmp_path / "twice.toml"
    path.write_text(toml_document(doc), encoding="utf-8")
    before = snapshot(engine)
    with pytest.raises(ArrangementsError) as caught:
        load_arrangements(engine, path)
    assert any("is already defined at" in p.message for p in caught.value.problems)
    assert snapshot(engine) == before


def export_everything(engine: Engine) -> None:
    """Whatever was stored can be scheduled, read back and exported: a file's bytes or a clear ExportError."""
    with session_scope(engine) as session:
        schedule(session, date(2026, 1, 1), date(2026, 12, 31))
    with Session(engine) as session:
        views = [meeting_view(session, i) for i in meeting_ids(session)]
        log = action_log(session)
    builds = [lambda: build_action_log_csv(log), lambda: build_action_log_docx(log)]
    if views:
        builds.append(lambda: build_feed(views, calendar_name="Feed"))
    for view in views:
        builds += [lambda v=view, p=p: build_minutes(v, public=p) for p in (False, True)]
        builds += [lambda v=view, p=p: build_agenda(v, public=p) for p in (False, True)]
        builds += [lambda v=view, m=m: build_invite(v, m)[0] for m in ("REQUEST", "CANCEL")]
    for build in builds:
        try:
            assert build()
        except ExportError as exc:
            assert "\n" not in str(exc) and str(exc).endswith(".")


@pytest.mark.parametrize("content", [
    b"\xff\xfe not utf-8",
    b"[partnership\nname = ",
    b"partnership = 3\norganisations = \"none\"\n",
    b"[[people]]\nname = \"Zo\xc3\xab\"\nemail = \"nobody\"\norganisation = \"Northmoor Polise\"\n[[people]]\nname = \"Zo\xc3\xab\"\n",
    "[[bodies]]\nname = \"Group\\nwith a newline\"\ncadence = { frequency = \"\\u202e\" }\n".encode(),
    b"[[people]]\nname = \"Ann\"\nemail = \"ann\\n@example.org\"\ntitle = \"Chief\\u0000Exec\"\n",
    b"",
])
def test_cli_load_reports_every_problem_on_its_own_line(content, engine, tmp_path):
    path = tmp_path / "broken.toml"
    path.write_bytes(content)
    before = snapshot(engine)
    db = engine.url.render_as_string(hide_password=False)
    run = subprocess.run([sys.executable, "-c", "import sys; from tui.cli import main; sys.exit(main())",
                          "load", str(path), "--db", db], cwd=ROOT, capture_output=True, text=True)
    if content == b"":  # an empty file is a valid, empty arrangements file
        assert run.returncode == 0, run.stderr
        return
    assert run.returncode == 2, run.stdout + run.stderr
    assert "Traceback" not in run.stderr and run.stdout == ""
    lines = run.stderr.splitlines()
    assert lines[-1].startswith("convenor: ") and "nothing was loaded" in lines[-1]
    count = int(lines[-1].split()[1])
    assert len(lines) == count + 1, "one line per problem, then the summary"
    assert all(line.startswith(f"{path}:") for line in lines[:-1])
    assert snapshot(engine) == before
