"""Shared look-ups and checks for the action commands: find an action by its
reference, a body or a person by name, and read a date or a status."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import Session, select

from models.audit import current_actor, plain, record_change
from models.plain_read import no_such
from models.queries import NotFound, find_body
from models.record_base import RecordErrors
from models.rules.vocab import VocabError, did_you_mean, parse_date
from models.tables import Action, ActionUpdate, Body, Person, utcnow
from models.views import ACTION_STATUSES, CLOSED_ACTION_STATUSES, OPEN_ACTION_STATUSES

# The statuses a user may set (the contract's `--status` choices).
STATUSES = ACTION_STATUSES
OPEN = OPEN_ACTION_STATUSES
CLOSED = CLOSED_ACTION_STATUSES


class ActionProblem(RecordErrors):
    """An action change refused because of the values given.

    ``errors`` maps a field ("status", "note", "due", "owner", "body", ...) to
    one sentence, so a form can show each beside its field (the record forms
    handle it as they handle any :class:`RecordErrors`); ``str()`` is the
    first sentence.
    """


def find_action(session: Session, reference: str) -> Action:
    """The action with ``reference`` (matched ignoring case), or NotFound naming it."""
    wanted = (reference or "").strip()
    action = session.exec(select(Action).where(Action.reference == wanted)).first()
    if action is None and wanted:
        action = session.exec(select(Action).where(Action.reference == wanted.upper())).first()
    if action is not None:
        return action
    guess = did_you_mean(wanted, session.exec(select(Action.reference)).all())
    hint = f' (did you mean "{guess}"?)' if guess else " (convenor actions lists them)"
    raise NotFound(f'There is no action with reference "{wanted}"{hint}.')


def body_named(session: Session, name: str, field: str = "body") -> Body:
    try:
        return find_body(session, name)
    except NotFound as exc:
        raise ActionProblem({field: str(exc)}) from None


def person_named(session: Session, name: str, field: str = "owner") -> Person:
    person = session.exec(select(Person).where(Person.name == name)).first()
    if person is not None:
        return person
    raise ActionProblem({field: no_such("person", name, session.exec(select(Person.name)).all())})


def read_date(value: object, field: str, errors: dict[str, str]) -> date | None:
    """A date from a form or the command line (ISO text or a date); None if empty."""
    if value is None or isinstance(value, date):
        return value  # type: ignore[return-value]
    text = str(value).strip()
    if not text:
        return None
    try:
        return parse_date(text)
    except VocabError as err:
        errors[field] = f"{str(err)[0].upper()}{str(err)[1:]}."
        return None


def read_status(value: object, errors: dict[str, str]) -> str | None:
    if value is None or str(value).strip() == "":
        return None
    status = str(value).strip().lower().replace(" ", "_").replace("-", "_")
    if status not in STATUSES:
        errors["status"] = f'"{value}" is not an action status (use {", ".join(STATUSES)}).'
        return None
    return status


def text_or_none(value: object) -> str | None:
    text = str(value).strip() if value is not None else ""
    return text or None


def add_update(session: Session, action: Action, on: date, note: str,
               changes: dict[str, list[Any]] | None = None) -> ActionUpdate:
    """Add a dated progress note to ``action`` (who and when recorded) with its audit entry."""
    update = ActionUpdate(action_id=action.id, on=on, note=note, status=action.status, by=current_actor(),
                          at=utcnow(), changes=changes or None)
    session.add(update)
    session.flush()
    record_change(session, "create", "actionupdate", update.id, f'Progress note on action "{action.reference}"',
                  {"action": [None, action.reference], "on": [None, plain(on)], "note": [None, note],
                   "status": [None, action.status], **(changes or {})})
    return update
