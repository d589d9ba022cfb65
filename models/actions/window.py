"""The Actions area's pages: how many actions pass the filters, and the rows of
one window of them in the chosen order, read without reading the others.

The filters are :func:`models.actions.listing.action_conditions`, the same SQL
conditions ``convenor actions`` and the exports use; only the ordering and the
window are this module's. Every order ends with due date, body, reference (the
log's own order) and the action's id, so a window is stable from page to page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import case
from sqlmodel import Session, func, select

from models.actions.listing import ActionFilter, action_conditions, check_filter
from models.queries import action_rows
from models.tables import Action, Body, Person
from models.views import ActionRow

#: The columns the Actions area sorts by; None is the log's own order (due date, body, reference).
SORT_COLUMNS = ("reference", "due", "status", "owner", "description", "body")


@dataclass(frozen=True)
class ActionQuery:
    """What the Actions area shows: ``status`` is a status, "outstanding", "overdue" or None (all)."""

    body: str | None = None
    status: str | None = None
    extra: ActionFilter | None = None  # owner, organisation, due within N days, text
    sort: str | None = None  # one of SORT_COLUMNS
    reverse: bool = False


def _conditions(session: Session, query: ActionQuery, today: date, first_rows: bool = False) -> list[Any]:
    extra = check_filter(session, query.extra) if query.extra else ActionFilter()
    wanted = ActionFilter(body=query.body, status=query.status, owner=extra.owner,
                          organisation=extra.organisation, due_within=extra.due_within, search=extra.search)
    return action_conditions(session, wanted, today, first_rows=first_rows)


def _order(session: Session, query: ActionQuery) -> list[Any]:
    # Bodies in name order as a number (as Python sorts names, on every database): cheaper to sort
    # by than a name looked up for each action.
    names = sorted(session.exec(select(Body.name, Body.id)).all())
    body_name = case({body_id: rank for rank, (_, body_id) in enumerate(names)}, value=Action.body_id,
                     else_=len(names)) if names else Action.body_id
    owner_name = select(Person.name).where(Person.id == Action.owner_id).scalar_subquery()
    log_order = [Action.due, body_name, Action.reference, Action.id]
    first: list[Any] = {
        None: [],
        "reference": [Action.reference],
        "due": [],
        "status": [Action.status],
        "owner": [owner_name.is_(None), func.lower(owner_name)],
        "description": [func.lower(Action.description)],
        "body": [body_name],
    }[query.sort]
    if query.sort == "due" and query.reverse:
        return [Action.due.desc(), *log_order[1:]]
    if query.reverse and first:
        first = [*first[:-1], first[-1].desc()]
    return first + log_order


def count_actions(session: Session, query: ActionQuery, today: date) -> int:
    """How many actions pass the query's filters (ActionProblem for an unknown owner or organisation)."""
    return session.exec(select(func.count(Action.id)).where(*_conditions(session, query, today))).one()


def action_window(session: Session, query: ActionQuery, today: date, offset: int, limit: int) -> list[ActionRow]:
    """The rows ``offset`` to ``offset + limit`` of the filtered actions, in the query's order."""
    chosen = session.exec(select(Action.id, Action.reference).where(*_conditions(session, query, today, True))
                          .order_by(*_order(session, query)).offset(offset).limit(limit)).all()
    if not chosen:
        return []
    rows = {r.reference: r for r in action_rows(session, today=today, where=[Action.id.in_([c[0] for c in chosen])])}
    return [rows[reference] for _, reference in chosen if reference in rows]
