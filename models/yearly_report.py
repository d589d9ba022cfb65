"""The yearly-report evidence pack: the figures inspectors ask for, per body, for a period.

One query, :func:`yearly_report`, used by the Word export, the TUI screen and
``--json``. The counting rules (also in docs/cli.md):

- meetings *planned* are all meetings dated in the period; *held* have the
  status held; *cancelled* are cancelled or postponed.
- attendance counts held meetings with attendance recorded; cancelled
  meetings are never in a denominator. A statutory partner is *expected* at a
  meeting when one of its people is invited (a member, by person or role, or
  the chair), and *represented* when someone attends for it: its own person
  present, or a deputy standing in for one of its people. A person's rate is
  meetings attended in person over meetings they were invited to.
- quorum is assessed on held meetings with attendance and a quorum rule.
- chairs: the chair terms that overlap the period; a handover is a change of
  chair inside it.
- actions and forward-plan items are counted by the rules of
  :mod:`models.period_counts` (shared with the highlight report): *opened*,
  *completed*, *overdue at year end*, *escalated* (from the body, in the
  period), forward-plan items *taken*.
- statutory checkpoints due in the period: met on time, met late, missed
  (due before today and not met), still open.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from sqlmodel import Session, func, select

from models.obligations import obligation_checkpoints
from models.queries import (
    Directory,
    body_chair_rule,
    holdings,
    invitees_on,
    partnership_info,
    quorum_result,
    represented_org,
)
from models.period_counts import completed_in, opened_on, overdue_at_end, same_title
from models.rules.rotation import chair_terms
from models.tables import Action, AgendaItem, Attendance, Body, ForwardPlanItem, Meeting

ATTENDED = ("present", "deputy")
NOT_HELD = ("cancelled", "postponed")


@dataclass
class Rate:
    name: str
    attended: int = 0
    expected: int = 0

    @property
    def percent(self) -> float | None:
        return round(100 * self.attended / self.expected, 1) if self.expected else None

    def as_json(self) -> dict[str, Any]:
        return {"name": self.name, "attended": self.attended, "expected": self.expected, "percent": self.percent}


@dataclass
class ChairInOffice:
    person: str | None
    organisation: str | None
    start: date
    end: date | None


@dataclass
class BodyYear:
    body: str
    planned: int = 0
    held: int = 0
    cancelled: int = 0
    partners: list[Rate] = field(default_factory=list)
    people: list[Rate] = field(default_factory=list)
    quorum_met: int = 0
    quorum_missed: int = 0
    chairs: list[ChairInOffice] = field(default_factory=list)
    handovers: int = 0
    actions_opened: int = 0
    actions_completed: int = 0
    actions_overdue_at_end: int = 0
    actions_escalated: int = 0
    forward_plan_items: int = 0
    forward_plan_taken: list[str] = field(default_factory=list)


@dataclass
class CheckpointCounts:
    on_time: int = 0
    late: int = 0
    missed: int = 0
    open: int = 0


@dataclass
class YearlyReport:
    partnership: str
    start: date
    end: date
    bodies: list[BodyYear]
    partners: list[Rate]  # attendance by statutory partner over every body
    checkpoints: CheckpointCounts
    escalation_recorded: bool

    def as_json(self) -> dict[str, Any]:
        def plain(value: Any) -> Any:
            if isinstance(value, date):
                return value.isoformat()
            if isinstance(value, dict):
                return {k: plain(v) for k, v in value.items()}
            if isinstance(value, list):
                return [plain(v) for v in value]
            return value

        out = plain(asdict(self))
        out["partners"] = [r.as_json() for r in self.partners]
        for body_out, body in zip(out["bodies"], self.bodies):
            body_out["partners"] = [r.as_json() for r in body.partners]
            body_out["people"] = [r.as_json() for r in body.people]
        return out


def default_period(today: date) -> tuple[date, date]:
    """The last complete April-to-March year before ``today`` (the usual reporting year)."""
    end_year = today.year if today.month >= 4 else today.year - 1
    return date(end_year - 1, 4, 1), date(end_year, 3, 31)


def shift_period(start: date, end: date, years: int) -> tuple[date, date]:
    """The same period ``years`` earlier (negative) or later."""
    from models.obligations import add_months

    return add_months(start, 12 * years), add_months(end, 12 * years)


def _body_year(session: Session, body: Body, start: date, end: date, d: Directory, hold: list,
               totals: dict[str, Rate], statutory: list[str]) -> BodyYear:
    out = BodyYear(body=body.name)
    meetings = session.exec(select(Meeting).where(
        Meeting.body_id == body.id, Meeting.date >= start, Meeting.date <= end).order_by(Meeting.date)).all()
    partners = {org: Rate(org) for org in statutory}
    people: dict[str, Rate] = {}
    held_ids = []
    for m in meetings:
        out.planned += 1
        if m.status in NOT_HELD:
            out.cancelled += 1
            continue
        if m.status != "held":
            continue
        out.held += 1
        held_ids.append(m.id)
        rows = session.exec(select(Attendance).where(Attendance.meeting_id == m.id)).all()
        if not rows:
            continue
        invited = invitees_on(session, body, m.date, d, hold)
        expected_orgs = {i.person.organisation for i in invited} & set(statutory)
        represented = set()
        attended_people = set()
        for row in rows:
            if row.status not in ATTENDED:
                continue
            attended_people.add(d.person_name(row.person_id))
            stands_for = row.deputy_for_id if row.status == "deputy" and row.deputy_for_id else row.person_id
            represented.add(represented_org(d, stands_for, m.date, hold))
        for org in expected_orgs:
            partners[org].expected += 1
            partners[org].attended += org in represented
        for invitee in invited:
            rate = people.setdefault(invitee.person.name, Rate(invitee.person.name))
            rate.expected += 1
            rate.attended += invitee.person.name in attended_people
        quorum = quorum_result(session, list(rows), m, body, d, hold)
        if quorum is not None:
            out.quorum_met += quorum["met"]
            out.quorum_missed += not quorum["met"]
    out.partners = [r for r in partners.values() if r.expected]
    for r in out.partners:
        total = totals.setdefault(r.name, Rate(r.name))
        total.attended += r.attended
        total.expected += r.expected
    out.people = sorted(people.values(), key=lambda r: r.name)
    rule = body_chair_rule(body)
    if rule is not None:
        terms = chair_terms(rule, hold, start, end, organisations=d.person_organisations(), today=end)
        out.chairs = [ChairInOffice(t.person, t.organisation, t.start, t.end) for t in terms]
        out.handovers = sum(1 for a, b in zip(terms, terms[1:]) if a.person != b.person)
    _actions(session, body, start, end, out)
    plan = session.exec(select(ForwardPlanItem).where(ForwardPlanItem.body_id == body.id)).all()
    titles = {t.strip().lower() for t in session.exec(
        select(AgendaItem.title).where(AgendaItem.meeting_id.in_(held_ids))).all()} if held_ids else set()
    out.forward_plan_items = len(plan)
    out.forward_plan_taken = sorted(p.title for p in plan if any(same_title(p.title, t) for t in titles))
    return out


def _actions(session: Session, body: Body, start: date, end: date, out: BodyYear) -> None:
    dates = dict(session.exec(select(Meeting.id, Meeting.date).where(Meeting.body_id == body.id)).all())
    for a in session.exec(select(Action).where(Action.body_id == body.id)).all():
        opened = opened_on(a, dates.get(a.meeting_id) if a.meeting_id else None)
        out.actions_opened += start <= opened <= end
        out.actions_completed += completed_in(a, start, end)
        out.actions_overdue_at_end += overdue_at_end(a, opened, end)
    out.actions_escalated = session.exec(select(func.count()).select_from(Action).where(
        Action.escalated_from_body_id == body.id, Action.escalated_on >= start, Action.escalated_on <= end)).one()


def yearly_report(session: Session, start: date, end: date, today: date) -> YearlyReport:
    """Every figure of the evidence pack for ``start``..``end`` (inclusive)."""
    d = Directory.read(session)
    hold = holdings(session, d)
    statutory = d.statutory_orgs()
    totals: dict[str, Rate] = {}
    bodies = [_body_year(session, b, start, end, d, hold, totals, statutory)
              for b in sorted(d.bodies.values(), key=lambda b: b.name)]
    counts = CheckpointCounts()
    for c in obligation_checkpoints(session, today):
        if not start <= c.due <= end:
            continue
        if c.met_on is not None:
            counts.on_time += c.met_on <= c.due
            counts.late += c.met_on > c.due
        elif c.due < today:
            counts.missed += 1
        else:
            counts.open += 1
    partners = [totals[o] for o in statutory if o in totals]
    return YearlyReport(partnership_info(session, d).name, start, end, bodies, partners, counts,
                        escalation_recorded=True)
