"""What the app's filters and command palette read: plain values, no widgets.

* :func:`filtered_actions` / :func:`filtered_action_log`: the Actions area's
  status filter ("outstanding", "overdue" or one of ``ACTION_STATUSES``).
* :func:`body_names`: the names for the Actions area's body filter.
* :func:`palette_targets`: every body, person and meeting in the next 90 days
  for the command palette.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, time, timedelta

from sqlmodel import Session, select

from models.action_read import OUTSTANDING, OVERDUE, ActionFilter, read_actions
from models.actions import check_filter
from models.queries import Directory, partnership_info, sql_reader
from models.tables import Body, Meeting
from models.views import ACTION_STATUS_LABELS, ACTION_STATUSES, ActionLog, ActionRow

__all__ = ["ACTION_FILTERS", "OUTSTANDING", "OVERDUE", "PaletteTarget", "body_names", "filtered_action_log",
           "filtered_actions", "palette_targets"]
UPCOMING_DAYS = 90

#: The Actions area's status filter: (label, value), every value a real status or one of the two groups.
ACTION_FILTERS: tuple[tuple[str, str], ...] = (
    ("Outstanding (open or in progress)", OUTSTANDING),
    ("Overdue", OVERDUE),
    *((ACTION_STATUS_LABELS[s], s) for s in ACTION_STATUSES),
)


def filtered_actions(session: Session, body: str | None, status: str | None, today: date,
                     extra: ActionFilter | None = None) -> list[ActionRow]:
    """Actions of ``body`` (None: every body) passing the status filter and ``extra`` (owner,
    organisation, due within, text), in due-date order."""
    wanted = replace(check_filter(session, extra) if extra else ActionFilter(), body=body, status=status)
    return read_actions(sql_reader(session), wanted, today)


def filtered_action_log(session: Session, body: str | None, status: str | None, today: date, *,
                        public: bool = False, extra: ActionFilter | None = None) -> ActionLog:
    """The action log as the Actions area shows it; ``public`` leaves out actions raised under exempt items."""
    title = f"Action log — {body}" if body else "Action log"
    rows = filtered_actions(session, body, status, today, extra)
    return ActionLog(partnership=partnership_info(session), title=title, generated_on=today,
                     actions=tuple(a for a in rows if not (public and a.exempt)))


def body_names(session: Session) -> list[str]:
    """Every body's name, sorted."""
    return sorted(session.exec(select(Body.name)).all())


@dataclass(frozen=True)
class PaletteTarget:
    """One thing the palette can go to: ``kind`` is body, person or meeting."""

    kind: str
    name: str  # body or person name; for a meeting, its body
    detail: str  # body kind; person's "title, organisation"; meeting status
    meeting_id: int | None = None
    day: date | None = None
    start: time | None = None


def palette_targets(session: Session, today: date, days: int = UPCOMING_DAYS) -> list[PaletteTarget]:
    """Every body and person by name, then the meetings from today to ``days`` ahead by date and time."""
    d = Directory.read(session)
    found = [PaletteTarget("body", b.name, b.kind.replace("_", " "))
             for b in sorted(d.bodies.values(), key=lambda b: b.name)]
    for person in sorted(d.people.values(), key=lambda p: p.name):
        where = ", ".join(x for x in (person.title, d.org_name(person.organisation_id)) if x)
        found.append(PaletteTarget("person", person.name, where))
    query = select(Meeting).where(Meeting.date >= today, Meeting.date <= today + timedelta(days=days))
    for m in sorted(session.exec(query), key=lambda m: (m.date, m.start_time)):
        found.append(PaletteTarget("meeting", d.bodies[m.body_id].name, m.status, m.id, m.date, m.start_time))
    return found
