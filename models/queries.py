"""Reading the database into plain values: views for exporters and screens
(the rows behind the listing commands are in :mod:`models.listings`, meeting
views in :mod:`models.meeting_views`).

Everything here reads; nothing writes. Domain rules come from models.rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, text
from sqlmodel import Session, select

from models.action_read import ActionFilter, is_overdue, read_actions
from models.feed_read import (  # noqa: F401  (meeting_start and meeting_end are imported from here too)
    meeting_end,
    meeting_start,
    read_partnership,
    select_meeting_ids,
    unknown_body,
)
from models.firstview import chair_rule, read_holdings
from models.name_index import names
from models.plain_read import Execute, NotFound, no_meeting, plain_params  # noqa: F401  (NotFound is imported from here too)
from models.rules.cadence import Cadence
from models.rules.cadence_table import parse_cadence
from models.rules.quorum import AttendanceFact, check_quorum, parse_quorum
from models.rules.roster import Roster, roster_on
from models.rules.rotation import ChairRule, ChairTerm, Holding, chair_on
from models.rules.vocab import PER_ORGANISATION_ROLES
from models.tables import (
    Action,
    Attendance,
    Body,
    BodyMember,
    Meeting,
    Organisation,
    Person,
)
from models.views import (
    ActionLog,
    ActionRow,
    ActionUpdateRow,
    Invitee,
    PartnershipInfo,
    PersonRef,
)

LONDON = ZoneInfo("Europe/London")
NON_VOTING_CAPACITIES = ("adviser", "participant_observer", "officer")
_CAPACITY_RANK = {"chair": 0, "member": 1, "officer": 2, "adviser": 3, "participant_observer": 4}


# ----------------------------------------------------------------- lookups


@dataclass
class Directory:
    """Names by id for the small reference tables, read once per query."""

    organisations: dict[int, Organisation]
    people: dict[int, Person]
    bodies: dict[int, Body]
    _by_name: dict[str, int] | None = field(default=None, repr=False, compare=False)

    @classmethod
    def read(cls, session: Session) -> "Directory":
        held = [names(session, model) for model in (Organisation, Person, Body)]
        if all(held):  # a load holds these tables in memory (models.name_index)
            organisations, people, bodies = (dict(index.by_id()) for index in held)
            return cls(organisations=organisations, people=people, bodies=bodies)
        return cls(
            organisations={o.id: o for o in session.exec(select(Organisation))},
            people={p.id: p for p in session.exec(select(Person))},
            bodies={b.id: b for b in session.exec(select(Body))},
        )

    def org_name(self, org_id: int | None) -> str | None:
        return self.organisations[org_id].name if org_id in self.organisations else None

    def person_name(self, person_id: int | None) -> str | None:
        return self.people[person_id].name if person_id in self.people else None

    def person_ref(self, person_id: int | None) -> PersonRef | None:
        person = self.people.get(person_id) if person_id is not None else None
        if person is None:
            return None
        return PersonRef(name=person.name, email=person.email, organisation=self.org_name(person.organisation_id), title=person.title)

    def person_ref_by_name(self, name: str) -> PersonRef:
        if self._by_name is None:  # the first person of each name, as a scan in id order finds them
            self._by_name = {}
            for person in self.people.values():
                self._by_name.setdefault(person.name, person.id)
        person_id = self._by_name.get(name)
        return self.person_ref(person_id) if person_id is not None else PersonRef(name=name)

    def person_organisations(self) -> dict[str, str]:
        """Each person's organisation by name (people without one are left out)."""
        return {p.name: self.organisations[p.organisation_id].name
                for p in self.people.values() if p.organisation_id in self.organisations}

    def statutory_orgs(self) -> list[str]:
        return [o.name for o in sorted(self.organisations.values(), key=lambda o: o.id) if o.statutory]


def sql_reader(session: Session) -> Execute:
    """An :data:`~models.plain_read.Execute` on the session's connection, for the reads
    written once as SQL text and shared with the quick ``sqlite3`` path (models.plain_read)."""
    if session.autoflush:
        session.flush()  # as an ORM query would: rows added in this transaction are read too
    connection = session.connection()
    iso_dates = connection.dialect.name == "sqlite"

    def execute(sql: str, params) -> list:
        return list(connection.execute(text(sql), plain_params(params, iso_dates=iso_dates)).all())

    execute.dialect = connection.dialect.name  # type: ignore[attr-defined]  (models.action_read: LIKE or ILIKE)
    return execute


def holdings(session: Session, directory: Directory | None = None) -> list[Holding]:
    """Every appointment as a Holding, by start then id (``directory`` is accepted for older callers)."""
    return read_holdings(sql_reader(session))


def find_body(session: Session, name: str) -> Body:
    body = session.exec(select(Body).where(Body.name == name)).first()
    if body is not None:
        return body
    raise unknown_body(name, session.exec(select(Body.name)))


def find_meeting(session: Session, meeting_id: int) -> Meeting:
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise no_meeting(meeting_id)
    return meeting


def partnership_info(session: Session, directory: Directory | None = None) -> PartnershipInfo:
    """The partnership (models.feed_read's read; ``directory`` is accepted for older callers)."""
    return read_partnership(sql_reader(session))


def body_cadence(body: Body) -> Cadence | None:
    return parse_cadence(body.cadence)[0] if body.cadence else None


def body_chair_rule(body: Body) -> ChairRule | None:
    return chair_rule(body.chair_rule)


def chair_of(body: Body, day: date, hold: list[Holding]) -> ChairTerm | None:
    rule = body_chair_rule(body)
    return chair_on(rule, hold, day) if rule else None


# ----------------------------------------------------------------- meetings


def quorum_result(session: Session, rows: list[Attendance], meeting: Meeting, body: Body, d: Directory,
                  hold: list[Holding]) -> dict | None:
    """Whether ``meeting`` was quorate, from its attendance ``rows`` (None: no attendance or no rule)."""
    if not rows or not body.quorum_rule:
        return None
    rule = parse_quorum(body.quorum_rule)[0]
    if rule is None:
        return None
    members = {i.person.name: i for i in invitees_on(session, body, meeting.date, d, hold)}
    facts = []
    for row in rows:
        represented = row.deputy_for_id if row.status == "deputy" and row.deputy_for_id else row.person_id
        member = members.get(d.person_name(represented) or "")
        # A deputy votes as the member they stand in for; a participant observer, adviser or officer does not count.
        voting = (member.voting if member else True) and (row.capacity or "member") not in NON_VOTING_CAPACITIES
        facts.append(AttendanceFact(
            person=d.person_name(row.person_id) or "",
            organisation_represented=represented_org(d, represented, meeting.date, hold),
            status=row.status, voting=voting,
        ))
    result = check_quorum(rule, d.statutory_orgs(), facts)
    return {"met": result.met, "missing": list(result.missing)}


def quorum_of(session: Session, meeting: Meeting) -> dict | None:
    """The quorum of one meeting as the attendance recorded so far gives it (None before any)."""
    d = Directory.read(session)
    rows = list(session.exec(select(Attendance).where(Attendance.meeting_id == meeting.id)))
    return quorum_result(session, rows, meeting, d.bodies[meeting.body_id], d, holdings(session, d))


def represented_org(d: Directory, person_id: int, day: date, hold: list[Holding]) -> str | None:
    """The organisation a person represents: the one they hold a partner role for that day, else their employer."""
    name = d.person_name(person_id)
    for h in hold:
        if h.person == name and h.organisation and h.role in PER_ORGANISATION_ROLES and h.covers(day):
            return h.organisation
    person = d.people.get(person_id)
    return d.org_name(person.organisation_id) if person else None


def in_window(session: Session, query, body: str | None, start: date | None, end: date | None):
    """Narrow a query on Meeting to the meetings :func:`meeting_ids` selects: one body (by
    name) and a date window (the rule is written once, in models.feed_read)."""
    if not (body or start or end):
        return query
    # The ids are written into the SQL as numbers, not bound one parameter each: a window of
    # more meetings than the database takes parameters (PostgreSQL: 65,535) is still read.
    ids = bindparam("window_ids", meeting_ids(session, body, start, end), expanding=True, literal_execute=True)
    return query.where(Meeting.id.in_(ids))


def invitees_on(session: Session, body: Body, day: date, d: Directory, hold: list[Holding], *,
                members: list[BodyMember] | None = None,
                by_role: dict[str, list[Holding]] | None = None) -> tuple[Invitee, ...]:
    """Who is expected at a meeting of ``body`` on ``day``: members resolved from roles.

    ``members`` (the body's BodyMember rows in id order) and ``by_role``
    (``hold`` grouped by role, in order) may be given when already read.
    """
    found: dict[str, Invitee] = {}

    def add(invitee: Invitee) -> None:
        current = found.get(invitee.person.name)
        if current is None or _CAPACITY_RANK.get(invitee.capacity, 9) < _CAPACITY_RANK.get(current.capacity, 9):
            found[invitee.person.name] = invitee

    term = chair_of(body, day, hold)
    if term and term.person:
        add(Invitee(person=d.person_ref_by_name(term.person), capacity="chair", voting=True))
    if members is None:
        members = list(session.exec(select(BodyMember).where(BodyMember.body_id == body.id).order_by(BodyMember.id)))
    for m in members:
        if m.person_id is not None:
            ref = d.person_ref(m.person_id)
            if ref:
                add(Invitee(person=ref, capacity=m.capacity, voting=m.voting, role=m.role))
            continue
        org = d.org_name(m.organisation_id)
        for h in (by_role.get(m.role, ()) if by_role is not None else hold):
            if h.role == m.role and (org is None or h.organisation == org) and h.covers(day):
                add(Invitee(person=d.person_ref_by_name(h.person), capacity=m.capacity, voting=m.voting, role=m.role))
    return tuple(sorted(found.values(), key=lambda i: (_CAPACITY_RANK.get(i.capacity, 9), i.person.name)))


def action_row(action: Action, d: Directory, today: date, *, exempt: bool = False, meeting: Meeting | None = None,
                item_title: str | None = None, updates: tuple[ActionUpdateRow, ...] = ()) -> ActionRow:
    return ActionRow(
        reference=action.reference,
        body=d.bodies[action.body_id].name,
        description=action.description,
        owner=d.person_name(action.owner_id),
        due=action.due,
        status=action.status,
        overdue=is_overdue(action.status, action.due, today),
        exempt=exempt,
        meeting_date=meeting.date if meeting else None,
        item_title=item_title,
        updates=updates,
        escalated_from=d.bodies[action.escalated_from_body_id].name if action.escalated_from_body_id in d.bodies else None,
        escalated_to=d.bodies[action.escalated_to_body_id].name if action.escalated_to_body_id in d.bodies else None,
        escalated_on=action.escalated_on,
        version=action.version,
    )


def meeting_ids(session: Session, body: str | None = None, start: date | None = None, end: date | None = None) -> list[int]:
    """Ids of the meetings selected, sorted by date then body (models.feed_read's read)."""
    return select_meeting_ids(sql_reader(session), body, start, end)


# ----------------------------------------------------------------- actions


def action_rows(session: Session, body: str | None = None, status: str | None = None, overdue: bool = False,
                today: date | None = None) -> list[ActionRow]:
    """Actions sorted by due date then body; ``overdue`` keeps only overdue ones (NotFound for an
    unknown body). Read by models.action_read, the one reading of the action log."""
    today = today or date.today()
    return read_actions(sql_reader(session), ActionFilter(body=body, status=status, overdue=overdue), today)


def action_log(session: Session, body: str | None = None, status: str | None = None, today: date | None = None) -> ActionLog:
    today = today or date.today()
    title = f"Action log — {body}" if body else "Action log"
    return ActionLog(partnership=partnership_info(session), actions=tuple(action_rows(session, body, status, today=today)),
                     title=title, generated_on=today)


# ----------------------------------------------------------------- roster and chairs


def roster_for(session: Session, day: date, d: Directory | None = None, hold: list[Holding] | None = None) -> Roster:
    """Who holds which role on ``day``, with gaps and overlaps (``d``/``hold``: already read)."""
    d = d or Directory.read(session)
    return roster_on(hold if hold is not None else holdings(session, d), d.statutory_orgs(), day)
