"""The action log with filters: body, status, overdue, owner, the owner's
organisation, due within N days, and a text search over reference,
description and progress notes, written once as SQL conditions
(:func:`action_conditions`). Used by ``convenor actions``, the exports and the
Actions area's pages (models.actions.window), so all filter the same way."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from typing import Any

from sqlmodel import Session, or_, select

from models.actions.common import OPEN, ActionProblem, person_named
from models.queries import action_rows, body_condition
from models.rules.vocab import did_you_mean
from models.tables import Action, ActionUpdate, Organisation, Person
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


OUTSTANDING = "outstanding"  # the Actions area's status groups beside the real statuses
OVERDUE = "overdue"


def _contains(session: Session, column: Any, word: str) -> Any:
    """``column`` holds ``word``, ignoring case (SQLite's LIKE ignores the case of ASCII letters)."""
    pattern = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    if session.get_bind().dialect.name == "sqlite":
        return column.like(pattern, escape="\\")
    return column.ilike(pattern, escape="\\")


def text_condition(session: Session, text: str, *, first_rows: bool = False) -> list[Any]:
    """Every word of ``text`` is in the action's reference, description or one of its progress notes.

    The notes are matched once for all actions (the fastest way to find every match), or, with
    ``first_rows``, action by action (the fastest way to find the first page of matches)."""
    found = []
    for word in text.split():
        if first_rows:
            in_notes = (select(ActionUpdate.id).where(ActionUpdate.action_id == Action.id,
                                                     _contains(session, ActionUpdate.note, word)).exists())
        else:
            in_notes = Action.id.in_(select(ActionUpdate.action_id).where(_contains(session, ActionUpdate.note, word)))
        found.append(or_(_contains(session, Action.reference, word), _contains(session, Action.description, word),
                         in_notes))
    return found


def status_condition(status: str | None, today: date) -> list[Any]:
    """The status filter: "outstanding" (open or in progress), "overdue", one status, or None (every action)."""
    if status is None:
        return []
    if status == OUTSTANDING:
        return [Action.status.in_(OPEN)]
    if status == OVERDUE:
        return [Action.status.in_(OPEN), Action.due < today]
    return [Action.status == status]


def action_conditions(session: Session, wanted: ActionFilter, today: date, *, first_rows: bool = False) -> list[Any]:
    """The SQL conditions on ``Action`` for every filter in ``wanted``: the one definition of the
    log's filters, used by ``convenor actions``, the exports and the Actions area's pages
    (``first_rows``: written for reading one page rather than every match, same meaning)."""
    found = [body_condition(session, wanted.body)] if wanted.body else []
    found += status_condition(wanted.status, today)
    if wanted.overdue:
        found += status_condition(OVERDUE, today)
    if wanted.owner:
        found.append(Action.owner_id.in_(select(Person.id).where(Person.name == wanted.owner)))
    if wanted.organisation:
        employed = (select(Person.id).join(Organisation, Organisation.id == Person.organisation_id)
                    .where(Organisation.name == wanted.organisation))
        found.append(Action.owner_id.in_(employed))
    if wanted.due_within is not None:
        last_day = today + timedelta(days=wanted.due_within)
        found += [Action.status.in_(OPEN), Action.due >= today, Action.due <= last_day]
    if wanted.search:
        found += text_condition(session, wanted.search, first_rows=first_rows)
    return found


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
    return action_rows(session, today=today, where=action_conditions(session, check_filter(session, wanted), today))
