"""The action log's one reading (models.action_read): every filter means what it says on SQLite
and PostgreSQL, through `convenor actions`, the exports' reading and the Actions area's pages;
and the quick sqlite3 path gives exactly what the normal path gives, or steps aside."""

from __future__ import annotations

import itertools
import random
import shutil
import sqlite3
import subprocess
import sys
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlmodel import Session, select

from models.action_read import ActionFilter, FilterRefused, read_filtered_quickly
from models.actions import ActionProblem, filter_actions
from models.actions.window import ActionQuery, action_window, count_actions
from models.db import open_database
from models.queries import NotFound, action_rows
from models.tables import Action, ActionUpdate, AgendaItem, Body, Meeting, Organisation, Person
from tests.conftest import sqlite_only
from tests.tui_support import TODAY
from tui.cli import main

ROOT = Path(__file__).resolve().parents[1]

# (description, status, due in days from TODAY or None, owner?, item: None | "plain" | "exempt", escalate?, notes)
TRICKY = [
    ("Reach 50% of schools", "open", -10, True, "plain", False, ["half way: 50% done"]),
    ("Review item_list entries", "in_progress", 5, True, "exempt", False, ["itemXlist is not it"]),
    ("Check C:\\temp\\share permissions", "open", -3, False, None, True, ["path C:\\temp checked"]),
    ("Émile's review of the ÄRZTE rota", "open", 20, True, "exempt", False, ["émile agreed"]),
    ("Plain action with nothing attached", "open", None, False, None, False, []),
    ("A percent sign alone % here", "completed", -40, True, None, False, ["closed 100%"]),
    ("underscore_alone and 50 percent", "cancelled", 2, False, "plain", True, []),
    ("Quote ' and \" marks; DROP TABLE action", "open", 0, True, None, False, ["%_\\ all three"]),
]
SEARCHES = ["50%", "%", "_", "item_", "\\", "C:\\temp", "Émile", "émile", "ÉMILE", "ärzte", "ÄRZTE", "review",
            "REVIEW rota", "half WAY", "%_\\", "e%s", "nothing-matches-this", "' and", "tricky-2026"]


def add_tricky(engine, today: date = TODAY) -> None:
    """Actions whose text holds LIKE's metacharacters and non-ASCII letters, under exempt and plain
    items or none, with and without owner, meeting, due date, escalation and progress notes."""
    with Session(engine) as session:
        bodies = session.exec(select(Body.id).order_by(Body.id)).all()
        people = session.exec(select(Person.id).order_by(Person.id)).all()
        meeting = session.exec(select(Meeting).order_by(Meeting.date, Meeting.id)).first()
        top = session.exec(select(AgendaItem.position).where(AgendaItem.meeting_id == meeting.id)
                           .order_by(AgendaItem.position.desc())).first() or 0
        items = {kind: AgendaItem(meeting_id=meeting.id, position=top + n + 1, title=f"Tricky {kind} item",
                                  exempt=kind == "exempt", exempt_paragraph=3 if kind == "exempt" else None)
                 for n, kind in enumerate(("plain", "exempt"))}
        session.add_all(items.values())
        session.flush()
        for n, (text, status, due, owned, item, escalate, notes) in enumerate(TRICKY):
            action = Action(reference=f"TRICKY-2026-{n:03d}", body_id=bodies[n % len(bodies)], description=text,
                            status=status, due=None if due is None else today + timedelta(days=due),
                            owner_id=people[n % len(people)] if owned else None,
                            item_id=items[item].id if item else None, meeting_id=meeting.id if item else None,
                            escalated_from_body_id=bodies[n % len(bodies)] if escalate else None,
                            escalated_to_body_id=bodies[(n + 1) % len(bodies)] if escalate else None,
                            escalated_on=today - timedelta(days=1) if escalate else None)
            session.add(action)
            session.flush()
            session.add_all([ActionUpdate(action_id=action.id, on=today - timedelta(days=len(notes) - k), note=note,
                                          status=status, by="test-officer" if k else None,
                                          changes={"owner": [None, "Somebody"], "due": ["2026-01-01", None]} if k == 0 else None)
                             for k, note in enumerate(notes)])
        session.commit()


def _fold(text: str) -> str:
    """Case folded as SQLite's LIKE folds it (ASCII letters only)."""
    return text.translate({c: c + 32 for c in range(ord("A"), ord("Z") + 1)})


def expected(rows, wanted: ActionFilter, today: date, employer: dict[str, str]) -> list[str]:
    """The references ``wanted`` should give, worked out in Python from every row."""
    def keep(r) -> bool:
        outstanding = r.status in ("open", "in_progress")
        overdue = outstanding and r.due is not None and r.due < today
        if wanted.body and wanted.body not in (r.body, r.escalated_to):
            return False
        if wanted.status and not {"outstanding": outstanding, "overdue": overdue}.get(wanted.status,
                                                                                      r.status == wanted.status):
            return False
        if wanted.overdue and not overdue:
            return False
        if wanted.owner and r.owner != wanted.owner:
            return False
        if wanted.organisation and employer.get(r.owner or "") != wanted.organisation:
            return False
        if wanted.due_within is not None and not (
                outstanding and r.due is not None and today <= r.due <= today + timedelta(days=wanted.due_within)):
            return False
        texts = [_fold(t) for t in (r.reference, r.description, *(u.note for u in r.updates))]
        return all(any(_fold(word) in t for t in texts) for word in (wanted.search or "").split())

    return [r.reference for r in rows if keep(r)]


def test_every_filter_means_what_it_says_in_the_log_and_the_pages(scheduled_demo):
    add_tricky(scheduled_demo)
    postgres = scheduled_demo.dialect.name == "postgresql"
    with Session(scheduled_demo) as session:
        rows = action_rows(session, today=TODAY)
        employer = dict(session.exec(select(Person.name, Organisation.name)
                                     .join(Organisation, Organisation.id == Person.organisation_id)).all())
        bodies = session.exec(select(Body.name).order_by(Body.id)).all()
        owner = next(r.owner for r in rows if r.reference == "TRICKY-2026-000")
        filters = [ActionFilter()]
        filters += [ActionFilter(body=b) for b in bodies[:3]]
        filters += [ActionFilter(status=s) for s in ("outstanding", "overdue", "open", "in_progress", "completed",
                                                     "cancelled")]
        filters += [ActionFilter(overdue=True), ActionFilter(owner=owner),
                    ActionFilter(organisation=employer[owner]), ActionFilter(due_within=0),
                    ActionFilter(due_within=30), ActionFilter(status="completed", overdue=True)]
        filters += [ActionFilter(search=s) for s in SEARCHES
                    if not (postgres and s in ("émile", "ÉMILE", "ärzte"))]  # PostgreSQL's ILIKE folds these too
        filters += [ActionFilter(body=bodies[1], status="outstanding", search="review"),
                    ActionFilter(organisation=employer[owner], due_within=400, search="50%")]
        for wanted in filters:
            want = expected(rows, wanted, TODAY, employer)
            got = [r.reference for r in filter_actions(session, wanted, TODAY)]
            assert got == want, wanted
            if wanted.overdue and wanted.status:
                continue  # the Actions area has one status filter
            for sort, reverse in ((None, False), ("owner", True), ("body", False), ("due", True)):
                query = ActionQuery(body=wanted.body, status="overdue" if wanted.overdue else wanted.status,
                                    extra=replace(wanted, body=None, status=None, overdue=False), sort=sort,
                                    reverse=reverse)
                assert count_actions(session, query, TODAY) == len(want), wanted
                assert sorted(r.reference for r in action_window(session, query, TODAY, 0, 500)) == sorted(want)


def test_metacharacters_are_matched_as_written(scheduled_demo):
    add_tricky(scheduled_demo)
    with Session(scheduled_demo) as session:
        def refs(search: str) -> list[str]:
            return sorted(r.reference for r in filter_actions(session, ActionFilter(search=search), TODAY))

        assert refs("50%") == ["TRICKY-2026-000"]
        assert refs("item_") == ["TRICKY-2026-001"]
        assert refs("C:\\temp") == ["TRICKY-2026-002"]
        assert refs("%_\\") == ["TRICKY-2026-007"]
        assert refs("Émile") == ["TRICKY-2026-003"]
        assert refs("e%s") == []


def test_rows_carry_items_meetings_owners_updates_and_the_exempt_flag(scheduled_demo):
    add_tricky(scheduled_demo)
    with Session(scheduled_demo) as session:
        rows = {r.reference: r for r in action_rows(session, today=TODAY)}
    bare, exempt, escalated = rows["TRICKY-2026-004"], rows["TRICKY-2026-001"], rows["TRICKY-2026-002"]
    assert (bare.owner, bare.due, bare.item_title, bare.meeting_date, bare.updates, bare.exempt) == (
        None, None, None, None, (), False)
    assert exempt.exempt and exempt.item_title == "Tricky exempt item" and exempt.meeting_date is not None
    assert not rows["TRICKY-2026-000"].exempt and rows["TRICKY-2026-000"].item_title == "Tricky plain item"
    assert escalated.escalated_to and escalated.escalated_from and escalated.escalated_on == TODAY - timedelta(days=1)
    assert escalated.overdue and not rows["TRICKY-2026-005"].overdue
    first, = rows["TRICKY-2026-000"].updates
    assert (first.on, first.note, first.by, first.changes) == (
        TODAY - timedelta(days=1), "half way: 50% done", None, (("owner", None, "Somebody"), ("due", "2026-01-01", None)))


def test_unknown_names_are_one_sentence_each(loaded):
    with Session(loaded) as session:
        with pytest.raises(ActionProblem) as refused:
            filter_actions(session, ActionFilter(owner="Kemi Adeyemy", organisation="Nowhere Council", due_within=-1))
        assert refused.value.errors == {"owner": 'There is no person named "Kemi Adeyemy" (did you mean "Kemi Adeyemi"?).',
                                        "organisation": 'There is no organisation named "Nowhere Council".',
                                        "due_within": "Give the number of days as 0 or more."}
        with pytest.raises(NotFound, match='There is no body named "Executive Grope" '):
            filter_actions(session, ActionFilter(body="Executive Grope"))


# ----------------------------------------------------------------- the quick path (SQLite files)


@pytest.fixture
def tricky_demo(demo_template, tmp_path) -> Path:
    path = tmp_path / "tricky.db"
    shutil.copy(demo_template, path)
    engine = open_database(str(path))
    add_tricky(engine)
    engine.dispose()
    return path


def _combinations(path: Path) -> list[ActionFilter]:
    with sqlite3.connect(path) as db:
        bodies = [r[0] for r in db.execute("SELECT name FROM body ORDER BY id")][:3]
        owners = [r[0] for r in db.execute("SELECT DISTINCT p.name FROM action a JOIN person p ON p.id = a.owner_id "
                                           "ORDER BY p.name")][:2]
        orgs = [r[0] for r in db.execute("SELECT name FROM organisation ORDER BY id")][:2]
    choices = {"body": [None, *bodies], "status": [None, "outstanding", "overdue", "open", "completed"],
               "overdue": [False, True], "owner": [None, *owners], "organisation": [None, *orgs],
               "due_within": [None, 0, 30], "search": [None, *SEARCHES]}
    one_at_a_time = [ActionFilter(**{key: value}) for key, values in choices.items() for value in values]
    every = list(itertools.product(*choices.values()))
    picked = random.Random(14).sample(every, 150)
    return one_at_a_time + [ActionFilter(**dict(zip(choices, values))) for values in picked]


@sqlite_only
@pytest.mark.parametrize("which", ["demo", "tricky"])
def test_the_quick_path_reads_what_the_normal_path_reads(which, demo_template, tricky_demo):
    path = demo_template if which == "demo" else tricky_demo
    engine = open_database(str(path))
    try:
        with Session(engine) as session:
            for wanted in _combinations(path):
                try:
                    normal = filter_actions(session, wanted, TODAY)
                except (ActionProblem, NotFound) as exc:
                    with pytest.raises((FilterRefused, NotFound)) as quick_refusal:
                        read_filtered_quickly(str(path), wanted, TODAY)
                    assert str(quick_refusal.value) == str(exc)
                    continue
                assert read_filtered_quickly(str(path), wanted, TODAY) == normal, wanted
    finally:
        engine.dispose()


def _cli(capsys, monkeypatch, path: Path, args: list[str], *, quick: bool) -> tuple[int, str, str]:
    if not quick:
        monkeypatch.setattr("tui.cli.actions.read_filtered_quickly", lambda *a: None)
    code = main(["--db", str(path), "actions", *args])
    monkeypatch.undo()
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@sqlite_only
@pytest.mark.parametrize("args", [
    ["--json"], ["--overdue", "--json"], ["--search", "50%", "--json"], ["--search", "émile"], [],
    ["--status", "open", "--due-within", "400", "--json"], ["--body", "Partners Board", "--overdue"],
    ["--owner", "Nobody Atall"], ["--organisation", "Fellmouth Council", "--json"], ["--body", "Partners Bored"],
    ["--due-within", "-1"],
])
def test_convenor_actions_prints_the_same_bytes_either_way(args, tricky_demo, capsys, monkeypatch):
    quick = _cli(capsys, monkeypatch, tricky_demo, args, quick=True)
    normal = _cli(capsys, monkeypatch, tricky_demo, args, quick=False)
    assert quick == normal
    if quick[0]:
        assert quick[1] == "" and quick[2].count("\n") == 1 and quick[0] == 2


STACK = "('sqlalchemy', 'sqlmodel', 'pydantic', 'alembic')"


@sqlite_only
def test_the_quick_path_never_imports_the_database_stack(tricky_demo):
    code = ("import sys\n"
            "from tui.cli import main\n"
            "code = main(['--db', sys.argv[1], 'actions', '--overdue', '--search', '50%', '--json'])\n"
            f"print(code, sorted(m for m in sys.modules if m.split('.')[0] in {STACK} or m == 'models.tables'),"
            " file=sys.stderr)\n")
    result = subprocess.run([sys.executable, "-c", code, str(tricky_demo)], cwd=ROOT, capture_output=True, text=True)
    assert result.stderr.strip() == "0 []", result.stderr
    assert '"reference"' in result.stdout


@sqlite_only
def test_a_database_the_quick_path_cannot_read_goes_the_normal_way(demo_template, tmp_path, capsys):
    behind = tmp_path / "behind.db"
    shutil.copy(demo_template, behind)
    with sqlite3.connect(behind) as db:
        db.execute("UPDATE alembic_version SET version_num = 'ffff'")
    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(b"SQLite format 3\x00" + b"\x07" * 4096)
    missing = tmp_path / "missing.db"
    for path in (behind, damaged, missing):
        assert read_filtered_quickly(str(path), ActionFilter(overdue=True), TODAY) is None
    for path in (behind, damaged):
        code = main(["--db", str(path), "actions", "--json"])
        out, err = capsys.readouterr()
        assert code == 1 and out == "" and err.startswith("convenor: ") and err.count("\n") == 1, err
    assert main(["--db", str(missing), "actions", "--json"]) == 0
    assert capsys.readouterr().out == "[]\n"


@sqlite_only
def test_a_locked_database_is_read_the_normal_way(demo_template, tmp_path, monkeypatch, capsys):
    path = tmp_path / "locked.db"
    shutil.copy(demo_template, path)
    monkeypatch.setattr("models.plain_read.BUSY_TIMEOUT_S", 0.05)
    monkeypatch.setattr("models.db.BUSY_TIMEOUT_MS", 50)
    holder = sqlite3.connect(path, isolation_level=None)
    try:
        holder.execute("PRAGMA journal_mode=DELETE")  # a writer then keeps readers out
        holder.execute("BEGIN EXCLUSIVE")
        assert read_filtered_quickly(str(path), ActionFilter(), TODAY) is None
        code = main(["--db", str(path), "actions", "--json"])
        out, err = capsys.readouterr()
        assert (code, out) == (1, "") and "busy" in err and err.count("\n") == 1, err
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert read_filtered_quickly(str(path), ActionFilter(), TODAY)
