"""Escalating an action or a concern from one body to another.

Delivery groups report to the executive and the executive to the lead
partners (a body's ``reports_to``). Escalating an **action** keeps it in its
own body's log and puts it in the receiving body's log too, marked
"escalated from …"; escalating a **concern** (something that is not yet an
action) adds a new action to the receiving body's log, marked the same way.
Either way the action records which body escalated it, to which body and
when (``escalated_from_body_id``, ``escalated_to_body_id``,
``escalated_on``), and a progress note says so.

:func:`escalations_for` is what a body's next agenda lists under
"Escalations": the outstanding actions escalated to it since its last held
meeting.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, func, select

from models.actions.common import CLOSED, OPEN, ActionProblem, add_update, body_named, find_action, text_or_none
from models.actions.edit import add_action
from models.editing import apply_changes
from models.tables import Action, ActionUpdate, Body, Meeting, Person


def _target(session: Session, source: Body, to_body: str | None) -> Body:
    if text_or_none(to_body) is None:
        parent = session.get(Body, source.reports_to_id) if source.reports_to_id is not None else None
        if parent is None:
            raise ActionProblem({"to_body": f"{source.name} reports to no body; name the body to escalate to."})
        return parent
    target = body_named(session, str(to_body).strip(), "to_body")
    if target.id == source.id:
        raise ActionProblem({"to_body": f"It is already with {source.name}; choose another body."})
    return target


def escalate_action(session: Session, reference: str, to_body: str | None = None, *, note: object = None,
                    on: date | None = None, expected_version: int | None = None) -> Action:
    """Escalate an outstanding action from the body holding it to ``to_body`` (default: the body it reports to)."""
    action = find_action(session, reference)
    if action.status in CLOSED:
        raise ActionProblem({"status": f"{action.reference} is {action.status}; only an outstanding action "
                                       "can be escalated."})
    holder = session.get(Body, action.escalated_to_body_id or action.body_id)
    assert holder is not None
    target = _target(session, holder, to_body)
    on = on or date.today()
    apply_changes(session, action, {"escalated_from_body_id": holder.id, "escalated_to_body_id": target.id,
                                    "escalated_on": on}, expected_version=expected_version, operation="escalate")
    reason = text_or_none(note)
    add_update(session, action, on, f"Escalated from {holder.name} to {target.name}." + (f" {reason}" if reason else ""),
               {"escalated_to": [None, target.name]})
    return action


def escalate_concern(session: Session, from_body: str, description: str, to_body: str | None = None, *,
                     owner: str | None = None, due: object = None, note: object = None,
                     on: date | None = None) -> Action:
    """Raise a concern of ``from_body`` with ``to_body`` (default: the body it reports to) as a new action there."""
    source = body_named(session, (from_body or "").strip(), "from_body")
    target = _target(session, source, to_body)
    on = on or date.today()
    action = add_action(session, body=target.name, description=description, owner=owner, due=due, today=on)
    apply_changes(session, action, {"escalated_from_body_id": source.id, "escalated_to_body_id": target.id,
                                    "escalated_on": on}, operation="escalate")
    reason = text_or_none(note)
    add_update(session, action, on, f"Concern escalated from {source.name} to {target.name}."
               + (f" {reason}" if reason else ""), {"escalated_to": [None, target.name]})
    return action


@dataclass(frozen=True)
class Escalation:
    """An action escalated to a body, for its agenda's "Escalations" item."""

    reference: str
    description: str
    from_body: str
    escalated_on: date
    owner: str | None
    due: date | None
    status: str
    note: str | None  # the escalation's progress note


def last_held_before(session: Session, body_id: int, by_date: date) -> date | None:
    """The date of the body's last held meeting before ``by_date``."""
    return session.exec(select(func.max(Meeting.date)).where(
        Meeting.body_id == body_id, Meeting.status == "held", Meeting.date < by_date)).one()


def escalations_for(session: Session, body_id: int, by_date: date) -> list[Escalation]:
    """Outstanding actions escalated to the body after its last held meeting before ``by_date``, up to ``by_date``.

    These are what the body's next agenda (the meeting on ``by_date``) lists
    under "Escalations"; sorted by escalation date, then reference.
    """
    since = last_held_before(session, body_id, by_date)
    query = select(Action).where(Action.escalated_to_body_id == body_id, col(Action.escalated_on) <= by_date,
                                 col(Action.status).in_(OPEN))
    if since is not None:
        query = query.where(col(Action.escalated_on) > since)
    rows = []
    for action in session.exec(query):
        source = session.get(Body, action.escalated_from_body_id) if action.escalated_from_body_id else None
        owner = session.get(Person, action.owner_id) if action.owner_id else None
        rows.append(Escalation(
            reference=action.reference, description=action.description,
            from_body=source.name if source else "another body", escalated_on=action.escalated_on,  # type: ignore[arg-type]
            owner=owner.name if owner else None, due=action.due, status=action.status,
            note=_escalation_note(session, action),
        ))
    rows.sort(key=lambda e: (e.escalated_on, e.reference))
    return rows


def _escalation_note(session: Session, action: Action) -> str | None:
    """The progress note written when it was escalated (the latest note of that day)."""
    return session.exec(select(ActionUpdate.note).where(
        ActionUpdate.action_id == action.id, ActionUpdate.on == action.escalated_on,
    ).order_by(col(ActionUpdate.id).desc())).first()


def body_parents(session: Session) -> dict[str, str | None]:
    """Each body's name with the name of the body it reports to (None at the top)."""
    bodies = {b.id: b for b in session.exec(select(Body))}
    return {b.name: bodies[b.reports_to_id].name if b.reports_to_id in bodies else None
            for b in sorted(bodies.values(), key=lambda b: b.name)}
