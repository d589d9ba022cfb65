"""The action log with filters: body, status, overdue, owner, the owner's
organisation, due within N days, and a text search over reference,
description and progress notes. Used by ``convenor actions`` and the Actions
area, so both filter the same way."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session, select

from models.actions.common import OPEN, ActionProblem, person_named
from models.queries import Directory, action_rows
from models.tables import Organisation
from models.views import ActionRow


@dataclass(frozen=True)
class ActionFilter:
    body: str | None = None
    status: str | None = None
    overdue: bool = False
    owner: str | None = None
    organisation: str | None = None
    due_within: int | None = None  # days from today: outstanding actions due from today to today + N
    search: str | None = None  # words found (ignoring case) in reference, description or a progress note


def matches_text(row: ActionRow, text: str) -> bool:
    """Whether every word of ``text`` is in the action's reference, description or a progress note."""
    haystack = " ".join([row.reference, row.description, *(u.note for u in row.updates)]).casefold()
    return all(word in haystack for word in text.casefold().split())


def filter_actions(session: Session, wanted: ActionFilter, today: date | None = None) -> list[ActionRow]:
    """Actions passing every filter given, sorted by due date then body (as ``action_rows``)."""
    today = today or date.today()
    if wanted.owner:
        person_named(session, wanted.owner)  # a misspelt name is an error, not an empty list
    if wanted.organisation and session.exec(
            select(Organisation).where(Organisation.name == wanted.organisation)).first() is None:
        raise ActionProblem({"organisation": f'There is no organisation named "{wanted.organisation}".'})
    if wanted.due_within is not None and wanted.due_within < 0:
        raise ActionProblem({"due_within": "Give the number of days as 0 or more."})
    rows = action_rows(session, wanted.body, wanted.status, wanted.overdue, today=today)
    employers = Directory.read(session).person_organisations() if wanted.organisation else {}
    last_day = today + timedelta(days=wanted.due_within) if wanted.due_within is not None else None
    kept = []
    for row in rows:
        if wanted.owner and row.owner != wanted.owner:
            continue
        if wanted.organisation and employers.get(row.owner or "") != wanted.organisation:
            continue
        if last_day is not None and not (row.status in OPEN and row.due is not None and today <= row.due <= last_day):
            continue
        if wanted.search and not matches_text(row, wanted.search):
            continue
        kept.append(row)
    return kept
