"""Creating and changing people, organisations and appointments: one write path for each.

``save_*(session, values, record=None)`` checks the values (with the rules
in :mod:`models.checks`) and writes them inside the caller's transaction
with an audit entry; the forms call ``create_*``/``update_*``/``end_*``,
which wrap it in one transaction, and the arrangements loader calls it for
each record of a file. Values given replace the record's; fields left out
keep theirs. Problems are raised together as :class:`RecordErrors`, one
sentence per field. Updates name the ``version`` they were based on; if
someone else saved in between, :class:`models.editing.StaleEdit` is raised
and nothing is written.

Values arrive as a form has them: text (``""`` is empty), dates as ISO text
or :class:`datetime.date`. People, organisations and bodies are named.
Bodies are saved by :mod:`models.bodies`; the screens read through
:mod:`models.roster_views`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from models.bodies import MemberInput, member_line, parse_member_line, save_body, update_body
from models.checks import check_email, check_partner_role, sentence
from models.db import session_scope
from models.editing import StaleEdit, apply_changes
from models.queries import Directory
from models.record_base import RecordErrors, create_record, date_of, line_of, load_record, name_of, named, text_of
from models.roster_views import (
    AppointmentRow,
    BodyDetail,
    BodyNode,
    MemberRow,
    OrganisationRow,
    PersonRow,
    RosterTables,
    TimelineRow,
    body_detail,
    body_nodes,
    chair_timeline,
    organisation_names,
    people_names,
    roster_tables,
)
from models.rules.roster import appointment_overlaps
from models.rules.rotation import Holding
from models.rules.vocab import (
    ORG_KINDS,
    PER_ORGANISATION_ROLES,
    ROLES,
    SINGLE_HOLDER_ROLES,
    VocabError,
    parse_choice,
)
from models.tables import Appointment, Organisation, Person

__all__ = [
    "RecordErrors", "StaleEdit", "MemberInput",
    "create_person", "update_person", "save_person", "create_organisation", "update_organisation",
    "save_organisation", "create_appointment", "update_appointment", "save_appointment", "end_appointment",
    "update_body", "save_body", "parse_member_line", "member_line",
    # read models for the screens, kept importable from here
    "AppointmentRow", "BodyDetail", "BodyNode", "MemberRow", "OrganisationRow", "PersonRow", "RosterTables",
    "TimelineRow", "body_detail", "body_nodes", "chair_timeline", "organisation_names", "people_names",
    "roster_tables",
]

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"


def _save(session: Session, record: Any, model: type, clean: dict[str, Any], summary: str,
          expected_version: int | None) -> tuple[Any, str]:
    if record is None:
        return create_record(session, model(**clean), summary, clean), CREATED
    changed = apply_changes(session, record, clean, expected_version=expected_version)
    return record, UPDATED if changed else UNCHANGED


# ----------------------------------------------------------------- people


def _person_current(session: Session, person: Person | None) -> dict[str, Any]:
    if person is None:
        return {}
    org = session.get(Organisation, person.organisation_id) if person.organisation_id else None
    return {"name": person.name, "title": person.title, "organisation": org.name if org else None,
            "email": person.email, "phone": person.phone}


def save_person(session: Session, values: Mapping[str, Any], person: Person | None = None, *,
                expected_version: int | None = None) -> tuple[Person, str]:
    """Check and write a person (name, title, organisation, email, phone); returns it and the outcome."""
    merged = {**_person_current(session, person), **values}
    errors: dict[str, str] = {}
    name = name_of(session, Person, merged, person.id if person else None, "person", errors)
    email = text_of(merged.get("email"))
    trouble = check_email(email) if email is not None else None
    if trouble:
        errors["email"] = sentence(trouble)
    org_name = text_of(merged.get("organisation"))
    org = named(session, Organisation, org_name)
    if org_name is not None and org is None:
        errors["organisation"] = f'There is no organisation named "{org_name}".'
    clean = {"name": name, "title": line_of(merged, "title", errors), "organisation_id": org.id if org else None,
             "email": email, "phone": line_of(merged, "phone", errors)}
    if errors:
        raise RecordErrors(errors)
    return _save(session, person, Person, clean, f'Added person "{name}"', expected_version)


def create_person(engine: Engine, **values: Any) -> int:
    """Add a person (name, title, organisation, email, phone); returns the new id."""
    with session_scope(engine) as session:
        return save_person(session, values)[0].id  # type: ignore[return-value]


def update_person(engine: Engine, person_id: int, expected_version: int, **values: Any) -> bool:
    """Change the given fields of a person; True if anything changed."""
    with session_scope(engine) as session:
        person = load_record(session, Person, person_id)
        return save_person(session, values, person, expected_version=expected_version)[1] == UPDATED


# ----------------------------------------------------------------- organisations

_ORG_FIELDS = ("name", "short_name", "kind", "statutory", "category")


def save_organisation(session: Session, values: Mapping[str, Any], org: Organisation | None = None, *,
                      expected_version: int | None = None) -> tuple[Organisation, str]:
    """Check and write an organisation (name, short_name, kind, statutory, category)."""
    current = {k: getattr(org, k) for k in _ORG_FIELDS} if org is not None else {}
    merged = {**current, **values}
    errors: dict[str, str] = {}
    name = name_of(session, Organisation, merged, org.id if org else None, "organisation", errors)
    kind = text_of(merged.get("kind")) or "relevant_agency"
    try:
        kind = parse_choice(kind, ORG_KINDS, "kind of organisation")
    except VocabError as err:
        errors["kind"] = sentence(str(err))
    clean = {"name": name, "short_name": line_of(merged, "short_name", errors), "kind": kind,
             "statutory": bool(merged.get("statutory", False)), "category": line_of(merged, "category", errors)}
    if org is not None and org.statutory and not clean["statutory"]:
        partners = session.exec(select(Appointment).where(Appointment.organisation_id == org.id,
                                                          Appointment.role.in_(PER_ORGANISATION_ROLES))).first()
        if partners is not None:
            errors["statutory"] = (f'"{org.name}" has safeguarding partners appointed for it, '
                                   "so it stays a statutory partner; end or move those appointments first.")
    if errors:
        raise RecordErrors(errors)
    return _save(session, org, Organisation, clean, f'Added organisation "{name}"', expected_version)


def create_organisation(engine: Engine, **values: Any) -> int:
    """Add an organisation (name, short_name, kind, statutory, category); returns the new id."""
    with session_scope(engine) as session:
        return save_organisation(session, values)[0].id  # type: ignore[return-value]


def update_organisation(engine: Engine, organisation_id: int, expected_version: int, **values: Any) -> bool:
    """Change the given fields of an organisation; True if anything changed."""
    with session_scope(engine) as session:
        org = load_record(session, Organisation, organisation_id)
        return save_organisation(session, values, org, expected_version=expected_version)[1] == UPDATED


# ----------------------------------------------------------------- appointments


def _appointment_values(session: Session, values: Mapping[str, Any], own_id: int | None,
                        prefix: str = "", ends: Mapping[int, date] | None = None) -> dict[str, Any]:
    """Checked appointment values; error keys carry ``prefix`` (e.g. "successor_")."""
    errors: dict[str, str] = {}
    person_name = text_of(values.get("person"))
    person = named(session, Person, person_name)
    if person_name is None:
        errors["person"] = "Choose who holds the role."
    elif person is None:
        errors["person"] = f'There is no person named "{person_name}".'
    role = text_of(values.get("role"))
    if role is None:
        errors["role"] = "Choose the role."
    else:
        try:
            role = parse_choice(role, ROLES, "role")
        except VocabError as err:
            errors["role"] = sentence(str(err))
    org_name = text_of(values.get("organisation"))
    org = named(session, Organisation, org_name)
    if org_name is not None and org is None:
        errors["organisation"] = f'There is no organisation named "{org_name}".'
    elif "role" not in errors:
        trouble = check_partner_role(role, org_name, bool(org and org.statutory))
        if trouble:
            errors["organisation"] = sentence(trouble)
    start = date_of(values.get("start"), "start", errors, required=True)
    end = date_of(values.get("end"), "end", errors)
    if start and end and end < start:
        errors["end"] = f"The appointment ends ({end.isoformat()}) before it starts ({start.isoformat()})."
    notes = line_of(values, "notes", errors, long=True)
    if not errors:
        new = Holding(person_name or "", role or "", org_name, start, end)  # type: ignore[arg-type]
        clash = _clash(session, new, own_id, ends or {})
        if clash:
            errors["start"] = clash
    if errors:
        raise RecordErrors({f"{prefix}{k}": v for k, v in errors.items()})
    return {"person_id": person.id, "role": role, "organisation_id": org.id if org else None,
            "start": start, "end": end, "notes": notes}


def _clash(session: Session, new: Holding, skip: int | None, ends: Mapping[int, date]) -> str | None:
    """The sentence for the first saved appointment ``new`` would overlap, if any.

    ``skip`` is the appointment being edited; ``ends`` gives new end dates
    for appointments being ended in the same save.
    """
    if new.role not in SINGLE_HOLDER_ROLES:
        return None  # several people may hold it at once
    d = Directory.read(session)
    saved = [
        Holding(person=d.person_name(a.person_id) or "", role=a.role, organisation=d.org_name(a.organisation_id),
                start=a.start, end=ends.get(a.id, a.end))  # type: ignore[arg-type]
        for a in session.exec(select(Appointment).order_by(Appointment.start, Appointment.id)) if a.id != skip
    ]
    clashes = [c for c in appointment_overlaps([*saved, new]) if c.new is new]
    return sentence(clashes[0].message) if clashes else None


def _appointment_summary(session: Session, clean: Mapping[str, Any]) -> str:
    person = session.get(Person, clean["person_id"])
    org = session.get(Organisation, clean["organisation_id"]) if clean["organisation_id"] else None
    where = f" for {org.name}" if org else ""
    return f'Appointed "{person.name if person else "?"}" as {clean["role"]}{where} from {clean["start"].isoformat()}'


def _appointment_current(session: Session, appointment: Appointment | None) -> dict[str, Any]:
    if appointment is None:
        return {}
    person = session.get(Person, appointment.person_id)
    org = session.get(Organisation, appointment.organisation_id) if appointment.organisation_id else None
    return {"person": person.name if person else None, "role": appointment.role,
            "organisation": org.name if org else None, "start": appointment.start,
            "end": appointment.end, "notes": appointment.notes}


def save_appointment(session: Session, values: Mapping[str, Any], appointment: Appointment | None = None, *,
                     expected_version: int | None = None) -> tuple[Appointment, str]:
    """Check and write an appointment (person, role, organisation, start, end, notes)."""
    merged = {**_appointment_current(session, appointment), **values}
    clean = _appointment_values(session, merged, appointment.id if appointment else None)
    return _save(session, appointment, Appointment, clean, _appointment_summary(session, clean), expected_version)


def find_appointment(session: Session, person: str, role: str, organisation: str | None, start: date) -> Appointment | None:
    """The appointment of ``person`` to ``role`` (for ``organisation``) from ``start``, if recorded."""
    p = named(session, Person, person)
    o = named(session, Organisation, organisation)
    if p is None or (organisation is not None and o is None):
        return None
    return session.exec(select(Appointment).where(
        Appointment.person_id == p.id, Appointment.role == role, Appointment.start == start,
        Appointment.organisation_id == (o.id if o else None))).first()


def create_appointment(engine: Engine, **values: Any) -> int:
    """Appoint a person (person, role, organisation, start, end, notes); returns the new id."""
    with session_scope(engine) as session:
        return save_appointment(session, values)[0].id  # type: ignore[return-value]


def update_appointment(engine: Engine, appointment_id: int, expected_version: int, **values: Any) -> bool:
    """Change the given fields of an appointment; True if anything changed."""
    with session_scope(engine) as session:
        appointment = load_record(session, Appointment, appointment_id)
        return save_appointment(session, values, appointment, expected_version=expected_version)[1] == UPDATED


def end_appointment(engine: Engine, appointment_id: int, expected_version: int, end: object,
                    successor: object = None, successor_start: object = None) -> int | None:
    """End an appointment on ``end`` (inclusive) and optionally appoint ``successor`` to the same role.

    The successor starts on ``successor_start``, by default the day after
    ``end``. Both happen in one transaction; returns the successor's
    appointment id, or None.
    """
    with session_scope(engine) as session:
        appointment = load_record(session, Appointment, appointment_id)
        errors: dict[str, str] = {}
        last = date_of(end, "end", errors, required=True)
        if last is not None and last < appointment.start:
            errors["end"] = (f"The appointment ends ({last.isoformat()}) before it starts "
                             f"({appointment.start.isoformat()}).")
        successor_name = text_of(successor)
        clean = None
        if successor_name is not None and last is not None and "end" not in errors:
            first = date_of(successor_start, "successor_start", errors) or last + timedelta(days=1)
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
        return create_record(session, Appointment(**clean), _appointment_summary(session, clean), clean).id  # type: ignore[return-value]
