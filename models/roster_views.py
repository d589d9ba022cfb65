"""What the Roster and Structure screens read: plain rows, built in one place.

The screens call these inside their read workers and get values that carry
no database state.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from dateutil.relativedelta import relativedelta
from sqlmodel import Session, select

from models.bodies import member_inputs, member_line, standing_titles
from models.queries import Directory, body_cadence, body_chair_rule, holdings
from models.record_base import load_record
from models.rules.cadence import describe_cadence
from models.rules.quorum import parse_quorum
from models.rules.rotation import ChairTerm, Holding, chair_on, chair_terms
from models.rules.vocab import MONTH_NAMES
from models.forward_plan import plan_lines
from models.tables import Appointment, Body, ForwardPlanItem, Meeting, Organisation, Person


@dataclass(frozen=True)
class OrganisationRow:
    id: int
    version: int
    name: str
    short_name: str | None
    kind: str
    statutory: bool
    category: str | None


@dataclass(frozen=True)
class PersonRow:
    id: int
    version: int
    name: str
    title: str | None
    organisation: str | None
    email: str | None
    phone: str | None


@dataclass(frozen=True)
class AppointmentRow:
    id: int
    version: int
    person: str
    role: str
    organisation: str | None
    start: date
    end: date | None
    notes: str | None


@dataclass(frozen=True)
class RosterTables:
    """Everything the roster's tables list, sorted by name (appointments by start)."""

    organisations: list[OrganisationRow]
    people: list[PersonRow]
    appointments: list[AppointmentRow]


def roster_tables(session: Session) -> RosterTables:
    d = Directory.read(session)
    orgs = [OrganisationRow(o.id, o.version, o.name, o.short_name, o.kind, o.statutory, o.category)  # type: ignore[arg-type]
            for o in sorted(d.organisations.values(), key=lambda o: (not o.statutory, o.name))]
    people = [PersonRow(p.id, p.version, p.name, p.title, d.org_name(p.organisation_id), p.email, p.phone)  # type: ignore[arg-type]
              for p in sorted(d.people.values(), key=lambda p: p.name)]
    appointments = [
        AppointmentRow(a.id, a.version, d.person_name(a.person_id) or "", a.role, d.org_name(a.organisation_id),  # type: ignore[arg-type]
                       a.start, a.end, a.notes)
        for a in session.exec(select(Appointment).order_by(Appointment.start, Appointment.id))
    ]
    return RosterTables(orgs, people, appointments)


@dataclass(frozen=True)
class BodyNode:
    """One body in the structure tree."""

    id: int
    name: str
    kind: str
    parent_id: int | None
    cadence: str
    chair: str
    next_meeting: date | None


@dataclass(frozen=True)
class MemberRow:
    who: str  # a person's name, or a role (with its organisation)
    by: str  # "person" or "role"
    capacity: str
    voting: bool
    holders: str  # who holds the role today ("" for a person)


@dataclass(frozen=True)
class TimelineRow:
    """A chair term: ``when`` is "past", "current" or "next"; ``person`` None is a gap.

    ``start`` None: a fixed chair with no recorded start date.
    """

    when: str
    organisation: str | None
    person: str | None
    start: date | None
    end: date | None


@dataclass(frozen=True)
class BodyDetail:
    id: int
    version: int
    name: str
    kind: str
    reports_to: str | None
    cadence: str
    cadence_table: dict[str, Any] | None
    chair_table: dict[str, Any] | None
    chair: str
    quorum: str
    members: list[MemberRow]
    member_lines: list[str]
    standing_items: list[str]
    forward_plan: list[str]
    timeline: list[TimelineRow] = field(default_factory=list)
    quorum_table: dict[str, Any] | None = None
    plan_lines: list[str] = field(default_factory=list)  # the forward plan as the form edits it


def _cadence_words(body: Body) -> str:
    cadence = body_cadence(body) if body.cadence else None
    return describe_cadence(cadence) if cadence else "no regular cadence"


def _chair_words(body: Body, hold: list[Holding], d: Directory, today: date) -> str:
    rule = body_chair_rule(body) if body.chair_rule else None
    if rule is None:
        return "no chair rule"
    term = chair_on(rule, hold, today, d.person_organisations())
    if term is None:
        return "not yet chaired"
    return term.person or f"vacant ({term.organisation})"



def _next_meeting(session: Session, body_id: int, today: date) -> date | None:
    return session.exec(select(Meeting.date).where(Meeting.body_id == body_id, Meeting.date >= today,
                                                   Meeting.status != "cancelled").order_by(Meeting.date)).first()


def body_nodes(session: Session, today: date) -> list[BodyNode]:
    """Every active body, by name, for the structure tree."""
    d = Directory.read(session)
    hold = holdings(session, d)
    return [BodyNode(b.id, b.name, b.kind, b.reports_to_id, _cadence_words(b), _chair_words(b, hold, d, today),  # type: ignore[arg-type]
                     _next_meeting(session, b.id, today))  # type: ignore[arg-type]
            for b in sorted(d.bodies.values(), key=lambda b: b.name) if b.active]


def _quorum_words(body: Body) -> str:
    rule = parse_quorum(body.quorum_rule)[0] if body.quorum_rule else None
    if rule is None:
        return "no quorum rule"
    parts = []
    if rule.statutory_partners == "all":
        parts.append("all statutory partners represented")
    elif rule.statutory_partners:
        parts.append(f"at least {rule.statutory_partners} statutory partners represented")
    if rule.members:
        parts.append(f"at least {rule.members} voting members present")
    return " and ".join(parts) or "no quorum rule"


def chair_timeline(terms: Sequence[ChairTerm], today: date, around: int = 2) -> list[TimelineRow]:
    """Up to ``around`` past terms, the current one, and up to ``around`` next ones."""
    rows = [TimelineRow("past" if t.end is not None and t.end < today
                        else "next" if t.start is not None and t.start > today else "current",
                        t.organisation, t.person, t.start, t.end) for t in terms]
    past = [r for r in rows if r.when == "past"][-around:]
    return past + [r for r in rows if r.when == "current"] + [r for r in rows if r.when == "next"][:around]


def body_detail(session: Session, body_id: int, today: date) -> BodyDetail:
    """A body's members, rules, standing items, forward plan and chair timeline."""
    body = load_record(session, Body, body_id)
    d = Directory.read(session)
    hold = holdings(session, d)
    members = []
    inputs = member_inputs(session, body_id, d)
    for m in inputs:
        if m.person:
            members.append(MemberRow(m.person, "person", m.capacity, m.voting, ""))
            continue
        now = [h for h in hold if h.role == m.role and h.covers(today)
               and (m.organisation is None or h.organisation == m.organisation)]
        who = f"{m.role} ({m.organisation})" if m.organisation else str(m.role)
        members.append(MemberRow(who, "role", m.capacity, m.voting, ", ".join(h.person for h in now) or "nobody"))
    plan = []
    for item in session.exec(select(ForwardPlanItem).where(ForwardPlanItem.body_id == body_id)
                             .order_by(ForwardPlanItem.month, ForwardPlanItem.title)):
        when = item.due.isoformat() if item.due else (
            MONTH_NAMES[item.month - 1] if item.month else "")
        plan.append(f"{item.title} ({when}{', every year' if item.recurring == 'annual' else ''})" if when else item.title)
    timeline: list[TimelineRow] = []
    rule = body_chair_rule(body) if body.chair_rule else None
    if rule is not None:
        if rule.person is not None:
            terms = chair_terms(rule, hold, None, None, d.person_organisations(), today=today)
            if rule.starts is None:
                terms = [ChairTerm(t.organisation, t.person, None, t.end) for t in terms]  # type: ignore[arg-type]
        else:
            span = relativedelta(months=3 * (rule.term_months or 12))
            terms = chair_terms(rule, hold, today - span, today + span, d.person_organisations(), today=today)
        timeline = chair_timeline(terms, today)
    parent = d.bodies.get(body.reports_to_id) if body.reports_to_id else None
    return BodyDetail(
        id=body.id, version=body.version, name=body.name, kind=body.kind,  # type: ignore[arg-type]
        reports_to=parent.name if parent else None, cadence=_cadence_words(body),
        cadence_table=body.cadence, chair_table=body.chair_rule, chair=_chair_words(body, hold, d, today),
        quorum=_quorum_words(body), members=members, member_lines=[member_line(m) for m in inputs],
        standing_items=standing_titles(session, body_id), forward_plan=plan, timeline=timeline,
        quorum_table=body.quorum_rule, plan_lines=plan_lines(session, body_id),
    )


def people_names(session: Session) -> list[str]:
    return sorted(session.exec(select(Person.name)))


def organisation_names(session: Session) -> list[str]:
    return sorted(session.exec(select(Organisation.name)))
