"""What the dashboard shows: plain values read from the database for one day.

Each function takes a session and ``today`` and returns frozen dataclasses,
so the screen can build them in a worker thread and show them later.

Choices (documented in docs/tui.md):

* Upcoming meetings: the rule is models.firstview's (shared with the quick first view).
* "Due soon" is an open action due today or within the next 14 days.
* A recurring forward-plan item is due at the body's first meeting (not
  cancelled) in its month; with no meeting scheduled that month, on the last
  day of the month. The next occurrence on or after today is shown. A one-off
  item is shown until its due date has passed.
"""

from __future__ import annotations

import calendar
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlmodel import Session, select

from models.action_read import is_overdue
from models.firstview import UPCOMING_WEEKS, UpcomingMeeting, upcoming
from models.queries import (
    Directory,
    body_chair_rule,
    chair_of,
    holdings,
    roster_for,
    sql_reader,
)
from models.obligations import Checkpoint, attention
from models.rules.rotation import Holding, next_handover
from models.tables import Action, ForwardPlanItem, Meeting
from models.views import OPEN_ACTION_STATUSES

DUE_SOON_DAYS = 14
HANDOVER_DAYS = 90


@dataclass(frozen=True)
class ActionCount:
    body: str
    overdue: int
    due_soon: int


@dataclass(frozen=True)
class RosterGap:
    organisation: str
    role: str


@dataclass(frozen=True)
class Handover:
    body: str
    on: date
    outgoing: str | None  # None: nobody in the chair now
    incoming: str | None  # None: the new term starts with nobody in post
    organisation: str | None


@dataclass(frozen=True)
class Obligation:
    body: str
    title: str
    due: date
    recurring: bool
    meeting_id: int | None  # the meeting it is due at, if one is scheduled


def upcoming_meetings(session: Session, today: date, weeks: int = UPCOMING_WEEKS, *, d: Directory | None = None,
                      hold: list[Holding] | None = None) -> list[UpcomingMeeting]:
    """Meetings from today to ``weeks`` weeks ahead, by date, time and body: the rule of
    :func:`models.firstview.upcoming`, which the quick first view runs too."""
    bodies = {b.id: (b.name, b.chair_rule) for b in d.bodies.values()} if d is not None else None
    return upcoming(sql_reader(session), today, weeks, hold=hold, bodies=bodies)


def action_counts(session: Session, today: date, soon_days: int = DUE_SOON_DAYS, *,
                  d: Directory | None = None) -> list[ActionCount]:
    """Open actions overdue or due within ``soon_days``, counted by body (bodies with none left out)."""
    d = d or Directory.read(session)
    query = select(Action.body_id, Action.due, Action.status).where(
        Action.status.in_(OPEN_ACTION_STATUSES),  # type: ignore[attr-defined]
        Action.due.is_not(None),  # type: ignore[union-attr]
        Action.due <= today + timedelta(days=soon_days),  # type: ignore[operator]
    )
    overdue: Counter[int] = Counter()
    soon: Counter[int] = Counter()
    for body_id, due, status in session.exec(query):
        (overdue if is_overdue(status, due, today) else soon)[body_id] += 1
    rows = [ActionCount(body=d.bodies[b].name, overdue=overdue[b], due_soon=soon[b]) for b in set(overdue) | set(soon)]
    rows.sort(key=lambda r: (-r.overdue, -r.due_soon, r.body))
    return rows


def roster_gaps(session: Session, today: date, *, d: Directory | None = None,
                hold: list[Holding] | None = None) -> list[RosterGap]:
    """Statutory partners without a lead or delegated safeguarding partner today."""
    return [RosterGap(organisation=g.organisation, role=g.role) for g in roster_for(session, today, d, hold).gaps]


def chair_handovers(session: Session, today: date, days: int = HANDOVER_DAYS, *, d: Directory | None = None,
                    hold: list[Holding] | None = None) -> list[Handover]:
    """Changes of chair that take effect after today and within ``days`` days."""
    d = d or Directory.read(session)
    hold = hold if hold is not None else holdings(session, d)
    person_org = {p.name: d.org_name(p.organisation_id) for p in d.people.values()}
    rows = []
    for body in sorted(d.bodies.values(), key=lambda b: b.name):
        rule = body_chair_rule(body)
        if rule is None or not body.active:
            continue
        coming = next_handover(rule, hold, today, person_org)
        if coming is None or coming.start > today + timedelta(days=days):
            continue
        current = chair_of(body, today, hold)
        rows.append(Handover(body=body.name, on=coming.start, outgoing=current.person if current else None,
                             incoming=coming.person, organisation=coming.organisation))
    rows.sort(key=lambda r: (r.on, r.body))
    return rows


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def obligations(session: Session, today: date, *, d: Directory | None = None) -> list[Obligation]:
    """Forward-plan items with their next due date on or after today, soonest first."""
    d = d or Directory.read(session)
    first_meeting: dict[tuple[int, int, int], Meeting] = {}
    horizon = date(today.year + 1, 12, 31)
    for m in session.exec(select(Meeting).where(Meeting.date >= date(today.year, 1, 1), Meeting.date <= horizon,
                                                Meeting.status != "cancelled").order_by(Meeting.date)):
        first_meeting.setdefault((m.body_id, m.date.year, m.date.month), m)
    rows = []
    for item in session.exec(select(ForwardPlanItem)):
        body = d.bodies[item.body_id]
        if item.recurring and item.month:
            for year in (today.year, today.year + 1):
                meeting = first_meeting.get((item.body_id, year, item.month))
                due = meeting.date if meeting else _month_end(year, item.month)
                if due >= today:
                    rows.append(Obligation(body=body.name, title=item.title, due=due, recurring=True,
                                           meeting_id=meeting.id if meeting else None))
                    break
        elif item.due is not None and item.due >= today:
            rows.append(Obligation(body=body.name, title=item.title, due=item.due, recurring=False, meeting_id=None))
    rows.sort(key=lambda r: (r.due, r.body, r.title))
    return rows


@dataclass(frozen=True)
class Dashboard:
    """Everything on the dashboard for one day."""

    today: date
    meetings: list[UpcomingMeeting]
    actions: list[ActionCount]
    gaps: list[RosterGap]
    handovers: list[Handover]
    obligations: list[Obligation]
    checkpoints: list[Checkpoint] = field(default_factory=list)  # statutory: overdue first, then the next ones


def dashboard(session: Session, today: date) -> Dashboard:
    """Read the whole dashboard in one session, reading names and role holdings once."""
    d = Directory.read(session)
    hold = holdings(session, d)
    return Dashboard(
        today=today,
        meetings=upcoming_meetings(session, today, d=d, hold=hold),
        actions=action_counts(session, today, d=d),
        gaps=roster_gaps(session, today, d=d, hold=hold),
        handovers=chair_handovers(session, today, d=d, hold=hold),
        obligations=obligations(session, today, d=d),
        checkpoints=attention(session, today),
    )
