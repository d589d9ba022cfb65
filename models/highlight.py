"""A body's highlight report to the body above it, for a period.

One query, :func:`highlight_report`, gathers what the report lists:

- meetings held and cancelled, and whether each held meeting was quorate
  (met, missed, or not assessed where the body has no quorum rule or no
  attendance was recorded);
- attendance by statutory partner: at how many held meetings each was
  represented (someone present, or deputising for one of its people), sent
  apologies only, or was not represented at all. Officers (business support)
  attend for the partnership, not for their employer, so they do not count;
- the body's actions opened, completed, overdue at the end of the period
  (listed) and escalated from this body, and the forward-plan items taken
  (and those due in the period but not taken), counted by the rules of
  :mod:`models.period_counts`, the same as the yearly report's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from models.listings import meeting_rows
from models.queries import (
    Directory,
    action_rows,
    find_body,
    holdings,
    partnership_info,
    represented_org,  # the one rule for whom an attendee represents (also used by the quorum check)
)
from models.period_counts import completed_in, escalated_from_in, opened_on, overdue_at_end, same_title
from models.tables import Action, AgendaItem, Attendance, ForwardPlanItem, Meeting
from models.views import ActionRow, PartnershipInfo


class PeriodError(ValueError):
    """The period asked for is not a period; one sentence."""


@dataclass(frozen=True)
class MeetingLine:
    date: date
    status: str  # held | cancelled
    quorum: bool | None  # None: not assessed
    missing: tuple[str, ...] = ()  # organisations whose absence made it inquorate


@dataclass(frozen=True)
class PartnerAttendance:
    organisation: str
    represented: int  # held meetings where someone represented it
    apologies: int  # held meetings where it sent apologies and nobody came
    not_represented: int  # held meetings with neither


@dataclass(frozen=True)
class PlanItemTaken:
    title: str
    taken_on: date | None  # None: due in the period but not taken


@dataclass(frozen=True)
class HighlightReport:
    partnership: PartnershipInfo
    body: str
    reports_to: str | None
    start: date
    end: date
    meetings: tuple[MeetingLine, ...]
    attendance: tuple[PartnerAttendance, ...]
    opened: tuple[ActionRow, ...]
    completed: tuple[ActionRow, ...]
    overdue: tuple[ActionRow, ...]
    escalated: tuple[ActionRow, ...]
    forward_plan: tuple[PlanItemTaken, ...]

    @property
    def held(self) -> int:
        return sum(1 for m in self.meetings if m.status == "held")

    @property
    def cancelled(self) -> int:
        return sum(1 for m in self.meetings if m.status == "cancelled")

    @property
    def quorum_met(self) -> int:
        return sum(1 for m in self.meetings if m.status == "held" and m.quorum is True)

    @property
    def quorum_missed(self) -> int:
        return sum(1 for m in self.meetings if m.status == "held" and m.quorum is False)

    @property
    def taken(self) -> tuple[PlanItemTaken, ...]:
        return tuple(p for p in self.forward_plan if p.taken_on is not None)

    @property
    def not_taken(self) -> tuple[PlanItemTaken, ...]:
        return tuple(p for p in self.forward_plan if p.taken_on is None)


def highlight_report(session: Session, body: str, start: date, end: date) -> HighlightReport:
    """What ``body`` reports up for ``start``..``end`` (both inclusive)."""
    if end < start:
        raise PeriodError(f"The period ends ({end}) before it starts ({start}).")
    found = find_body(session, body)
    d = Directory.read(session)
    rows = meeting_rows(session, found.name, start, end)
    meetings = tuple(MeetingLine(date.fromisoformat(r["date"]), r["status"],
                                 r["quorum"]["met"] if r["quorum"] else None,
                                 tuple(r["quorum"]["missing"]) if r["quorum"] else ())
                     for r in rows if r["status"] in ("held", "cancelled"))
    held = [r["id"] for r in rows if r["status"] == "held"]
    opened, completed, overdue, escalated = _actions(session, found.id, found.name, start, end)
    parent = d.bodies.get(found.reports_to_id) if found.reports_to_id is not None else None
    return HighlightReport(
        partnership=partnership_info(session, d), body=found.name, reports_to=parent.name if parent else None,
        start=start, end=end, meetings=meetings, attendance=_attendance(session, d, held),
        opened=opened, completed=completed, overdue=overdue, escalated=escalated,
        forward_plan=_forward_plan(session, found.id, held, start, end),
    )


def _attendance(session: Session, d: Directory, held: list[int]) -> tuple[PartnerAttendance, ...]:
    hold = holdings(session, d)
    partners = d.statutory_orgs()
    counts = {org: [0, 0, 0] for org in partners}
    meetings = {m.id: m for m in session.exec(select(Meeting).where(col(Meeting.id).in_(held)))}
    for meeting_id in held:
        day = meetings[meeting_id].date
        came: set[str | None] = set()
        sorry: set[str | None] = set()
        for row in session.exec(select(Attendance).where(Attendance.meeting_id == meeting_id)):
            if row.capacity == "officer":
                continue
            represented = row.deputy_for_id if row.status == "deputy" and row.deputy_for_id else row.person_id
            org = represented_org(d, represented, day, hold)
            if row.status in ("present", "deputy"):
                came.add(org)
            elif row.status == "apologies":
                sorry.add(org)
        for org in partners:
            counts[org][0 if org in came else 1 if org in sorry else 2] += 1
    return tuple(PartnerAttendance(org, *counts[org]) for org in partners)


def _actions(session: Session, body_id: int, name: str, start: date, end: date):
    facts = {a.reference: a for a in session.exec(select(Action).where(
        (Action.body_id == body_id) | (Action.escalated_from_body_id == body_id)))}
    rows = [r for r in action_rows(session, today=end) if r.reference in facts]

    def opened(r: ActionRow) -> date:
        return opened_on(facts[r.reference], r.meeting_date)

    own = [r for r in rows if r.body == name]
    return (
        tuple(sorted((r for r in own if start <= opened(r) <= end), key=lambda r: (opened(r), r.reference))),
        tuple(sorted((r for r in own if completed_in(facts[r.reference], start, end)),
                     key=lambda r: (facts[r.reference].completed_on, r.reference))),
        tuple(r for r in own if overdue_at_end(facts[r.reference], opened(r), end)),
        tuple(r for r in rows if escalated_from_in(facts[r.reference], body_id, start, end)),
    )


def _forward_plan(session: Session, body_id: int, held: list[int], start: date, end: date) -> tuple[PlanItemTaken, ...]:
    items = session.exec(select(AgendaItem.title, Meeting.date).join(Meeting, AgendaItem.meeting_id == Meeting.id)
                         .where(col(Meeting.id).in_(held)).order_by(Meeting.date)).all()
    months = set()
    day = date(start.year, start.month, 1)
    while day <= end:
        months.add(day.month)
        day = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    result = []
    for plan in session.exec(select(ForwardPlanItem).where(ForwardPlanItem.body_id == body_id)
                             .order_by(ForwardPlanItem.title)):
        taken = next((when for title, when in items if same_title(plan.title, title)), None)
        due_in_period = (plan.due is not None and start <= plan.due <= end) or (plan.month in months)
        if taken is not None or due_in_period:
            result.append(PlanItemTaken(plan.title, taken))
    result.sort(key=lambda p: (p.taken_on is None, p.taken_on or date.max, p.title))
    return tuple(result)
