"""The Actions area's pages: how many actions pass the filters, and the rows of
one window of them in the chosen order, read without reading the others.

The filters and the rows are :mod:`models.action_read`'s, the same SQL
``convenor actions`` and the exports run; only the ordering and the window
are this module's. Every order ends with due date, body, reference (the
log's own order) and the action's id, so a window is stable from page to page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from models.action_read import ActionFilter, Where, action_where, read_ids
from models.actions.listing import check_filter
from models.plain_read import Execute
from models.queries import sql_reader
from models.views import ActionRow

#: The columns the Actions area sorts by; None is the log's own order (due date, body, reference).
SORT_COLUMNS = ("reference", "due", "status", "owner", "description", "body")
_OWNER_NAME = '(SELECT sorter.name FROM person sorter WHERE sorter.id = "action".owner_id)'


@dataclass(frozen=True)
class ActionQuery:
    """What the Actions area shows: ``status`` is a status, "outstanding", "overdue" or None (all)."""

    body: str | None = None
    status: str | None = None
    extra: ActionFilter | None = None  # owner, organisation, due within N days, text
    sort: str | None = None  # one of SORT_COLUMNS
    reverse: bool = False


def _where(session: Session, execute: Execute, query: ActionQuery, today: date, first_rows: bool = False) -> Where:
    extra = check_filter(session, query.extra) if query.extra else ActionFilter()
    wanted = ActionFilter(body=query.body, status=query.status, owner=extra.owner,
                          organisation=extra.organisation, due_within=extra.due_within, search=extra.search)
    return action_where(execute, wanted, today, first_rows=first_rows)


def _order(execute: Execute, query: ActionQuery) -> str:
    # Bodies in name order as a number (as Python sorts names, on every database): cheaper to sort
    # by than a name looked up for each action.
    names = sorted(execute("SELECT name, id FROM body", {}))
    body_name = ("CASE \"action\".body_id " + " ".join(f"WHEN {int(body_id)} THEN {rank}"
                                                       for rank, (_, body_id) in enumerate(names))
                 + f" ELSE {len(names)} END") if names else '"action".body_id'
    log_order = ['"action".due', body_name, '"action".reference', '"action".id']
    first: list[str] = {
        None: [],
        "reference": ['"action".reference'],
        "due": [],
        "status": ['"action".status'],
        "owner": [f"{_OWNER_NAME} IS NULL", f"lower({_OWNER_NAME})"],
        "description": ['lower("action".description)'],
        "body": [body_name],
    }[query.sort]
    if query.sort == "due" and query.reverse:
        return ", ".join(['"action".due DESC', *log_order[1:]])
    if query.reverse and first:
        first = [*first[:-1], first[-1] + " DESC"]
    return ", ".join(first + log_order)


def count_actions(session: Session, query: ActionQuery, today: date) -> int:
    """How many actions pass the query's filters (ActionProblem for an unknown owner or organisation)."""
    execute = sql_reader(session)
    where = _where(session, execute, query, today)
    return execute(f'SELECT count(*) FROM "action" WHERE {where.sql}', where.params)[0][0]


def action_window(session: Session, query: ActionQuery, today: date, offset: int, limit: int) -> list[ActionRow]:
    """The rows ``offset`` to ``offset + limit`` of the filtered actions, in the query's order."""
    execute = sql_reader(session)
    where = _where(session, execute, query, today, True)
    chosen = execute(f'SELECT "action".id, "action".reference FROM "action" WHERE {where.sql} '
                     f"ORDER BY {_order(execute, query)} LIMIT :window_limit OFFSET :window_offset",
                     {**where.params, "window_limit": limit, "window_offset": offset})
    if not chosen:
        return []
    rows = {r.reference: r for r in read_ids(execute, (c[0] for c in chosen), today)}
    return [rows[reference] for _, reference in chosen if reference in rows]
