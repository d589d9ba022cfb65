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
from models.rules.vocab import did_you_mean
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


def check_filter(session: Session, wanted: ActionFilter) -> ActionFilter:
    """``wanted`` if its names exist, else :class:`ActionProblem` by field (owner, organisation, due_within)."""
    errors: dict[str, str] = {}
    if wanted.owner:
        try:
            person_named(session, wanted.owner)
        except ActionProblem as exc:
            errors.update(exc.errors)
    if wanted.organisation and session.exec(
            select(Organisation).where(Organisation.name == wanted.organisation)).first() is None:
        guess = did_you_mean(wanted.organisation, session.exec(select(Organisation.name)).all())
        hint = f' (did you mean "{guess}"?)' if guess else ""
        errors["organisation"] = f'There is no organisation named "{wanted.organisation}"{hint}.'
    if wanted.due_within is not None and wanted.due_within < 0:
        errors["due_within"] = "Give the number of days as 0 or more."
    if errors:
        raise ActionProblem(errors)
    return wanted


def describe_filter(wanted: ActionFilter) -> str:
    """The filters beyond body and status in words, e.g. 'owner Ann Lee; text "audit"' ('' for none)."""
    parts = []
    if wanted.owner:
        parts.append(f"owner {wanted.owner}")
    if wanted.organisation:
        parts.append(f"organisation {wanted.organisation}")
    if wanted.due_within is not None:
        parts.append(f"due within {wanted.due_within} days")
    if wanted.search:
        parts.append(f'text "{wanted.search}"')
    return "; ".join(parts)


def filter_actions(session: Session, wanted: ActionFilter, today: date | None = None) -> list[ActionRow]:
    """Actions passing every filter given, sorted by due date then body (as ``action_rows``)."""
    today = today or date.today()
    check_filter(session, wanted)
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
