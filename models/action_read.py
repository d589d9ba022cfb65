"""The action log read once: its filters and its rows, as SQL text over an
:data:`~models.plain_read.Execute`.

Every reading of the action log goes through here: ``convenor actions`` (on
the quick ``sqlite3`` path when it applies, :func:`read_filtered_quickly`),
:func:`models.queries.action_rows` and the exports, and the Actions area's
count and pages (:mod:`models.actions.window`), which run the same SQL through
the ORM session's connection (:func:`models.queries.sql_reader`) on SQLite or
PostgreSQL. So each filter has one definition:

* body: the body's own actions and those escalated to it;
* status: one status, or the groups "outstanding" (open or in progress) and
  "overdue" (outstanding and due before today);
* owner, and the owner's organisation, by name;
* due within N days: outstanding and due from today to today + N;
* search: every word (ignoring case: LIKE on SQLite, which folds ASCII
  letters only, ILIKE on PostgreSQL) in the reference, the description or
  one of the progress notes; ``%``, ``_`` and ``\\`` are matched as written.

Nothing here imports SQLAlchemy, SQLModel or pydantic.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from models.plain_read import Execute, day, in_list, json_value, no_such, read_quickly
from models.statuses import OPEN_ACTION_STATUSES
from models.views import ActionRow, ActionUpdateRow

OUTSTANDING = "outstanding"  # the Actions area's status groups beside the real statuses
OVERDUE = "overdue"

_OPEN_SQL = "(" + ", ".join(f"'{status}'" for status in OPEN_ACTION_STATUSES) + ")"
_ROW_COLUMNS = ('"action".id, "action".reference, "action".body_id, "action".description, owner.name, '
                '"action".due, "action".status, item.title, item.exempt, meeting."date", '
                '"action".escalated_from_body_id, "action".escalated_to_body_id, "action".escalated_on, '
                '"action".version')
_ROWS_FROM = ('"action" LEFT JOIN person owner ON owner.id = "action".owner_id '
              'LEFT JOIN agendaitem item ON item.id = "action".item_id '
              'LEFT JOIN meeting ON meeting.id = "action".meeting_id')


@dataclass(frozen=True)
class ActionFilter:
    body: str | None = None
    status: str | None = None  # a status, OUTSTANDING or OVERDUE
    overdue: bool = False
    owner: str | None = None
    organisation: str | None = None
    due_within: int | None = None  # days from today: outstanding actions due from today to today + N
    search: str | None = None  # words found (ignoring case) in reference, description or a progress note


@dataclass(frozen=True)
class Where:
    """SQL conditions on the table ``"action"`` (joined by AND) and their parameters."""

    sql: str
    params: dict[str, Any]


def is_overdue(status: str, due: date | None, today: date) -> bool:
    return due is not None and due < today and status in OPEN_ACTION_STATUSES


def update_changes(changes: dict | None) -> tuple[tuple[str, str | None, str | None], ...]:
    """An update's owner/due changes as (field, old, new) rows."""
    if not changes:
        return ()
    return tuple((k, v[0], v[1]) for k, v in changes.items() if isinstance(v, list) and len(v) == 2)


# ----------------------------------------------------------------- names


def person_problem(execute: Execute, name: str) -> str | None:
    """None if a person is named ``name``, else the sentence saying there is none."""
    if execute("SELECT id FROM person WHERE name = :name", {"name": name}):
        return None
    return no_such("person", name, (row[0] for row in execute("SELECT name FROM person", {})))


def filter_problems(execute: Execute, wanted: ActionFilter) -> dict[str, str]:
    """What is wrong with ``wanted`` by field (owner, organisation, due_within); empty when nothing."""
    errors: dict[str, str] = {}
    if wanted.owner:
        problem = person_problem(execute, wanted.owner)
        if problem:
            errors["owner"] = problem
    if wanted.organisation and not execute("SELECT id FROM organisation WHERE name = :name",
                                           {"name": wanted.organisation}):
        errors["organisation"] = no_such("organisation", wanted.organisation,
                                         (row[0] for row in execute("SELECT name FROM organisation", {})))
    if wanted.due_within is not None and wanted.due_within < 0:
        errors["due_within"] = "Give the number of days as 0 or more."
    return errors


# ----------------------------------------------------------------- filters


def _like(execute: Execute) -> str:
    """LIKE ignores the case of ASCII letters on SQLite; PostgreSQL needs ILIKE for that."""
    return "ILIKE" if getattr(execute, "dialect", "sqlite") == "postgresql" else "LIKE"


def like_pattern(word: str) -> str:
    """``word`` anywhere, its ``\\``, ``%`` and ``_`` matched as written (ESCAPE '\\')."""
    return "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def text_conditions(execute: Execute, text: str, params: dict[str, Any], *, first_rows: bool = False) -> list[str]:
    """Every word of ``text`` is in the action's reference, description or one of its progress notes.

    The notes are matched once for all actions (the fastest way to find every match), or, with
    ``first_rows``, action by action (the fastest way to find the first page of matches)."""
    like = _like(execute)
    found = []
    for n, word in enumerate(text.split()):
        key = f"word{n}"
        params[key] = like_pattern(word)
        holds = f"{like} :{key} ESCAPE '\\'"
        if first_rows:
            in_notes = (f"EXISTS (SELECT 1 FROM actionupdate note{n} WHERE note{n}.action_id = \"action\".id "
                        f"AND note{n}.note {holds})")
        else:
            in_notes = f'"action".id IN (SELECT note{n}.action_id FROM actionupdate note{n} WHERE note{n}.note {holds})'
        found.append(f'("action".reference {holds} OR "action".description {holds} OR {in_notes})')
    return found


def status_conditions(status: str | None, params: dict[str, Any], today: date) -> list[str]:
    """The status filter: "outstanding" (open or in progress), "overdue", one status, or None (every action)."""
    if status is None:
        return []
    if status == OUTSTANDING:
        return [f'"action".status IN {_OPEN_SQL}']
    if status == OVERDUE:
        params["today"] = today
        return [f'"action".status IN {_OPEN_SQL}', '"action".due < :today']
    params["status"] = status
    return ['"action".status = :status']


def action_where(execute: Execute, wanted: ActionFilter, today: date, *, first_rows: bool = False) -> Where:
    """The conditions on ``"action"`` for every filter in ``wanted``: the one definition of the
    log's filters (``first_rows``: written for reading one page rather than every match, same
    meaning). NotFound for an unknown body; owner and organisation names are not checked here
    (:func:`filter_problems`): an unknown one matches nothing."""
    params: dict[str, Any] = {}
    found = []
    if wanted.body:
        from models.feed_read import body_id  # only for a body filter: the feed's reads cost ~10 ms to import

        params["body_id"] = body_id(execute, wanted.body)
        found.append('("action".body_id = :body_id OR "action".escalated_to_body_id = :body_id)')
    found += status_conditions(wanted.status, params, today)
    if wanted.overdue:
        found += status_conditions(OVERDUE, params, today)
    if wanted.owner:
        params["owner"] = wanted.owner
        found.append('"action".owner_id IN (SELECT owner_f.id FROM person owner_f WHERE owner_f.name = :owner)')
    if wanted.organisation:
        params["organisation"] = wanted.organisation
        found.append('"action".owner_id IN (SELECT staff.id FROM person staff JOIN organisation employer '
                     'ON employer.id = staff.organisation_id WHERE employer.name = :organisation)')
    if wanted.due_within is not None:
        params.update(today=today, last_day=today + timedelta(days=wanted.due_within))
        found += [f'"action".status IN {_OPEN_SQL}', '"action".due >= :today', '"action".due <= :last_day']
    if wanted.search:
        found += text_conditions(execute, wanted.search, params, first_rows=first_rows)
    return Where(" AND ".join(dict.fromkeys(found)) or "1 = 1", params)


def ids_where(ids: Sequence[int]) -> Where:
    """The actions with these ids."""
    return Where(*in_list('"action".id IN ({ids})', ids))


# ----------------------------------------------------------------- rows


def _updates(execute: Execute, where: Where) -> dict[int, list[ActionUpdateRow]]:
    updates: dict[int, list[ActionUpdateRow]] = defaultdict(list)
    for action_id, on, note, status, by, changes in execute(
            'SELECT u.action_id, u."on", u.note, u.status, u."by", u.changes FROM actionupdate u '
            f'WHERE u.action_id IN (SELECT "action".id FROM "action" WHERE {where.sql}) ORDER BY u."on", u.id',
            where.params):
        updates[action_id].append(ActionUpdateRow(day(on), note, status, by,  # type: ignore[arg-type]
                                                  update_changes(json_value(changes)) if changes else ()))
    return updates


def read_rows(execute: Execute, where: Where, today: date) -> list[ActionRow]:
    """The actions passing ``where`` with their owners, items, meetings and progress notes, sorted
    by due date, body and reference; ``overdue`` and ``exempt`` (raised under an exempt item) set."""
    bodies: dict[int, str] = dict(execute("SELECT id, name FROM body", {}))  # type: ignore[arg-type]
    updates = _updates(execute, where)
    rows = []
    for (action_id, reference, body_of, description, owner, due, status, item_title, item_exempt, meeting_on,
         escalated_from, escalated_to, escalated_on, version) in execute(
            f"SELECT {_ROW_COLUMNS} FROM {_ROWS_FROM} WHERE {where.sql}", where.params):
        due = day(due)
        rows.append(ActionRow(
            reference=reference, body=bodies[body_of], description=description, owner=owner, due=due,
            status=status, overdue=is_overdue(status, due, today), exempt=bool(item_exempt),
            meeting_date=day(meeting_on), item_title=item_title, updates=tuple(updates.get(action_id, ())),
            escalated_from=bodies.get(escalated_from), escalated_to=bodies.get(escalated_to),  # type: ignore[arg-type]
            escalated_on=day(escalated_on), version=version,
        ))
    rows.sort(key=lambda r: (r.due or date.max, r.body, r.reference))
    return rows


def read_actions(execute: Execute, wanted: ActionFilter, today: date) -> list[ActionRow]:
    """The actions passing every filter in ``wanted`` (names not checked: see :func:`filter_problems`)."""
    return read_rows(execute, action_where(execute, wanted, today), today)


def read_ids(execute: Execute, ids: Iterable[int], today: date) -> list[ActionRow]:
    """The actions with these ids, in the log's order."""
    return read_rows(execute, ids_where(list(ids)), today)


class FilterRefused(Exception):
    """A filter naming an owner or organisation that does not exist; ``errors`` by field."""

    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__(next(iter(errors.values())))


def read_filtered_quickly(url: str | None, wanted: ActionFilter, today: date) -> list[ActionRow] | None:
    """The filtered log read read-only with ``sqlite3`` without the database stack, or None when
    the quick path does not apply (models.plain_read). An unknown body raises NotFound and an
    unknown owner or organisation :class:`FilterRefused`, with the normal path's sentences."""
    def read(execute: Execute) -> list[ActionRow]:
        problems = filter_problems(execute, wanted)
        if problems:
            raise FilterRefused(problems)
        return read_actions(execute, wanted, today)

    return read_quickly(url, read)
