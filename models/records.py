"""Creating and changing the partnership's records from the screens' forms.

Every ``create_*``/``update_*``/``end_*`` function checks the values it is
given, then writes them in one transaction (:func:`models.db.session_scope`)
with an audit entry. Problems are raised together as :class:`RecordErrors`,
one sentence per field, so a form can show each next to its field. Updates
name the ``version`` they were based on; if someone else saved in between,
:class:`models.editing.StaleEdit` is raised and nothing is written.

Values arrive as a form has them: text (``""`` is empty), dates as ISO text
or :class:`datetime.date`. People, organisations and bodies are named.

The ``*_rows``/``body_*`` readers at the end give the screens plain values.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from dateutil.relativedelta import relativedelta
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel, select

from models.arrangements import looks_like_email
from models.audit import plain, record_change
from models.db import session_scope
from models.editing import StaleEdit, apply_changes
from models.queries import Directory, body_cadence, body_chair_rule, holdings
from models.rules.cadence import cadence_to_dict, describe_cadence, parse_cadence
from models.rules.quorum import parse_quorum
from models.rules.roster import appointment_overlaps
from models.rules.rotation import ChairTerm, Holding, chair_on, chair_rule_to_dict, chair_terms, parse_chair
from models.rules.vocab import (
    CAPACITIES,
    ORG_KINDS,
    PER_ORGANISATION_ROLES,
    ROLES,
    VocabError,
    parse_choice,
    parse_date,
)
from models.tables import (
    Appointment,
    Body,
    BodyMember,
    ForwardPlanItem,
    Meeting,
    Organisation,
    Person,
    StandingItem,
    utcnow,
)

__all__ = [
    "RecordErrors", "StaleEdit", "MemberInput",
    "create_person", "update_person", "create_organisation", "update_organisation",
    "create_appointment", "update_appointment", "end_appointment", "update_body",
    "parse_member_line", "member_line",
]


class RecordErrors(ValueError):
    """A save refused because of the values given; ``errors`` maps field to one sentence."""

    def __init__(self, errors: Mapping[str, str]):
        self.errors = dict(errors)
        super().__init__(next(iter(self.errors.values()), "The values given cannot be saved."))


def _text(value: object) -> str | None:
    """Stripped text, or None for empty."""
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _date(value: object, name: str, errors: dict[str, str], *, required: bool = False) -> date | None:
    if isinstance(value, date):
        return value
    text = _text(value)
    if text is None:
        if required:
            errors[name] = f"Give the {name} date as YYYY-MM-DD."
        return None
    try:
        return parse_date(text)
    except VocabError as err:
        errors[name] = f"{str(err)[0].upper()}{str(err)[1:]}."
        return None


def _sentence(text: str) -> str:
    text = text.strip()
    text = text[0].upper() + text[1:] if text else text
    return text if text.endswith((".", "?", "!")) else text + "."


def _named(session: Session, model: type[SQLModel], name: str | None) -> Any:
    if name is None:
        return None
    return session.exec(select(model).where(model.name == name)).first()  # type: ignore[attr-defined]


def _name_taken(session: Session, model: type[SQLModel], name: str, own_id: int | None) -> bool:
    found = _named(session, model, name)
    return found is not None and found.id != own_id


def _load(session: Session, model: type[SQLModel], record_id: int) -> Any:
    record = session.get(model, record_id)
    if record is None:
        raise StaleEdit(f"This {model.__name__.lower()} was deleted by someone else while you were editing.")
    return record


def _created(session: Session, record: SQLModel, summary: str, values: dict[str, Any]) -> int:
    session.add(record)
    session.flush()
    record_change(session, "create", type(record).__tablename__, record.id, summary,  # type: ignore[attr-defined]
                  {k: plain(v) for k, v in values.items()})
    return record.id  # type: ignore[attr-defined, return-value]



# ----------------------------------------------------------------- people


def _person_values(session: Session, values: Mapping[str, Any], own_id: int | None) -> dict[str, Any]:
    errors: dict[str, str] = {}
    name = _text(values.get("name"))
    if name is None:
        errors["name"] = "Give the person's name."
    elif _name_taken(session, Person, name, own_id):
        errors["name"] = f'There is already a person named "{name}".'
    email = _text(values.get("email"))
    if email is not None and not looks_like_email(email):
        errors["email"] = f'"{email}" is not an e-mail address.'
    org_name = _text(values.get("organisation"))
    org = _named(session, Organisation, org_name)
    if org_name is not None and org is None:
        errors["organisation"] = f'There is no organisation named "{org_name}".'
    if errors:
        raise RecordErrors(errors)
    return {"name": name, "title": _text(values.get("title")), "organisation_id": org.id if org else None,
            "email": email, "phone": _text(values.get("phone"))}


def create_person(engine: Engine, **values: Any) -> int:
    """Add a person (name, title, organisation, email, phone); returns the new id."""
    with session_scope(engine) as session:
        clean = _person_values(session, values, None)
        return _created(session, Person(**clean), f'Added person "{clean["name"]}"', clean)


def update_person(engine: Engine, person_id: int, expected_version: int, **values: Any) -> bool:
    """Change the given fields of a person; True if anything changed."""
    with session_scope(engine) as session:
        person = _load(session, Person, person_id)
        org = session.get(Organisation, person.organisation_id) if person.organisation_id else None
        current = {"name": person.name, "title": person.title, "organisation": org.name if org else None,
                   "email": person.email, "phone": person.phone}
        clean = _person_values(session, {**current, **values}, person_id)
        return apply_changes(session, person, clean, expected_version=expected_version)


# ----------------------------------------------------------------- organisations


def _organisation_values(session: Session, values: Mapping[str, Any], own_id: int | None) -> dict[str, Any]:
    errors: dict[str, str] = {}
    name = _text(values.get("name"))
    if name is None:
        errors["name"] = "Give the organisation's name."
    elif _name_taken(session, Organisation, name, own_id):
        errors["name"] = f'There is already an organisation named "{name}".'
    kind = _text(values.get("kind")) or "relevant_agency"
    try:
        kind = parse_choice(kind, ORG_KINDS, "kind of organisation")
    except VocabError as err:
        errors["kind"] = _sentence(str(err))
    if errors:
        raise RecordErrors(errors)
    return {"name": name, "short_name": _text(values.get("short_name")), "kind": kind,
            "statutory": bool(values.get("statutory", False)), "category": _text(values.get("category"))}


def create_organisation(engine: Engine, **values: Any) -> int:
    """Add an organisation (name, short_name, kind, statutory, category); returns the new id."""
    with session_scope(engine) as session:
        clean = _organisation_values(session, values, None)
        return _created(session, Organisation(**clean), f'Added organisation "{clean["name"]}"', clean)


def update_organisation(engine: Engine, organisation_id: int, expected_version: int, **values: Any) -> bool:
    """Change the given fields of an organisation; True if anything changed."""
    with session_scope(engine) as session:
        org = _load(session, Organisation, organisation_id)
        current = {k: getattr(org, k) for k in ("name", "short_name", "kind", "statutory", "category")}
        clean = _organisation_values(session, {**current, **values}, organisation_id)
        return apply_changes(session, org, clean, expected_version=expected_version)


# ----------------------------------------------------------------- appointments


def _appointment_values(session: Session, values: Mapping[str, Any], own_id: int | None,
                        prefix: str = "", ends: Mapping[int, date] | None = None) -> dict[str, Any]:
    """Checked appointment values; error keys carry ``prefix`` (e.g. "successor_")."""
    errors: dict[str, str] = {}
    person_name = _text(values.get("person"))
    person = _named(session, Person, person_name)
    if person_name is None:
        errors["person"] = "Choose who holds the role."
    elif person is None:
        errors["person"] = f'There is no person named "{person_name}".'
    role = _text(values.get("role"))
    if role is None:
        errors["role"] = "Choose the role."
    else:
        try:
            role = parse_choice(role, ROLES, "role")
        except VocabError as err:
            errors["role"] = _sentence(str(err))
    org_name = _text(values.get("organisation"))
    org = _named(session, Organisation, org_name)
    if org_name is not None and org is None:
        errors["organisation"] = f'There is no organisation named "{org_name}".'
    elif org_name is None and role in PER_ORGANISATION_ROLES:
        errors["organisation"] = "A safeguarding partner role needs the organisation it is held for."
    start = _date(values.get("start"), "start", errors, required=True)
    end = _date(values.get("end"), "end", errors)
    if start and end and end < start:
        errors["end"] = f"The appointment ends ({end.isoformat()}) before it starts ({start.isoformat()})."
    if not errors:
        new = Holding(person_name or "", role or "", org_name, start, end)  # type: ignore[arg-type]
        clash = _clash(session, new, own_id, ends or {})
        if clash:
            errors["start"] = clash
    if errors:
        raise RecordErrors({f"{prefix}{k}": v for k, v in errors.items()})
    return {"person_id": person.id, "role": role, "organisation_id": org.id if org else None,
            "start": start, "end": end, "notes": _text(values.get("notes"))}


def _clash(session: Session, new: Holding, skip: int | None, ends: Mapping[int, date]) -> str | None:
    """The sentence for the first saved appointment ``new`` would overlap, if any.

    ``skip`` is the appointment being edited; ``ends`` gives new end dates
    for appointments being ended in the same save.
    """
    d = Directory.read(session)
    saved = [
        Holding(person=d.person_name(a.person_id) or "", role=a.role, organisation=d.org_name(a.organisation_id),
                start=a.start, end=ends.get(a.id, a.end))  # type: ignore[arg-type]
        for a in session.exec(select(Appointment).order_by(Appointment.start, Appointment.id)) if a.id != skip
    ]
    clashes = [c for c in appointment_overlaps([*saved, new]) if c.new is new]
    return _sentence(clashes[0].message) if clashes else None


def _appointment_summary(session: Session, clean: Mapping[str, Any]) -> str:
    person = session.get(Person, clean["person_id"])
    org = session.get(Organisation, clean["organisation_id"]) if clean["organisation_id"] else None
    where = f" for {org.name}" if org else ""
    return f'Appointed "{person.name if person else "?"}" as {clean["role"]}{where} from {clean["start"].isoformat()}'


def create_appointment(engine: Engine, **values: Any) -> int:
    """Appoint a person (person, role, organisation, start, end, notes); returns the new id."""
    with session_scope(engine) as session:
        clean = _appointment_values(session, values, None)
        return _created(session, Appointment(**clean), _appointment_summary(session, clean), clean)


def update_appointment(engine: Engine, appointment_id: int, expected_version: int, **values: Any) -> bool:
    """Change the given fields of an appointment; True if anything changed."""
    with session_scope(engine) as session:
        appointment = _load(session, Appointment, appointment_id)
        person = session.get(Person, appointment.person_id)
        org = session.get(Organisation, appointment.organisation_id) if appointment.organisation_id else None
        current = {"person": person.name if person else None, "role": appointment.role,
                   "organisation": org.name if org else None, "start": appointment.start,
                   "end": appointment.end, "notes": appointment.notes}
        clean = _appointment_values(session, {**current, **values}, appointment_id)
        return apply_changes(session, appointment, clean, expected_version=expected_version)


def end_appointment(engine: Engine, appointment_id: int, expected_version: int, end: object,
                    successor: object = None, successor_start: object = None) -> int | None:
    """End an appointment on ``end`` (inclusive) and optionally appoint ``successor`` to the same role.

    The successor starts on ``successor_start``, by default the day after
    ``end``. Both happen in one transaction; returns the successor's
    appointment id, or None.
    """
    with session_scope(engine) as session:
        appointment = _load(session, Appointment, appointment_id)
        errors: dict[str, str] = {}
        last = _date(end, "end", errors, required=True)
        if last is not None and last < appointment.start:
            errors["end"] = (f"The appointment ends ({last.isoformat()}) before it starts "
                             f"({appointment.start.isoformat()}).")
        successor_name = _text(successor)
        clean = None
        if successor_name is not None and last is not None and "end" not in errors:
            first = _date(successor_start, "successor_start", errors) or last + timedelta(days=1)
            if first <= last:
                errors["successor_start"] = (f"The successor must start after {last.isoformat()}, "
                                             "the day the appointment ends.")
            else:
                org = session.get(Organisation, appointment.organisation_id) if appointment.organisation_id else None
                values = {"person": successor_name, "role": appointment.role,
                          "organisation": org.name if org else None, "start": first}
                try:
                    clean = _appointment_values(session, values, None, prefix="successor_",
                                                ends={appointment_id: last})
                except RecordErrors as err:
                    errors.update(err.errors)
        if errors:
            raise RecordErrors(errors)
        apply_changes(session, appointment, {"end": last}, expected_version=expected_version, operation="end")
        if clean is None:
            return None
        return _created(session, Appointment(**clean), _appointment_summary(session, clean), clean)


# ----------------------------------------------------------------- bodies


@dataclass(frozen=True)
class MemberInput:
    """One member of a body: by ``role`` (optionally for one organisation) or by ``person``."""

    person: str | None = None
    role: str | None = None
    organisation: str | None = None
    capacity: str = "member"
    voting: bool = True


_VOTING_WORDS = {"voting": True, "vote": True, "yes": True, "non-voting": False, "nonvoting": False,
                 "no vote": False, "no": False, "not voting": False}


def member_line(m: MemberInput) -> str:
    """The line a member is edited as, e.g. "education_lead | member | voting"."""
    who = m.person or (f"{m.role} @ {m.organisation}" if m.organisation else m.role) or ""
    return f"{who} | {m.capacity} | {'voting' if m.voting else 'non-voting'}"


def parse_member_line(line: str, people: Sequence[str], organisations: Sequence[str]) -> MemberInput:
    """Read "ROLE [@ ORGANISATION] | CAPACITY | voting/non-voting" or "PERSON | ...".

    Capacity and voting may be left out (member; voting unless an adviser,
    observer or officer). Raises VocabError with one sentence.
    """
    parts = [p.strip() for p in line.split("|")]
    if len(parts) > 3 or not parts[0]:
        raise VocabError(f'"{line.strip()}" should read: role or person | capacity | voting or non-voting')
    who, _, org = (s.strip() for s in parts[0].partition("@"))
    capacity = parse_choice(parts[1], CAPACITIES, "capacity") if len(parts) > 1 and parts[1] else "member"
    if len(parts) > 2 and parts[2]:
        key = parts[2].lower()
        if key not in _VOTING_WORDS:
            raise VocabError(f'"{parts[2]}" should be voting or non-voting')
        voting = _VOTING_WORDS[key]
    else:
        voting = capacity in ("member", "chair")
    if who in people:
        if org:
            raise VocabError(f'"{who}" is a person, so leave out "@ {org}"')
        return MemberInput(person=who, capacity=capacity, voting=voting)
    try:
        role = parse_choice(who, ROLES, "role")
    except VocabError:
        raise VocabError(f'"{who}" is neither a person nor a role') from None
    if org and org not in organisations:
        raise VocabError(f'There is no organisation named "{org}"')
    return MemberInput(role=role, organisation=org or None, capacity=capacity, voting=voting)


def _problem_field(prefix: str, where: str) -> str:
    base = where.split("[", 1)[0]
    return f"{prefix}.{base}" if base else prefix


def _check_cadence(raw: Mapping[str, Any] | None, errors: dict[str, str]) -> dict[str, Any] | None:
    if raw is None:
        return None
    cadence, problems = parse_cadence(dict(raw))
    for where, message in problems:
        errors.setdefault(_problem_field("cadence", where), _sentence(message))
    return cadence_to_dict(cadence) if cadence is not None else None


def _check_chair(session: Session, raw: Mapping[str, Any] | None, errors: dict[str, str]) -> dict[str, Any] | None:
    if raw is None:
        return None
    rule, problems = parse_chair(dict(raw))
    for where, message in problems:
        errors.setdefault(_problem_field("chair", where), _sentence(message))
    if rule is None:
        return None
    if rule.person is not None and _named(session, Person, rule.person) is None:
        errors["chair.person"] = f'There is no person named "{rule.person}".'
    missing = [o for o in rule.rotation if _named(session, Organisation, o) is None]
    if missing:
        errors["chair.rotation"] = f'There is no organisation named "{missing[0]}".'
    return chair_rule_to_dict(rule)


def _check_members(session: Session, lines: Sequence[str | MemberInput], errors: dict[str, str]) -> list[MemberInput]:
    people = list(session.exec(select(Person.name)))
    orgs = list(session.exec(select(Organisation.name)))
    members: list[MemberInput] = []
    for number, line in enumerate(lines, start=1):
        if isinstance(line, MemberInput):
            members.append(line)
            continue
        if not line.strip():
            continue
        try:
            members.append(parse_member_line(line, people, orgs))
        except VocabError as err:
            errors.setdefault("members", f"Line {number}: {_sentence(str(err))}")
    return members


def _member_rows(session: Session, body_id: int) -> list[BodyMember]:
    return list(session.exec(select(BodyMember).where(BodyMember.body_id == body_id).order_by(BodyMember.id)))


def _member_inputs(session: Session, body_id: int, d: Directory) -> list[MemberInput]:
    return [MemberInput(person=d.person_name(m.person_id), role=m.role, organisation=d.org_name(m.organisation_id),
                        capacity=m.capacity, voting=m.voting) for m in _member_rows(session, body_id)]


def _standing_titles(session: Session, body_id: int) -> list[str]:
    rows = session.exec(select(StandingItem).where(StandingItem.body_id == body_id).order_by(StandingItem.position))
    return [s.title for s in rows]


def update_body(engine: Engine, body_id: int, expected_version: int, *,
                cadence: Mapping[str, Any] | None, chair: Mapping[str, Any] | None,
                members: Sequence[str | MemberInput], standing_items: Sequence[str]) -> bool:
    """Replace a body's cadence, chair rule, members and standing items in one transaction.

    ``cadence``/``chair`` are tables in the arrangements vocabulary (None:
    none); ``members`` are lines for :func:`parse_member_line` or
    MemberInputs. Error keys: "cadence.<setting>", "chair.<setting>",
    "members", "standing_items". Returns True if anything changed.
    """
    with session_scope(engine) as session:
        body = _load(session, Body, body_id)
        errors: dict[str, str] = {}
        new_cadence = _check_cadence(cadence, errors)
        new_chair = _check_chair(session, chair, errors)
        new_members = _check_members(session, members, errors)
        titles = [t.strip() for t in standing_items if t.strip()]
        if len(set(titles)) != len(titles):
            twice = next(t for t in titles if titles.count(t) > 1)
            errors["standing_items"] = f'"{twice}" is listed twice.'
        if errors:
            raise RecordErrors(errors)
        d = Directory.read(session)
        old_members = _member_inputs(session, body_id, d)
        old_titles = _standing_titles(session, body_id)
        children_changed = old_members != new_members or old_titles != titles
        changed = apply_changes(session, body, {"cadence": new_cadence, "chair_rule": new_chair},
                                expected_version=expected_version)
        if children_changed and not changed:
            apply_changes(session, body, {"updated_at": utcnow()}, expected_version=expected_version)
        if old_members != new_members:
            for row in _member_rows(session, body_id):
                session.delete(row)
            session.flush()
            for m in new_members:
                session.add(BodyMember(body_id=body_id, person_id=_named(session, Person, m.person).id if m.person else None,
                                       role=m.role, organisation_id=_named(session, Organisation, m.organisation).id
                                       if m.organisation else None, capacity=m.capacity, voting=m.voting))
            record_change(session, "update", "bodymember", body_id, f'Changed the members of body "{body.name}"',
                          {"members": [[member_line(m) for m in old_members], [member_line(m) for m in new_members]]})
        if old_titles != titles:
            for row in session.exec(select(StandingItem).where(StandingItem.body_id == body_id)):
                session.delete(row)
            session.flush()
            for position, title in enumerate(titles, start=1):
                session.add(StandingItem(body_id=body_id, position=position, title=title))
            record_change(session, "update", "standingitem", body_id, f'Changed the standing items of body "{body.name}"',
                          {"standing_items": [old_titles, titles]})
        return changed or children_changed


# ----------------------------------------------------------------- reading for the screens


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
    body = _load(session, Body, body_id)
    d = Directory.read(session)
    hold = holdings(session, d)
    members = []
    inputs = _member_inputs(session, body_id, d)
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
            date(2000, item.month, 1).strftime("%B") if item.month else "")
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
        standing_items=_standing_titles(session, body_id), forward_plan=plan, timeline=timeline,
    )


def people_names(session: Session) -> list[str]:
    return sorted(session.exec(select(Person.name)))


def organisation_names(session: Session) -> list[str]:
    return sorted(session.exec(select(Organisation.name)))
